"""StatementView: what it shows, and when the simple form may edit a statement."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from policy_strategies import console_statements, statements

from ecr_tui.policy.actions import PULL_ONLY, PUSH_PULL, Preset
from ecr_tui.policy.builder import build_statement
from ecr_tui.policy.equivalence import statements_equivalent
from ecr_tui.policy.principals import PrincipalKind, as_list
from ecr_tui.policy.statements import view_statement, view_statements

ACCOUNT = "123456789012"

CONSOLE_SHAPED: list[dict[str, Any]] = [
    {
        "Sid": "AllowPull",
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
        "Action": list(PULL_ONLY),
    },
    {"Sid": "Push", "Effect": "Allow", "Principal": {"AWS": [ACCOUNT]}, "Action": list(PUSH_PULL)},
    {"Sid": "All", "Effect": "Deny", "Principal": "*", "Action": "ecr:*"},
    {"Sid": "Any", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "*"},
    {
        "Sid": "OrgPull",
        "Effect": "Allow",
        "Principal": "*",
        "Action": list(PULL_ONLY),
        "Condition": {"StringEquals": {"aws:PrincipalOrgID": ["o-abc123"]}},
    },
    {
        "Sid": "LambdaECRImageRetrievalPolicy",
        "Effect": "Allow",
        "Principal": {"Service": "lambda.amazonaws.com"},
        "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        "Condition": {"StringLike": {"aws:sourceArn": "arn:aws:lambda:us-east-1:1:function:*"}},
    },
    {"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "ecr:ListImages"},
    {
        "Sid": "new statement",
        "Effect": "Allow",
        "Principal": {
            "AWS": [f"arn:aws:iam::{ACCOUNT}:role/service-role/x", "AIDAJQABLZS4A3QDU576Q"]
        },
        "Action": ["ECR:BatchGetImage"],
    },
    {"Action": "ecr:ListImages", "Principal": "*", "Effect": "Allow", "Sid": "Reordered"},
]


@pytest.mark.parametrize("statement", CONSOLE_SHAPED)
def test_console_shaped_statements_are_form_editable(statement: dict[str, Any]) -> None:
    view = view_statement(statement, 0)

    assert view.form_editable, view.not_form_editable_because
    assert view.not_form_editable_because is None
    assert view.form_input is not None
    assert statements_equivalent(build_statement(view.form_input), statement)


def test_form_input_reads_the_statement() -> None:
    view = view_statement(CONSOLE_SHAPED[4], 0)
    form = view.form_input
    assert form is not None

    assert form.sid == "OrgPull"
    assert form.everybody
    assert form.aws_principals == ()
    assert form.preset is Preset.PULL
    assert form.conditions == {"StringEquals": {"aws:PrincipalOrgID": ("o-abc123",)}}


def test_action_star_keeps_its_spelling_in_the_form() -> None:
    form = view_statement(CONSOLE_SHAPED[3], 0).form_input
    assert form is not None

    assert build_statement(form)["Action"] == ["*"]


def test_statement_without_sid_keeps_having_none() -> None:
    form = view_statement(CONSOLE_SHAPED[6], 0).form_input
    assert form is not None

    assert form.sid == ""
    assert "Sid" not in build_statement(form)


NOT_FORM_SHAPED: list[tuple[Any, str]] = [
    ({"Effect": "Deny", "NotPrincipal": {"AWS": ACCOUNT}, "Action": "ecr:*"}, "NotPrincipal"),
    ({"Effect": "Allow", "Principal": "*", "NotAction": "ecr:PutImage"}, "NotAction"),
    ({"Effect": "Allow", "Principal": "*", "Action": "ecr:*", "Resource": "*"}, "Resource"),
    ({"Effect": "Allow", "Principal": "*", "Action": "ecr:*", "Foo": 1}, "Foo"),
    (
        {"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "ecr:*"},
        "principal",
    ),
    (
        {"Effect": "Allow", "Principal": {"AWS": ["*", ACCOUNT]}, "Action": "ecr:*"},
        "would change",
    ),
    (
        {
            "Effect": "Allow",
            "Principal": {"AWS": "*", "Service": "lambda.amazonaws.com"},
            "Action": "ecr:*",
        },
        "would change",
    ),
    (
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "ecr:*",
            "Condition": {"Bool": {"aws:SecureTransport": False}},
        },
        "Condition",
    ),
    (
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "ecr:*",
            "Condition": {"StringEquals": {"aws:PrincipalTag/x": {"nested": "odd"}}},
        },
        "Condition",
    ),
    (
        {"Effect": "Allow", "Principal": "*", "Action": "ecr:*", "Condition": ["x"]},
        "Condition",
    ),
    ({"Effect": "allow", "Principal": "*", "Action": "ecr:*"}, "Effect"),
    ({"Principal": "*", "Action": "ecr:*"}, "Effect"),
    ({"Sid": 7, "Effect": "Allow", "Principal": "*", "Action": "ecr:*"}, "Sid"),
    ({"Effect": "Allow", "Principal": {"AWS": []}, "Action": "ecr:*"}, "principal"),
    ({"Effect": "Allow", "Principal": {}, "Action": "ecr:*"}, "principal"),
    ({"Effect": "Allow", "Action": "ecr:*"}, "principal"),
    ({"Effect": "Allow", "Principal": "*", "Action": []}, "Action"),
    ({"Effect": "Allow", "Principal": "*"}, "Action"),
    ({"Effect": "Allow", "Principal": "*", "Action": "ecr:*", "Condition": {}}, "would change"),
    ("not a statement", "not an object"),
    (["a", "list"], "not an object"),
]


@pytest.mark.parametrize(("statement", "reason"), NOT_FORM_SHAPED)
def test_other_statements_are_not_form_editable(statement: Any, reason: str) -> None:
    view = view_statement(statement, 3)

    assert not view.form_editable
    assert view.form_input is None
    assert view.not_form_editable_because
    assert reason in view.not_form_editable_because


def test_view_of_negated_statement() -> None:
    view = view_statement(
        {
            "Sid": "DenyOthers",
            "Effect": "Deny",
            "NotPrincipal": {"AWS": [ACCOUNT, f"arn:aws:iam::{ACCOUNT}:role/admin"]},
            "NotAction": ["ecr:BatchGetImage"],
        },
        2,
    )

    assert view.negated_principal and view.negated_action
    assert [p.kind for p in view.principals] == [PrincipalKind.ACCOUNT, PrincipalKind.ROLE]
    assert view.principal_summary == f"NOT {ACCOUNT}, role/admin"
    assert view.action_summary == "NOT BatchGetImage"
    assert view.title == "DenyOthers"
    assert view.effect == "Deny"


def test_summaries_and_title() -> None:
    many = view_statement(
        {
            "Effect": "Allow",
            "Principal": {"AWS": ["111111111111", "222222222222", "AIDAJQABLZS4A3QDU576Q"]},
            "Action": ["ecr:ListImages", "ecr:DescribeImages", "ecr:BatchGetImage"],
            "Condition": {"StringEquals": {"aws:SourceAccount": "1"}},
        },
        4,
    )
    assert many.title == "statement 5"
    assert many.principal_summary == "111111111111, 222222222222 +1"
    assert many.action_summary == "3 actions"
    assert many.conditions == {"StringEquals": {"aws:SourceAccount": "1"}}
    assert many.sid is None

    everybody = view_statement(
        {"Sid": "P", "Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": list(PULL_ONLY)},
        0,
    )
    assert everybody.principal_summary == "Everybody"
    assert everybody.action_summary == "Pull only"
    orphan = everybody.principals_of_kind(PrincipalKind.UNIQUE_ID)
    assert orphan == []
    assert many.principals_of_kind(PrincipalKind.UNIQUE_ID)[0].value == "AIDAJQABLZS4A3QDU576Q"


def test_view_statements_numbers_them() -> None:
    views = view_statements([CONSOLE_SHAPED[0], "odd", CONSOLE_SHAPED[2]])

    assert [v.index for v in views] == [0, 1, 2]
    assert [v.form_editable for v in views] == [True, False, True]
    assert views[1].raw == "odd"


@settings(max_examples=150, deadline=None)
@given(statement=statements())
def test_form_never_changes_what_a_statement_grants(statement: dict[str, Any]) -> None:
    view = view_statement(statement, 0)

    assert view.form_editable == (view.not_form_editable_because is None)
    if view.form_input is not None:
        assert statements_equivalent(build_statement(view.form_input), statement)
        assert not {"NotPrincipal", "NotAction", "Resource", "XUnknown"} & set(statement)


@settings(max_examples=100, deadline=None)
@given(statement=console_statements())
def test_console_statements_are_editable_unless_star_is_mixed_in(
    statement: dict[str, Any],
) -> None:
    view = view_statement(statement, 0)

    assert view.form_editable != _mixes_star(statement["Principal"]), view.not_form_editable_because


def _mixes_star(principal: Any) -> bool:
    if not isinstance(principal, dict):
        return False
    aws = as_list(principal.get("AWS", []))
    return "*" in aws and (set(aws) != {"*"} or "Service" in principal)
