"""`ecr-tui audit` reads conditions as AWS does: accounts named only in a condition are
cross-account access (silenced by --trusted-account, never public), `*` is literal under
StringEquals, another service's keys make a statement inert, and keys that do not say who
calls leave it public. Through click's CliRunner against in-process moto."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import boto3
import pytest
from click.testing import CliRunner, Result

from ecr_tui.cli import cli

OWN = "123456789012"
PARTNER = "111122223333"
BUILDER = "444455556666"
ORG = "o-a1b2c3d4e5"
PULL = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]

# repository -> (principal, condition)
POLICIES: dict[str, tuple[Any, dict[str, Any]]] = {
    "named/account": ("*", {"StringEquals": {"aws:PrincipalAccount": PARTNER}}),
    "named/role": ("*", {"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{PARTNER}:role/ci/*"}}),
    "named/own": ("*", {"StringEquals": {"aws:SourceAccount": OWN}}),
    "service/builder": (
        {"Service": "codebuild.amazonaws.com"},
        {"ArnLike": {"aws:SourceArn": f"arn:aws:codebuild:us-east-1:{BUILDER}:project/*"}},
    ),
    "literal/star": ("*", {"StringEquals": {"aws:PrincipalOrgID": [ORG, "*"]}}),
    "inert/kms": ("*", {"StringEquals": {"kms:ViaService": "ecr.us-east-1.amazonaws.com"}}),
    "open/negated-kms": ("*", {"StringNotEquals": {"kms:ViaService": "s3.amazonaws.com"}}),
    "open/resource-account": ("*", {"StringEquals": {"aws:ResourceAccount": OWN}}),
    "weak/if-exists": ("*", {"StringEqualsIfExists": {"aws:PrincipalOrgID": ORG}}),
}
EXPECTED = [
    ("open/negated-kms", "public", "critical", "anyone on the internet (any AWS account) can pull"),
    (
        "open/resource-account",
        "public",
        "critical",
        "anyone on the internet (any AWS account) can pull",
    ),
    (
        "weak/if-exists",
        "weak-condition",
        "high",
        "anyone can pull: the condition does not restrict "
        "(StringEqualsIfExists lets requests without aws:PrincipalOrgID through)",
    ),
    (
        "named/account",
        "cross-account",
        "medium",
        f"account {PARTNER} can pull (named by a condition)",
    ),
    ("named/role", "cross-account", "medium", f"account {PARTNER} can pull (named by a condition)"),
    (
        "service/builder",
        "cross-account",
        "medium",
        f"codebuild.amazonaws.com acting for account {BUILDER} can pull",
    ),
    (
        "inert/kms",
        "inert-condition",
        "low",
        "the statement grants nothing: ECR requests never carry kms:ViaService, "
        "so StringEquals never matches",
    ),
    ("literal/star", "conditional-public", "info", f"organisation {ORG} can pull"),
]


@pytest.fixture
def conditions(aws: None) -> None:
    ecr = boto3.client("ecr", region_name="us-east-1")
    for name, (principal, condition) in POLICIES.items():
        statement = {"Sid": "Pull", "Effect": "Allow", "Principal": principal, "Action": PULL}
        statement["Condition"] = condition
        text = json.dumps({"Version": "2012-10-17", "Statement": [statement]})
        ecr.create_repository(repositoryName=name)
        ecr.set_repository_policy(repositoryName=name, policyText=text)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["--region", "us-east-1", "audit", *args])


def test_json_names_the_accounts_conditions_let_in(conditions: None) -> None:
    result = run("-o", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [(r["repository"], r["check"], r["severity"], r["message"]) for r in rows] == EXPECTED
    assert {r["source"] for r in rows} == {"repository-policy"}
    assert "named/own" not in {r["repository"] for r in rows}


def test_csv_carries_the_same_verdicts(conditions: None) -> None:
    rows = list(csv.DictReader(io.StringIO(run("-o", "csv").stdout)))
    assert [(r["repository"], r["check"], r["severity"]) for r in rows] == [
        (name, check, severity) for name, check, severity, _ in EXPECTED
    ]


def test_the_table_shows_named_accounts_as_cross_account(conditions: None) -> None:
    lines = run().stdout.splitlines()
    assert (
        f"  MEDIUM   cross-account [Pull]: account {PARTNER} can pull (named by a condition)"
    ) in lines
    inert = (
        "  LOW      inert-condition [Pull]: the statement grants nothing: "
        "ECR requests never carry kms:ViaService, so StringEquals never matches"
    )
    assert inert in lines


def test_trusted_accounts_silence_accounts_named_in_conditions(conditions: None) -> None:
    result = run("-o", "json", "--trusted-account", PARTNER, "--trusted-account", BUILDER)
    rows = json.loads(result.stdout)
    assert [r for r in rows if r["check"] == "cross-account"] == []
    assert [r["repository"] for r in rows] == [
        "open/negated-kms",
        "open/resource-account",
        "weak/if-exists",
        "inert/kms",
        "literal/star",
    ]


@pytest.mark.parametrize(
    ("names", "code"),
    [
        (("named/account", "named/role", "service/builder"), 1),
        (("inert/kms", "literal/star", "named/own"), 0),
    ],
)
def test_the_gate_counts_named_accounts_and_not_inert_statements(
    conditions: None, names: tuple[str, ...], code: int
) -> None:
    assert run("--fail-on", "medium", *names).exit_code == code
