"""Changing repositories: one plan each, one question, one result each.

The plans and the per-repository safe save are shared with the TUI (`ecr_tui.service.planning`);
one repository named on its own is a plan of one, written with its diff shown first. This
module asks the question and maps the results to lines and an exit code.
"""

from __future__ import annotations

import sys
from fnmatch import fnmatchcase

import click

from ecr_tui.aws.errors import AwsError
from ecr_tui.cli.context import CliContext
from ecr_tui.cli.exits import CliFailure, Exit
from ecr_tui.cli.parsing import check_repository_name
from ecr_tui.cli.writes import confirm_or_stop, read_live, write_policy
from ecr_tui.policy.document import count_of
from ecr_tui.policy.edit_makers import EditMaker
from ecr_tui.policy.safe_text import visible
from ecr_tui.policy.templates import partition_of
from ecr_tui.service.planning import (
    BulkResult,
    Plan,
    SkipReason,
    plan_changes,
    plan_for,
    save_plans,
)
from ecr_tui.service.saving import SaveOutcome

OUTCOME_EXIT: dict[SaveOutcome | None, Exit] = {
    SaveOutcome.SAVED: Exit.DONE,
    SaveOutcome.DELETED: Exit.DONE,
    SaveOutcome.UNCHANGED: Exit.DONE,
    SaveOutcome.INVALID: Exit.BAD_INPUT,
    SaveOutcome.NEEDS_CONFIRMATION: Exit.BAD_INPUT,
    SaveOutcome.CONFLICT: Exit.CONFLICT,
    SaveOutcome.FAILED: Exit.AWS_ERROR,
    SaveOutcome.UNCONFIRMED: Exit.AWS_ERROR,
}
SKIP_EXIT = {
    None: Exit.DONE,
    SkipReason.UNCHANGED: Exit.DONE,
    SkipReason.REFUSED: Exit.BAD_INPUT,
    SkipReason.UNREADABLE: Exit.AWS_ERROR,
    SkipReason.MISSING: Exit.AWS_ERROR,
}
"""The exit code of each outcome; a run over several repositories exits with the highest."""
SKIP_STATUS = {
    SkipReason.UNCHANGED: "unchanged",
    SkipReason.REFUSED: "refused",
    SkipReason.UNREADABLE: "failed",
    SkipReason.MISSING: "not found",
}


def resolve_targets(cli: CliContext, names: tuple[str, ...], match: str | None) -> list[str]:
    targets = [check_repository_name(name) for name in dict.fromkeys(names)]
    if match:
        try:
            every = cli.backend().list_repositories()
        except AwsError as error:
            raise CliFailure(error.message, Exit.AWS_ERROR) from None
        targets += [r.name for r in every if fnmatchcase(r.name, match) and r.name not in targets]
        if not targets:
            raise CliFailure(f"no repository matches {match!r} in {cli.backend().region}")
    if not targets:
        raise CliFailure("name at least one repository, or give --match GLOB")
    return targets


def edit_repositories(
    cli: CliContext,
    names: tuple[str, ...],
    match: str | None,
    make_edits: EditMaker,
    *,
    assume_yes: bool,
) -> None:
    """Write the change to each target; refused before anything is read when read-only."""
    targets = resolve_targets(cli, names, match)
    if len(targets) == 1 and not match:
        _edit_one(cli, targets[0], make_edits, assume_yes=assume_yes)
        return
    plans = plan_changes(cli.backend(), targets, make_edits)
    _show_plans(plans)
    writable = [plan for plan in plans if plan.writable]
    if writable:
        confirm_or_stop(f"Write {len(writable)} repositories?", assume_yes)
    for plan in plans:
        if plan.skip_reason is not None:
            click.echo(f"{plan.repository}\t{SKIP_STATUS[plan.skip_reason]}\t{plan.skipped}")
    results = save_plans(cli.backend(), writable, cli.backups(), on_result=_show_result)
    worst = max(
        [SKIP_EXIT[plan.skip_reason] for plan in plans]
        + [OUTCOME_EXIT.get(result.outcome, Exit.AWS_ERROR) for result in results],
        default=Exit.DONE,
    )
    if worst != Exit.DONE:
        sys.exit(worst)


def _edit_one(cli: CliContext, repository: str, make_edits: EditMaker, *, assume_yes: bool) -> None:
    """A plan of one, written with its diff and every problem shown, as `apply` writes."""
    live = read_live(cli, repository)
    plan = plan_for(live, make_edits, partition=partition_of(cli.backend().region))
    if plan.skip_reason is SkipReason.UNCHANGED:
        click.echo(f"{live.repository}: {plan.skipped}.")
        return
    if plan.document is None:
        raise CliFailure(plan.skipped or "the change does not apply")
    # A plan refused for errors still goes on: the write reports each of them and stops.
    write_policy(
        cli, live, plan.document, edits=plan.edits, created=plan.created, assume_yes=assume_yes
    )


def _show_plans(plans: list[Plan]) -> None:
    click.echo("Planned changes:", err=True)
    for plan in plans:
        if plan.skipped is not None:
            click.echo(visible(f"  {plan.repository}: skipped: {plan.skipped}"), err=True)
            continue
        statements = f"({plan.before} -> {count_of(plan.after, 'statement')})"
        click.echo(visible(f"  {plan.repository}: {plan.changes} {statements}"), err=True)


def _show_result(result: BulkResult) -> None:
    status = result.outcome.value if result.outcome else result.status.value
    click.echo(f"{visible(result.repository)}\t{status}\t{visible(result.message)}")
