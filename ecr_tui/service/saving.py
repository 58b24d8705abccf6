"""The save transaction: the one way the TUI and the CLI write a policy."""

from __future__ import annotations

from dataclasses import dataclass

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.errors import AwsError
from ecr_tui.aws.lease import LeaseBusy
from ecr_tui.aws.models import LivePolicy
from ecr_tui.aws.policy_target import PolicyTarget, RepositoryTarget, Validator
from ecr_tui.policy.diff import unified_diff
from ecr_tui.policy.document import PolicyDocument, count_of
from ecr_tui.policy.edits import RebaseResult, rebase
from ecr_tui.policy.equivalence import documents_equivalent
from ecr_tui.policy.lockout import lockout_warning
from ecr_tui.policy.validate import Problem, Severity, validate_document
from ecr_tui.policy.write_check import edits_between
from ecr_tui.service import write_confirm
from ecr_tui.service.backups import Backup, BackupStore
from ecr_tui.service.save_records import SaveOutcome, SaveRequest, SaveResult, created_indexes
from ecr_tui.service.write_confirm import Landed, NotLanded, SavePacing, SaveProgress, Unknown

__all__ = [
    "SaveOutcome",
    "SavePacing",
    "SaveProgress",
    "SaveRequest",
    "SaveResult",
    "created_indexes",
    "save_policy",
]


def save_policy(
    backend: Backend,
    request: SaveRequest,
    backups: BackupStore,
    *,
    pacing: SavePacing | None = None,
    progress: SaveProgress | None = None,
    target: PolicyTarget | None = None,
) -> SaveResult:
    """Validate, check for a concurrent change, back up, write, and confirm that the live
    policy shows the edits. Never raises for AWS errors: they come back as a FAILED result
    with one clear sentence. SAVED and DELETED mean the change was seen in the live policy.
    `target` is what is saved: by default the policy of `request.repository`."""
    pacing = pacing or write_confirm.DEFAULT_PACING
    progress = progress or SaveProgress()
    target = target or RepositoryTarget(request.repository)
    try:
        validate = target.validator(backend) or validate_document
    except AwsError as error:
        return SaveResult(SaveOutcome.FAILED, error.message)
    problems = validate(request.document, created=request.created, baseline=request.baseline)
    if any(p.severity is Severity.ERROR for p in problems):
        count = sum(p.severity is Severity.ERROR for p in problems)
        return SaveResult(
            SaveOutcome.INVALID,
            f"Nothing was written: the policy has {count} error(s).",
            tuple(problems),
        )
    if backend.read_only:
        return SaveResult(SaveOutcome.FAILED, "Read-only mode: nothing was written.")
    lease = target.lease(backend, sleep=pacing.sleep, random=pacing.random, on_wait=progress.phase)
    try:
        account = backend.account_id()
        lease.acquire()
        progress.phase("Reading the live policy…")
        live = target.read(backend)
        prepared = _prepare(request, live, problems, target, validate)
        if isinstance(prepared, SaveResult):
            return prepared
        return _write_until_confirmed(
            backend, request, backups, account, live, prepared, pacing, progress, target
        )
    except LeaseBusy as busy:
        return SaveResult(SaveOutcome.CONFLICT, str(busy), tuple(problems))
    except KeyboardInterrupt:
        lease.abandon()
        raise
    except AwsError as error:
        return SaveResult(SaveOutcome.FAILED, error.message, tuple(problems))
    finally:
        lease.release()


@dataclass(frozen=True)
class _Prepared:
    document: PolicyDocument
    problems: tuple[Problem, ...]
    rebased: RebaseResult | None


def _prepare(
    request: SaveRequest,
    live: LivePolicy,
    problems: list[Problem],
    target: PolicyTarget,
    validate: Validator,
) -> _Prepared | SaveResult:
    """The document to write onto `live`, or why nothing is written."""
    document = request.document
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
                f"Nothing was written: someone else changed {target.title} since it was loaded.",
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
        problems = validate(
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
            f"{target.title[0].upper()}{target.title[1:]} already says this; nothing to write.",
            tuple(problems),
            live=live,
            rebased=rebased,
            read_back=live,
        )
    warning = lockout_warning(document)
    already_locked = live.document is not None and lockout_warning(live.document)
    if warning and not request.force and not already_locked:
        return SaveResult(
            SaveOutcome.NEEDS_CONFIRMATION, warning, tuple(problems), live=live, rebased=rebased
        )
    return _Prepared(document, tuple(problems), rebased)


def _write_until_confirmed(
    backend: Backend,
    request: SaveRequest,
    backups: BackupStore,
    account: str,
    live: LivePolicy,
    prepared: _Prepared,
    pacing: SavePacing,
    progress: SaveProgress,
    target: PolicyTarget,
) -> SaveResult:
    repository = request.repository
    problems, rebased, document = prepared.problems, prepared.rebased, prepared.document
    edits = tuple(request.edits) or tuple(edits_between(live.document, document))
    progress.edits = edits
    notes = [_REAPPLIED] if rebased is not None else []
    first_live = live
    for rewrite in range(pacing.rewrites + 1):
        try:
            backup = backups.write(backend.region, repository, live.text, account)
        except OSError as error:
            return SaveResult(
                SaveOutcome.FAILED,
                "Nothing more was written: the backup of the current policy could not be "
                f"written ({error.strerror or error}).",
                problems,
                live=first_live,
                rebased=rebased,
            )
        progress.backup = backup
        outcome = write_confirm.write_and_check(
            backend,
            target,
            document,
            edits,
            force=request.force,
            pacing=pacing,
            progress=progress,
            replacing=live.document,
        )
        restore = f"`{target.restore_command} --backup {backup.id}`"
        match outcome:
            case Landed(live=now, note=note):
                return _confirmed(
                    target,
                    now,
                    backup,
                    problems,
                    first_live,
                    rebased,
                    [*notes, *([note] if note else [])],
                )
            case Unknown(message=message):
                return SaveResult(
                    SaveOutcome.UNCONFIRMED,
                    f"{message}. The change may be live: check with `{target.show_command}`; "
                    f"{restore} puts back the policy as it was.",
                    problems,
                    live=first_live,
                    rebased=rebased,
                    backup=backup,
                )
            case NotLanded(error=refusal) if refusal is not None:
                checked = refusal.code in write_confirm.AMBIGUOUS_CODES
                said = " The live policy does not have the change." if checked else ""
                return SaveResult(
                    SaveOutcome.FAILED, refusal.message + said, problems, live=first_live
                )
            case NotLanded(live=now, missing=missing):
                live = now
        if not request.edits or rewrite == pacing.rewrites:
            break
        pacing.sleep(pacing.backoff_delay(rewrite))
        progress.phase(
            f"Another writer overwrote the change; writing it again ({rewrite + 1} of "
            f"{pacing.rewrites})…"
        )
        live = target.read(backend)
        again = rebase(request.edits, live.document or PolicyDocument.empty())
        if not again.clean:
            break
        document = again.document
        notes = [_REAPPLIED]
    return SaveResult(
        SaveOutcome.CONFLICT,
        f"Our change is not in the live {target.title.removeprefix('the ')}: another writer "
        f"overwrote it ({missing[0]} is missing); run the command again.",
        problems,
        live=live,
        conflict_diff=unified_diff(
            document, live.document, before_label="our change", after_label="live policy now"
        ),
        rebased=rebased,
        backup=backup,
    )


_REAPPLIED = "Another writer changed the policy meanwhile; the change was re-applied onto theirs."


def _confirmed(
    target: PolicyTarget,
    now: LivePolicy,
    backup: Backup,
    problems: tuple[Problem, ...],
    first_live: LivePolicy,
    rebased: RebaseResult | None,
    notes: list[str],
) -> SaveResult:
    document = now.document
    if document is None or not document.statements:
        return SaveResult(
            SaveOutcome.DELETED,
            f"{target.title[0].upper()}{target.title[1:]} had no statements left and was "
            f"deleted (backup {backup.id}).",
            problems,
            live=first_live,
            rebased=rebased,
            backup=backup,
            read_back=now,
            notes=tuple(notes),
        )
    return SaveResult(
        SaveOutcome.SAVED,
        f"Saved {target.title} "
        f"({count_of(len(document.statements), 'statement')}; backup {backup.id}).",
        problems,
        live=first_live,
        rebased=rebased,
        backup=backup,
        written=document,
        read_back=now,
        notes=tuple(notes),
    )
