"""`ecr-tui audit` through click's CliRunner against in-process moto: the JSON, CSV and
table outputs, exit codes, one-line errors, and --all-regions."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

import boto3
import click.testing
import pytest
from botocore.client import BaseClient
from botocore.exceptions import ClientError
from click.testing import CliRunner, Result

from ecr_tui.cli import cli

OWN = "123456789012"
PARTNER = "111122223333"
PULL = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
PUSH_PULL = [*PULL, "ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart"]
FIELDS = [
    "region",
    "repository",
    "statement",
    "check",
    "severity",
    "message",
    "account",
    "account_name",
    "source",
]

Invoke = Callable[..., Result]


def policy(sid: str, principal: Any, actions: list[str], version: str = "2012-10-17") -> str:
    statement = {"Sid": sid, "Effect": "Allow", "Principal": principal, "Action": actions}
    return json.dumps({"Version": version, "Statement": [statement]})


def create(region: str, name: str, text: str | None = None) -> None:
    ecr = boto3.client("ecr", region_name=region)
    ecr.create_repository(repositoryName=name)
    if text is not None:
        ecr.set_repository_policy(repositoryName=name, policyText=text)


@pytest.fixture
def run(aws: None) -> Invoke:
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(cli, ["--region", "us-east-1", "audit", *args])

    return invoke


@pytest.fixture
def account(aws: None) -> None:
    """A public repository, a partner's, one for the own account and one without policy."""
    create("us-east-1", "web/public", policy("Everyone", "*", PUSH_PULL))
    create("us-east-1", "team/partner", policy("PartnerPull", {"AWS": PARTNER}, PULL))
    create("us-east-1", "team/own", policy("OwnPush", {"AWS": OWN}, PUSH_PULL))
    create("us-east-1", "team/none")


def fail_calls(monkeypatch: pytest.MonkeyPatch, operation: str, code: str, *regions: str) -> None:
    """Make every `operation` call (in `regions`, or everywhere) fail as AWS would."""
    original = BaseClient._make_api_call

    def failing(client: BaseClient, name: str, params: dict[str, Any]) -> Any:
        if name == operation and (not regions or client.meta.region_name in regions):
            raise ClientError({"Error": {"Code": code, "Message": f"{code} for test"}}, name)
        return original(client, name, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", failing)


def test_json_lists_findings_of_repositories_that_have_some(run: Invoke, account: None) -> None:
    result = run("--output", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    rows = json.loads(result.stdout)
    assert all(list(row) == FIELDS for row in rows)
    assert [(r["repository"], r["statement"], r["check"], r["severity"]) for r in rows] == [
        ("web/public", "Everyone", "public", "critical"),
        ("web/public", "Everyone", "public-write", "critical"),
        ("team/partner", "PartnerPull", "cross-account", "medium"),
    ]
    assert {r["region"] for r in rows} == {"us-east-1"}
    assert rows[0]["message"] == "anyone on the internet (any AWS account) can pull and push"
    assert rows[2]["message"] == f"account {PARTNER} can pull"


def test_csv_has_the_header_and_the_same_rows(run: Invoke, account: None) -> None:
    as_json = json.loads(run("-o", "json").stdout)
    result = run("-o", "csv")
    assert result.exit_code == 0
    reader = csv.DictReader(io.StringIO(result.stdout))
    assert reader.fieldnames == FIELDS
    assert list(reader) == as_json


def test_table_is_grouped_by_repository_worst_first(run: Invoke, account: None) -> None:
    result = run()
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    headers = [line for line in lines if not line.startswith(" ")]
    assert headers == ["web/public  (us-east-1)", "team/partner  (us-east-1)"]
    assert lines[1].split()[:3] == ["CRITICAL", "public", "[Everyone]:"]
    assert lines[-1] == f"  MEDIUM   cross-account [PartnerPull]: account {PARTNER} can pull"
    assert "team/own" not in result.stdout and "team/none" not in result.stdout


def test_nothing_to_report(run: Invoke, aws: None) -> None:
    create("us-east-1", "team/own", policy("OwnPush", {"AWS": OWN}, PUSH_PULL))
    assert run().stdout == "No findings.\n"
    assert json.loads(run("-o", "json").stdout) == []
    assert run("-o", "csv").stdout.strip() == ",".join(FIELDS)


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ((), 0),
        (("--fail-on", "critical"), 1),
        (("--fail-on", "low"), 1),
        (("team/partner", "--fail-on", "critical"), 0),
        (("team/partner", "--fail-on", "high"), 0),
        (("team/partner", "--fail-on", "medium"), 1),
        (("team/own", "team/none", "--fail-on", "low"), 0),
    ],
)
def test_fail_on(run: Invoke, account: None, args: tuple[str, ...], code: int) -> None:
    result = run(*args)
    assert result.exit_code == code, result.stderr
    assert result.stderr == ""


def test_info_findings_do_not_trip_fail_on_low(run: Invoke, aws: None) -> None:
    create("us-east-1", "legacy", policy("Own", {"AWS": OWN}, PULL, version="2008-10-17"))
    result = run("-o", "json", "--fail-on", "low")
    assert result.exit_code == 0
    assert [row["check"] for row in json.loads(result.stdout)] == ["version"]


def test_named_repositories_only(run: Invoke, account: None) -> None:
    rows = json.loads(run("team/partner", "team/partner", "team/none", "-o", "json").stdout)
    assert [(row["repository"], row["check"]) for row in rows] == [
        ("team/partner", "cross-account")
    ]


def test_trusted_accounts_are_not_cross_account(run: Invoke, account: None) -> None:
    rows = json.loads(run("--trusted-account", PARTNER, "-o", "json").stdout)
    assert {row["repository"] for row in rows} == {"web/public"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--trusted-account", "12345"), "--trusted-account '12345' is not a 12-digit account id"),
        (("team/nope",), "no repository named 'team/nope' in us-east-1"),
        (("--all-regions", "team/nope"), "no repository named 'team/nope' in any region"),
        (("--fail-on", "info"), "(see --help)"),
        (("--read-only",), "(--read-only is a global option: put it before the command)"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    run: Invoke, account: None, args: tuple[str, ...], message: str
) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_failing_to_list_repositories_is_exit_4(
    run: Invoke, account: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_calls(monkeypatch, "DescribeRepositories", "AccessDeniedException")
    result = run("-o", "json")
    assert result.exit_code == 4
    assert result.stdout == ""
    assert "Could not list the repositories: access denied" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


@pytest.fixture
def team_own_unreadable(account: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading the policy of team/own is denied; every other call goes through."""
    original = BaseClient._make_api_call

    def deny_one(client: BaseClient, name: str, params: dict[str, Any]) -> Any:
        if name == "GetRepositoryPolicy" and params["repositoryName"] == "team/own":
            raise ClientError({"Error": {"Code": "AccessDeniedException", "Message": "no"}}, name)
        return original(client, name, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", deny_one)


def test_an_unreadable_repository_is_reported_and_the_rest_audited(
    run: Invoke, team_own_unreadable: None
) -> None:
    result = run("-o", "json", "--fail-on", "critical")
    assert result.exit_code == 1
    rows = json.loads(result.stdout)
    assert [(row["repository"], row["check"]) for row in rows] == [
        ("web/public", "public"),
        ("web/public", "public-write"),
        ("team/own", "unreadable"),
        ("team/partner", "cross-account"),
    ]
    assert rows[2]["severity"] == "high"
    assert "access denied" in rows[2]["message"]


def test_an_unreadable_repository_fails_the_gate_when_nothing_else_does(
    run: Invoke, team_own_unreadable: None
) -> None:
    gated = run("team/own", "team/partner", "-o", "json", "--fail-on", "critical")
    assert gated.exit_code == 4
    assert "the policy of 1 repository could not be read" in gated.stderr
    assert [row["check"] for row in json.loads(gated.stdout)] == ["unreadable", "cross-account"]
    ungated = run("team/own", "-o", "json")
    assert ungated.exit_code == 0
    assert "could not be read" in ungated.stderr


@pytest.fixture
def two_regions(aws: None) -> None:
    create("us-east-1", "web/public", policy("Everyone", "*", PULL))
    create("eu-west-1", "web/partner", policy("PartnerPull", {"AWS": PARTNER}, PULL))
    create("eu-west-1", "web/none")


def test_all_regions_covers_every_region(run: Invoke, two_regions: None) -> None:
    result = run("--all-regions", "-o", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [(r["region"], r["repository"], r["check"]) for r in rows] == [
        ("us-east-1", "web/public", "public"),
        ("eu-west-1", "web/partner", "cross-account"),
    ]
    assert [r["region"] for r in json.loads(run("-o", "json").stdout)] == ["us-east-1"]


def test_all_regions_with_names_finds_them_in_any_region(run: Invoke, two_regions: None) -> None:
    rows = json.loads(run("--all-regions", "web/partner", "-o", "json").stdout)
    assert [(r["region"], r["repository"]) for r in rows] == [("eu-west-1", "web/partner")]


def test_all_regions_skips_regions_that_refuse_with_one_line(
    run: Invoke, two_regions: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Opt-in regions the account has not enabled answer every call like this.
    code = "UnrecognizedClientException"
    fail_calls(monkeypatch, "DescribeRepositories", code, "af-south-1", "eu-west-1")
    result = run("--all-regions", "-o", "json")
    assert result.exit_code == 0
    assert [r["region"] for r in json.loads(result.stdout)] == ["us-east-1"]
    assert result.stderr.startswith("ecr-tui: skipped 2 region(s) that could not be listed")
    assert "af-south-1, eu-west-1" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_all_regions_failing_everywhere_is_exit_4(
    run: Invoke, two_regions: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_calls(monkeypatch, "DescribeRepositories", "ExpiredTokenException")
    result = run("--all-regions")
    assert result.exit_code == 4
    assert "credentials have expired" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_progress_goes_to_stderr_on_a_terminal(
    run: Invoke, account: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(click.testing._NamedTextIOWrapper, "isatty", lambda _: True)
    result = run("-o", "json")
    assert result.exit_code == 0
    assert "Auditing us-east-1" in result.stderr
    assert len(json.loads(result.stdout)) == 3
