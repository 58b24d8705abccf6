"""validate_document: every rule, with its severity."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from policy_strategies import console_statements, statements

from ecr_tui.policy.builder import StatementInput, build_statement, unique_sid
from ecr_tui.policy.document import MAX_POLICY_CHARS, PolicyDocument, parse_policy
from ecr_tui.policy.problem_codes import ProblemCode
from ecr_tui.policy.validate import Problem, Severity, errors, validate_document

ACCOUNT = "123456789012"
GOOD: dict[str, Any] = {
    "Sid": "AllowPull",
    "Effect": "Allow",
    "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
    "Action": ["ecr:BatchGetImage"],
}


def document_of(*statements: Any, version: str | None = "2012-10-17") -> PolicyDocument:
    data: dict[str, Any] = {} if version is None else {"Version": version}
    data["Statement"] = list(statements)
    return PolicyDocument(data)


def check(
    statement: dict[str, Any], *, new: bool = True, baseline: PolicyDocument | None = None
) -> list[Problem]:
    return validate_document(document_of(statement), created={0} if new else (), baseline=baseline)


def only(problems: list[Problem], severity: Severity, text: str) -> None:
    """Exactly one problem, of `severity`, whose message contains `text`."""
    assert [(p.severity, text in p.message) for p in problems] == [(severity, True)], problems


def test_a_console_statement_has_no_problems() -> None:
    assert check(GOOD) == []
    assert validate_document(document_of(GOOD, version="2008-10-17")) == []
    assert validate_document(document_of()) == []


def test_size_limit_counts_the_text_sent_to_aws() -> None:
    def sized(padding: int) -> PolicyDocument:
        return document_of({**GOOD, "Sid": "S" * padding})

    overhead = len(sized(0).to_json(indent=None))
    at_limit = sized(MAX_POLICY_CHARS - overhead)
    over_limit = sized(MAX_POLICY_CHARS - overhead + 1)

    assert len(at_limit.to_aws_text()) == MAX_POLICY_CHARS
    assert validate_document(at_limit) == []
    only(validate_document(over_limit), Severity.ERROR, "10,241 characters")


def test_version_rules() -> None:
    only(validate_document(document_of(GOOD, version=None)), Severity.WARNING, "no Version")
    only(validate_document(document_of(GOOD, version="2012-10-18")), Severity.ERROR, "Version")
    only(
        validate_document(PolicyDocument({"Version": 2012, "Statement": [GOOD]})),
        Severity.ERROR,
        "Version",
    )


def test_document_shape_rules() -> None:
    only(
        validate_document(PolicyDocument({"Version": "2012-10-17"})), Severity.ERROR, "no Statement"
    )
    no_list = validate_document(PolicyDocument({"Version": "2012-10-17", "Statement": "x"}))
    assert [p.severity for p in no_list] == [Severity.ERROR, Severity.ERROR]
    assert "list of statements" in no_list[0].message
    assert "JSON object" in no_list[1].message
    only(
        validate_document(PolicyDocument({"Version": "2012-10-17", "Statement": [GOOD], "X": 1})),
        Severity.ERROR,
        "unknown top-level key 'X'",
    )
    assert (
        validate_document(PolicyDocument({"Version": "2012-10-17", "Id": "p", "Statement": GOOD}))
        == []
    )


@pytest.mark.parametrize("effect", ["allow", "ALLOW", "Permit", "", None, ["Allow"]])
def test_effect_is_exactly_allow_or_deny(effect: Any) -> None:
    only(check({**GOOD, "Effect": effect}), Severity.ERROR, "Effect must be exactly Allow or Deny")


def test_missing_effect() -> None:
    statement = {k: v for k, v in GOOD.items() if k != "Effect"}
    only(check(statement), Severity.ERROR, "Effect")


def test_exactly_one_principal_element() -> None:
    both = {**GOOD, "NotPrincipal": {"AWS": ACCOUNT}}
    neither = {k: v for k, v in GOOD.items() if k != "Principal"}
    only(check(both), Severity.ERROR, "either Principal or NotPrincipal, not both")
    only(check(neither), Severity.ERROR, "no Principal")
    negated = {
        k: v for k, v in {**GOOD, "NotPrincipal": {"AWS": ACCOUNT}}.items() if k != "Principal"
    }
    assert check({**negated, "Effect": "Deny"}) == []


def test_exactly_one_action_element() -> None:
    both = {**GOOD, "NotAction": "ecr:PutImage"}
    neither = {k: v for k, v in GOOD.items() if k != "Action"}
    only(check(both), Severity.ERROR, "either Action or NotAction, not both")
    only(check(neither), Severity.ERROR, "no Action")
    assert check({k: v for k, v in both.items() if k != "Action"}) == []


@pytest.mark.parametrize("key", ["Resource", "NotResource"])
def test_resource_is_an_error_on_new_or_changed_statements(key: str) -> None:
    statement = {**GOOD, key: "*"}
    only(check(statement, new=True), Severity.ERROR, f"{key} does not belong")
    only(check(statement, new=False), Severity.ERROR, f"{key} does not belong")
    changed_baseline = document_of({**statement, "Effect": "Deny"})
    only(check(statement, new=False, baseline=changed_baseline), Severity.ERROR, key)


@pytest.mark.parametrize("key", ["Resource", "NotResource"])
def test_resource_only_warns_on_a_statement_from_the_baseline(key: str) -> None:
    statement = {**GOOD, key: "*"}
    # The baseline holds the same statement as AWS returned it: other forms, other order.
    as_aws_wrote_it = {
        key: ["*"],
        "Action": "ECR:batchgetimage",
        "Principal": {"AWS": [ACCOUNT]},
        "Effect": "Allow",
        "Sid": "AllowPull",
    }
    baseline = document_of({**GOOD, "Sid": "Other"}, as_aws_wrote_it)
    only(check(statement, new=False, baseline=baseline), Severity.WARNING, key)


@pytest.mark.parametrize(
    ("action", "severity", "text"),
    [
        ("ecr:GetAuthorizationToken", Severity.ERROR, "account-level"),
        ("ecr:getauthorizationtoken", Severity.ERROR, "identity policy"),
        ("ecr:PutRegistryPolicy", Severity.ERROR, "account-level"),
        ("s3:GetObject", Severity.ERROR, "not an ECR action"),
        ("sts:AssumeRole", Severity.ERROR, "not an ECR action"),
        ("BatchGetImage", Severity.ERROR, "not an ECR action"),
        ("ecr:CreateRepository", Severity.WARNING, "registry-policy action"),
        ("ecr:ReplicateImage", Severity.WARNING, "registry-policy action"),
        ("ecr:BatchImportUpstreamImage", Severity.WARNING, "registry-policy action"),
        ("ecr:PullImage", Severity.WARNING, "not a known repository-level"),
        ("ecr:Nothing*", Severity.WARNING, "not a known repository-level"),
    ],
)
def test_action_rules(action: str, severity: Severity, text: str) -> None:
    only(check({**GOOD, "Action": action}), severity, text)
    only(check({**GOOD, "Action": ["ecr:BatchGetImage", action]}), severity, text)


@pytest.mark.parametrize(
    "action",
    ["ecr:*", "*", "ECR:PUTIMAGE", "ecr:Batch*", "ecr:Describe*", "ecr:Get?ifecyclePolicy"],
)
def test_repository_actions_and_patterns_are_fine(action: str) -> None:
    assert check({**GOOD, "Action": action}) == []


@pytest.mark.parametrize("action", [[], 5, [5], {"ecr": "x"}, None])
def test_action_must_be_names(action: Any) -> None:
    only(check({**GOOD, "Action": action}), Severity.ERROR, "action name or a list")


@pytest.mark.parametrize(
    ("sid", "text"),
    [
        (None, "needs a Sid"),
        ("", "needs a Sid"),
        ("new statement", "only letters and digits"),
        ("pull-access", "only letters and digits"),
        ("Ünïcode", "only letters and digits"),
        ("Pull\n", "only letters and digits"),
    ],
)
def test_a_new_statement_needs_an_alphanumeric_sid(sid: str | None, text: str) -> None:
    statement = (
        {**GOOD, "Sid": sid} if sid is not None else {k: v for k, v in GOOD.items() if k != "Sid"}
    )
    only(check(statement, new=True), Severity.ERROR, text)


@pytest.mark.parametrize("sid", ["new statement", "pull-access", "Ünïcode"])
def test_an_existing_odd_sid_is_only_a_warning(sid: str) -> None:
    only(check({**GOOD, "Sid": sid}, new=False), Severity.WARNING, "only letters and digits")


def test_an_existing_missing_sid_is_fine() -> None:
    assert check({k: v for k, v in GOOD.items() if k != "Sid"}, new=False) == []
    assert check({**GOOD, "Sid": ""}, new=False) == []


def test_the_aws_cli_example_validates_with_only_a_warning() -> None:
    document = parse_policy(
        json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "new statement",
                        "Effect": "Allow",
                        "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                        "Action": [
                            "ecr:BatchGetImage",
                            "ecr:BatchCheckLayerAvailability",
                            "ecr:GetDownloadUrlForLayer",
                        ],
                    }
                ],
            }
        )
    )
    only(validate_document(document), Severity.WARNING, "'new statement'")


def test_duplicate_sids() -> None:
    document = document_of(GOOD, {**GOOD, "Action": "ecr:ListImages"})

    new = validate_document(document, created={1})
    assert [(p.severity, p.statement) for p in new] == [
        (Severity.WARNING, 0),
        (Severity.ERROR, 1),
    ]
    assert all("more than one statement" in p.message for p in new)
    existing = validate_document(document)
    assert [p.severity for p in existing] == [Severity.WARNING, Severity.WARNING]


def test_sid_that_is_not_text() -> None:
    for sid in (5, ["a"], {"a": 1}):
        only(check({**GOOD, "Sid": sid}, new=False), Severity.ERROR, "Sid must be text")


def test_non_object_statement_and_unknown_keys() -> None:
    only(validate_document(document_of("x")), Severity.ERROR, "must be a JSON object")
    only(check({**GOOD, "Principals": "*"}), Severity.ERROR, "unknown key 'Principals'")


@pytest.mark.parametrize(
    ("condition", "text"),
    [
        ("x", "Condition must be an object"),
        ({}, "Condition must be an object"),
        ({"StringEquals": "x"}, "condition StringEquals must be an object"),
        ({"StringEquals": {}}, "condition StringEquals must be an object"),
        ({"StringEquals": {"aws:SourceAccount": []}}, "needs one or more values"),
        ({"StringEquals": {"aws:SourceAccount": {"a": "b"}}}, "needs one or more values"),
    ],
)
def test_condition_shape(condition: Any, text: str) -> None:
    only(check({**GOOD, "Condition": condition}), Severity.ERROR, text)


def test_condition_values_of_every_json_type_are_accepted() -> None:
    condition = {
        "Bool": {"aws:SecureTransport": True},
        "NumericLessThan": {"s3:max-keys": 10},
        "StringEquals": {"aws:SourceAccount": [ACCOUNT, "210987654321"]},
    }
    assert check({**GOOD, "Condition": condition}) == []


def test_problem_text() -> None:
    document = document_of({**GOOD, "Effect": "allow"}, {**GOOD, "Sid": None, "Effect": "x"})
    problems = validate_document(document, created={0})

    assert [p.where for p in problems] == ["statement 'AllowPull'", "statement 2"]
    assert str(problems[0]).startswith("error: statement 'AllowPull': Effect must be")
    assert Problem(Severity.WARNING, ProblemCode.VERSION_MISSING, "m").where == "policy"
    assert errors(problems) == problems
    assert errors([Problem(Severity.WARNING, ProblemCode.VERSION_MISSING, "m")]) == []


@settings(max_examples=100, deadline=None)
@given(data=st.lists(st.one_of(statements(), st.text(max_size=3), st.none()), max_size=4))
def test_validation_never_crashes(data: list[Any]) -> None:
    for problem in validate_document(document_of(*data), created=set(range(len(data)))):
        assert problem.message
        assert isinstance(problem.severity, Severity)
        assert isinstance(problem.code, ProblemCode)


@settings(max_examples=100, deadline=None)
@given(existing=st.lists(console_statements(), max_size=3))
def test_a_statement_the_form_builds_is_never_refused_for_its_sid(
    existing: list[dict[str, Any]],
) -> None:
    new = build_statement(StatementInput(sid=unique_sid(existing), everybody=True))
    document = document_of(*existing, new)
    problems = validate_document(document, created={len(existing)})

    assert [p for p in errors(problems) if p.statement == len(existing)] == []
