"""add-statement and remove-statement, on one repository or many."""

from __future__ import annotations

import click

from ecr_tui.cli.bulk import edit_repositories
from ecr_tui.cli.context import CliContext, pass_cli
from ecr_tui.cli.exits import CliFailure
from ecr_tui.cli.options import YES
from ecr_tui.cli.parsing import statement_input
from ecr_tui.policy.builder import build_statement
from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.edits import AddStatement, DeleteStatement, Edit

MATCH = click.option(
    "--match", help="Also every repository whose name matches this glob (e.g. 'payments/*')."
)


def _has_sid(statement: object, sid: str) -> bool:
    return isinstance(statement, dict) and statement.get("Sid") == sid


@click.command("add-statement")
@click.argument("repositories", nargs=-1)
@MATCH
@click.option("--sid", required=True, help="Statement id: letters and digits, unique.")
@click.option("--effect", type=click.Choice(["Allow", "Deny"]), default="Allow", show_default=True)
@click.option(
    "--principal",
    "-p",
    "principals",
    multiple=True,
    required=True,
    help="*, an account id, an IAM ARN, or a service such as lambda.amazonaws.com (repeatable).",
)
@click.option("--actions", "-a", required=True, help="pull, push-pull, all, or ACTION[,ACTION...]")
@click.option(
    "--condition", "-c", "conditions", multiple=True, help="OPERATOR:KEY=VALUE (repeatable)."
)
@YES
@pass_cli
def add_statement(
    cli: CliContext,
    repositories: tuple[str, ...],
    match: str | None,
    sid: str,
    effect: str,
    principals: tuple[str, ...],
    actions: str,
    conditions: tuple[str, ...],
    assume_yes: bool,
) -> None:
    """Add a statement to the policy of each of REPOSITORIES."""
    cli.refuse_if_read_only()
    statement = build_statement(statement_input(sid, effect, principals, actions, conditions))

    def add(baseline: PolicyDocument) -> tuple[list[Edit], set[int]]:
        if any(_has_sid(s, sid) for s in baseline.statements):
            raise CliFailure(f"the policy already has a statement with Sid {sid!r}")
        return [AddStatement(statement)], {len(baseline.statements)}

    edit_repositories(cli, repositories, match, add, assume_yes=assume_yes)


@click.command("remove-statement")
@click.argument("repositories", nargs=-1)
@MATCH
@click.option("--sid", required=True, help="The Sid of the statement to remove.")
@YES
@pass_cli
def remove_statement(
    cli: CliContext, repositories: tuple[str, ...], match: str | None, sid: str, assume_yes: bool
) -> None:
    """Remove the statement with SID from the policy of each of REPOSITORIES."""
    cli.refuse_if_read_only()

    def remove(baseline: PolicyDocument) -> tuple[list[Edit], set[int]]:
        matches = [(i, s) for i, s in enumerate(baseline.statements) if _has_sid(s, sid)]
        if not matches:
            raise CliFailure(f"the policy has no statement with Sid {sid!r}")
        if len(matches) > 1:
            raise CliFailure(
                f"{len(matches)} statements have Sid {sid!r}; edit the document with `apply`"
            )
        index, statement = matches[0]
        return [DeleteStatement(statement, index)], set()

    edit_repositories(cli, repositories, match, remove, assume_yes=assume_yes)
