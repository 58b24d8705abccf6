"""Bad input is refused: exit 2, one line on stderr, and nothing changes in AWS.

`BAD_INPUTS` is the table the benchmark notes count ("bad inputs refused").
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ecr_tui.cli import cli

REPO = "team/app"
ACCOUNT = "123456789012"
LIVE = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Existing",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
            "Action": "ecr:BatchGetImage",
        }
    ],
}
ADD = ("add-statement", REPO, "--yes")


def added(*extra: str, sid: str = "New", principal: str = "444455556666") -> tuple[str, ...]:
    return (*ADD, "--sid", sid, "-p", principal, *extra)


def applied(**statement: Any) -> tuple[tuple[str, ...], str]:
    new = {
        "Sid": "New",
        "Effect": "Allow",
        "Principal": {"AWS": "444455556666"},
        "Action": "ecr:BatchGetImage",
        **statement,
    }
    document = {**LIVE, "Statement": [*LIVE["Statement"], new]}
    return ("apply", REPO, "-", "--yes"), json.dumps(document)


def huge_number(number: str) -> tuple[tuple[str, ...], str]:
    condition = f'{{"NumericLessThan": {{"s3:max-keys": {number}}}}}'
    args, text = applied(Condition={})
    return args, text.replace('"Condition": {}', f'"Condition": {condition}')


ROLE = f"arn:aws:iam::{ACCOUNT}:role"
BAD_INPUTS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "principal of another partition": (
        added("-a", "pull", principal=f"arn:aws-cn:iam::{ACCOUNT}:root"),
        None,
    ),
    "gov-cloud role in an aws region": (
        added("-a", "pull", principal=f"arn:aws-us-gov:iam::{ACCOUNT}:role/ci"),
        None,
    ),
    "role name with a space": (added("-a", "pull", principal=f"{ROLE}/my role"), None),
    "user name with a non-ASCII letter": (
        added("-a", "pull", principal=f"arn:aws:iam::{ACCOUNT}:user/j\u00f6rg"),
        None,
    ),
    "role name of 65 characters": (added("-a", "pull", principal=f"{ROLE}/{'r' * 65}"), None),
    "wildcard account root": (added("-a", "pull", principal="arn:aws:iam::*:root"), None),
    "wildcard in a role name": (added("-a", "pull", principal=f"{ROLE}/deploy-*"), None),
    "assumed-role session with a space": (
        added("-a", "pull", principal=f"arn:aws:sts::{ACCOUNT}:assumed-role/deploy/my session"),
        None,
    ),
    "registry action CreateRepository": (added("-a", "ecr:CreateRepository"), None),
    "registry action ReplicateImage": (added("-a", "ReplicateImage"), None),
    "registry action BatchImportUpstreamImage": (added("-a", "BatchImportUpstreamImage"), None),
    "misspelt action": (added("-a", "BatchGetImages"), None),
    "Sid with ESC": (added("-a", "pull", sid="Pull\x1b[2J"), None),
    "Sid with CR": (added("-a", "pull", sid="Pull\r"), None),
    "Sid with LF": (added("-a", "pull", sid="Pull\nInjected"), None),
    "Sid with NUL": (added("-a", "pull", sid="Pu\x00ll"), None),
    "condition value with OSC 52": (
        added("-a", "pull", "-c", "StringEquals:aws:PrincipalOrgID=o-a1b2c3d4e5\x1b]52;c;eA==\x07"),
        None,
    ),
    "condition key with BEL": (
        added("-a", "pull", "-c", "StringEquals:aws:Principal\x07OrgID=o-a1b2c3d4e5"),
        None,
    ),
    "repository name with a space": (("show", "team app"), None),
    "repository name in capitals": (("show", "Team/App"), None),
    "repository name of one character": (("show", "x"), None),
    "repository name starting with a dash": (("add-statement", "-x-", "--sid", "A"), None),
    "repository name with a double slash": (("remove-statement", "team//app", "--sid", "A"), None),
    "repository name to restore": (("restore", "team/app/"), None),
    "repository name to audit": (("audit", "team/App"), None),
    "repository name among several": (("remove-statement", REPO, "a b", "--sid", "A"), None),
    "empty --region": (("--region", "", "show", REPO), None),
    "blank --region": (("--region", " ", "show", REPO), None),
    "--region with a slash": (("--region", "us-east-1/x", "show", REPO), None),
    "condition number too large for a float": (
        added("-a", "pull", "-c", "NumericLessThan:aws:MultiFactorAuthAge=1e999999"),
        None,
    ),
    "condition number of 5,000 digits": (
        added("-a", "pull", "-c", f"NumericLessThan:aws:MultiFactorAuthAge={'9' * 5000}"),
        None,
    ),
    "condition number NaN": (
        added("-a", "pull", "-c", "NumericGreaterThan:aws:MultiFactorAuthAge=nan"),
        None,
    ),
    "condition date of 23 digits": (
        added("-a", "pull", "-c", f"DateLessThan:aws:CurrentTime={'9' * 23}"),
        None,
    ),
    "apply: a number too large for a float": huge_number("1e999999"),
    "apply: a number of 5,000 digits": huge_number("9" * 5000),
    "apply: Sid with ESC": applied(Sid="New\x1b]52;c;eA==\x07"),
    "apply: Sid with CR LF": applied(Sid="New\r\n"),
    "apply: condition value with ESC": applied(
        Condition={"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5\x1b[2J"}}
    ),
    "apply: condition key with NUL": applied(
        Condition={"StringEquals": {"aws:PrincipalOrgID\x00": "o-a1b2c3d4e5"}}
    ),
    "apply: wildcard account root": applied(Principal={"AWS": "arn:aws:iam::*:root"}),
    "apply: principal of another partition": applied(
        Principal={"AWS": f"arn:aws-cn:iam::{ACCOUNT}:root"}
    ),
    "apply: role name with a space": applied(Principal={"AWS": f"{ROLE}/my role"}),
    "restore: empty --backup": (("restore", REPO, "--backup", "", "--yes"), None),
}


@pytest.fixture
def live(ecr: Any) -> Any:
    ecr.create_repository(repositoryName=REPO)
    ecr.set_repository_policy(repositoryName=REPO, policyText=json.dumps(LIVE))
    return ecr


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_is_refused_with_one_line_and_nothing_changes(
    case: str, live: Any, state_dir: Path
) -> None:
    args, stdin = BAD_INPUTS[case]
    before = live.get_repository_policy(repositoryName=REPO)["policyText"]
    result = CliRunner().invoke(cli, ["--region", "us-east-1", *args], input=stdin)
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 2, result.stderr
    assert len(lines) == 1 and lines[0].startswith("ecr-tui: "), result.stderr
    assert "unexpected error" not in result.stderr and "Traceback" not in result.output
    assert not any(ch in lines[0] for ch in "\x00\x07\x1b\r"), lines[0]
    assert live.get_repository_policy(repositoryName=REPO)["policyText"] == before
    assert not list(state_dir.glob("backups/**/*.json"))


def test_the_refusals_say_why(live: Any) -> None:
    def stderr(*args: str, stdin: str | None = None) -> str:
        result = CliRunner().invoke(cli, ["--region", "us-east-1", *args], input=stdin)
        return result.stderr

    registry = stderr(*added("-a", "ecr:CreateRepository"))
    assert "grant it in the registry policy" in registry
    assert "did you mean ecr:BatchGetImage?" in stderr(*added("-a", "BatchGetImages"))
    far = stderr(*added("-a", "Frobnicate"))
    assert "did you mean" not in far and "--actions takes pull, push-pull, all" in far
    assert "is not a repository name" in stderr("show", "team app")
    assert "--region needs a region name" in stderr("--region", "", "show", REPO)
    assert "partition" in stderr(*added("-a", "pull", principal=f"arn:aws-cn:iam::{ACCOUNT}:root"))
    assert "too large" in stderr(*huge_number("1e999999")[0], stdin=huge_number("1e999999")[1])


def test_apply_keeps_a_registry_action_with_a_warning(live: Any) -> None:
    args, text = applied(Action=["ecr:BatchGetImage", "ecr:ReplicateImage"])
    result = CliRunner().invoke(cli, ["--region", "us-east-1", *args], input=text)
    assert result.exit_code == 0, result.stderr
    assert "ecr:ReplicateImage is a registry-policy action" in result.stderr
    stored = json.loads(live.get_repository_policy(repositoryName=REPO)["policyText"])
    assert stored["Statement"][-1]["Action"] == ["ecr:BatchGetImage", "ecr:ReplicateImage"]


def test_apply_of_a_misspelt_action_warns_with_the_nearest_and_saves(live: Any) -> None:
    args, text = applied(Action="ecr:BatchGetImages")
    result = CliRunner().invoke(cli, ["--region", "us-east-1", *args], input=text)
    assert result.exit_code == 0, result.stderr
    assert "did you mean ecr:BatchGetImage?" in result.stderr


def test_a_two_megabyte_file_says_the_size_error_first_and_counts_the_rest(live: Any) -> None:
    statement = {
        "Sid": "bad sid",
        "Effect": "Allow",
        "Principal": {"AWS": "444455556666"},
        "Action": "ecr:BatchGetImage",
    }
    document = {"Version": "2012-10-17", "Statement": [statement] * 20_000}
    text = json.dumps(document)
    assert len(text) > 2_000_000
    before = live.get_repository_policy(repositoryName=REPO)["policyText"]
    result = CliRunner().invoke(
        cli, ["--region", "us-east-1", "apply", REPO, "-", "--yes"], input=text
    )
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 2
    assert "characters; ECR accepts at most 10,240" in lines[0]
    assert len(lines) < 50
    assert "ecr-tui: ... and 39,980 more warnings" in lines, lines
    assert lines[-1] == "ecr-tui: nothing was written: 1 error and 40,000 warnings"
    assert live.get_repository_policy(repositoryName=REPO)["policyText"] == before
