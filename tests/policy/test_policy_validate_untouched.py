"""A statement already in the live policy is never a reason to refuse a save."""

from __future__ import annotations

from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.validate import Severity, validate_document

UNKNOWN_TO_US = {
    "Sid": "Odd",
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:sts::123456789012:federated-user/Bob"},
    "Action": "ecr:BatchGetImage",
    "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-short"}},
    "Resource": "*",
}
NEW = {"Sid": "New", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"}


def document(*statements: dict) -> PolicyDocument:
    return PolicyDocument.empty().with_statements(list(statements))


def test_problems_of_an_untouched_statement_are_only_warnings() -> None:
    live = document(UNKNOWN_TO_US)
    problems = validate_document(document(UNKNOWN_TO_US, NEW), created={1}, baseline=live)
    assert problems
    assert all(p.severity is Severity.WARNING for p in problems if p.statement == 0)


def test_the_same_statement_written_anew_is_refused() -> None:
    problems = validate_document(document(UNKNOWN_TO_US), created={0})
    assert any(p.severity is Severity.ERROR for p in problems)


def test_a_federated_user_is_a_valid_principal() -> None:
    statement = {**NEW, "Principal": {"AWS": "arn:aws:sts::123456789012:federated-user/Bob"}}
    assert not validate_document(document(statement), created={0})


def test_an_empty_condition_key_is_an_error() -> None:
    statement = {**NEW, "Condition": {"ForAnyValue:StringEquals": {"": "x"}}}
    problems = validate_document(document(statement), created={0})
    assert any("empty key" in p.message and p.severity is Severity.ERROR for p in problems)
