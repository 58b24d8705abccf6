"""Whether a save's edits are in a live policy, and whether AWS may not know its principals yet.

ECR has no conditional write, so a save is confirmed by reading the policy again and
checking that its own edits are there: the statements it added are present, those it
removed are absent, those it replaced read as written. Other writers may rightly have added
theirs, so the whole document is never compared.
"""

from __future__ import annotations

from collections.abc import Sequence

from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.edits import (
    AddStatement,
    DeleteStatement,
    Edit,
    ReplaceStatement,
    SetDocumentValue,
)
from ecr_tui.policy.equivalence import statements_equivalent
from ecr_tui.policy.principals import PrincipalKind, principals_of


def edits_between(before: PolicyDocument | None, after: PolicyDocument) -> list[Edit]:
    """The statement edits that turn `before` into `after` (for a whole-document write)."""
    old = before.statements if before is not None else []
    new = after.statements
    edits: list[Edit] = [
        DeleteStatement(statement, index)
        for index, statement in enumerate(old)
        if not any(statements_equivalent(statement, kept) for kept in new)
    ]
    edits += [
        AddStatement(statement)
        for statement in new
        if not any(statements_equivalent(statement, was) for was in old)
    ]
    return edits


def _has(statements: Sequence[object], wanted: object) -> bool:
    return any(statements_equivalent(statement, wanted) for statement in statements)


def missing_edits(edits: Sequence[Edit], live: PolicyDocument | None) -> list[str]:
    """Each of `edits` that `live` does not show, described ("add statement 'Pull'")."""
    statements = live.statements if live is not None else []
    data = live.data if live is not None else {}
    missing: list[str] = []
    for edit in edits:
        match edit:
            case AddStatement(statement=statement):
                present = _has(statements, statement)
            case DeleteStatement(original=original):
                present = not _has(statements, original)
            case ReplaceStatement(original=original, statement=statement):
                present = _has(statements, statement) and (
                    statements_equivalent(original, statement) or not _has(statements, original)
                )
            case SetDocumentValue(key=key, value=value):
                present = live is None or data.get(key) == value
        if not present:
            missing.append(edit.describe())
    return missing


IDENTITIES_IAM_CAN_CREATE = (PrincipalKind.USER, PrincipalKind.ROLE)


def _users_and_roles(document: PolicyDocument) -> set[str]:
    found: set[str] = set()
    for statement in document.statements:
        if not isinstance(statement, dict):
            continue
        for key in ("Principal", "NotPrincipal"):
            if key in statement:
                found |= {
                    p.value
                    for p in principals_of(statement[key])
                    if p.kind in IDENTITIES_IAM_CAN_CREATE
                }
    return found


def names_new_identity(document: PolicyDocument, replacing: PolicyDocument | None = None) -> bool:
    """Whether a principal of `document` is an IAM user or role, which may have been created
    moments ago and not be known to ECR yet (`*`, accounts and services always are), other
    than those of `replacing`, the policy ECR already accepted them in."""
    known = _users_and_roles(replacing) if replacing is not None else set()
    return bool(_users_and_roles(document) - known)
