"""Cases from the public test suites of policy auditors, rewritten as ECR repository
policies, each with the verdict AWS's semantics give for an ECR request.

Sources (test names as they appear there):
- Prowler, tests/providers/aws/services/iam/lib/policy_test.py, Test_Policy: the
  `test_condition_parser_*` cases of `is_condition_block_restrictive` and the
  `test_is_policy_public*` cases of `is_policy_public`.
- policyuniverse, tests/test_statement.py `test_statement_internet_accessible` and
  tests/test_policy.py `test_internet_accessible` (`is_internet_accessible`).
- Cloud Custodian, tests/test_iamaccess.py `CrossAccountChecker` (`check_cross_account`):
  `test_not_principal_allowed` and the condition cases of its policy data.
Where a suite's verdict differs from AWS's for ECR, the case says so. More cases:
test_public_suites_prowler.py, test_public_suites_custodian.py and (hashicorp's
awspolicyequivalence) test_public_suites_equivalence.py.
"""

from __future__ import annotations

from typing import Any

import pytest

from ecr_tui.policy.audit import Finding, audit_document
from ecr_tui.policy.document import PolicyDocument

TRUSTED = "123456789012"  # Prowler's TRUSTED_AWS_ACCOUNT_NUMBER: the repository's own
NON_TRUSTED = "111222333444"  # Prowler's NON_TRUSTED_AWS_ACCOUNT_NUMBER
PULL = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
CROSS = f"account {NON_TRUSTED} can pull (named by a condition)"


def verdict(
    principal: Any, condition: dict[str, Any] | None = None, actions: Any = PULL, **more: Any
) -> list[tuple[str, str]]:
    statement: dict[str, Any] = {"Sid": "S", "Effect": "Allow"}
    if principal is not None:
        statement["Principal"] = principal
    statement["Action"] = actions
    if condition is not None:
        statement["Condition"] = condition
    statement.update(more)
    document = PolicyDocument({"Version": "2012-10-17", "Statement": [statement]})
    found: list[Finding] = audit_document(document, own_account=TRUSTED)
    return [(f.check, f.message) for f in found]


def checks_of(found: list[tuple[str, str]]) -> list[str]:
    return [check for check, _ in found]


# Prowler is_condition_block_restrictive: an account key naming only the trusted account
# restricts; naming another account too does not (Prowler calls that not restrictive, so
# public). AWS: exactly the named accounts get in, which is cross-account access to them.
ACCOUNT_KEYS = ["aws:SourceAccount", "aws:SourceOwner", "aws:PrincipalAccount"]


@pytest.mark.parametrize("operator", ["StringEquals", "StringLike"])
@pytest.mark.parametrize("key", ACCOUNT_KEYS)
@pytest.mark.parametrize("value", [TRUSTED, [TRUSTED]])
def test_prowler_condition_parser_account_key_naming_the_trusted_account(
    operator: str, key: str, value: Any
) -> None:
    """test_condition_parser_string_{equals,like}_aws_{SourceAccount,SourceOwner,
    PrincipalAccount}_{list,str}: restrictive. AWS agrees: only the own account."""
    assert verdict("*", {operator: {key: value}}) == []


@pytest.mark.parametrize("operator", ["StringEquals", "StringLike"])
@pytest.mark.parametrize("key", ACCOUNT_KEYS)
@pytest.mark.parametrize("value", [NON_TRUSTED, [TRUSTED, NON_TRUSTED]])
def test_prowler_condition_parser_account_key_naming_another_account(
    operator: str, key: str, value: Any
) -> None:
    """test_condition_parser_..._{list,str}_not_valid: Prowler says not restrictive.
    AWS: the other account, and only it, gets in: cross-account, not public."""
    assert verdict("*", {operator: {key: value}}) == [("cross-account", CROSS)]


@pytest.mark.parametrize("value", [TRUSTED, [TRUSTED, NON_TRUSTED], NON_TRUSTED])
def test_prowler_condition_parser_s3_resource_account(value: Any) -> None:
    """test_condition_parser_string_equals_s3_ResourceAccount_{list,str}[_not_valid]:
    Prowler reads s3:ResourceAccount as restrictive. An ECR request never carries an s3:
    key, so StringEquals never matches: the statement grants nothing."""
    found = verdict("*", {"StringEquals": {"s3:ResourceAccount": value}})
    assert checks_of(found) == ["inert-condition"]


def test_prowler_condition_parser_arn_like_source_arn() -> None:
    """test_condition_parser_arn_like_aws_SourceArn_list: the ARN's account decides."""
    own = f"arn:aws:cloudtrail:*:{TRUSTED}:trail/*"
    other = f"arn:aws:cloudtrail:*:{NON_TRUSTED}:trail/*"
    assert verdict("*", {"ArnLike": {"aws:SourceArn": own}}) == []
    assert verdict("*", {"ArnLike": {"aws:SourceArn": [own]}}) == []
    assert verdict("*", {"ArnLike": {"aws:SourceArn": other}}) == [("cross-account", CROSS)]


@pytest.mark.parametrize("account", [TRUSTED, NON_TRUSTED])
def test_prowler_condition_parser_string_equals_source_arn(account: str) -> None:
    """test_condition_parser_string_equals_aws_SourceArn_str[_not_valid]: Prowler reads the
    `*` in `arn:aws:cloudtrail:*:ACCOUNT:trail/*` as a wildcard and lets the account decide.
    Under StringEquals AWS compares it literally: no source ARN has a `*`, nothing matches."""
    value = f"arn:aws:cloudtrail:*:{account}:trail/*"
    assert checks_of(verdict("*", {"StringEquals": {"aws:SourceArn": value}})) == [
        "inert-condition"
    ]


@pytest.mark.parametrize("principal", ["*", {"AWS": "*"}])
def test_prowler_is_policy_public(principal: Any) -> None:
    """test_is_policy_public_ and test_is_policy_public_with_principal_dict: public."""
    found = verdict(principal)
    assert checks_of(found) == ["public"]


@pytest.mark.parametrize("action", ["ecr:*", "*"])
def test_prowler_is_policy_public_with_every_action(action: str) -> None:
    """test_is_policy_public_with_action_wildcard and ..._allowing_all_actions: public,
    and for ECR also public push and policy administration."""
    found = checks_of(verdict("*", actions=action))
    assert found[:3] == ["public", "public-write", "policy-admin"]


def test_prowler_is_policy_public_allowing_other_account() -> None:
    """test_is_policy_public_allowing_other_account (the trusted account's root): not public,
    and nothing to report, it is the repository's own account."""
    assert checks_of(verdict({"AWS": f"arn:aws:iam::{TRUSTED}:root"}, actions="ecr:*")) == [
        "wildcard-action"
    ]


def test_prowler_is_policy_public_with_secure_conditions_and_allowed_conditions() -> None:
    """test_is_policy_public_with_secure_conditions_and_allowed_conditions[_nested]:
    Prowler: not public. For ECR the elasticfilesystem: key is never in the request, so
    Bool never matches and the statement grants nothing at all."""
    condition = {
        "Bool": {"elasticfilesystem:AccessedViaMountTarget": "true"},
        "StringEquals": {"aws:SourceOwner": TRUSTED},
        "StringEqualsIfExists": {"aws:SourceVpce": "vpce-1234567890abcdef0"},
    }
    assert checks_of(verdict("*", condition)) == ["inert-condition"]


def test_prowler_is_policy_public_ip() -> None:
    """test_is_policy_public_ip: 0.0.0.0/0 is everybody; the condition does not restrict."""
    found = verdict({"AWS": "*"}, {"IpAddress": {"aws:SourceIp": ["0.0.0.0/0"]}}, ["*"])
    assert checks_of(found)[0] == "weak-condition"
    assert found[0][1].startswith("anyone can do anything (every ECR action)")


def test_prowler_is_policy_public_secrets_manager_and_eks() -> None:
    """test_is_policy_public_secrets_manager / _eks: a service principal is not public;
    for ECR without a source condition it is a confused deputy."""
    found = verdict({"Service": "eks.amazonaws.com"})
    assert checks_of(found) == ["service-no-source"]


# policyuniverse is_internet_accessible -----------------------------------------------------


@pytest.mark.parametrize(
    "principal", ["*", {"AWS": "*"}, {"AWS": ["*"]}, {"AWS": "arn:aws:iam::*:root"}]
)
def test_policyuniverse_statement_internet_accessible_principals(principal: Any) -> None:
    """test_statement_internet_accessible: every form of everybody is accessible."""
    assert checks_of(verdict(principal)) == ["public"]


@pytest.mark.parametrize(
    "condition",
    [
        {"StringEquals": {"aws:SourceVpc": "vpc-111111"}},
        {"StringEquals": {"aws:SourceVpce": "vpce-111111"}},
        {"StringEquals": {"aws:PrincipalOrgID": "o-abcdefghij"}},
        {"StringLike": {"aws:userid": "AROAI1111111111111111:*"}},
        {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}},
    ],
)
def test_policyuniverse_restricting_conditions_are_not_internet_accessible(
    condition: dict[str, Any],
) -> None:
    """test_statement_internet_accessible: restricted by a VPC, an organisation, a user id or
    a network; not internet accessible. The audit lists who, at severity info."""
    assert checks_of(verdict("*", condition)) == ["conditional-public"]


@pytest.mark.parametrize(
    "condition",
    [
        {"StringEquals": {"aws:SourceOwner": NON_TRUSTED}},
        {"ArnLike": {"aws:SourceArn": f"arn:aws:iam::{NON_TRUSTED}:role/*"}},
        {"ArnEquals": {"aws:PrincipalArn": f"arn:aws:iam::{NON_TRUSTED}:role/deployer"}},
    ],
)
def test_policyuniverse_account_conditions_are_not_internet_accessible(
    condition: dict[str, Any],
) -> None:
    """test_statement_internet_accessible: an account-pinning condition is not internet
    accessible; it is access for that account."""
    assert verdict("*", condition) == [("cross-account", CROSS)]


@pytest.mark.parametrize(
    "condition",
    [
        {"StringLike": {"aws:SourceArn": "*"}},
        {"ArnLike": {"aws:SourceArn": "arn:aws:iam::*:role/*"}},
        {"StringLike": {"aws:PrincipalOrgID": "o-*"}},
    ],
)
def test_policyuniverse_wildcard_conditions_are_internet_accessible(
    condition: dict[str, Any],
) -> None:
    """test_internet_accessible: a wildcard that pins nothing leaves it accessible."""
    assert checks_of(verdict("*", condition)) == ["weak-condition"]


def test_policyuniverse_a_star_under_string_equals() -> None:
    """policyuniverse treats a `*` condition value as matching anything whatever the
    operator; under StringEquals AWS compares it literally: no account is `*`."""
    found = verdict("*", {"StringEquals": {"aws:SourceOwner": "*"}})
    assert checks_of(found) == ["inert-condition"]


# Cloud Custodian CrossAccountChecker -------------------------------------------------------


def test_custodian_not_principal_allowed() -> None:
    """CrossAccountChecker.test_not_principal_allowed: an Allow with NotPrincipal is
    cross-account (for ECR: everyone except the listed principals, critical)."""
    found = verdict(None, NotPrincipal={"AWS": "arn:aws:iam::901200000000:root"})
    assert "not-principal" in checks_of(found)


def test_custodian_source_arn_of_another_account_is_cross_account() -> None:
    """CrossAccountChecker condition cases: `*` with aws:SourceArn of another account's
    resource is access for that account; the own account's is not."""
    other = f"arn:aws:sns:us-east-1:{NON_TRUSTED}:topic"
    assert verdict("*", {"ArnEquals": {"aws:SourceArn": other}}) == [("cross-account", CROSS)]
    own = f"arn:aws:sns:us-east-1:{TRUSTED}:topic"
    assert verdict("*", {"ArnEquals": {"aws:SourceArn": own}}) == []


def test_custodian_organisation_condition_is_not_cross_account() -> None:
    """CrossAccountChecker: aws:PrincipalOrgID limits to an organisation (allowed orgs);
    the audit names it at severity info."""
    found = verdict("*", {"StringEquals": {"aws:PrincipalOrgID": "o-abcdefghij"}})
    assert found == [("conditional-public", "organisation o-abcdefghij can pull")]
