"""The save transaction: the one way the TUI and the CLI write a policy."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.backups import Backup, BackupStore
from ecr_tui.aws.errors import AwsError
from ecr_tui.aws.models import LivePolicy
from ecr_tui.policy.diff import unified_diff
from ecr_tui.policy.document import PolicyDocument, count_of
from ecr_tui.policy.edits import AddStatement, Edit, RebaseResult, rebase
from ecr_tui.policy.equivalence import documents_equivalent, statements_equivalent
from ecr_tui.policy.lockout import lockout_warning
from ecr_tui.policy.validate import Problem, Severity, validate_document

PROPAGATION_RETRY_DELAYS: tuple[float, ...] = (2.0, 4.0, 8.0)


class SaveOutcome(StrEnum):
    SAVED = "saved"
    DELETED = "deleted"
    UNCHANGED = "unchanged"
    INVALID = "invalid"
    CONFLICT = "conflict"
    NEEDS_CONFIRMATION = "needs-confirmation"
    FAILED = "failed"


@dataclass(frozen=True)
class SaveRequest:
    """`document` is the whole new policy, made by `edits` on `baseline` (None = no policy).

    `created` are the indexes of statements this tool created (strict Sid rules).
    `force` is set only after the person confirmed a lock-out warning. `rebase` re-applies
    `edits` onto the live policy when someone else changed it meanwhile.
    """

    repository: str
    baseline: PolicyDocument | None
    document: PolicyDocument
    edits: Sequence[Edit] = ()
    created: Collection[int] = ()
    force: bool = False
    rebase: bool = False


@dataclass(frozen=True)
class SaveResult:
    outcome: SaveOutcome
    message: str
    problems: tuple[Problem, ...] = ()
    live: LivePolicy | None = None
    conflict_diff: str = ""
    rebased: RebaseResult | None = None
    backup: Backup | None = None
    written: PolicyDocument | None = None
    warnings: tuple[str, ...] = field(default=())
    """What went wrong after the write (validation warnings are in `problems`)."""

    @property
    def ok(self) -> bool:
        return self.outcome in (SaveOutcome.SAVED, SaveOutcome.DELETED, SaveOutcome.UNCHANGED)


def created_indexes(document: PolicyDocument, edits: Sequence[Edit]) -> set[int]:
    added = [e.statement for e in edits if isinstance(e, AddStatement)]
    return {
        i
        for i, statement in enumerate(document.statements)
        if any(statements_equivalent(statement, a) for a in added)
    }


def save_policy(
    backend: Backend,
    request: SaveRequest,
    backups: BackupStore,
    *,
    sleep: Callable[[float], None] = time.sleep,
    retry_delays: Sequence[float] = PROPAGATION_RETRY_DELAYS,
) -> SaveResult:
    """Validate, check for a concurrent change, back up, write, read back. Never raises
    for AWS errors: they come back as a FAILED result with one clear sentence."""
    repository = request.repository
    document = request.document
    problems = validate_document(document, created=request.created, baseline=request.baseline)
    if any(p.severity is Severity.ERROR for p in problems):
        count = sum(p.severity is Severity.ERROR for p in problems)
        return SaveResult(
            SaveOutcome.INVALID,
            f"Nothing was written: the policy has {count} error(s).",
            tuple(problems),
        )
    if backend.read_only:
        return SaveResult(SaveOutcome.FAILED, "Read-only mode: nothing was written.")
    try:
        live = backend.get_policy(repository)
        rebased: RebaseResult | None = None
        if not documents_equivalent(live.document, request.baseline):
            diff = unified_diff(
                request.baseline,
                live.document,
                before_label="policy when loaded",
                after_label="live policy now",
            )
            if not (request.rebase and request.edits):
                return SaveResult(
                    SaveOutcome.CONFLICT,
                    f"Nothing was written: someone else changed the policy of {repository!r} "
                    "since it was loaded.",
                    live=live,
                    conflict_diff=diff,
                )
            rebased = rebase(request.edits, live.document or PolicyDocument.empty())
            if not rebased.clean:
                return SaveResult(
                    SaveOutcome.CONFLICT,
                    "Nothing was written: " + "; ".join(rebased.conflicts) + ".",
                    live=live,
                    conflict_diff=diff,
                    rebased=rebased,
                )
            document = rebased.document
            problems = validate_document(
                document, created=created_indexes(document, request.edits), baseline=live.document
            )
            if any(p.severity is Severity.ERROR for p in problems):
                return SaveResult(
                    SaveOutcome.INVALID,
                    "Nothing was written: the edits re-applied on the live policy are invalid.",
                    tuple(problems),
                    live=live,
                    rebased=rebased,
                )
        if documents_equivalent(live.document, document):
            return SaveResult(
                SaveOutcome.UNCHANGED,
                f"The policy of {repository!r} already says this; nothing to write.",
                tuple(problems),
                live=live,
                rebased=rebased,
            )
        warning = lockout_warning(document)
        already_locked = live.document is not None and lockout_warning(live.document)
        if warning and not request.force and not already_locked:
            return SaveResult(
                SaveOutcome.NEEDS_CONFIRMATION,
                warning,
                tuple(problems),
                live=live,
                rebased=rebased,
            )
        try:
            backup = backups.write(backend.region, repository, live.text, backend.account_id())
        except OSError as error:
            return SaveResult(
                SaveOutcome.FAILED,
                "Nothing was written: the backup of the current policy could not be "
                f"written ({error.strerror or error}).",
                tuple(problems),
                live=live,
                rebased=rebased,
            )
        if not document.statements:
            backend.delete_policy(repository)
            return SaveResult(
                SaveOutcome.DELETED,
                f"The policy of {repository!r} had no statements left and was deleted "
                f"(backup {backup.id}).",
                tuple(problems),
                live=live,
                rebased=rebased,
                backup=backup,
                written=None,
            )
        text = document.to_aws_text()
        _write_with_retry(backend, repository, text, request.force, sleep, retry_delays)
        extra = _read_back_warnings(backend, repository, document)
        return SaveResult(
            SaveOutcome.SAVED,
            f"Saved the policy of {repository!r} "
            f"({count_of(len(document.statements), 'statement')}; backup {backup.id}).",
            tuple(problems),
            live=live,
            rebased=rebased,
            backup=backup,
            written=document,
            warnings=extra,
        )
    except AwsError as error:
        return SaveResult(SaveOutcome.FAILED, error.message, tuple(problems))


def _read_back_warnings(
    backend: Backend, repository: str, document: PolicyDocument
) -> tuple[str, ...]:
    """The write succeeded: a failed or different read back is only a warning."""
    try:
        read_back = backend.get_policy(repository)
    except AwsError as error:
        return (f"The policy was saved but could not be read back: {error.message}",)
    if not documents_equivalent(read_back.document, document):
        return ("The policy read back from AWS differs from what was sent; reload to see it.",)
    return ()


def _write_with_retry(
    backend: Backend,
    repository: str,
    text: str,
    force: bool,
    sleep: Callable[[float], None],
    retry_delays: Sequence[float],
) -> None:
    for delay in (*retry_delays, None):
        try:
            backend.set_policy(repository, text, force=force)
            return
        except AwsError as error:
            if delay is None or not error.may_be_propagation_delay:
                raise
            sleep(delay)
