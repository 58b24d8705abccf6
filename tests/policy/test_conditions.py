"""Which conditions really narrow who a statement applies to, and what the audit makes of
them: exact values restrict; negations, wildcards, the whole internet and IfExists do not."""

from __future__ import annotations

from typing import Any

import pytest

from ecr_tui.policy.audit import Finding, Severity, audit_document
from ecr_tui.policy.conditions import (
    Clause,
    clauses_of,
    has_source_condition,
    restricting_clauses,
)
from ecr_tui.policy.document import PolicyDocument

ORG = "o-a1b2c3d4e5"
OWN = "123456789012"
PARTNER = "111122223333"
PULL = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
LAMBDA_ARN = f"arn:aws:lambda:us-east-1:{OWN}:function:*"

RESTRICTING: list[tuple[str, str, Any]] = [
    ("StringEquals", "aws:PrincipalOrgID", ORG),
    ("StringEquals", "aws:PrincipalOrgID", [ORG, "o-f6g7h8i9j0"]),
    ("StringLike", "aws:PrincipalOrgPaths", f"{ORG}/r-ab12/ou-ab12-11111111/*"),
    ("StringEquals", "aws:PrincipalAccount", PARTNER),
    ("ArnLike", "aws:PrincipalArn", f"arn:aws:iam::{PARTNER}:role/ci/*"),
    ("StringEquals", "aws:SourceAccount", PARTNER),
    ("ArnLike", "aws:SourceArn", LAMBDA_ARN),
    ("ArnLike", "aws:SourceArn", f"arn:aws:codebuild:*:{OWN}:project/*"),
    ("StringEquals", "aws:SourceOwner", PARTNER),
    ("StringEquals", "aws:SourceVpc", "vpc-0a1b2c3d"),
    ("StringEquals", "aws:SourceVpce", "vpce-0a1b2c3d4e5f6a7b8"),
    ("StringLike", "aws:userid", "AROAEXAMPLEROLEID1234:*"),
    ("IpAddress", "aws:SourceIp", "203.0.113.0/24"),
    ("IpAddress", "aws:SourceIp", ["203.0.113.0/24", "2001:db8::/32"]),
    ("stringequals", "AWS:PRINCIPALORGID", ORG),
]

NOT_RESTRICTING: list[tuple[str, str, Any, str]] = [
    ("StringNotEquals", "aws:PrincipalOrgID", ORG, "only excludes"),
    ("StringNotLike", "aws:SourceAccount", PARTNER, "only excludes"),
    ("ArnNotLike", "aws:SourceArn", LAMBDA_ARN, "only excludes"),
    ("ForAnyValue:StringNotEquals", "aws:PrincipalOrgID", ORG, "only excludes"),
    ("NotIpAddress", "aws:SourceIp", "203.0.113.0/24", "only excludes"),
    ("StringLike", "aws:PrincipalOrgID", "o-*", "matches too much"),
    ("StringLike", "aws:PrincipalOrgID", "*", "matches too much"),
    ("StringLike", "aws:SourceAccount", "1111*", "matches too much"),
    ("ArnLike", "aws:SourceArn", "arn:aws:lambda:us-east-1:*:function:app", "matches too much"),
    ("ArnLike", "aws:PrincipalArn", "arn:aws:*", "matches too much"),
    ("StringLike", "aws:SourceVpce", "vpce-*", "matches too much"),
    ("IpAddress", "aws:SourceIp", "0.0.0.0/0", "whole internet"),
    ("IpAddress", "aws:SourceIp", "::/0", "whole internet"),
    ("IpAddress", "aws:SourceIp", ["203.0.113.0/24", "0.0.0.0/0"], "whole internet"),
    ("StringEqualsIfExists", "aws:PrincipalOrgID", ORG, "without aws:PrincipalOrgID"),
    ("ArnLikeIfExists", "aws:SourceArn", LAMBDA_ARN, "without aws:SourceArn"),
    ("ForAllValues:StringEquals", "aws:PrincipalOrgID", ORG, "without aws:PrincipalOrgID"),
    ("Null", "aws:PrincipalOrgID", "false", "present"),
]


def audit_everybody(condition: dict[str, Any], actions: Any = PULL) -> list[Finding]:
    statement = {"Sid": "S", "Effect": "Allow", "Principal": "*", "Action": actions}
    statement["Condition"] = condition
    document = PolicyDocument({"Version": "2012-10-17", "Statement": [statement]})
    return audit_document(document, own_account=OWN)


def checks(findings: list[Finding]) -> list[str]:
    return [f.check for f in findings]


@pytest.mark.parametrize(("operator", "key", "value"), RESTRICTING)
def test_exact_values_restrict(operator: str, key: str, value: Any) -> None:
    clause = Clause(operator, key, tuple(value) if isinstance(value, list) else (value,))
    assert clause.why_weak is None
    assert restricting_clauses({operator: {key: value}}) == ([clause], [])


@pytest.mark.parametrize(("operator", "key", "value", "why"), NOT_RESTRICTING)
def test_negations_wildcards_the_internet_and_ifexists_do_not_restrict(
    operator: str, key: str, value: Any, why: str
) -> None:
    strong, weak = restricting_clauses({operator: {key: value}})
    assert strong == []
    assert [c.key for c in weak] == [key]
    assert why in (weak[0].why_weak or "")


@pytest.mark.parametrize(
    "condition",
    [
        {"StringEquals": {"aws:PrincipalTag/team": "platform"}},
        {"Bool": {"aws:SecureTransport": "true"}},
        {"StringEquals": {"ecr:ResourceTag/env": "prod"}},
    ],
)
def test_keys_that_do_not_say_who_are_ignored(condition: dict[str, Any]) -> None:
    assert restricting_clauses(condition) == ([], [])
    assert checks(audit_everybody(condition))[:1] == ["public"]


@pytest.mark.parametrize("condition", [None, "x", [], {"StringEquals": "aws:SourceAccount"}])
def test_malformed_conditions_give_no_clauses(condition: Any) -> None:
    assert clauses_of(condition) == []
    assert restricting_clauses(condition) == ([], [])
    assert not has_source_condition(condition)


def test_clause_text_shows_the_condition() -> None:
    (one,) = clauses_of({"StringEquals": {"aws:SourceAccount": PARTNER}})
    assert one.text == f"StringEquals aws:SourceAccount = {PARTNER}"
    (two,) = clauses_of({"StringEquals": {"aws:SourceAccount": [PARTNER, OWN]}})
    assert two.text == f"StringEquals aws:SourceAccount = [{PARTNER}, {OWN}]"


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"StringEquals": {"aws:SourceAccount": OWN}}, True),
        ({"ArnLike": {"aws:SourceArn": LAMBDA_ARN}}, True),
        ({"StringLike": {"aws:sourcearn": f"arn:aws:codebuild:*:{OWN}:project/*"}}, True),
        ({"StringNotEquals": {"aws:SourceAccount": OWN}}, False),
        ({"StringEqualsIfExists": {"aws:SourceAccount": OWN}}, False),
        ({"ArnLike": {"aws:SourceArn": "*"}}, False),
        ({"StringEquals": {"aws:PrincipalOrgID": ORG}}, False),
        ({}, False),
    ],
)
def test_source_condition(condition: dict[str, Any], expected: bool) -> None:
    assert has_source_condition(condition) is expected


# What the audit makes of them ------------------------------------------------------------


NAMING_ACCOUNTS = {"aws:principalaccount", "aws:principalarn", "aws:sourceaccount"}
NAMING_ACCOUNTS |= {"aws:sourcearn", "aws:sourceowner"}


@pytest.mark.parametrize(
    ("operator", "key", "value"), [r for r in RESTRICTING if r[1].lower() not in NAMING_ACCOUNTS]
)
def test_restricted_everybody_is_conditional_public(operator: str, key: str, value: Any) -> None:
    findings = audit_everybody({operator: {key: value}})
    assert checks(findings) == ["conditional-public"]
    assert findings[0].severity is Severity.INFO


def test_conditional_public_names_the_organisation() -> None:
    (finding,) = audit_everybody({"StringEquals": {"aws:PrincipalOrgID": ORG}})
    assert finding.message == f"organisation {ORG} can pull"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("aws:SourceVpc", "vpc-0a1b2c3d"),
        ("aws:SourceVpce", "vpce-0a1b2c3d4e5f6a7b8"),
        ("aws:SourceArn", "arn:aws:s3:::build-artifacts"),
    ],
)
def test_conditional_public_shows_the_condition(key: str, value: str) -> None:
    operator = "ArnLike" if key == "aws:SourceArn" else "StringEquals"
    (finding,) = audit_everybody({operator: {key: value}})
    assert finding.message == f"anyone matching {operator} {key} = {value} can pull"


@pytest.mark.parametrize(("operator", "key", "value", "why"), NOT_RESTRICTING)
def test_weakly_restricted_everybody_is_high(operator: str, key: str, value: Any, why: str) -> None:
    findings = audit_everybody({operator: {key: value}})
    assert checks(findings) == ["weak-condition"]
    assert findings[0].severity is Severity.HIGH
    assert findings[0].message.startswith("anyone can pull: the condition does not restrict (")
    assert why in findings[0].message


def test_one_exact_clause_restricts_even_beside_a_weak_one() -> None:
    findings = audit_everybody(
        {
            "StringEquals": {"aws:PrincipalOrgID": ORG},
            "IpAddress": {"aws:SourceIp": "0.0.0.0/0"},
        }
    )
    assert checks(findings) == ["conditional-public"]


def test_weak_condition_on_everything_still_says_who_can_change_the_policy() -> None:
    findings = audit_everybody({"StringNotEquals": {"aws:PrincipalOrgID": ORG}}, "ecr:*")
    assert checks(findings) == ["weak-condition", "policy-admin", "wildcard-action"]
    assert "public" not in checks(findings)


def test_organisation_with_every_action_can_change_the_policy() -> None:
    findings = audit_everybody({"StringEquals": {"aws:PrincipalOrgID": ORG}}, "ecr:*")
    admin = next(f for f in findings if f.check == "policy-admin")
    assert admin.message == f"organisation {ORG} can change or delete this policy"
    assert checks(findings)[-1] == "conditional-public"


def service_findings(condition: dict[str, Any] | None) -> list[Finding]:
    statement: dict[str, Any] = {
        "Sid": "LambdaECRImageRetrievalPolicy",
        "Effect": "Allow",
        "Principal": {"Service": "lambda.amazonaws.com"},
        "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
    }
    if condition is not None:
        statement["Condition"] = condition
    document = PolicyDocument({"Version": "2012-10-17", "Statement": [statement]})
    return audit_document(document, own_account=OWN)


@pytest.mark.parametrize(
    "condition",
    [
        None,
        {"StringEquals": {"aws:PrincipalOrgID": ORG}},
        {"StringNotEquals": {"aws:SourceAccount": OWN}},
        {"StringLike": {"aws:SourceArn": "arn:aws:lambda:*"}},
        {"StringEqualsIfExists": {"aws:SourceAccount": OWN}},
    ],
)
def test_service_without_a_real_source_condition_is_a_confused_deputy(
    condition: dict[str, Any] | None,
) -> None:
    findings = service_findings(condition)
    assert checks(findings) == ["service-no-source"]
    assert findings[0].severity is Severity.MEDIUM
    assert findings[0].message.startswith("lambda.amazonaws.com can pull on behalf of any account")


@pytest.mark.parametrize(
    "condition",
    [
        {"StringEquals": {"aws:SourceAccount": OWN}},
        {"StringLike": {"aws:sourceArn": LAMBDA_ARN}},
        {"ArnLike": {"aws:SourceArn": f"arn:aws:lambda:*:{OWN}:function:*"}},
    ],
)
def test_service_with_a_source_condition_is_fine(condition: dict[str, Any]) -> None:
    assert service_findings(condition) == []
