"""`--query`: JMESPath applied to the JSON before it is printed, as the AWS CLI does."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner, Result

from ecr_tui.cli import cli

REPO = "team/app"
POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "Pull", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"},
        {
            "Sid": "Partner",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
            "Action": "ecr:BatchGetImage",
        },
    ],
}


@pytest.fixture
def repo(ecr: Any) -> str:
    ecr.create_repository(repositoryName=REPO)
    ecr.set_repository_policy(repositoryName=REPO, policyText=json.dumps(POLICY))
    return REPO


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["--region", "us-east-1", *args])


def test_show_prints_what_the_query_selects(repo: str) -> None:
    result = run("show", repo, "--query", "Statement[].Sid")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == ["Pull", "Partner"]


def test_a_query_selecting_one_string_prints_it_as_json(repo: str) -> None:
    result = run("show", repo, "--query", "Statement[1].Principal.AWS")
    assert result.stdout == '"arn:aws:iam::444455556666:root"\n'


def test_a_query_that_matches_nothing_prints_null(repo: str) -> None:
    result = run("show", repo, "--query", "Nothing")
    assert result.exit_code == 0
    assert result.stdout == "null\n"


def test_audit_json_is_queried(repo: str) -> None:
    result = run("audit", "--output", "json", "--query", "[?severity=='critical'].statement")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == ["Pull"]


@pytest.mark.parametrize("expression", ["Statement[.Sid", "foo(", '"open'])
def test_a_bad_expression_is_exit_2_with_one_line_and_no_aws_call(
    aws: None, expression: str
) -> None:
    result = run("show", "no-such-repository", "--query", expression)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert "is not a JMESPath expression" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_query_that_fails_on_the_data_is_exit_2_without_the_data(repo: str) -> None:
    result = run("show", repo, "--query", "abs(Statement)")
    assert result.exit_code == 2
    assert result.stderr == (
        "ecr-tui: --query 'abs(Statement)' cannot be applied: abs() expects number, not array\n"
    )


@pytest.mark.parametrize(
    "args", [("show", REPO, "-o", "text"), ("audit",), ("audit", "--output", "csv")]
)
def test_a_query_on_text_output_is_refused(repo: str, args: tuple[str, ...]) -> None:
    result = run(*args, "--query", "[0]")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "add --output json" in result.stderr
