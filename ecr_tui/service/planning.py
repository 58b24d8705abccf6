"""One change to one repository or many: a plan for each, then each saved safely on its own.

One repository is a plan of one. Each repository goes through the save transaction by
itself (its own conflict check and backup), so a failure in one does not stop the others.
The CLI and the TUI both plan and save through these functions.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Protocol, TypeVar

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.errors import AwsError
from ecr_tui.aws.models import LivePolicy
from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.edit_makers import CannotChange, EditMaker, NothingToDo
from ecr_tui.policy.edits import Edit, apply_edits
from ecr_tui.policy.equivalence import documents_equivalent
from ecr_tui.policy.templates import partition_of
from ecr_tui.policy.validate import Problem, Severity, validate_document
from ecr_tui.service.backups import BackupStore
from ecr_tui.service.preview import refuse_if_read_only
from ecr_tui.service.saving import SaveOutcome, SaveRequest, SaveResult, save_policy

T = TypeVar("T")
R = TypeVar("R")

PLAN_WORKERS = 8
SAVE_WORKERS = 4


def editable_document(live: LivePolicy) -> PolicyDocument:
    """The live document to edit (empty when there is none); refuses one that would lose data."""
    document = live.document or PolicyDocument.empty()
    if not document.editable:
        raise CannotChange(
            f"the stored policy of {live.repository!r} has duplicate JSON keys "
            f"({document.duplicate_keys[0]}); editing it would drop data"
        )
    return document


class SkipReason(StrEnum):
    UNCHANGED = "unchanged"
    """The policy already says this."""
    REFUSED = "refused"
    """The change does not apply, or would make the policy invalid."""
    UNREADABLE = "unreadable"
    """The live policy could not be read."""
    MISSING = "not found"
    """The repository does not exist."""


@dataclass(frozen=True)
class Plan:
    """What one repository's policy becomes, or why it is skipped."""

    repository: str
    live: LivePolicy | None = None
    document: PolicyDocument | None = None
    edits: tuple[Edit, ...] = ()
    created: frozenset[int] = frozenset()
    skipped: str | None = None
    skip_reason: SkipReason | None = None
    problems: tuple[Problem, ...] = ()
    """What the check of the new document found (errors and warnings)."""

    @property
    def writable(self) -> bool:
        return self.skipped is None and self.document is not None

    @property
    def before(self) -> int:
        return len(self.live.document.statements) if self.live and self.live.document else 0

    @property
    def after(self) -> int:
        return len(self.document.statements) if self.document else 0

    @property
    def changes(self) -> str:
        """'add Pull', 'delete Pull', ... ("" when skipped)."""
        return "; ".join(edit.describe() for edit in self.edits)

    def request(self) -> SaveRequest:
        assert self.document is not None, "a skipped plan has nothing to save"
        baseline = self.live.document if self.live else None
        return SaveRequest(self.repository, baseline, self.document, self.edits, self.created)


class Validator(Protocol):
    def __call__(
        self,
        document: PolicyDocument,
        *,
        created: Collection[int],
        baseline: PolicyDocument | None,
        partition: str | None,
    ) -> list[Problem]: ...


def plan_change(backend: Backend, repository: str, make_edits: EditMaker) -> Plan:
    """Read the live policy and work out what `make_edits` would make of it."""
    try:
        live = backend.get_policy(repository)
    except AwsError as error:
        missing = error.code == "RepositoryNotFoundException"
        reason = SkipReason.MISSING if missing else SkipReason.UNREADABLE
        return Plan(repository, skipped=error.message, skip_reason=reason)
    return plan_for(live, make_edits, partition=partition_of(backend.region))


def plan_for(
    live: LivePolicy,
    make_edits: EditMaker,
    *,
    partition: str | None = None,
    validate: Validator | None = validate_document,
) -> Plan:
    """What `make_edits` makes of the policy `live`, checked by `validate` (not at all
    when None: the caller checks with a validator of its own).

    A plan refused for an error of the new document keeps that document and every problem,
    so a caller can show them all."""
    try:
        baseline = editable_document(live)
        edits, created = make_edits(baseline)
    except NothingToDo as done:
        return Plan(live.repository, live, skipped=str(done), skip_reason=SkipReason.UNCHANGED)
    except CannotChange as refusal:
        return Plan(live.repository, live, skipped=str(refusal), skip_reason=SkipReason.REFUSED)
    document = apply_edits(baseline, edits)
    if documents_equivalent(live.document, document):
        return Plan(
            live.repository,
            live,
            skipped="already says this; nothing to write",
            skip_reason=SkipReason.UNCHANGED,
        )
    plan = Plan(live.repository, live, document, tuple(edits), frozenset(created))
    if validate is None:
        return plan
    problems = tuple(
        validate(document, created=created, baseline=live.document, partition=partition)
    )
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        return replace(
            plan, problems=problems, skipped=str(errors[0]), skip_reason=SkipReason.REFUSED
        )
    return replace(plan, problems=problems)


def plan_changes(
    backend: Backend,
    repositories: Sequence[str],
    make_edits: EditMaker,
    *,
    workers: int = PLAN_WORKERS,
    on_plan: Callable[[Plan], object] | None = None,
) -> list[Plan]:
    """A plan for each repository (read `workers` at a time), in the order given.
    Raises ReadOnly before reading anything when the backend may not write."""
    refuse_if_read_only(backend)
    return _each(
        repositories, lambda name: plan_change(backend, name, make_edits), workers, on_plan
    )


class BulkStatus(StrEnum):
    SAVED = "saved"
    DELETED = "deleted"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"
    FAILED = "failed"
    UNCONFIRMED = "unconfirmed"
    INVALID = "invalid"
    NEEDS_CONFIRMATION = "not saved"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"

    @property
    def ok(self) -> bool:
        return self in (BulkStatus.SAVED, BulkStatus.DELETED, BulkStatus.UNCHANGED)


@dataclass(frozen=True)
class BulkResult:
    """What happened to one repository, in one sentence."""

    repository: str
    status: BulkStatus
    message: str
    outcome: SaveOutcome | None = None
    """The save transaction's outcome; None when the save never ran."""


def skipped_result(plan: Plan) -> BulkResult:
    return BulkResult(plan.repository, BulkStatus.SKIPPED, plan.skipped or "skipped")


def result_of(plan: Plan, result: SaveResult) -> BulkResult:
    message = result.message
    if result.outcome is SaveOutcome.NEEDS_CONFIRMATION:
        message = f"{message} Change this repository on its own to confirm."
    elif result.warnings or result.notes:
        message = " ".join([message, *result.warnings, *result.notes])
    return BulkResult(plan.repository, BulkStatus[result.outcome.name], message, result.outcome)


def save_plan(backend: Backend, plan: Plan, backups: BackupStore) -> BulkResult:
    """The save transaction for one plan; never raises."""
    if not plan.writable:
        return skipped_result(plan)
    try:
        result = save_policy(backend, plan.request(), backups)
    except Exception as error:
        return BulkResult(plan.repository, BulkStatus.FAILED, f"Could not save the policy: {error}")
    return result_of(plan, result)


def save_plans(
    backend: Backend,
    plans: Sequence[Plan],
    backups: BackupStore,
    *,
    workers: int = SAVE_WORKERS,
    on_result: Callable[[BulkResult], object] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> list[BulkResult]:
    """Save every plan on its own, `workers` at a time; results in the order of `plans`.

    When `cancelled()` turns true, plans not yet started are reported as cancelled.
    """

    def save(plan: Plan) -> BulkResult:
        if cancelled():
            return BulkResult(plan.repository, BulkStatus.CANCELLED, "stopped before writing")
        return save_plan(backend, plan, backups)

    return _each(plans, save, workers, on_result)


def _each(
    items: Iterable[T],
    work: Callable[[T], R],
    workers: int,
    on_done: Callable[[R], object] | None,
) -> list[R]:
    """`work` on every item in a bounded pool; `on_done` runs in the caller's thread."""
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="bulk") as pool:
        futures: list[Future[R]] = [pool.submit(work, item) for item in items]
        if on_done is not None:
            for future in as_completed(futures):
                on_done(future.result())
        return [future.result() for future in futures]
