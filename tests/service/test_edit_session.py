"""The edit session: edits as operations on the live policy, undo, and what is saved."""

from __future__ import annotations

import json
from typing import Any

from ecr_tui.aws.models import LivePolicy
from ecr_tui.policy.document import parse_policy
from ecr_tui.policy.edits import AddStatement, DeleteStatement, ReplaceStatement
from ecr_tui.policy.validate import Severity
from ecr_tui.service.edit_session import EditSession

PULL = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
CROSS_ACCOUNT: dict[str, Any] = {
    "Sid": "CrossAccountPull",
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
    "Action": PULL,
}
NOT_PRINCIPAL: dict[str, Any] = {
    "Sid": "Odd statement",
    "Effect": "Deny",
    "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:role/admin"},
    "Action": "ecr:*",
}


def session_for(*statements: Any) -> EditSession:
    text = json.dumps({"Version": "2008-10-17", "Statement": list(statements)})
    return EditSession(LivePolicy("repo", text, parse_policy(text)))


def test_a_repository_without_policy_starts_from_an_empty_document() -> None:
    session = EditSession(LivePolicy("repo", None, None))
    assert session.statements == []
    assert not session.dirty
    assert session.new_sid() == "Statement1"
    session.add({"Sid": "Statement1", "Effect": "Allow", "Principal": "*", "Action": PULL})
    assert session.dirty
    assert session.document.version == "2012-10-17"
    assert session.save_request().baseline is None


def test_edits_apply_in_order_and_undo_one_at_a_time() -> None:
    session = session_for(CROSS_ACCOUNT, NOT_PRINCIPAL)
    added = {"Sid": "Push", "Effect": "Allow", "Principal": "*", "Action": PULL}
    assert isinstance(session.add(added), AddStatement)
    changed = {**CROSS_ACCOUNT, "Effect": "Deny"}
    assert isinstance(session.replace(0, changed), ReplaceStatement)
    assert isinstance(session.delete(1), DeleteStatement)
    assert session.statements == [changed, added]
    assert session.document.version == "2008-10-17"
    assert len(session.edits) == 3

    session.undo()
    assert session.statements == [changed, NOT_PRINCIPAL, added]
    session.undo()
    session.undo()
    assert session.statements == [CROSS_ACCOUNT, NOT_PRINCIPAL]
    assert session.document == session.baseline
    assert not session.dirty
    assert session.undo() is None


def test_replacing_with_the_same_statement_records_nothing() -> None:
    session = session_for(CROSS_ACCOUNT)
    assert session.replace(0, json.loads(json.dumps(CROSS_ACCOUNT))) is None
    assert not session.dirty


def test_untouched_statements_stay_exactly_as_written() -> None:
    session = session_for(NOT_PRINCIPAL, CROSS_ACCOUNT)
    session.delete(1)
    assert session.statements == [NOT_PRINCIPAL]
    assert session.is_untouched(0)


def test_duplicate_adds_a_copy_under_a_new_alphanumeric_sid() -> None:
    session = session_for(CROSS_ACCOUNT, NOT_PRINCIPAL)
    session.duplicate(0)
    session.duplicate(0)
    session.duplicate(1)
    sids = [s["Sid"] for s in session.statements]
    assert sids[2:] == ["CrossAccountPullCopy1", "CrossAccountPullCopy2", "StatementCopy1"]
    assert session.statements[2]["Principal"] == CROSS_ACCOUNT["Principal"]
    assert session.save_request().created == {2, 3, 4}


def test_problems_with_a_new_statement_are_strict_about_its_sid() -> None:
    session = session_for(CROSS_ACCOUNT)
    statement = {"Sid": "CrossAccountPull", "Effect": "Allow", "Principal": "*", "Action": PULL}
    strict = session.problems_with(statement, None, strict_sid=True)
    assert [p.severity for p in strict] == [Severity.ERROR]
    assert "more than one statement" in strict[0].message
    lenient = session.problems_with(statement, None, strict_sid=False)
    assert [p.severity for p in lenient] == [Severity.WARNING]
    assert session.statements == [CROSS_ACCOUNT]


def test_a_policy_with_duplicate_keys_is_not_editable_and_says_why() -> None:
    text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Effect": "Deny"}]}'
    session = EditSession(LivePolicy("repo", text, parse_policy(text)))
    assert not session.editable
    assert "'Effect' appears twice" in (session.not_editable_because or "")
