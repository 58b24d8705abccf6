"""validate_document: the principal rules."""

from __future__ import annotations

from typing import Any

import pytest

from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.validate import Problem, Severity, validate_document

ACCOUNT = "123456789012"
GOOD: dict[str, Any] = {
    "Sid": "AllowPull",
    "Effect": "Allow",
    "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
    "Action": ["ecr:BatchGetImage"],
}


def check(statement: dict[str, Any]) -> list[Problem]:
    document = PolicyDocument({"Version": "2012-10-17", "Statement": [statement]})
    return validate_document(document, created={0})


def only(problems: list[Problem], severity: Severity, text: str) -> None:
    """Exactly one problem, of `severity`, whose message contains `text`."""
    assert [(p.severity, text in p.message) for p in problems] == [(severity, True)], problems


@pytest.mark.parametrize(
    "principal",
    [
        "*",
        {"AWS": "*"},
        {"AWS": ["*"]},
        {"AWS": ACCOUNT},
        {"AWS": "012345678901"},
        {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
        {"AWS": f"arn:aws-cn:iam::{ACCOUNT}:root"},
        {"AWS": f"arn:aws-us-gov:iam::{ACCOUNT}:user/alice"},
        {"AWS": f"arn:aws:iam::{ACCOUNT}:user/division_abc/subdivision_xyz/Bob"},
        {"AWS": f"arn:aws:iam::{ACCOUNT}:role/service-role/codebuild-role"},
        {"AWS": f"arn:aws:iam::{ACCOUNT}:role/deploy"},
        {"AWS": f"arn:aws:sts::{ACCOUNT}:assumed-role/deploy/session@example.com"},
        {"Service": "lambda.amazonaws.com"},
        {"Service": ["ecs-tasks.amazonaws.com", "codebuild.amazonaws.com"]},
        {"Service": "a.b.c.d.amazon.com"},
        {"Federated": "cognito-identity.amazonaws.com"},
        {"CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},
        {"AWS": [ACCOUNT, "*"], "Service": "lambda.amazonaws.com"},
    ],
)
def test_valid_principals(principal: Any) -> None:
    assert check({**GOOD, "Principal": principal}) == []


@pytest.mark.parametrize(
    ("principal", "text"),
    [
        ({"AWS": "12345678901"}, "exactly 12 digits"),
        ({"AWS": "1234567890123"}, "exactly 12 digits"),
        ({"AWS": f"{ACCOUNT}\n"}, "not a valid AWS principal"),
        ({"AWS": "arn:aws:iam::12345678901:root"}, "not a valid AWS principal"),
        ({"AWS": f"arn:aws:iam::{ACCOUNT}:group/admins"}, "not a valid AWS principal"),
        ({"AWS": f"arn:aws:iam::{ACCOUNT}:user/"}, "not a valid AWS principal"),
        ({"AWS": f"arn:aws:iam::{ACCOUNT}:root\n"}, "not a valid AWS principal"),
        ({"AWS": f"arn:aws:iam:us-east-1:{ACCOUNT}:root"}, "not a valid AWS principal"),
        ({"AWS": f"arn:azure:iam::{ACCOUNT}:root"}, "not a valid AWS principal"),
        ({"AWS": f"arn:aws:sts::{ACCOUNT}:assumed-role/deploy"}, "not a valid AWS principal"),
        ({"AWS": "arn:aws:s3:::bucket"}, "not a valid AWS principal"),
        ({"AWS": "alice"}, "not a valid AWS principal"),
        ({"Service": "lambda"}, "not a service principal"),
        ({"Service": "Lambda.amazonaws.com"}, "not a service principal"),
        ({"Service": "lambda.amazonaws.org"}, "not a service principal"),
        ({"Service": "lambda.amazonaws.com\n"}, "not a service principal"),
        ({"Everyone": "*"}, "unknown principal type 'Everyone'"),
        ({"AWS": []}, "must be text or a list of text"),
        ({"AWS": [1]}, "must be text or a list of text"),
        ("everybody", 'must be "*" or an object'),
        ({}, 'must be "*" or an object'),
        (["*"], 'must be "*" or an object'),
    ],
)
def test_invalid_principals(principal: Any, text: str) -> None:
    only(check({**GOOD, "Principal": principal}), Severity.ERROR, text)


@pytest.mark.parametrize("unique_id", ["AIDAJQABLZS4A3QDU576Q", "AROADBQP57FF2AEXAMPLE"])
def test_unique_ids_are_a_warning(unique_id: str) -> None:
    only(check({**GOOD, "Principal": {"AWS": [ACCOUNT, unique_id]}}), Severity.WARNING, "deleted")
