"""Condition operators, keys, values as typed, and the obvious mistakes in them."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecr_tui.policy.condition_checks import (
    COMMON_CONDITION_KEYS,
    CONDITION_OPERATORS,
    base_operator,
    clause_mistakes,
    condition_mistakes,
    is_known_operator,
    parse_values,
    values_text,
)
from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.problem_codes import ProblemCode
from ecr_tui.policy.validate import Severity, validate_document

ACCOUNT = "123456789012"
GOOD = {"Sid": "OrgPull", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"}


def test_the_operator_list_has_every_variant() -> None:
    for operator in (
        "StringEquals",
        "ArnNotLike",
        "NotIpAddress",
        "Null",
        "BinaryEquals",
        "DateGreaterThanEqualsIfExists",
        "ForAnyValue:StringLike",
        "ForAllValues:StringEqualsIgnoreCaseIfExists",
        "NumericLessThanEquals",
    ):
        assert operator in CONDITION_OPERATORS
    assert "NullIfExists" not in CONDITION_OPERATORS
    assert len(set(CONDITION_OPERATORS)) == len(CONDITION_OPERATORS)
    assert is_known_operator("stringequals")
    assert not is_known_operator("StringEqual")
    assert base_operator("ForAnyValue:StringLikeIfExists") == "StringLike"
    assert {"aws:PrincipalOrgID", "aws:SourceVpce", "aws:SecureTransport"} <= set(
        COMMON_CONDITION_KEYS
    )


@pytest.mark.parametrize(
    ("operator", "key", "values", "mistake"),
    [
        ("StringEquals", "aws:PrincipalOrgID", ["o-abc123"], "not an organization id"),
        ("StringEquals", "aws:PrincipalOrgID", ["O-A1B2C3D4E5"], "lowercase letters or digits"),
        ("StringEquals", "aws:PrincipalOrgPaths", ["ou-ab12/*"], "does not start with an org"),
        ("ArnLike", "aws:SourceArn", ["lambda:function:*"], "ArnLike needs an ARN"),
        ("ArnEquals", "aws:PrincipalArn", ["arn:aws:iam:role/x"], "ArnEquals needs an ARN"),
        ("StringLike", "aws:SourceArn", ["my-function"], "aws:SourceArn holds ARNs"),
        ("IpAddress", "aws:SourceIp", ["10.0.0.0/33"], "IpAddress needs an IP address"),
        ("NotIpAddressIfExists", "aws:SourceIp", ["office"], "needs an IP address"),
        ("Bool", "aws:SecureTransport", ["yes"], "takes true or false"),
        ("Null", "aws:SourceVpce", ["maybe"], "takes true or false"),
        ("NumericLessThan", "aws:MultiFactorAuthAge", ["ten"], "needs a number"),
        ("DateGreaterThan", "aws:CurrentTime", ["tomorrow"], "needs a date"),
        ("NumericLessThan", "aws:MultiFactorAuthAge", ["1e999999"], "1e999999 is out of range"),
        ("NumericLessThan", "aws:MultiFactorAuthAge", ["9" * 5000], "99999... is out of range"),
        ("NumericLessThan", "aws:MultiFactorAuthAge", ["-1e400"], "-1e400 is out of range"),
        ("NumericLessThan", "aws:MultiFactorAuthAge", ["\u0661\u0662"], "needs a number"),
        ("DateLessThan", "aws:CurrentTime", ["\u00b9"], "needs a date"),
        ("DateLessThan", "aws:CurrentTime", ["\u0663"], "needs a date"),
        ("NumericGreaterThan", "aws:MultiFactorAuthAge", ["nan"], "needs a number"),
        ("NumericLessThan", "aws:MultiFactorAuthAge", ["-Infinity"], "needs a number"),
        ("NumericEquals", "aws:MultiFactorAuthAge", ["1_000"], "needs a number"),
        ("DateLessThan", "aws:CurrentTime", ["9" * 23], "needs a date"),
        ("StringEquals", "aws:SourceAccount", ["12345"], "exactly 12 digits"),
        ("StringEqual", "aws:SourceAccount", [ACCOUNT], "not an IAM condition operator"),
    ],
)
def test_obvious_mistakes(operator: str, key: str, values: list[str], mistake: str) -> None:
    found = clause_mistakes(operator, key, values)
    assert len(found) == 1
    assert mistake in found[0]
    assert clause_mistakes(operator, key, tuple(values)) == found


@pytest.mark.parametrize(
    ("operator", "key", "values"),
    [
        ("StringEquals", "aws:PrincipalOrgID", ["o-a1b2c3d4e5"]),
        ("StringLike", "aws:PrincipalOrgID", ["o-*"]),
        ("ForAnyValue:StringLike", "aws:PrincipalOrgPaths", ["o-a1b2c3d4e5/r-ab12/ou-ab12-1/*"]),
        ("ArnLike", "aws:SourceArn", ["arn:aws:lambda:*:123456789012:function:*"]),
        ("StringLike", "aws:sourceArn", ["arn:aws:lambda:us-east-1:123456789012:function:*"]),
        ("StringEquals", "aws:PrincipalArn", ["${aws:PrincipalArn}"]),
        ("IpAddress", "aws:SourceIp", ["203.0.113.0/24", "2001:db8::/32", "198.51.100.7"]),
        ("Bool", "aws:SecureTransport", [True, "False"]),
        ("NumericLessThan", "aws:MultiFactorAuthAge", [3600, "1.5", "-2", "1e3", 2.5]),
        ("DateLessThan", "aws:CurrentTime", ["2026-01-31T00:00:00Z", "1767225600", "0"]),
        ("StringEquals", "aws:SourceAccount", [ACCOUNT]),
        ("StringNotEquals", "aws:PrincipalTag/team", ["platform, infra"]),
    ],
)
def test_correct_values_pass(operator: str, key: str, values: list[Any]) -> None:
    assert clause_mistakes(operator, key, values) == []


def test_the_validator_refuses_mistakes_in_new_statements_and_warns_for_untouched() -> None:
    bad = {**GOOD, "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}}
    document = PolicyDocument.empty().with_statements([bad])
    problems = validate_document(document, created={0})
    assert [(p.severity, p.sid) for p in problems] == [(Severity.ERROR, "OrgPull")]
    assert "not an organization id" in problems[0].message
    untouched = validate_document(document, baseline=document)
    assert [p.severity for p in untouched] == [Severity.WARNING]


def test_condition_mistakes_skip_what_the_shape_check_reports() -> None:
    assert condition_mistakes("x") == []
    assert condition_mistakes({"StringEquals": "x", "Bool": {}}) == []
    assert condition_mistakes({"Stringequals": {"k": "v"}}) == []
    assert condition_mistakes({"Nope": {"k": "v"}}) == [
        (
            ProblemCode.CONDITION_OPERATOR_UNKNOWN,
            "Nope is not an IAM condition operator (such as StringEquals or ArnLike)",
        )
    ]
    assert condition_mistakes({"IpAddress": {"aws:SourceIp": [["nested"], None]}}) == []


@pytest.mark.parametrize(
    ("values", "text"),
    [
        (("a",), "a"),
        (("o-a1b2c3d4e5", "o-f6g7h8i9j0"), "o-a1b2c3d4e5, o-f6g7h8i9j0"),
        (("a, b",), '["a, b"]'),
        ((" padded", "x"), '[" padded", "x"]'),
        (("",), '[""]'),
        (('"quoted"',), '["\\"quoted\\""]'),
        (("[x]",), '["[x]"]'),
        (("two\nlines",), '["two\\nlines"]'),
    ],
)
def test_values_text_reads_back_unchanged(values: tuple[str, ...], text: str) -> None:
    assert values_text(values) == text
    assert parse_values(text) == values


@given(st.lists(st.text(max_size=6), min_size=1, max_size=4))
def test_any_values_round_trip_through_the_text(values: list[str]) -> None:
    assert parse_values(values_text(values)) == tuple(values)


def test_typed_values() -> None:
    assert parse_values(" a ,b,, c ") == ("a", "b", "c")
    assert parse_values("") == ()
    with pytest.raises(ValueError, match="not a JSON list"):
        parse_values('["a", ')
    with pytest.raises(ValueError, match="must be text"):
        parse_values("[1, 2]")
