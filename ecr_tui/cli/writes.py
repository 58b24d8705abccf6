"""The write path of every subcommand: check, show the diff, ask, save, map the outcome."""

from __future__ import annotations

import signal
import sys
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from types import FrameType
from typing import NoReturn

import click

from ecr_tui.aws.errors import AwsError
from ecr_tui.aws.models import LivePolicy
from ecr_tui.aws.policy_target import PolicyTarget, RepositoryTarget
from ecr_tui.cli.context import CliContext
from ecr_tui.cli.exits import CliFailure, Exit
from ecr_tui.cli.parsing import check_repository_name
from ecr_tui.policy.audit import Severity as AuditSeverity
from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.edits import Edit
from ecr_tui.policy.safe_text import json_visible, visible
from ecr_tui.policy.validate import Problem, Severity
from ecr_tui.policy.write_check import missing_edits
from ecr_tui.service.preview import preview
from ecr_tui.service.saving import SaveOutcome, SaveProgress, SaveRequest, SaveResult, save_policy


def read_live(cli: CliContext, repository: str) -> LivePolicy:
    """The live policy; the command's deadline starts with this first call to AWS."""
    check_repository_name(repository)
    backend = cli.backend()
    if backend.deadline is None:
        backend.start_deadline()
    try:
        return backend.get_policy(repository)
    except AwsError as error:
        code = Exit.BAD_INPUT if error.code == "ParamValidation" else Exit.AWS_ERROR
        raise CliFailure(error.message, code) from None


SHOWN_PER_KIND = 20
"""At most this many errors, and as many warnings, are printed; the rest are counted."""


def report_problems(problems: Sequence[Problem]) -> None:
    """Print the errors (the blocking one first), then the warnings, each kind capped;
    stop with exit 2 when there is an error."""
    failures = [p for p in problems if p.severity is Severity.ERROR]
    warnings = [
        visible(f"ecr-tui: warning: {p.where}: {p.message}") for p in problems if p not in failures
    ]
    if not failures:
        _echo_capped(warnings, "warnings")
        return
    first = failures[0]
    if len(failures) == 1 and not warnings:
        raise CliFailure(f"{first.where}: {first.message} (nothing was written)")
    click.echo(visible(f"ecr-tui: {first.where}: {first.message}"), err=True)
    _echo_capped([visible(f"ecr-tui: {p.where}: {p.message}") for p in failures[1:]], "errors")
    _echo_capped(warnings, "warnings")
    raise CliFailure(
        f"nothing was written: {_counted(len(failures), 'error')} "
        f"and {_counted(len(warnings), 'warning')}"
    )


def _counted(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _echo_capped(lines: list[str], kind: str) -> None:
    for line in lines[:SHOWN_PER_KIND]:
        click.echo(line, err=True)
    if len(lines) > SHOWN_PER_KIND:
        click.echo(f"ecr-tui: ... and {len(lines) - SHOWN_PER_KIND:,} more {kind}", err=True)


def write_policy(
    cli: CliContext,
    live: LivePolicy,
    document: PolicyDocument,
    *,
    edits: Sequence[Edit] = (),
    created: Collection[int] = (),
    assume_yes: bool,
    target: PolicyTarget | None = None,
) -> None:
    """The whole write: validate, diff, confirm, the safe save, and the exit code."""
    target = target or RepositoryTarget(live.repository)
    request = SaveRequest(
        live.repository, live.document, document, edits, created, rebase=bool(edits)
    )
    try:
        shown = preview(cli.backend(), request, target=target)
    except AwsError as error:
        raise CliFailure(error.message, Exit.AWS_ERROR) from None
    report_problems(shown.problems)
    for finding in shown.findings:
        if finding.severity.rank >= AuditSeverity.MEDIUM.rank:
            click.echo(
                visible(
                    f"ecr-tui: warning: new {finding.severity.value}: {finding.statement_label}: "
                    f"{finding.message}"
                ),
                err=True,
            )
    if shown.unchanged:
        click.echo(
            f"{target.title[0].upper()}{target.title[1:]} already says this; nothing to write."
        )
        return
    _confirm(shown.diff, target.destination, assume_yes)
    result = _save(cli, request, target)
    if result.outcome is SaveOutcome.NEEDS_CONFIRMATION:
        click.echo(visible(f"ecr-tui: warning: {result.message}"), err=True)
        if not _interactive() or not click.confirm("Save it anyway?", default=False, err=True):
            raise CliFailure("not saved: the lock-out warning was not confirmed")
        result = _save(cli, replace(request, force=True), target)
    _finish(result)


class Terminated(KeyboardInterrupt):
    """SIGTERM, told apart from Ctrl+C only in words."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """While a write runs, SIGTERM stops it the way Ctrl+C does, so it is reported."""
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _save(cli: CliContext, request: SaveRequest, target: PolicyTarget) -> SaveResult:
    progress = SaveProgress()
    try:
        with _sigterm_interrupts():
            return save_policy(
                cli.backend(), request, cli.backups(), progress=progress, target=target
            )
    except KeyboardInterrupt as interrupt:
        _report_interrupted(cli, target, progress, interrupt)


def _report_interrupted(
    cli: CliContext, target: PolicyTarget, progress: SaveProgress, interrupt: KeyboardInterrupt
) -> NoReturn:
    """After an interrupt, say what the live policy holds, read once within a few seconds."""
    what = "terminated" if isinstance(interrupt, Terminated) else "interrupted"
    if not progress.write_sent:
        raise CliFailure(f"{what}; nothing was written")
    backup = progress.backup
    restore = f"`{target.restore_command} --backup {backup.id}`" if backup else "restore"
    try:
        live = target.read(cli.backend().bounded())
    except (AwsError, KeyboardInterrupt) as error:
        reason = error.message if isinstance(error, AwsError) else "interrupted again"
        raise CliFailure(
            f"{what} after the write was sent, and the policy could not be read ({reason}); "
            f"the write may have landed: check with `{target.show_command}`; {restore} "
            "puts back the policy as it was",
            Exit.AWS_ERROR,
        ) from None
    if missing_edits(progress.edits, live.document):
        raise CliFailure(
            f"{what}: the live {target.title.removeprefix('the ')} does not have the change; "
            "nothing was written"
        )
    click.echo(
        f"ecr-tui: {what}, but the write had landed: the live "
        f"{target.title.removeprefix('the ')} has the change ({restore} undoes it)",
        err=True,
    )
    sys.exit(Exit.DONE)


def _interactive() -> bool:
    return sys.stdin.isatty()


def _confirm(diff: str, destination: str, assume_yes: bool) -> None:
    if not assume_yes and _interactive():
        for line in (visible(json_visible(text)) for text in diff.splitlines()):
            colour = "green" if line.startswith("+") else "red" if line.startswith("-") else None
            click.secho(line, fg=colour, err=True)
    confirm_or_stop(f"Write this policy to {destination}?", assume_yes)


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
    for note in result.notes:
        click.echo(visible(f"ecr-tui: note: {note}"), err=True)
    match result.outcome:
        case SaveOutcome.SAVED | SaveOutcome.DELETED | SaveOutcome.UNCHANGED:
            click.echo(visible(result.message))
        case SaveOutcome.INVALID:
            for problem in result.problems:
                click.echo(visible(f"ecr-tui: {problem}"), err=True)
            raise CliFailure(result.message)
        case SaveOutcome.CONFLICT:
            if result.conflict_diff and result.backup is None:
                click.echo(visible(json_visible(result.conflict_diff), keep_lines=True), err=True)
            again = "" if result.backup is not None else " Run the command again."
            raise CliFailure(result.message + again, Exit.CONFLICT)
        case SaveOutcome.NEEDS_CONFIRMATION:
            raise CliFailure(result.message)
        case SaveOutcome.FAILED | SaveOutcome.UNCONFIRMED:
            raise CliFailure(result.message, Exit.AWS_ERROR)
