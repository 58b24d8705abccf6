"""Statement templates: each produces exactly the statement people expect."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ecr_tui.policy.builder import build_statement
from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.statements import view_statement
from ecr_tui.policy.templates import (
    TEMPLATES,
    Template,
    account_ids,
    codebuild_pull,
    cross_account_pull,
    free_sid,
    lambda_pull,
    organization_pull,
    partition_of,
)
from ecr_tui.policy.validate import validate_document

PULL = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]


def test_cross_account_pull() -> None:
    form = cross_account_pull(["210987654321", "111122223333", "210987654321"])
    assert build_statement(form) == {
        "Sid": "CrossAccountPull",
        "Effect": "Allow",
        "Principal": {"AWS": ["arn:aws:iam::210987654321:root", "arn:aws:iam::111122223333:root"]},
        "Action": PULL,
    }


def test_cross_account_pull_in_china() -> None:
    form = cross_account_pull(["210987654321"], sid="Partner", partition="aws-cn")
    assert build_statement(form)["Principal"] == {"AWS": ["arn:aws-cn:iam::210987654321:root"]}
    assert build_statement(form)["Sid"] == "Partner"


def test_organization_pull() -> None:
    assert build_statement(organization_pull(" o-a1b2c3d4e5 ")) == {
        "Sid": "OrganizationPull",
        "Effect": "Allow",
        "Principal": "*",
        "Action": PULL,
        "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}},
    }


def test_lambda_pull() -> None:
    assert build_statement(lambda_pull("eu-west-1", "123456789012")) == {
        "Sid": "LambdaPull",
        "Effect": "Allow",
        "Principal": {"Service": ["lambda.amazonaws.com"]},
        "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        "Condition": {
            "StringLike": {"aws:sourceArn": "arn:aws:lambda:eu-west-1:123456789012:function:*"}
        },
    }


def test_codebuild_pull() -> None:
    assert build_statement(codebuild_pull("us-gov-west-1", "123456789012")) == {
        "Sid": "CodeBuildPull",
        "Effect": "Allow",
        "Principal": {"Service": ["codebuild.amazonaws.com"]},
        "Action": PULL,
        "Condition": {
            "StringEquals": {"aws:SourceAccount": "123456789012"},
            "ArnLike": {
                "aws:SourceArn": "arn:aws-us-gov:codebuild:us-gov-west-1:123456789012:project/*"
            },
        },
    }


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: organization_pull("o-abc123"), "'o-abc123' is not an organization id"),
        (lambda: organization_pull("O-A1B2C3D4E5"), "10 to 32 lowercase letters or digits"),
        (lambda: organization_pull("o-" + "a" * 33), "is not an organization id"),
        (lambda: cross_account_pull(["12345"]), "'12345' is not an account id"),
        (lambda: cross_account_pull([]), "at least one account id"),
        (lambda: lambda_pull("us-east-1", "abc"), "exactly 12 digits"),
        (lambda: codebuild_pull("us-east-1", "1234567890123"), "exactly 12 digits"),
        (lambda: account_ids(" , "), "at least one account id"),
    ],
)
def test_bad_ids_are_refused_with_a_clear_sentence(
    make: Callable[[], object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        make()


def test_templates_build_from_what_a_person_types() -> None:
    by_key = {t.key: t for t in TEMPLATES}
    taken = [{"Sid": "CrossAccountPull"}, {"Sid": "CrossAccountPull2"}]
    form = by_key["cross-account"].build("210987654321,  111122223333", "us-east-1", taken)
    assert form.sid == "CrossAccountPull3"
    assert len(form.aws_principals) == 2
    assert by_key["organization"].build("o-a1b2c3d4e5", "us-east-1").sid == "OrganizationPull"
    lambda_form = by_key["lambda"].build("123456789012", "cn-north-1")
    assert lambda_form.conditions["StringLike"]["aws:sourceArn"] == (
        "arn:aws-cn:lambda:cn-north-1:123456789012:function:*",
    )
    with pytest.raises(ValueError, match="not an account id"):
        by_key["codebuild"].build("nope", "us-east-1")
    assert all(t.explanation and "\n" not in t.explanation for t in TEMPLATES)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.key)
def test_every_template_is_valid_and_editable_in_the_form(template: Template) -> None:
    answer = "o-a1b2c3d4e5" if template.key == "organization" else "210987654321"
    form = template.build(answer, "us-east-1")
    statement = build_statement(form)
    document = PolicyDocument.empty().with_statements([statement])
    assert validate_document(document, created={0}) == []
    assert view_statement(statement, 0).form_input is not None


def test_free_sid_and_partitions() -> None:
    assert free_sid([], "LambdaPull") == "LambdaPull"
    assert free_sid([{"Sid": "LambdaPull"}, "odd"], "LambdaPull") == "LambdaPull2"
    assert [partition_of(r) for r in ("us-east-1", "cn-north-1", "us-gov-east-1")] == [
        "aws",
        "aws-cn",
        "aws-us-gov",
    ]
