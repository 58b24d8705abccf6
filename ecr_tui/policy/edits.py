"""Edits as operations, so they can be undone and re-applied onto a newer live policy.

A statement is identified by its content (semantic equality) with its position as a
tie-breaker, which works whether Sids are missing, odd or duplicated.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.equivalence import statements_equivalent


@dataclass(frozen=True)
class AddStatement:
    statement: dict[str, Any]

    def describe(self) -> str:
        return f"add {_name(self.statement)}"


@dataclass(frozen=True)
class ReplaceStatement:
    original: Any
    statement: Any
    position: int

    def describe(self) -> str:
        return f"edit {_name(self.original)}"


@dataclass(frozen=True)
class DeleteStatement:
    original: Any
    position: int

    def describe(self) -> str:
        return f"delete {_name(self.original)}"


@dataclass(frozen=True)
class SetDocumentValue:
    """Change a top-level value such as Version or Id (None = absent)."""

    key: str
    original: Any
    value: Any

    def describe(self) -> str:
        if self.value is None:
            return f"remove {self.key}"
        return f"set {self.key} to {self.value!r}"


Edit = AddStatement | ReplaceStatement | DeleteStatement | SetDocumentValue


class EditConflict(Exception):
    """An edit cannot be applied because its statement changed underneath it."""


def _name(statement: Any) -> str:
    sid = statement.get("Sid") if isinstance(statement, dict) else None
    return f"statement {sid!r}" if isinstance(sid, str) and sid else "a statement without Sid"


def _locate(statements: list[Any], original: Any, position: int) -> int | None:
    if 0 <= position < len(statements) and statements_equivalent(statements[position], original):
        return position
    matches = [i for i, s in enumerate(statements) if statements_equivalent(s, original)]
    if not matches:
        return None
    return min(matches, key=lambda i: abs(i - position))


def _set_value(document: PolicyDocument, edit: SetDocumentValue) -> PolicyDocument:
    data = copy.deepcopy(document.data)
    if edit.value is None:
        data.pop(edit.key, None)
    else:
        data[edit.key] = copy.deepcopy(edit.value)
    return PolicyDocument(data, document.duplicate_keys)


def apply_edit(document: PolicyDocument, edit: Edit) -> PolicyDocument:
    if isinstance(edit, SetDocumentValue):
        return _set_value(document, edit)
    statements = document.statements
    if isinstance(edit, AddStatement):
        statements.append(copy.deepcopy(edit.statement))
        return document.with_statements(statements)
    index = _locate(statements, edit.original, edit.position)
    if index is None:
        raise EditConflict(f"cannot {edit.describe()}: it is no longer in the policy")
    if isinstance(edit, ReplaceStatement):
        statements[index] = copy.deepcopy(edit.statement)
    else:
        del statements[index]
    return document.with_statements(statements)


def apply_edits(document: PolicyDocument, edits: Iterable[Edit]) -> PolicyDocument:
    for edit in edits:
        document = apply_edit(document, edit)
    return document


@dataclass(frozen=True)
class RebaseResult:
    document: PolicyDocument
    conflicts: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.conflicts


def sid_of(statement: Any) -> str | None:
    """The statement's Sid when it has a non-empty text one."""
    sid = statement.get("Sid") if isinstance(statement, dict) else None
    return sid if isinstance(sid, str) and sid else None


def rebase(edits: Sequence[Edit], live: PolicyDocument) -> RebaseResult:
    """Re-apply `edits` onto `live`, reporting each edit whose statement the other
    writer also changed (a conflict) and each that the other writer already made."""
    document = live
    conflicts: list[str] = []
    skipped: list[str] = []
    for edit in edits:
        statements = document.statements
        if isinstance(edit, SetDocumentValue):
            current = document.data.get(edit.key)
            if current == edit.value:
                skipped.append(f"{edit.describe()}: the live policy already has it")
            elif current == edit.original:
                document = apply_edit(document, edit)
            else:
                conflicts.append(f"{edit.describe()}: someone else changed {edit.key}")
            continue
        if isinstance(edit, AddStatement):
            if any(statements_equivalent(s, edit.statement) for s in statements):
                skipped.append(f"{edit.describe()}: the live policy already has it")
                continue
            sid = sid_of(edit.statement)
            if sid and any(sid_of(s) == sid for s in statements):
                conflicts.append(
                    f"{edit.describe()}: the live policy now has another statement with that Sid"
                )
                continue
            document = apply_edit(document, edit)
            continue
        if _locate(statements, edit.original, edit.position) is not None:
            document = apply_edit(document, edit)
            continue
        changed_there = (sid := sid_of(edit.original)) and any(sid_of(s) == sid for s in statements)
        if isinstance(edit, DeleteStatement) and not changed_there:
            skipped.append(f"{edit.describe()}: someone else already removed it")
        elif isinstance(edit, ReplaceStatement) and any(
            statements_equivalent(s, edit.statement) for s in statements
        ):
            skipped.append(f"{edit.describe()}: the live policy already has the same change")
        else:
            what = "changed" if changed_there else "removed"
            conflicts.append(f"{edit.describe()}: someone else {what} that statement")
    return RebaseResult(document, conflicts, skipped)
