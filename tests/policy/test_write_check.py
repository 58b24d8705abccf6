"""Which of a save's edits a live policy shows, and which principals IAM may still be creating."""

from __future__ import annotations

from typing import Any

import pytest

from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.edits import AddStatement, DeleteStatement, ReplaceStatement
from ecr_tui.policy.write_check import edits_between, missing_edits, names_new_identity

PULL = {"Sid": "Pull", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:*"}
PUSH = {**PULL, "Sid": "Push", "Action": "ecr:PutImage"}
OTHER = {**PULL, "Sid": "Other", "Principal": {"Service": "lambda.amazonaws.com"}}


def document(*statements: dict[str, Any]) -> PolicyDocument:
    return PolicyDocument.empty().with_statements(list(statements))


def test_other_writers_statements_do_not_make_our_edits_missing() -> None:
    edits = [AddStatement(PUSH), DeleteStatement(PULL, 0)]
    assert missing_edits(edits, document(OTHER, PUSH)) == []


def test_an_added_statement_that_is_gone_and_a_deleted_one_that_is_back_are_missing() -> None:
    edits = [AddStatement(PUSH), DeleteStatement(PULL, 0)]
    assert missing_edits(edits, document(PULL, OTHER)) == [
        "add statement 'Push'",
        "delete statement 'Pull'",
    ]
    assert missing_edits(edits, None) == ["add statement 'Push'"]


def test_a_replaced_statement_must_read_as_written() -> None:
    changed = {**PULL, "Action": "ecr:BatchGetImage"}
    edit = ReplaceStatement(PULL, changed, 0)
    assert missing_edits([edit], document(changed)) == []
    assert missing_edits([edit], document(PULL)) == ["edit statement 'Pull'"]


def test_a_whole_document_is_checked_as_the_statements_it_adds_and_removes() -> None:
    edits = edits_between(document(PULL, OTHER), document(OTHER, PUSH))
    assert [edit.describe() for edit in edits] == [
        "delete statement 'Pull'",
        "add statement 'Push'",
    ]


@pytest.mark.parametrize(
    ("principal", "expected"),
    [
        ({"AWS": "arn:aws:iam::123456789012:role/ci/deployer"}, True),
        ({"AWS": ["111122223333", "arn:aws:iam::123456789012:user/alice"]}, True),
        ("*", False),
        ({"AWS": "arn:aws:iam::123456789012:root"}, False),
        ({"AWS": "111122223333"}, False),
        ({"Service": "lambda.amazonaws.com"}, False),
    ],
)
def test_only_iam_users_and_roles_may_be_too_new_for_ecr(principal: Any, expected: bool) -> None:
    assert names_new_identity(document({**PULL, "Principal": principal})) is expected


def test_a_user_or_role_the_replaced_policy_names_is_not_new() -> None:
    role = {**PULL, "Principal": {"AWS": "arn:aws:iam::123456789012:role/ci"}}
    other_role = {**OTHER, "Principal": {"AWS": "arn:aws:iam::123456789012:role/new"}}
    assert not names_new_identity(document(role, OTHER), replacing=document(role))
    assert names_new_identity(document(role, other_role), replacing=document(role))
    assert names_new_identity(document(role), replacing=None)
