"""Changing many repositories at once: one plan each, one question, one result each.

Each repository goes through the safe save on its own (its own conflict check and
backup); a failure in one does not stop the others.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

import click

from ecr_tui.aws.errors import AwsError
from ecr_tui.aws.models import LivePolicy
from ecr_tui.aws.save import SaveOutcome, SaveRequest, save_policy
from ecr_tui.cli.context import CliContext
from ecr_tui.cli.exits import CliFailure, Exit
from ecr_tui.cli.writes import confirm_or_stop, editable_baseline, read_live, write_policy
from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.edits import Edit, apply_edits
from ecr_tui.policy.equivalence import documents_equivalent
from ecr_tui.policy.validate import Severity, validate_document

EditMaker = Callable[[PolicyDocument], tuple[list[Edit], set[int]]]
"""Given a repository's policy, the edits to make (raises CliFailure when it cannot)."""

OUTCOME_EXIT = {
    SaveOutcome.SAVED: Exit.DONE,
    SaveOutcome.DELETED: Exit.DONE,
    SaveOutcome.UNCHANGED: Exit.DONE,
    SaveOutcome.INVALID: Exit.BAD_INPUT,
    SaveOutcome.NEEDS_CONFIRMATION: Exit.BAD_INPUT,
    SaveOutcome.CONFLICT: Exit.CONFLICT,
    SaveOutcome.FAILED: Exit.AWS_ERROR,
}


@dataclass
class Plan:
    repository: str
    live: LivePolicy | None = None
    document: PolicyDocument | None = None
    edits: list[Edit] = field(default_factory=list)
    created: set[int] = field(default_factory=set)
    skipped: str | None = None
    skip_code: Exit = Exit.DONE


def resolve_targets(cli: CliContext, names: tuple[str, ...], match: str | None) -> list[str]:
    targets = list(dict.fromkeys(names))
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
    cli.refuse_if_read_only()
    targets = resolve_targets(cli, names, match)
    if len(targets) == 1 and not match:
        live = read_live(cli, targets[0])
        baseline = editable_baseline(live)
        edits, created = make_edits(baseline)
        document = apply_edits(baseline, edits)
        write_policy(cli, live, document, edits=edits, created=created, assume_yes=assume_yes)
        return
    plans = [_plan(cli, name, make_edits) for name in targets]
    _show_plans(plans)
    writable = [plan for plan in plans if plan.skipped is None]
    if writable:
        confirm_or_stop(f"Write {len(writable)} repositories?", assume_yes)
    worst = max((plan.skip_code for plan in plans), default=Exit.DONE)
    for plan in writable:
        worst = max(worst, _save(cli, plan))
    if worst != Exit.DONE:
        sys.exit(worst)


def _plan(cli: CliContext, repository: str, make_edits: EditMaker) -> Plan:
    try:
        live = read_live(cli, repository)
        baseline = editable_baseline(live)
        edits, created = make_edits(baseline)
    except CliFailure as failure:
        return Plan(repository, skipped=failure.format_message(), skip_code=Exit(failure.exit_code))
    document = apply_edits(baseline, edits)
    if documents_equivalent(live.document, document):
        return Plan(repository, skipped="already says this; nothing to write")
    errors = [
        p
        for p in validate_document(document, created=created, baseline=live.document)
        if p.severity is Severity.ERROR
    ]
    if errors:
        return Plan(repository, skipped=f"{errors[0]}", skip_code=Exit.BAD_INPUT)
    return Plan(repository, live, document, edits, created)


def _show_plans(plans: list[Plan]) -> None:
    click.echo("Planned changes:", err=True)
    for plan in plans:
        if plan.skipped is not None:
            click.echo(f"  {plan.repository}: skipped: {plan.skipped}", err=True)
            continue
        before = len(plan.live.document.statements) if plan.live and plan.live.document else 0
        after = len(plan.document.statements) if plan.document else 0
        changes = "; ".join(edit.describe() for edit in plan.edits)
        click.echo(f"  {plan.repository}: {changes} ({before} -> {after} statements)", err=True)


def _save(cli: CliContext, plan: Plan) -> Exit:
    assert plan.document is not None
    request = SaveRequest(
        plan.repository,
        plan.live.document if plan.live else None,
        plan.document,
        plan.edits,
        plan.created,
    )
    result = save_policy(cli.backend(), request, cli.backups())
    message = result.message
    if result.outcome is SaveOutcome.NEEDS_CONFIRMATION:
        message = f"not saved: {message} Run this repository alone to confirm."
    click.echo(f"{plan.repository}\t{result.outcome.value}\t{message}")
    return OUTCOME_EXIT[result.outcome]
