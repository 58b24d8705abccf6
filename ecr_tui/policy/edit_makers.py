"""Changes that apply to any policy (add a statement, remove one by Sid), as edit makers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.edits import AddStatement, DeleteStatement, Edit
from ecr_tui.policy.equivalence import statements_equivalent


class CannotChange(Exception):
    """The change does not apply to this policy; the message says why in one sentence."""


class NothingToDo(CannotChange):
    """The policy already is what the change would make it (the Sid to remove is absent,
    the statement to add is already there)."""


EditMaker = Callable[[PolicyDocument], tuple[list[Edit], set[int]]]
"""Given a policy, the edits to make and the indexes of the statements they create
(raises CannotChange when the change does not apply)."""


def _has_sid(statement: Any, sid: str) -> bool:
    return isinstance(statement, dict) and statement.get("Sid") == sid


def adding(statement: dict[str, Any]) -> EditMaker:
    """Add `statement`; a policy that already has its Sid is left alone."""
    sid = statement.get("Sid")

    def add(baseline: PolicyDocument) -> tuple[list[Edit], set[int]]:
        same_sid = [s for s in baseline.statements if isinstance(sid, str) and _has_sid(s, sid)]
        if same_sid and all(statements_equivalent(s, statement) for s in same_sid):
            raise NothingToDo(f"the policy already has this statement {sid!r}; nothing to do")
        if same_sid:
            raise CannotChange(f"the policy already has a statement with Sid {sid!r}")
        return [AddStatement(statement)], {len(baseline.statements)}

    return add


def removing(sid: str) -> EditMaker:
    """Remove the one statement whose Sid is `sid`."""

    def remove(baseline: PolicyDocument) -> tuple[list[Edit], set[int]]:
        matches = [(i, s) for i, s in enumerate(baseline.statements) if _has_sid(s, sid)]
        if not matches:
            raise NothingToDo(f"the policy has no statement with Sid {sid!r}; nothing to do")
        if len(matches) > 1:
            raise CannotChange(
                f"{len(matches)} statements have Sid {sid!r}; edit this policy on its own"
            )
        index, found = matches[0]
        return [DeleteStatement(found, index)], set()

    return remove
