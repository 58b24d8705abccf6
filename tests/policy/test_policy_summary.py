"""The one-word policy summary shown in the repository list."""

from __future__ import annotations

from typing import Any

import pytest

from ecr_tui.policy.actions import PULL_ONLY
from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.summary import policy_summary

OWN = "123456789012"
OTHER = "210987654321"


def document(*statements: dict[str, Any]) -> PolicyDocument:
    return PolicyDocument({"Version": "2012-10-17", "Statement": list(statements)})


def allow(principal: Any, **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Principal": principal, "Action": list(PULL_ONLY), **extra}


ORG_CONDITION = {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        (None, "none"),
        (document(), "none"),
        (document(allow({"AWS": f"arn:aws:iam::{OWN}:root"})), "1 statement"),
        (
            document(
                allow({"AWS": f"arn:aws:iam::{OWN}:role/ci/builder"}),
                allow({"Service": "lambda.amazonaws.com"}),
            ),
            "2 statements",
        ),
        (document(allow("*")), "PUBLIC"),
        (document(allow({"AWS": "*"})), "PUBLIC"),
        (document(allow({"AWS": ["arn:aws:iam::*:root"]})), "PUBLIC"),
        (document({"Effect": "Allow", "NotPrincipal": {"AWS": OWN}, "Action": "ecr:*"}), "PUBLIC"),
        (document(allow("*", Condition=ORG_CONDITION)), "1 statement"),
        (document({"Effect": "Deny", "Principal": "*", "Action": "ecr:*"}), "1 statement"),
        (document(allow({"AWS": OTHER})), "cross-account"),
        (document(allow({"AWS": f"arn:aws:iam::{OTHER}:user/ops/alice"})), "cross-account"),
        (
            document(allow({"AWS": f"arn:aws:iam::{OTHER}:root"}), allow("*")),
            "PUBLIC",
        ),
        (document({"Effect": "Deny", "Principal": {"AWS": OTHER}, "Action": "*"}), "1 statement"),
        (document(allow({"AWS": "AIDAEXAMPLEUNIQUEID1"})), "1 statement"),
    ],
)
def test_summary(policy: PolicyDocument | None, expected: str) -> None:
    assert policy_summary(policy, OWN) == expected


def test_summary_does_not_change_the_document() -> None:
    policy = document(allow({"AWS": [OTHER]}))
    before = policy.to_json()
    policy_summary(policy, OWN)
    assert policy.to_json() == before
