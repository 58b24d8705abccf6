"""The write path of every subcommand: check, show the diff, ask, save, map the outcome."""

from __future__ import annotations

import sys
from collections.abc import Collection, Sequence
from dataclasses import replace

import click

from ecr_tui.aws.errors import AwsError
from ecr_tui.aws.models import LivePolicy
from ecr_tui.aws.save import SaveOutcome, SaveRequest, SaveResult, save_policy
from ecr_tui.cli.context import CliContext
from ecr_tui.cli.exits import CliFailure, Exit
from ecr_tui.policy.audit import Severity as AuditSeverity
from ecr_tui.policy.audit import new_findings
from ecr_tui.policy.diff import unified_diff
from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.edits import Edit
from ecr_tui.policy.safe_text import json_visible, visible
from ecr_tui.policy.validate import Severity, validate_document


def read_live(cli: CliContext, repository: str) -> LivePolicy:
    try:
        return cli.backend().get_policy(repository)
    except AwsError as error:
        code = Exit.BAD_INPUT if error.code == "ParamValidation" else Exit.AWS_ERROR
        raise CliFailure(error.message, code) from None


def check_document(
    document: PolicyDocument, *, created: Collection[int], baseline: PolicyDocument | None
) -> None:
    """Print warnings; stop with exit 2 on the first errors."""
    problems = validate_document(document, created=created, baseline=baseline)
    for problem in problems:
        if problem.severity is Severity.WARNING:
            click.echo(visible(f"ecr-tui: warning: {problem.where}: {problem.message}"), err=True)
    failures = [p for p in problems if p.severity is Severity.ERROR]
    for problem in failures[:-1]:
        click.echo(visible(f"ecr-tui: {problem.where}: {problem.message}"), err=True)
    if failures:
        last = failures[-1]
        raise CliFailure(f"{last.where}: {last.message} (nothing was written)")


def write_policy(
    cli: CliContext,
    live: LivePolicy,
    document: PolicyDocument,
    *,
    edits: Sequence[Edit] = (),
    created: Collection[int] = (),
    assume_yes: bool,
) -> None:
    """The whole write: validate, diff, confirm, the safe save, and the exit code."""
    cli.refuse_if_read_only()
    check_document(document, created=created, baseline=live.document)
    for finding in new_findings(live.document, document):
        if finding.severity.rank >= AuditSeverity.HIGH.rank:
            click.echo(
                visible(
                    f"ecr-tui: warning: new {finding.severity.value}: {finding.statement_label}: "
                    f"{finding.message}"
                ),
                err=True,
            )
    diff = unified_diff(live.document, document if document.statements else None)
    if not diff:
        click.echo(f"The policy of {live.repository!r} already says this; nothing to write.")
        return
    _confirm(diff, live.repository, assume_yes)
    request = SaveRequest(live.repository, live.document, document, edits, created)
    result = save_policy(cli.backend(), request, cli.backups())
    if result.outcome is SaveOutcome.NEEDS_CONFIRMATION:
        click.echo(visible(f"ecr-tui: warning: {result.message}"), err=True)
        if not _interactive() or not click.confirm("Save it anyway?", default=False, err=True):
            raise CliFailure("not saved: the lock-out warning was not confirmed")
        result = save_policy(cli.backend(), replace(request, force=True), cli.backups())
    _finish(result)


def _interactive() -> bool:
    return sys.stdin.isatty()


def _confirm(diff: str, repository: str, assume_yes: bool) -> None:
    if not assume_yes and _interactive():
        for line in (visible(json_visible(text)) for text in diff.splitlines()):
            colour = "green" if line.startswith("+") else "red" if line.startswith("-") else None
            click.secho(line, fg=colour, err=True)
    confirm_or_stop(f"Write this policy to {repository!r}?", assume_yes)


def confirm_or_stop(question: str, assume_yes: bool) -> None:
    """Ask on a terminal; without one, writing needs --yes."""
    if assume_yes:
        return
    if not _interactive():
        raise CliFailure("not a terminal: pass --yes to write without asking (nothing was written)")
    if not click.confirm(question, default=False, err=True):
        raise CliFailure("nothing was written")


def _finish(result: SaveResult) -> None:
    for warning in result.warnings:
        click.echo(visible(f"ecr-tui: warning: {warning}"), err=True)
    match result.outcome:
        case SaveOutcome.SAVED | SaveOutcome.DELETED | SaveOutcome.UNCHANGED:
            click.echo(visible(result.message))
        case SaveOutcome.INVALID:
            for problem in result.problems:
                click.echo(visible(f"ecr-tui: {problem}"), err=True)
            raise CliFailure(result.message)
        case SaveOutcome.CONFLICT:
            if result.conflict_diff:
                click.echo(visible(json_visible(result.conflict_diff), keep_lines=True), err=True)
            raise CliFailure(result.message + " Run the command again.", Exit.CONFLICT)
        case SaveOutcome.NEEDS_CONFIRMATION:
            raise CliFailure(result.message)
        case SaveOutcome.FAILED:
            raise CliFailure(result.message, Exit.AWS_ERROR)
