"""The policy column of the repository list: the worst audit finding, or a count."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from ecr_tui.policy.actions import PULL_ONLY
from ecr_tui.policy.audit import Severity
from ecr_tui.policy.checks import CHECKS
from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.summary import REGISTRY_MARK, PolicySummary, policy_summary

OWN = "123456789012"
OTHER = "210987654321"
SUMMARY_WIDTH = 27
"""The width of the policy column in the repository list."""


def test_every_registered_check_has_a_label_that_fits_the_column() -> None:
    for info in CHECKS.values():
        shown = f"{info.severity.value.upper()} {info.label}{REGISTRY_MARK}"
        if info.severity is not Severity.INFO:
            assert len(shown) <= SUMMARY_WIDTH, shown


def document(*statements: dict[str, Any], version: str = "2012-10-17") -> PolicyDocument:
    return PolicyDocument({"Version": version, "Statement": list(statements)})


def allow(principal: Any, sid: str = "Grant", **extra: Any) -> dict[str, Any]:
    return {
        "Sid": sid,
        "Effect": "Allow",
        "Principal": principal,
        "Action": list(PULL_ONLY),
        **extra,
    }


ORG_CONDITION = {"StringEquals": {"aws:PrincipalOrgID": "o-abc123def4"}}
SOURCE_CONDITION = {"StringEquals": {"aws:SourceAccount": OWN}}


@pytest.mark.parametrize(
    ("policy", "label", "severity"),
    [
        (None, "none", None),
        (document(), "none", None),
        (document(allow({"AWS": f"arn:aws:iam::{OWN}:root"})), "1 statement", None),
        (
            document(
                allow({"AWS": f"arn:aws:iam::{OWN}:role/ci/builder"}, "Builder"),
                allow({"Service": "lambda.amazonaws.com"}, "Lambda", Condition=SOURCE_CONDITION),
            ),
            "2 statements",
            None,
        ),
        (document(allow("*")), "CRITICAL public", Severity.CRITICAL),
        (document(allow({"AWS": "*"})), "CRITICAL public", Severity.CRITICAL),
        (document(allow({"AWS": ["arn:aws:iam::*:root"]})), "CRITICAL public", Severity.CRITICAL),
        (
            document(allow("*", Action="ecr:PutImage")),
            "CRITICAL public push",
            Severity.CRITICAL,
        ),
        (
            document(
                {"Sid": "All", "Effect": "Allow", "NotPrincipal": {"AWS": OWN}, "Action": "*"}
            ),
            "CRITICAL NotPrincipal",
            Severity.CRITICAL,
        ),
        (
            document(allow("*", Condition={"StringLike": {"aws:PrincipalOrgID": "o-*"}})),
            "HIGH weak condition",
            Severity.HIGH,
        ),
        (
            document(allow({"AWS": OTHER}, Action="ecr:SetRepositoryPolicy")),
            "HIGH policy admin",
            Severity.HIGH,
        ),
        (document(allow({"AWS": OTHER})), "MEDIUM cross-account", Severity.MEDIUM),
        (
            document(allow({"AWS": f"arn:aws:iam::{OTHER}:user/ops/alice"})),
            "MEDIUM cross-account",
            Severity.MEDIUM,
        ),
        (
            document(allow({"Service": "codebuild.amazonaws.com"})),
            "MEDIUM svc no source",
            Severity.MEDIUM,
        ),
        (document(allow({"AWS": "AIDAEXAMPLEUNIQUEID1"})), "LOW orphaned", Severity.LOW),
        # An organisation-wide grant and old-style Sids are only info: counted, not flagged.
        (document(allow("*", Condition=ORG_CONDITION)), "1 statement", None),
        (document(allow({"AWS": OWN}, "odd sid"), version="2008-10-17"), "1 statement", None),
        (document({"Effect": "Deny", "Principal": "*", "Action": "ecr:*"}), "1 statement", None),
        (
            document({"Effect": "Deny", "Principal": {"AWS": OTHER}, "Action": "*"}),
            "1 statement",
            None,
        ),
    ],
)
def test_summary_names_the_worst_finding(
    policy: PolicyDocument | None, label: str, severity: Severity | None
) -> None:
    assert policy_summary(policy, OWN) == PolicySummary(label, severity)
    assert str(policy_summary(policy, OWN)) == label
    assert len(label) <= SUMMARY_WIDTH


def test_the_most_alarming_statement_wins_whatever_its_position() -> None:
    policy = document(allow({"AWS": OTHER}, "Partner"), allow("*", "Everyone"))
    assert policy_summary(policy, OWN).label == "CRITICAL public"


def test_the_own_account_and_trusted_accounts_are_not_cross_account() -> None:
    policy = document(allow({"AWS": OTHER}))
    assert policy_summary(policy, OTHER).label == "1 statement"
    assert policy_summary(policy, OWN, trusted_accounts=[OTHER]).label == "1 statement"
    assert policy_summary(policy, None).label == "MEDIUM cross-account"


def test_summary_reads_a_single_statement_object_and_leaves_it_as_written() -> None:
    written = {"Version": "2012-10-17", "Statement": allow({"AWS": [OTHER]})}
    policy = PolicyDocument(copy.deepcopy(written))
    assert policy_summary(policy, OWN) == PolicySummary("MEDIUM cross-account", Severity.MEDIUM)
    assert policy.data == written
