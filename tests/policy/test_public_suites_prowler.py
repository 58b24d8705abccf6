"""More of Prowler's cases (tests/providers/aws/services/iam/lib/policy_test.py, Test_Policy),
rewritten as ECR repository policies, with the verdict AWS's semantics give for an ECR
request: the ARN-key, aws:ResourceAccount, two-list, VPC and organisation cases of
`is_condition_block_restrictive[_organization]` and the remaining `is_policy_public` cases.
test_public_suites.py holds the first ones and the other suites'."""

from __future__ import annotations

from typing import Any

import pytest
from test_public_suites import CROSS, NON_TRUSTED, TRUSTED, checks_of, verdict

TRAIL = "arn:aws:cloudtrail:eu-west-1:{}:trail/test"
TRAILS = "arn:aws:cloudtrail:*:{}:trail/*"
TRUSTED_ORG = "o-123456789012"
NON_TRUSTED_ORG = "o-111222333444"


@pytest.mark.parametrize("key", ["aws:SourceArn", "aws:PrincipalArn", "AWS:SourceArn"])
@pytest.mark.parametrize(
    ("operator", "arn"), [("ArnLike", TRAILS), ("ArnEquals", TRAIL), ("StringLike", TRAIL)]
)
def test_prowler_condition_parser_arn_keys(key: str, operator: str, arn: str) -> None:
    """test_condition_parser_{arn_like,arn_equals,string_like}_{aws,AWS}_{SourceArn,
    PrincipalArn}_{list,str}[_not_valid]: Prowler calls naming another account not
    restrictive. AWS: the own account's ARN lets in only the own account; adding another
    account's lets in exactly that account, which is cross-account, not public."""
    own, other = arn.format(TRUSTED), arn.format(NON_TRUSTED)
    assert verdict("*", {operator: {key: own}}) == []
    assert verdict("*", {operator: {key: [own]}}) == []
    assert verdict("*", {operator: {key: [own, other]}}) == [("cross-account", CROSS)]
    assert verdict("*", {operator: {key: other}}) == [("cross-account", CROSS)]


@pytest.mark.parametrize("operator", ["StringEquals", "StringLike"])
@pytest.mark.parametrize("key", ["aws:ResourceAccount", "AWS:ResourceAccount"])
def test_prowler_condition_parser_resource_account(operator: str, key: str) -> None:
    """test_condition_parser_string_{equals,like}_{aws,AWS}_ResourceAccount_{list,str}
    [_not_valid]: Prowler calls the trusted account restrictive. In a repository policy the
    resource account is always the own one: naming it restricts nobody (public), naming
    only another account matches no request (the statement grants nothing)."""
    assert checks_of(verdict("*", {operator: {key: TRUSTED}}))[:1] == ["public"]
    assert checks_of(verdict("*", {operator: {key: [TRUSTED]}}))[:1] == ["public"]
    assert checks_of(verdict("*", {operator: {key: [TRUSTED, NON_TRUSTED]}}))[:1] == ["public"]
    assert checks_of(verdict("*", {operator: {key: NON_TRUSTED}})) == ["inert-condition"]


@pytest.mark.parametrize(
    ("resource_accounts", "source_accounts", "expected"),
    [
        ([TRUSTED, NON_TRUSTED], [TRUSTED, NON_TRUSTED], [("cross-account", CROSS)]),
        ([TRUSTED], [TRUSTED], []),
        ([TRUSTED], [TRUSTED, NON_TRUSTED], [("cross-account", CROSS)]),
        ([TRUSTED, NON_TRUSTED], [TRUSTED], []),
    ],
    ids=["two_lists_unrestrictive", "both_restrictive", "first_restrictive", "second_restrictive"],
)
def test_prowler_condition_parser_two_lists(
    resource_accounts: list[str], source_accounts: list[str], expected: list[Any]
) -> None:
    """test_condition_parser_two_lists_*: only aws:SourceArn says who gets in, so
    "first_restrictive" (Prowler: restrictive) still lets the other account in."""
    condition = {
        "StringLike": {"AWS:ResourceAccount": resource_accounts},
        "ArnLike": {"AWS:SourceArn": [TRAILS.format(a) for a in source_accounts]},
    }
    assert verdict("*", condition) == expected


def test_prowler_condition_parser_allowing_cross_account_with_invalid_block() -> None:
    """test_condition_parser_allowing_cross_account_with_invalid_block: an s3: key is never
    in an ECR request, so StringLike never matches."""
    found = verdict("*", {"StringLike": {"s3:prefix": ["home/"]}})
    assert checks_of(found) == ["inert-condition"]


@pytest.mark.parametrize(
    "condition",
    [
        {"StringEquals": {"aws:SourceVpc": "vpc-123456"}},
        {"StringEquals": {"aws:sourcevpc": ["vpc-123456"]}},
        {"StringEquals": {"aws:SourceVpc": ["vpc-123456", "vpc-654321"]}},
    ],
    ids=["vpc", "vpc_list", "vpc_list_not_valid"],
)
def test_prowler_condition_parser_string_equals_vpc(condition: dict[str, Any]) -> None:
    """test_condition_parser_string_equals_vpc*: restricted to the VPCs (info)."""
    assert checks_of(verdict("*", condition)) == ["conditional-public"]


@pytest.mark.parametrize(
    ("orgs", "expected"),
    [
        ([TRUSTED_ORG], f"organisation {TRUSTED_ORG} can pull"),
        (TRUSTED_ORG, f"organisation {TRUSTED_ORG} can pull"),
        ([TRUSTED_ORG, NON_TRUSTED_ORG], f"organisation {TRUSTED_ORG}, {NON_TRUSTED_ORG} can pull"),
        ([TRUSTED_ORG, "*"], f"organisation {TRUSTED_ORG} can pull"),
    ],
    ids=["list", "str", "list_multiple_items", "All_Orgs_list_multiple_items"],
)
def test_prowler_condition_parser_principal_org_id(orgs: Any, expected: str) -> None:
    """test_condition_parser_string_equals_aws_PrincipalOrgID_* and ..._All_Orgs_list_
    multiple_items: Prowler calls the `*` list not restrictive; under StringEquals `*` is
    literal, so only the organisation named gets in."""
    found = verdict("*", {"StringEquals": {"aws:PrincipalOrgID": orgs}})
    assert found == [("conditional-public", expected)]


def test_prowler_condition_parser_string_equals_all_orgs_str() -> None:
    """test_condition_parser_string_equals_aws_All_Orgs_str: Prowler: not restrictive.
    Under StringEquals no organisation id is literally `*`: the statement grants nothing."""
    found = verdict("*", {"StringEquals": {"aws:PrincipalOrgID": "*"}})
    assert checks_of(found) == ["inert-condition"]


def test_prowler_policy_allows_cross_account_access_with_root_and_wildcard_principal() -> None:
    """test_policy_allows_cross_account_access_with_root_and_wildcard_principal: public."""
    found = verdict({"AWS": [f"arn:aws:iam::{TRUSTED}:root", "*"]})
    assert checks_of(found) == ["public"]


def test_prowler_policy_does_not_allow_cross_account_access_with_deny_effect() -> None:
    """test_policy_does_not_allow_cross_account_access_with_deny_effect: nothing granted."""
    assert verdict({"AWS": [f"arn:aws:iam::{TRUSTED}:root"]}, Effect="Deny") == []


def test_prowler_policy_does_not_allow_public_access_with_condition() -> None:
    """test_policy_does_not_allow_public_access_with_condition: a narrow network (info)."""
    found = verdict({"AWS": "*"}, {"IpAddress": {"aws:SourceIp": "192.0.2.0/24"}})
    assert checks_of(found) == ["conditional-public"]


def test_prowler_is_policy_public_alexa_condition() -> None:
    """test_is_policy_public_alexa_condition: a lambda: key is never in an ECR request."""
    condition = {"StringEquals": {"lambda:EventSourceToken": "test"}}
    found = verdict({"Service": "alexa-connectedhome.amazon.com"}, condition)
    assert checks_of(found) == ["inert-condition"]


def test_prowler_is_policy_private_org_s3_bucket() -> None:
    """test_is_policy_private_org_s3_bucket: a service acting only for the organisation in
    aws:SourceOrgID is not public, nor acting for any account."""
    condition = {"StringLike": {"aws:SourceOrgID": TRUSTED_ORG}}
    found = verdict({"Service": "personalize.amazonaws.com"}, condition, actions="ecr:*")
    assert "service-no-source" not in checks_of(found)
    assert "public" not in checks_of(found)
    assert (
        "conditional-public",
        f"personalize.amazonaws.com acting for organisation {TRUSTED_ORG} can "
        "do anything (every ECR action)",
    ) in found


def test_prowler_is_policy_public_cross_service_confused_deputy() -> None:
    """test_is_policy_public_cross_cross_service_confused_deputy: a service principal
    without a source condition can be used on behalf of any account."""
    assert checks_of(verdict({"Service": "ec2.amazonaws.com"})) == ["service-no-source"]
