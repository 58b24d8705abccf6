"""Every problem code is what a real bad document gets, and a parse error says its line."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ecr_tui.policy.document import PolicyParseError, parse_policy
from ecr_tui.policy.problem_codes import CONDITION_VALUE_CODES, PARSE_CODES, ProblemCode
from ecr_tui.policy.registry import RegistryScope
from ecr_tui.policy.registry_validate import validate_registry_document
from ecr_tui.policy.validate import validate_document

ACCOUNT = "123456789012"
REGION = "us-east-1"
GOOD: dict[str, Any] = {
    "Sid": "Pull",
    "Effect": "Allow",
    "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
    "Action": "ecr:BatchGetImage",
}
REPOSITORIES = f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/*"
C = ProblemCode


def policy(*statements: Any, **top: Any) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements), **top})


def with_(**changes: Any) -> dict[str, Any]:
    statement = {**GOOD, **changes}
    return {k: v for k, v in statement.items() if v is not None}


def condition(operator: str, key: str, value: Any) -> dict[str, Any]:
    return with_(Condition={operator: {key: value}})


def principal(value: Any) -> dict[str, Any]:
    return with_(Principal={"AWS": value})


PARSE_FAILURES = {
    C.EMPTY_TEXT: "  \n",
    C.JSON_SYNTAX: '{\n  "Version": "2012-10-17",\n  "Statement": [\n}',
    C.JSON_CONSTANT: '{"Version": NaN}',
    C.NUMBER_TOO_LARGE: '{"Version": 1e999}',
    C.TOO_MANY_DIGITS: '{"Version": ' + "9" * 5000 + "}",
    C.NESTED_TOO_DEEPLY: "[" * 100_000 + "]" * 100_000,
    C.NOT_AN_OBJECT: "[]",
}
REPOSITORY_POLICIES = {
    C.DUPLICATE_KEY: '{"Version": "2012-10-17", "Version": "2012-10-17", "Statement": []}',
    C.POLICY_TOO_LONG: policy(*(with_(Sid=f"S{n}") for n in range(120))),
    C.VERSION_MISSING: json.dumps({"Statement": [GOOD]}),
    C.VERSION_INVALID: json.dumps({"Version": "2013-01-01", "Statement": [GOOD]}),
    C.STATEMENT_MISSING: json.dumps({"Version": "2012-10-17"}),
    C.STATEMENT_NOT_LIST: json.dumps({"Version": "2012-10-17", "Statement": "all"}),
    C.UNKNOWN_TOP_LEVEL_KEY: policy(GOOD, Extra=1),
    C.STATEMENT_NOT_OBJECT: policy("Pull"),
    C.SID_MISSING: policy(with_(Sid=None)),
    C.SID_NOT_TEXT: policy(with_(Sid=7)),
    C.SID_CONTROL_CHARACTERS: policy(with_(Sid="Pull\x1b[2J")),
    C.SID_NOT_ALPHANUMERIC: policy(with_(Sid="pull-images")),
    C.SID_DUPLICATE: policy(GOOD, GOOD),
    C.UNKNOWN_KEY: policy(with_(Actions="ecr:*")),
    C.EFFECT_INVALID: policy(with_(Effect="allow")),
    C.ELEMENT_AND_NEGATION: policy(with_(NotAction="ecr:PutImage")),
    C.ELEMENT_MISSING: policy(with_(Principal=None)),
    C.RESOURCE_NOT_ALLOWED: policy(with_(Resource="*")),
    C.PRINCIPAL_SHAPE: policy(with_(Principal={})),
    C.PRINCIPAL_TYPE_UNKNOWN: policy(with_(Principal={"Aws": ACCOUNT})),
    C.PRINCIPAL_VALUES_NOT_TEXT: policy(with_(Principal={"AWS": []})),
    C.SERVICE_PRINCIPAL_INVALID: policy(with_(Principal={"Service": "lambda"})),
    C.PRINCIPAL_DELETED: policy(principal("AROAEXAMPLEDELETED01")),
    C.ACCOUNT_ID_INVALID: policy(principal("12345")),
    C.PRINCIPAL_ARN_WILDCARD: policy(principal(f"arn:aws:iam::{ACCOUNT}:role/ci-*")),
    C.PRINCIPAL_ARN_PARTITION: policy(principal(f"arn:aws-cn:iam::{ACCOUNT}:root")),
    C.PRINCIPAL_ARN_NAME: policy(principal(f"arn:aws:iam::{ACCOUNT}:role/ci builder")),
    C.PRINCIPAL_INVALID: policy(principal("builder")),
    C.ACTION_SHAPE: policy(with_(Action=[])),
    C.ACTION_ACCOUNT_LEVEL: policy(with_(Action="ecr:GetAuthorizationToken")),
    C.ACTION_OTHER_SERVICE: policy(with_(Action="s3:GetObject")),
    C.ACTION_REGISTRY_ONLY: policy(with_(Action="ecr:ReplicateImage")),
    C.ACTION_UNKNOWN: policy(with_(Action="ecr:BatchGetImages")),
    C.CONDITION_SHAPE: policy(with_(Condition=[])),
    C.CONDITION_CLAUSES_SHAPE: policy(with_(Condition={"StringEquals": "x"})),
    C.CONDITION_CONTROL_CHARACTERS: policy(condition("StringEquals", "aws:userid", "a\x07")),
    C.CONDITION_EMPTY_KEY: policy(condition("StringEquals", " ", "x")),
    C.CONDITION_NO_VALUES: policy(condition("StringEquals", "aws:userid", [])),
    C.CONDITION_OPERATOR_UNKNOWN: policy(condition("StringIs", "aws:userid", "x")),
    C.CONDITION_NOT_ARN: policy(condition("ArnLike", "aws:SourceArn", "lambda")),
    C.CONDITION_NOT_IP: policy(condition("IpAddress", "aws:SourceIp", "10.0.0.999")),
    C.CONDITION_NOT_BOOLEAN: policy(condition("Bool", "aws:SecureTransport", "yes")),
    C.CONDITION_NOT_NUMBER: policy(condition("NumericLessThan", "s3:max-keys", "ten")),
    C.CONDITION_NOT_DATE: policy(condition("DateLessThan", "aws:CurrentTime", "soon")),
    C.CONDITION_ORG_ID: policy(condition("StringEquals", "aws:PrincipalOrgID", "o-abc")),
    C.CONDITION_ORG_PATH: policy(condition("StringEquals", "aws:PrincipalOrgPaths", "r-1/")),
    C.CONDITION_ACCOUNT_ID: policy(condition("StringEquals", "aws:SourceAccount", "123")),
    C.CONDITION_ARN_KEY: policy(condition("StringEquals", "aws:SourceArn", "lambda")),
}
REGISTRY_POLICIES = {
    C.RESOURCE_MISSING: policy(GOOD),
    C.RESOURCE_SHAPE: policy(with_(Resource=[])),
    C.RESOURCE_NOT_REPOSITORY: policy(with_(Resource="arn:aws:s3:::bucket")),
    C.SCOPE_V1_IGNORED: policy(with_(Resource=REPOSITORIES, Action="ecr:BatchGetImage")),
}


def test_every_code_has_a_real_document_that_gets_it() -> None:
    # The registry edit session says it (tests/service/test_registry_session.py).
    covered = {*PARSE_FAILURES, *REPOSITORY_POLICIES, *REGISTRY_POLICIES, C.SCOPE_UNKNOWN}
    assert covered == set(ProblemCode)
    assert set(PARSE_FAILURES) == PARSE_CODES
    assert set(REPOSITORY_POLICIES) >= CONDITION_VALUE_CODES


@pytest.mark.parametrize(
    ("code", "text"), PARSE_FAILURES.items(), ids=[c.value for c in PARSE_FAILURES]
)
def test_a_text_that_is_not_a_policy_fails_with_its_code(code: ProblemCode, text: str) -> None:
    with pytest.raises(PolicyParseError) as raised:
        parse_policy(text)
    assert raised.value.code is code


@pytest.mark.parametrize(
    ("code", "text"), REPOSITORY_POLICIES.items(), ids=[c.value for c in REPOSITORY_POLICIES]
)
def test_a_bad_repository_policy_gets_its_code(code: ProblemCode, text: str) -> None:
    problems = validate_document(parse_policy(text), created={0}, partition="aws")
    assert code in [p.code for p in problems], problems


@pytest.mark.parametrize(
    ("code", "text"), REGISTRY_POLICIES.items(), ids=[c.value for c in REGISTRY_POLICIES]
)
def test_a_bad_registry_policy_gets_its_code(code: ProblemCode, text: str) -> None:
    problems = validate_registry_document(
        parse_policy(text), region=REGION, account=ACCOUNT, scope=RegistryScope.V1
    )
    assert code in [p.code for p in problems], problems


def test_a_syntax_error_says_its_line_and_column() -> None:
    with pytest.raises(PolicyParseError) as raised:
        parse_policy(PARSE_FAILURES[C.JSON_SYNTAX])
    assert (raised.value.line, raised.value.column) == (4, 1)
    with pytest.raises(PolicyParseError) as raised:
        parse_policy("[]")
    assert raised.value.line is None


def test_a_document_level_problem_names_its_top_level_key() -> None:
    problems = validate_document(parse_policy(REPOSITORY_POLICIES[C.VERSION_INVALID]))
    assert [(p.code, p.key) for p in problems] == [(C.VERSION_INVALID, "Version")]
    problems = validate_document(parse_policy(REPOSITORY_POLICIES[C.UNKNOWN_TOP_LEVEL_KEY]))
    assert [(p.code, p.key) for p in problems] == [(C.UNKNOWN_TOP_LEVEL_KEY, "Extra")]


def test_condition_control_characters_hide_the_value_checks_of_that_condition() -> None:
    text = policy(with_(Condition={"StringEquals": {"aws:SourceAccount": ["1\x07", "12"]}}))
    codes = [p.code for p in validate_document(parse_policy(text))]
    assert codes == [C.CONDITION_CONTROL_CHARACTERS]
