"""What a condition really grants: accounts named in a condition are cross-account access,
wildcards count only under the Like and Arn operators, and a key an ECR request never
carries makes a positive operator (and so the statement) inert."""

from __future__ import annotations

from typing import Any

import pytest

from ecr_tui.policy.audit import Finding, Severity, audit_document
from ecr_tui.policy.document import PolicyDocument

OWN = "123456789012"
PARTNER = "111122223333"
OTHER = "444455556666"
ORG = "o-a1b2c3d4e5"
PULL = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]


def audit(
    principal: Any, condition: dict[str, Any] | None, actions: Any = PULL, **options: Any
) -> list[Finding]:
    statement: dict[str, Any] = {"Sid": "S", "Effect": "Allow", "Principal": principal}
    statement["Action"] = actions
    if condition is not None:
        statement["Condition"] = condition
    document = PolicyDocument({"Version": "2012-10-17", "Statement": [statement]})
    return audit_document(document, own_account=OWN, **options)


def checks(findings: list[Finding]) -> list[str]:
    return [f.check for f in findings]


NAMING_PARTNER = [
    {"StringEquals": {"aws:PrincipalAccount": PARTNER}},
    {"StringLike": {"aws:PrincipalAccount": PARTNER}},
    {"StringEquals": {"aws:SourceAccount": PARTNER}},
    {"StringEquals": {"aws:SourceOwner": PARTNER}},
    {"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{PARTNER}:role/ci/*"}},
    {"ArnEquals": {"aws:PrincipalArn": f"arn:aws:iam::{PARTNER}:role/deployer"}},
    {"StringEquals": {"aws:PrincipalArn": f"arn:aws:iam::{PARTNER}:root"}},
    {"ArnLike": {"aws:SourceArn": f"arn:aws:codebuild:*:{PARTNER}:project/*"}},
    {"stringequals": {"AWS:PRINCIPALACCOUNT": PARTNER}},
]


@pytest.mark.parametrize("condition", NAMING_PARTNER)
def test_everybody_limited_to_named_accounts_is_cross_account(condition: dict[str, Any]) -> None:
    (finding,) = audit("*", condition)
    assert (finding.check, finding.severity) == ("cross-account", Severity.MEDIUM)
    assert finding.message == f"account {PARTNER} can pull (named by a condition)"
    assert "public" not in checks(audit("*", condition))


@pytest.mark.parametrize("condition", NAMING_PARTNER)
def test_trusted_accounts_silence_accounts_named_in_a_condition(condition: dict[str, Any]) -> None:
    assert audit("*", condition, trusted_accounts=[PARTNER]) == []


@pytest.mark.parametrize(
    "condition",
    [
        {"StringEquals": {"aws:PrincipalAccount": OWN}},
        {"StringEquals": {"aws:SourceAccount": OWN}},
        {"ArnLike": {"aws:SourceArn": f"arn:aws:lambda:us-east-1:{OWN}:function:*"}},
        {"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{OWN}:role/*"}},
    ],
)
def test_a_condition_naming_only_the_own_account_stays_quiet(condition: dict[str, Any]) -> None:
    assert audit("*", condition) == []


def test_every_named_account_is_listed() -> None:
    findings = audit("*", {"StringEquals": {"aws:PrincipalAccount": [OTHER, PARTNER, OWN]}})
    assert [f.message for f in findings] == [
        f"accounts {PARTNER}, {OTHER} can pull (named by a condition)"
    ]


def test_clauses_on_two_account_keys_must_both_hold() -> None:
    condition = {
        "StringEquals": {"aws:PrincipalAccount": [PARTNER, OTHER]},
        "ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{OTHER}:role/*"},
    }
    (finding,) = audit("*", condition)
    assert finding.message == f"account {OTHER} can pull (named by a condition)"


def test_named_accounts_with_every_action_can_change_the_policy() -> None:
    findings = audit("*", {"StringEquals": {"aws:PrincipalAccount": PARTNER}}, "ecr:*")
    assert checks(findings) == ["policy-admin", "cross-account", "wildcard-action"]
    assert findings[0].message == f"account {PARTNER} can change or delete this policy"


def test_a_wildcard_account_value_is_still_weak() -> None:
    findings = audit("*", {"StringLike": {"aws:PrincipalAccount": "1111*"}})
    assert checks(findings) == ["weak-condition"]


@pytest.mark.parametrize(
    ("condition", "who"),
    [
        ({"StringEquals": {"aws:SourceAccount": PARTNER}}, f"account {PARTNER}"),
        (
            {"ArnLike": {"aws:SourceArn": f"arn:aws:codebuild:us-east-1:{OTHER}:project/*"}},
            f"account {OTHER}",
        ),
    ],
)
def test_a_service_acting_for_another_account_is_cross_account(
    condition: dict[str, Any], who: str
) -> None:
    (finding,) = audit({"Service": "codebuild.amazonaws.com"}, condition)
    assert (finding.check, finding.severity) == ("cross-account", Severity.MEDIUM)
    assert finding.message == f"codebuild.amazonaws.com acting for {who} can pull"
    service = {"Service": "codebuild.amazonaws.com"}
    assert audit(service, condition, trusted_accounts=[PARTNER, OTHER]) == []


def test_a_service_acting_for_the_own_account_is_fine() -> None:
    condition = {"StringEquals": {"aws:SourceAccount": OWN}}
    assert audit({"Service": "codebuild.amazonaws.com"}, condition) == []


# Operators mean what AWS says ---------------------------------------------------------------


def test_a_star_under_string_equals_is_a_literal() -> None:
    (finding,) = audit("*", {"StringEquals": {"aws:PrincipalOrgID": [ORG, "*"]}})
    assert (finding.check, finding.severity) == ("conditional-public", Severity.INFO)
    assert finding.message == f"organisation {ORG} can pull"


@pytest.mark.parametrize("operator", ["StringLike", "ForAnyValue:StringLike"])
def test_a_star_under_string_like_is_a_wildcard(operator: str) -> None:
    assert checks(audit("*", {operator: {"aws:PrincipalOrgID": [ORG, "*"]}})) == ["weak-condition"]


def test_a_literal_star_account_matches_no_account() -> None:
    findings = audit("*", {"StringEquals": {"aws:SourceAccount": "*"}})
    assert checks(findings) == ["inert-condition"]


@pytest.mark.parametrize(
    "condition",
    [
        {"StringEquals": {"kms:ViaService": "ecr.us-east-1.amazonaws.com"}},
        {"StringEquals": {"s3:ResourceAccount": OWN}},
        {"ArnLike": {"lambda:FunctionArn": f"arn:aws:lambda:*:{OWN}:function:*"}},
        {"Bool": {"kms:GrantIsForAWSResource": "true"}},
        {"ForAnyValue:StringEquals": {"kms:EncryptionContextKeys": "team"}},
        {"Null": {"kms:ViaService": "false"}},
    ],
)
def test_a_positive_operator_on_a_key_ecr_never_carries_grants_nothing(
    condition: dict[str, Any],
) -> None:
    findings = audit("*", condition, "ecr:*")
    (finding,) = findings
    assert (finding.check, finding.severity) == ("inert-condition", Severity.LOW)
    assert finding.message.startswith("the statement grants nothing: ECR requests never carry")


@pytest.mark.parametrize(
    "condition",
    [
        {"StringNotEquals": {"kms:ViaService": "ecr.us-east-1.amazonaws.com"}},
        {"StringEqualsIfExists": {"s3:ResourceAccount": OWN}},
        {"ForAllValues:StringEquals": {"kms:EncryptionContextKeys": "team"}},
        {"Null": {"kms:ViaService": "true"}},
        {"ArnNotLike": {"lambda:FunctionArn": "arn:aws:lambda:*"}},
    ],
)
def test_an_operator_that_matches_an_absent_key_leaves_the_statement_open(
    condition: dict[str, Any],
) -> None:
    assert checks(audit("*", condition))[:1] == ["public"]


@pytest.mark.parametrize(
    "condition",
    [
        {"StringEquals": {"aws:ResourceAccount": OWN}},
        {"ForAnyValue:StringEquals": {"aws:CalledVia": "cloudformation.amazonaws.com"}},
        {"StringEquals": {"aws:CalledViaFirst": "cloudformation.amazonaws.com"}},
        {"StringEquals": {"ecr:ResourceTag/team": "platform"}},
    ],
)
def test_keys_that_do_not_say_who_calls_leave_public_public(condition: dict[str, Any]) -> None:
    assert checks(audit("*", condition))[:1] == ["public"]


@pytest.mark.parametrize(
    "condition",
    [
        {"StringEqualsIfExists": {"aws:PrincipalAccount": PARTNER}},
        {"ForAllValues:StringEquals": {"aws:PrincipalOrgID": ORG}},
    ],
)
def test_ifexists_and_forallvalues_on_an_omittable_key_do_not_restrict(
    condition: dict[str, Any],
) -> None:
    assert checks(audit("*", condition)) == ["weak-condition"]


@pytest.mark.parametrize(
    "condition",
    [
        {"StringEquals": {"aws:userid": "AROAEXAMPLEROLEID1234:session"}},
        {"ArnEquals": {"aws:SourceArn": "arn:aws:s3:::build-artifacts"}},
    ],
)
def test_exact_userid_and_source_arn_values_restrict(condition: dict[str, Any]) -> None:
    assert checks(audit("*", condition)) == ["conditional-public"]


def test_an_inert_statement_is_inert_whoever_it_names() -> None:
    condition = {"StringEquals": {"kms:ViaService": "ecr.us-east-1.amazonaws.com"}}
    assert checks(audit({"AWS": PARTNER}, condition)) == ["inert-condition"]


@pytest.mark.parametrize(
    ("condition", "literal"),
    [
        ({"StringEquals": {"aws:SourceArn": "*"}}, "StringEquals aws:SourceArn = *"),
        ({"StringEquals": {"aws:userid": "*"}}, "StringEquals aws:userid = *"),
        (
            {"StringEquals": {"aws:SourceVpce": ["*", "vpce-*"]}},
            "StringEquals aws:SourceVpce = [*, vpce-*]",
        ),
        ({"StringEqualsIgnoreCase": {"aws:PrincipalOrgID": "o-*"}}, None),
        ({"StringEquals": {"aws:PrincipalArn": "arn:aws:iam::*:role/*"}}, None),
    ],
)
def test_only_literal_wildcards_under_string_equals_match_nobody(
    condition: dict[str, Any], literal: str | None
) -> None:
    """No caller's ARN, user id, endpoint or organisation is literally `*`: nothing matches."""
    (finding,) = audit("*", condition, "ecr:*")
    assert (finding.check, finding.severity) == ("inert-condition", Severity.LOW)
    assert finding.message.startswith("the statement grants nothing: ")
    if literal is not None:
        assert finding.message == (
            f"the statement grants nothing: {literal} compares * and ? literally, "
            "and no request has such a value"
        )


def test_a_literal_wildcard_beside_a_real_value_leaves_the_real_value() -> None:
    condition = {"StringEquals": {"aws:SourceVpce": ["*", "vpce-1a2b3c4d"]}}
    assert checks(audit("*", condition)) == ["conditional-public"]


def test_the_resource_account_of_another_account_matches_no_request() -> None:
    """aws:ResourceAccount is always the repository's own account."""
    (finding,) = audit("*", {"StringEquals": {"aws:ResourceAccount": PARTNER}}, "ecr:*")
    assert (finding.check, finding.severity) == ("inert-condition", Severity.LOW)
    assert finding.message == (
        f"the statement grants nothing: aws:ResourceAccount is always {OWN}, "
        "the repository's own account"
    )
    own_too = {"StringEquals": {"aws:ResourceAccount": [PARTNER, OWN]}}
    assert checks(audit("*", own_too))[:1] == ["public"]
    negated = {"StringNotEquals": {"aws:ResourceAccount": PARTNER}}
    assert checks(audit("*", negated))[:1] == ["public"]


@pytest.mark.parametrize(
    "condition",
    [
        {"ForAnyValue:StringLike": {"aws:SourceOrgPaths": f"{ORG}/r-ab12/*"}},
        {"StringLike": {"aws:SourceOrgID": f"{ORG}*"}},
    ],
)
def test_a_service_limited_to_an_organisation_by_a_pattern_acts_for_it(
    condition: dict[str, Any],
) -> None:
    (finding,) = audit({"Service": "codebuild.amazonaws.com"}, condition)
    assert (finding.check, finding.severity) == ("conditional-public", Severity.INFO)
    assert "acting for organisation o-a1b2c3d4e5" in finding.message


def test_a_service_limited_by_an_open_organisation_pattern_acts_for_any_account() -> None:
    condition = {"StringLike": {"aws:SourceOrgID": "o-*"}}
    assert checks(audit({"Service": "codebuild.amazonaws.com"}, condition)) == ["service-no-source"]


def test_a_literal_star_source_organisation_matches_no_request() -> None:
    condition = {"StringEquals": {"aws:SourceOrgID": "*"}}
    assert checks(audit({"Service": "codebuild.amazonaws.com"}, condition)) == ["inert-condition"]
