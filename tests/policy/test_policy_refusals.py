"""What AWS would reject or what must never be written: principals, control characters,
misspelt actions and numbers too large for JSON."""

from __future__ import annotations

from typing import Any

import pytest

from ecr_tui.policy.actions import nearest_action
from ecr_tui.policy.document import PolicyDocument, PolicyParseError, parse_policy
from ecr_tui.policy.principals import parse_principal_text
from ecr_tui.policy.validate import Problem, Severity, validate_document

ACCOUNT = "123456789012"
GOOD: dict[str, Any] = {
    "Sid": "AllowPull",
    "Effect": "Allow",
    "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
    "Action": ["ecr:BatchGetImage"],
}


def check(
    statement: dict[str, Any], *, new: bool = True, baseline: PolicyDocument | None = None
) -> list[Problem]:
    document = PolicyDocument({"Version": "2012-10-17", "Statement": [statement]})
    return validate_document(
        document, created={0} if new else set(), baseline=baseline, partition="aws"
    )


def messages(problems: list[Problem], severity: Severity) -> list[str]:
    return [p.message for p in problems if p.severity is severity]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("arn:aws:iam::*:root", "wildcard inside a principal ARN"),
        (f"arn:aws:iam::{ACCOUNT}:role/deploy-*", "wildcard inside a principal ARN"),
        (f"arn:aws:iam::{ACCOUNT}:user/al?ce", "wildcard inside a principal ARN"),
        (f"arn:aws-cn:iam::{ACCOUNT}:root", "aws-cn partition, but this session is in aws"),
        (f"arn:aws-us-gov:iam::{ACCOUNT}:role/x", "aws-us-gov partition"),
        (f"arn:aws:iam::{ACCOUNT}:role/my role", "IAM names use only"),
        (f"arn:aws:iam::{ACCOUNT}:user/ci/b\u00e9b\u00e9", "IAM names use only"),
        (f"arn:aws:iam::{ACCOUNT}:role/{'r' * 65}", "at most 64"),
        (f"arn:aws:sts::{ACCOUNT}:assumed-role/deploy/a session", "names use only"),
    ],
)
def test_principals_aws_rejects_are_refused_as_typed_and_in_a_document(
    text: str, said: str
) -> None:
    with pytest.raises(ValueError, match=said):
        parse_principal_text(text, "aws")
    assert any(
        said in m for m in messages(check({**GOOD, "Principal": {"AWS": text}}), Severity.ERROR)
    )


def test_everybody_alone_and_the_sessions_own_partition_are_fine() -> None:
    assert parse_principal_text("*", "aws") == ("*", "*")
    china = f"arn:aws-cn:iam::{ACCOUNT}:role/ci/deploy"
    assert parse_principal_text(china, "aws-cn") == ("AWS", china)
    assert parse_principal_text(f"arn:aws:iam::{ACCOUNT}:role/a+b=c,d.e@f_g-h", "aws")[0] == "AWS"


def test_without_a_session_partition_a_document_of_any_partition_validates() -> None:
    statement = {**GOOD, "Principal": {"AWS": f"arn:aws-cn:iam::{ACCOUNT}:root"}}
    document = PolicyDocument({"Version": "2012-10-17", "Statement": [statement]})
    assert validate_document(document, created={0}) == []


@pytest.mark.parametrize("sid", ["Pull\x1b[2J", "Pull\r", "Pull\nX", "Pu\x00ll", "A\x9bB"])
def test_a_sid_with_control_characters_is_an_error_even_on_a_statement_someone_else_wrote(
    sid: str,
) -> None:
    for new in (True, False):
        [said] = messages(check({**GOOD, "Sid": sid}, new=new), Severity.ERROR)
        assert "control characters" in said and "\x1b" not in said


def test_condition_keys_and_values_with_control_characters_are_errors() -> None:
    osc52 = "o-abc\x1b]52;c;aGk=\x07"
    value = check({**GOOD, "Condition": {"StringEquals": {"aws:PrincipalOrgID": osc52}}})
    assert any("contains control characters" in m for m in messages(value, Severity.ERROR))
    listed = check({**GOOD, "Condition": {"StringLike": {"aws:SourceArn": ["a", "b\x07"]}}})
    assert any("contains control characters" in m for m in messages(listed, Severity.ERROR))
    key = check({**GOOD, "Condition": {"StringEquals": {"aws:Principal\x1bOrgID": "o-x"}}})
    assert any("contains control characters" in m for m in messages(key, Severity.ERROR))


def test_a_live_statement_with_control_characters_left_as_it_is_only_warns() -> None:
    statement = {**GOOD, "Sid": "Bad\x1b[2J"}
    baseline = PolicyDocument({"Version": "2012-10-17", "Statement": [statement]})
    problems = check(statement, new=False, baseline=baseline)
    assert messages(problems, Severity.ERROR) == []
    assert any("control characters" in m for m in messages(problems, Severity.WARNING))


@pytest.mark.parametrize(
    ("action", "nearest"),
    [
        ("ecr:BatchGetImages", "ecr:BatchGetImage"),
        ("ecr:putimages", "ecr:PutImage"),
        ("ecr:DescribeImage", "ecr:DescribeImages"),
        ("ecr:StartReplicationBackfil", "ecr:StartReplicationBackfill"),
        ("ecr:ReplicateImages", "ecr:ReplicateImage"),
        ("ecr:Zzz", None),
    ],
)
def test_an_unknown_action_warns_naming_the_nearest_known_one(
    action: str, nearest: str | None
) -> None:
    assert nearest_action(action) == nearest
    [said] = messages(check({**GOOD, "Action": [action]}), Severity.WARNING)
    assert "not a known repository-level ECR action" in said
    assert (f"did you mean {nearest}?" in said) if nearest else ("did you mean" not in said)


@pytest.mark.parametrize("action", ["ecr:CreateRepository", "ecr:ReplicateImage"])
def test_a_registry_action_in_a_document_warns_pointing_to_the_registry_policy(
    action: str,
) -> None:
    problems = check({**GOOD, "Action": [action]})
    assert messages(problems, Severity.ERROR) == []
    [said] = messages(problems, Severity.WARNING)
    assert "registry policy" in said


@pytest.mark.parametrize(("number", "said"), [("1e999999", "too large"), ("9" * 5000, "digits")])
def test_a_number_too_large_for_json_is_a_parse_error(number: str, said: str) -> None:
    text = (
        '{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", '
        '"Principal": "*", "Action": "ecr:BatchGetImage", '
        f'"Condition": {{"NumericLessThan": {{"s3:max-keys": {number}}}}}}}]}}'
    )
    with pytest.raises(PolicyParseError, match=said):
        parse_policy(text)
    assert parse_policy(text.replace(number, "12345678901234567890")).statements
