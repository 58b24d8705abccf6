"""More of Cloud Custodian's CrossAccountChecker cases (tests/test_iamaccess.py, with its
data files tests/data/iam/s3-policies.json and s3-orgid.json), rewritten as ECR repository
policies with the verdict AWS's semantics give for an ECR request.

Left out: the SourceArnLike cases, whose ARN has five parts (no whole ARN to match), the
`ForAllValues` cases (not an operator: ECR refuses the document), and the aws:arn and
ten-digit account cases of s3-principal.json and s3-arn-conditions.json (no such key or
account)."""

from __future__ import annotations

from typing import Any

import pytest
from test_public_suites import TRUSTED, checks_of, verdict

from ecr_tui.policy.audit import Severity, audit_document
from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.organization_boundary import OrganizationBoundary, apply_boundary

INVALID = "234567890123"  # the s3-policies.json account that is not allowed
ORG = "o-4pmkskbcf9"


def test_custodian_principal_org_id() -> None:
    """CrossAccountChecker.test_principal_org_id: `*` limited to an organisation is no
    violation when it is the allowed one; an account principal is."""
    org_wide = verdict("*", {"StringEquals": {"aws:PrincipalOrgID": [ORG]}})
    assert org_wide == [("conditional-public", f"organisation {ORG} can pull")]
    assert verdict({"AWS": "619193117841"}) == [("cross-account", "account 619193117841 can pull")]


@pytest.mark.parametrize(
    ("organisation", "severity"), [(ORG, Severity.INFO), ("o-goodorg12345", Severity.HIGH)]
)
def test_custodian_principal_org_id_against_the_allowed_organisation(
    organisation: str, severity: Severity
) -> None:
    """test_principal_org_id with `allowed_orgid`, and test_s3_principal_org_id: the
    audit's organisation boundary plays the allowed organisation."""
    statement = {"Sid": "S", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"}
    statement["Condition"] = {"StringEquals": {"aws:PrincipalOrgID": ORG}}
    document = PolicyDocument({"Version": "2012-10-17", "Statement": [statement]})
    boundary = OrganizationBoundary(organisation, {TRUSTED: "own"})
    found = apply_boundary(audit_document(document, own_account=TRUSTED), document, boundary)
    assert [f.severity for f in found] == [severity]


@pytest.mark.parametrize(
    ("policy_id", "principal", "condition", "expected"),
    [
        (
            "PrincipalInvalid",
            {"AWS": [f"arn:aws:iam::{TRUSTED}:root", f"arn:aws:iam::{INVALID}:root"]},
            None,
            [("cross-account", f"account {INVALID} can pull")],
        ),
        ("PrincipalValid", {"AWS": f"arn:aws:iam::{TRUSTED}:root"}, None, []),
        (
            "SourceArnEqualsValid",
            "*",
            {"ArnEquals": {"aws:sourcearn": f"arn:aws:sns:us-east-1:{TRUSTED}:topic-name"}},
            [],
        ),
        (
            "SourceArnEqualsInvalid",
            "*",
            {"ArnEquals": {"aws:sourcearn": f"arn:aws:sns:us-east-1:{INVALID}:topic-name"}},
            [("cross-account", f"account {INVALID} can pull (named by a condition)")],
        ),
        (
            "SourceVpcEqualsValid",
            "*",
            {"StringEquals": {"aws:sourceVpc": "vpc-12345678"}},
            [
                (
                    "conditional-public",
                    "anyone matching StringEquals aws:sourceVpc = vpc-12345678 can pull",
                )
            ],
        ),
        (
            "SourceVpceEqualsInvalid",
            "*",
            {"StringEquals": {"aws:sourceVpce": "vpce-01234567"}},
            [
                (
                    "conditional-public",
                    "anyone matching StringEquals aws:sourceVpce = vpce-01234567 can pull",
                )
            ],
        ),
    ],
)
def test_custodian_s3_policies(
    policy_id: str, principal: Any, condition: dict[str, Any] | None, expected: list[Any]
) -> None:
    """CrossAccountChecker.test_s3_policies, each policy of s3-policies.json by its Id. A VPC
    or endpoint limits who gets in whichever it is (Custodian compares it with an allowed
    list; the audit shows it at severity info)."""
    found = verdict(
        principal, condition, actions=["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    )
    assert found == expected, policy_id


def test_custodian_s3_resource_org_id() -> None:
    """s3-orgid.json's aws:ResourceOrgID policies: Custodian reads the allowed organisation
    as a limit. In a repository policy it is the repository's own organisation, which says
    nothing about who calls: the statement stays public."""
    found = verdict("*", {"StringEquals": {"aws:ResourceOrgID": "o-goodorg12345"}})
    assert checks_of(found) == ["public"]
