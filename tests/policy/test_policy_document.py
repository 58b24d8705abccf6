"""The lossless document model: what is parsed is written back with the same JSON values."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from policy_strategies import aws_pretty, ordered, policies

from ecr_tui.policy.document import (
    DEFAULT_VERSION,
    MAX_POLICY_CHARS,
    PolicyDocument,
    PolicyParseError,
    parse_policy,
)
from ecr_tui.policy.validate import Severity, validate_document

ODD_DOCUMENT = """{
  "Id": "Pölicy-ünïcode ✓",
  "Version" : "2008-10-17",
  "Statement" : [ {
    "Effect" : "Allow",
    "Sid" : "new statement",
    "Principal" : "*",
    "Action" : "ecr:BatchGetImage",
    "Condition" : {"StringEquals" : {"aws:PrincipalOrgID" : ["o-abc123"]}}
  }, {
    "Sid" : "new statement",
    "Effect" : "Deny",
    "NotPrincipal" : {"AWS" : {"nested": ["odd"]}},
    "NotAction" : ["ecr:PutImage"],
    "XUnknown" : {"b": 2, "a": [1, 2.5, true, null]}
  }, {
    "Principal" : {"AWS" : "*"},
    "Action" : ["ecr:BatchGetImage"],
    "Effect" : "Allow"
  }, {
    "Sid" : "",
    "Effect" : "Allow",
    "Principal" : {"Service" : ["lambda.amazonaws.com"], "AWS" : "123456789012"},
    "Action" : "*",
    "Resource" : "*"
  } ],
  "Zzz" : "kept"
}"""


def test_untouched_document_round_trips_exactly() -> None:
    document = parse_policy(ODD_DOCUMENT)

    assert document.duplicate_keys == ()
    assert document.editable
    assert ordered(document.to_json()) == ordered(ODD_DOCUMENT)
    assert ordered(document.to_json(indent=None)) == ordered(ODD_DOCUMENT)
    assert ordered(document.to_aws_text()) == ordered(ODD_DOCUMENT)


def test_version_2008_and_forms_are_kept() -> None:
    document = parse_policy(ODD_DOCUMENT)
    first, second, third, fourth = document.statements

    assert document.version == "2008-10-17"
    assert first["Principal"] == "*"
    assert first["Action"] == "ecr:BatchGetImage"
    assert second["NotAction"] == ["ecr:PutImage"]
    assert third["Principal"] == {"AWS": "*"}
    assert third["Action"] == ["ecr:BatchGetImage"]
    assert list(third) == ["Principal", "Action", "Effect"]
    assert fourth["Sid"] == ""
    assert list(fourth["Principal"]) == ["Service", "AWS"]


def test_unicode_is_written_as_text_not_escapes() -> None:
    document = parse_policy(ODD_DOCUMENT)

    assert "Pölicy-ünïcode ✓" in document.to_json()
    assert "\\u" not in document.to_json()


def test_statement_written_as_one_object_stays_an_object() -> None:
    text = (
        '{"Version": "2012-10-17", '
        '"Statement": {"Effect": "Allow", "Principal": "*", "Action": "ecr:*"}}'
    )
    document = parse_policy(text)

    assert isinstance(json.loads(document.to_json())["Statement"], dict)
    assert len(document.statements) == 1
    assert ordered(document.to_json()) == ordered(text)

    changed = document.with_statements([{**document.statements[0], "Effect": "Deny"}])
    assert json.loads(changed.to_json())["Statement"]["Effect"] == "Deny"

    grown = document.with_statements(document.statements * 2)
    assert isinstance(json.loads(grown.to_json())["Statement"], list)


def test_statements_is_a_copy() -> None:
    document = parse_policy(ODD_DOCUMENT)
    document.statements[0]["Effect"] = "Deny"
    document.statements.clear()

    assert document.statements[0]["Effect"] == "Allow"
    assert ordered(document.to_json()) == ordered(ODD_DOCUMENT)


def test_with_statements_keeps_everything_else_and_leaves_the_original_alone() -> None:
    document = parse_policy(ODD_DOCUMENT)
    shorter = document.with_statements(document.statements[:1])

    data = json.loads(shorter.to_json(), object_pairs_hook=list)
    assert [key for key, _ in data] == ["Id", "Version", "Statement", "Zzz"]
    assert len(shorter.statements) == 1
    assert len(document.statements) == 4


def test_missing_or_null_statement_means_no_statements() -> None:
    assert parse_policy('{"Version": "2012-10-17"}').statements == []
    assert parse_policy('{"Version": "2012-10-17", "Statement": null}').statements == []


def test_empty_document() -> None:
    document = PolicyDocument.empty()

    assert document.version == DEFAULT_VERSION
    assert document.statements == []
    assert json.loads(document.to_json()) == {"Version": "2012-10-17", "Statement": []}
    assert PolicyDocument.empty("2008-10-17").version == "2008-10-17"


def test_version_that_is_not_text_reads_as_none() -> None:
    assert parse_policy('{"Version": 2012, "Statement": []}').version is None


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('{"Version": "2012-10-17", "Version": "2008-10-17", "Statement": []}', "'Version'"),
        (
            '{"Statement": [{"Sid": "A1", "Effect": "Allow", "Effect": "Deny",'
            ' "Principal": "*", "Action": "ecr:*"}]}',
            "'Effect' appears twice in one object (in statement 'A1')",
        ),
        (
            '{"Statement": [{"Principal": {"AWS": "111111111111", "AWS": "222222222222"},'
            ' "Effect": "Allow", "Action": "ecr:*"}]}',
            "'AWS'",
        ),
        (
            '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "ecr:*", "Condition":'
            ' {"StringEquals": {"aws:SourceAccount": "1", "aws:SourceAccount": "2"}}}]}',
            "'aws:SourceAccount'",
        ),
    ],
)
def test_duplicate_keys_anywhere_are_detected_and_refused(text: str, where: str) -> None:
    document = parse_policy(text)

    assert document.duplicate_keys
    assert where in document.duplicate_keys[0]
    assert not document.editable
    duplicate_errors = [
        p
        for p in validate_document(document)
        if p.severity is Severity.ERROR and "twice" in p.message
    ]
    assert duplicate_errors
    assert "drop" in duplicate_errors[0].message


def test_duplicate_keys_survive_with_statements() -> None:
    document = parse_policy(
        '{"Version": "2012-10-17", "Version": "2012-10-17", "Statement": '
        '[{"Sid": "A", "Effect": "Allow", "Principal": "*", "Action": "ecr:*"}]}'
    )
    changed = document.with_statements([])

    assert changed.duplicate_keys == document.duplicate_keys
    assert not changed.editable


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"Version": "2012-10-17",\n  "Statement": [}', "line 2 column"),
        ('{"Version": "2012-10-17" "Statement": []}', "line 1 column 26"),
        ("{'Version': '2012-10-17'}", "line 1 column 2"),
        ('{"Statement": []} trailing', "line 1 column 19"),
        ('{"Statement": [], }', "not valid JSON"),
        ('{"Statement": NaN}', "NaN"),
        ('{"Statement": Infinity}', "Infinity"),
    ],
)
def test_invalid_json_says_where(text: str, expected: str) -> None:
    with pytest.raises(PolicyParseError, match="not valid JSON") as raised:
        parse_policy(text)

    assert expected in str(raised.value)


@pytest.mark.parametrize("text", ["[]", '"policy"', "3", "null", "true", '[{"Statement": []}]'])
def test_non_object_is_refused(text: str) -> None:
    with pytest.raises(PolicyParseError, match="top level must be a JSON object"):
        parse_policy(text)


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n"])
def test_empty_text_is_refused(text: str) -> None:
    with pytest.raises(PolicyParseError, match="empty"):
        parse_policy(text)


def test_deep_nesting_is_refused_without_crashing() -> None:
    with pytest.raises(PolicyParseError, match="nested too deeply"):
        parse_policy("[" * 100_000 + "]" * 100_000)


def _big_document(sid_length: int) -> PolicyDocument:
    return PolicyDocument(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Sid": "S" * sid_length, "Effect": "Allow", "Principal": "*", "Action": "ecr:*"}
            ],
        }
    )


def test_aws_text_is_pretty_when_it_fits_and_compact_otherwise() -> None:
    small = _big_document(10)
    assert small.to_aws_text() == small.to_json()
    assert "\n" in small.to_aws_text()

    pretty_overhead = len(_big_document(0).to_json())
    compact_overhead = len(_big_document(0).to_json(indent=None))
    large = _big_document(MAX_POLICY_CHARS - pretty_overhead + 1)
    assert len(large.to_json()) == MAX_POLICY_CHARS + 1
    assert large.to_aws_text() == large.to_json(indent=None)
    assert len(large.to_aws_text()) == MAX_POLICY_CHARS + 1 - pretty_overhead + compact_overhead


@settings(max_examples=150, deadline=None)
@given(policy=policies(), layout=st.sampled_from(["pretty", "compact", "aws"]))
def test_generated_policies_round_trip_exactly(policy: dict[str, Any], layout: str) -> None:
    text = {
        "pretty": json.dumps(policy, indent=4, ensure_ascii=False),
        "compact": json.dumps(policy, separators=(",", ":")),
        "aws": aws_pretty(policy),
    }[layout]
    document = parse_policy(text)

    assert document.editable
    assert ordered(document.to_json()) == ordered(text)
    assert ordered(document.to_json(indent=None)) == ordered(text)
    assert parse_policy(document.to_json()).data == document.data


@settings(max_examples=60, deadline=None)
@given(policy=policies())
def test_with_the_same_statements_nothing_changes(policy: dict[str, Any]) -> None:
    document = parse_policy(json.dumps(policy))

    unchanged = document.with_statements(document.statements)
    assert ordered(unchanged.to_json()) == ordered(json.dumps(policy))
