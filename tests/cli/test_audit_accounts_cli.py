"""`ecr-tui audit --all-accounts` against an organisation in moto: account names, severity by
the organisation boundary, a locked account, --accounts, and exit codes."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from click.testing import CliRunner, Result

from ecr_tui.cli import cli
from ecr_tui.service.config import config_path
from tests.aws.organization_world import (
    MANAGEMENT,
    create_organization,
    lock_accounts,
    member_client,
    organization_id,
    refuse_list_accounts,
)

OUTSIDER = "999900001111"
PULL = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]


def policy(principal: Any, condition: dict[str, Any] | None = None, sid: str = "Pull") -> str:
    statement: dict[str, Any] = {"Sid": sid, "Effect": "Allow", "Principal": principal}
    statement["Action"] = PULL
    if condition:
        statement["Condition"] = condition
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def repository(ecr: Any, name: str, text: str | None = None) -> None:
    ecr.create_repository(repositoryName=name)
    if text is not None:
        ecr.set_repository_policy(repositoryName=name, policyText=text)


@pytest.fixture
def world(aws: None) -> dict[str, str]:
    """Management + partner-shared + data-analytics + locked-vault, with repositories."""
    accounts = create_organization("partner-shared", "data-analytics", "locked-vault")
    partner, data = accounts["partner-shared"], accounts["data-analytics"]
    own = boto3.client("ecr", region_name="us-east-1")
    repository(own, "own/to-partner", policy({"AWS": partner}))
    repository(own, "own/to-outsider", policy({"AWS": OUTSIDER}))
    other_org = {"StringEquals": {"aws:PrincipalOrgID": "o-otherorg99"}}
    our_org = {"StringEquals": {"aws:PrincipalOrgID": organization_id()}}
    partner_ecr = member_client("ecr", partner)
    repository(partner_ecr, "shared/sdk", policy("*", our_org))
    repository(partner_ecr, "shared/acquired", policy("*", other_org))
    data_ecr = member_client("ecr", data)
    repository(data_ecr, "analytics/loader", policy({"AWS": MANAGEMENT}))
    repository(data_ecr, "analytics/plain")
    return accounts


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["--region", "us-east-1", "audit", *args])


def rows_by_repository(result: Result) -> dict[str, list[dict[str, str]]]:
    found: dict[str, list[dict[str, str]]] = {}
    for row in json.loads(result.stdout):
        found.setdefault(row["repository"], []).append(row)
    return found


def test_every_account_is_audited_with_names_and_the_boundary(world: dict[str, str]) -> None:
    result = run("--all-accounts", "-o", "json")
    assert result.exit_code == 0, result.stderr
    rows = rows_by_repository(result)
    partner, data = world["partner-shared"], world["data-analytics"]
    assert {r: (v[0]["account"], v[0]["account_name"]) for r, v in rows.items()} == {
        "own/to-partner": (MANAGEMENT, "master"),
        "own/to-outsider": (MANAGEMENT, "master"),
        "shared/sdk": (partner, "partner-shared"),
        "shared/acquired": (partner, "partner-shared"),
        "analytics/loader": (data, "data-analytics"),
    }
    severity = {name: found[0]["severity"] for name, found in rows.items()}
    assert severity["own/to-partner"] == "medium"
    assert severity["analytics/loader"] == "medium"
    assert severity["own/to-outsider"] == "high"
    assert severity["shared/acquired"] == "high"
    assert severity["shared/sdk"] == "info"
    assert f"account {partner} (partner-shared) can pull" == rows["own/to-partner"][0]["message"]
    assert "outside the organisation" in rows["own/to-outsider"][0]["message"]
    assert rows["shared/acquired"][0]["check"] == "cross-account"
    assert result.stderr == ""


def test_the_table_is_grouped_by_account_then_repository(world: dict[str, str]) -> None:
    result = run("--all-accounts")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    headers = [line for line in lines if line.startswith("Account ")]
    assert headers == sorted(headers)
    assert f"Account {world['data-analytics']} (data-analytics)" in headers
    data_at = lines.index(f"Account {world['data-analytics']} (data-analytics)")
    assert lines[data_at + 1] == "  analytics/loader  (us-east-1)"


def test_a_locked_account_is_named_and_the_others_are_audited(
    world: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = world["locked-vault"]
    asked = lock_accounts(monkeypatch, locked)
    result = run("--all-accounts", "-o", "json")
    assert result.exit_code == 0, result.stderr
    assert {row["account"] for row in json.loads(result.stdout)} == {
        MANAGEMENT,
        world["partner-shared"],
        world["data-analytics"],
    }
    assert f"account {locked} (locked-vault) was not audited" in result.stderr
    assert "not allowed" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    # the caller's own account is read with its own credentials
    assert not [arn for arn, _ in asked if f"::{MANAGEMENT}:" in arn]


@pytest.mark.parametrize(("fail_on", "code"), [("critical", 4), ("high", 1)])
def test_a_gate_fails_on_an_account_it_could_not_see(
    world: dict[str, str], monkeypatch: pytest.MonkeyPatch, fail_on: str, code: int
) -> None:
    lock_accounts(monkeypatch, world["locked-vault"])
    assert run("--all-accounts", "--fail-on", fail_on).exit_code == code


def test_accounts_narrows_the_audit(world: dict[str, str]) -> None:
    data = world["data-analytics"]
    result = run("--all-accounts", "--accounts", data, "-o", "json")
    assert result.exit_code == 0, result.stderr
    assert {row["account"] for row in json.loads(result.stdout)} == {data}
    assert run("--all-accounts", "--accounts", data, "--fail-on", "medium").exit_code == 1
    assert run("--all-accounts", "--accounts", data, "--fail-on", "high").exit_code == 0


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--accounts", "111122223333"], "not an active account of the organisation"),
        (["--accounts", "12345"], "is not a 12-digit account id"),
        (["--role-name", ""], "--role-name must not be empty"),
    ],
)
def test_bad_account_options_are_one_line(
    world: dict[str, str], args: list[str], says: str
) -> None:
    result = run("--all-accounts", *args)
    assert result.exit_code == 2
    assert says in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert result.stdout == ""


def test_account_options_need_all_accounts(world: dict[str, str]) -> None:
    result = run("--role-name", "Auditor")
    assert result.exit_code == 2
    assert result.stderr == "ecr-tui: --role-name only applies with --all-accounts\n"


def test_role_name_and_external_id_are_passed_to_sts(
    world: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = lock_accounts(monkeypatch)
    result = run("--all-accounts", "--role-name", "Auditor", "--external-id", "x-123")
    assert result.exit_code == 0, result.stderr
    assert sorted(asked) == sorted(
        (f"arn:aws:iam::{world[name]}:role/Auditor", "x-123")
        for name in ("partner-shared", "data-analytics", "locked-vault")
    )


def test_the_config_file_names_the_role_and_a_flag_replaces_it(
    world: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('organization_role = "Auditor"\nexternal_id = "x-123"\n', encoding="utf-8")
    asked = lock_accounts(monkeypatch)
    members = [world[name] for name in ("partner-shared", "data-analytics", "locked-vault")]
    assert run("--all-accounts").exit_code == 0
    assert sorted(asked) == sorted((f"arn:aws:iam::{id}:role/Auditor", "x-123") for id in members)
    asked.clear()
    assert run("--all-accounts", "--role-name", "Reader", "--external-id", "y-9").exit_code == 0
    assert sorted(asked) == sorted((f"arn:aws:iam::{id}:role/Reader", "y-9") for id in members)


def test_outside_the_management_account_it_is_refused_in_one_sentence(
    world: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    refuse_list_accounts(monkeypatch)
    result = run("--all-accounts")
    assert result.exit_code == 4
    assert result.stderr.startswith(
        "ecr-tui: Only the organisation's management account or a delegated administrator"
    )
    assert len(result.stderr.splitlines()) == 1


def test_one_account_audit_names_accounts_and_knows_the_boundary(world: dict[str, str]) -> None:
    result = run("-o", "json")
    assert result.exit_code == 0, result.stderr
    rows = rows_by_repository(result)
    assert rows["own/to-outsider"][0]["severity"] == "high"
    assert rows["own/to-partner"][0]["severity"] == "medium"
    assert "(partner-shared)" in rows["own/to-partner"][0]["message"]


def test_without_organizations_access_the_boundary_is_said_to_be_unknown(
    world: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    refuse_list_accounts(monkeypatch)
    result = run("-o", "json")
    assert result.exit_code == 0, result.stderr
    rows = rows_by_repository(result)
    assert rows["own/to-outsider"][0]["severity"] == "medium"
    assert "organisation boundary was not known" in result.stderr


def test_trusted_accounts_still_silence(world: dict[str, str]) -> None:
    result = run("--all-accounts", "--trusted-account", OUTSIDER, "-o", "json")
    assert "own/to-outsider" not in rows_by_repository(result)
