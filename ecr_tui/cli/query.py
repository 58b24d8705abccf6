"""`--query JMESPATH`: one option and one printer for every command that prints JSON."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click
import jmespath
from jmespath.exceptions import JMESPathError, JMESPathTypeError
from jmespath.parser import ParsedResult

from ecr_tui.aws.models import LivePolicy
from ecr_tui.cli.exits import CliFailure
from ecr_tui.policy.document import PolicyDocument, to_json
from ecr_tui.policy.safe_text import json_visible, visible

F = TypeVar("F", bound=Callable[..., Any])


def _compile(ctx: click.Context, param: click.Parameter, text: str | None) -> ParsedResult | None:
    if text is None:
        return None
    try:
        return jmespath.compile(text)
    except JMESPathError as error:
        raise CliFailure(
            f"--query {text!r} is not a JMESPath expression: {_detail(error)}"
        ) from None


def query_option(example: str) -> Callable[[F], F]:
    """Adds `--query`, compiled when the command line is read, so a bad one stops it at once."""
    return click.option(
        "--query",
        "query",
        metavar="JMESPATH",
        callback=_compile,
        expose_value=True,
        help="Print only what this JMESPath expression selects from the JSON output, as the "
        f"AWS CLI does (for example {example}).",
    )


def refuse_query_without_json(query: ParsedResult | None, output: str) -> None:
    if query is not None and output != "json":
        raise CliFailure(f"--query selects from JSON output; add --output json (not {output})")


def print_json(data: Any, query: ParsedResult | None) -> None:
    """`data` as indented JSON, after `query` selected from it (null when nothing matched)."""
    selected = data if query is None else _search(query, data)
    click.echo(json_visible(to_json(selected)))


def _search(query: ParsedResult, data: Any) -> Any:
    try:
        return query.search(data)
    except JMESPathError as error:
        raise CliFailure(
            f"--query {query.expression!r} cannot be applied: {_detail(error)}"
        ) from None


def _detail(error: JMESPathError) -> str:
    """jmespath's message without the expression repeated, or the value it was given."""
    if isinstance(error, JMESPathTypeError):
        expected = " or ".join(error.expected_types)
        return f"{error.function_name}() expects {expected}, not {error.actual_type}"
    text = " ".join(str(error).split())
    for repeat in (", for expression:", " for expression:", "Expression:"):
        text = text.split(repeat)[0]
    return text.strip().rstrip(":,")


def print_policy_json(live: LivePolicy, query: ParsedResult | None) -> None:
    """A stored policy as JSON: exactly as stored when its text cannot be parsed without loss."""
    document = live.document or PolicyDocument.empty()
    if not document.editable and live.text is not None:
        duplicate = visible(document.duplicate_keys[0])
        printed = "the last of each is queried" if query else "printed as stored"
        click.echo(f"ecr-tui: warning: {duplicate}; {printed}", err=True)
        if query is None:
            click.echo(json_visible(live.text))
            return
    print_json(document.data, query)
