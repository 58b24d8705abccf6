"""The records of a save: what is asked, and what came of it."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from ecr_tui.aws.models import LivePolicy
from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.edits import AddStatement, Edit, RebaseResult
from ecr_tui.policy.equivalence import statements_equivalent
from ecr_tui.policy.validate import Problem
from ecr_tui.service.backups import Backup


class SaveOutcome(StrEnum):
    SAVED = "saved"
    DELETED = "deleted"
    UNCHANGED = "unchanged"
    INVALID = "invalid"
    CONFLICT = "conflict"
    NEEDS_CONFIRMATION = "needs-confirmation"
    FAILED = "failed"
    UNCONFIRMED = "unconfirmed"
    """The write was sent but whether it is in the live policy could not be found out."""


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
    read_back: LivePolicy | None = None
    """The live policy as the save last read it, once that shows the outcome: after the
    write for SAVED and DELETED, before it for UNCHANGED. Showing it needs no new read."""
    warnings: tuple[str, ...] = field(default=())
    """What went wrong after the write (validation warnings are in `problems`)."""
    notes: tuple[str, ...] = field(default=())
    """What else happened on the way, e.g. another writer's change the edits were re-applied to."""

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
