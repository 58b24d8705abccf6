"""`ecr-tui audit` with a registry policy (served as V2 ECR does, through the tests'
AWS-behaviour layer): each finding's source in JSON, CSV and the table, the registry's
own findings once, V1, an unreadable scope or policy, and the exit codes."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import boto3
import pytest
from aws_rewrites import RegistryLikeAws, serve_registry_in_every_client
from click.testing import CliRunner, Result
from registry_policies import ARN, PARTNER, PULL, REGISTRY_POLICY, REPLICATOR

from ecr_tui.cli import cli


@pytest.fixture
def registry(aws: None, monkeypatch: pytest.MonkeyPatch) -> RegistryLikeAws:
    served = serve_registry_in_every_client(monkeypatch)
    ecr = boto3.client("ecr", region_name="us-east-1")
    for name in ("prod-api", "dev-api"):
        ecr.create_repository(repositoryName=name)
    partner = {"Sid": "PartnerPull", "Effect": "Allow", "Principal": {"AWS": PARTNER}}
    partner["Action"] = PULL
    text = json.dumps({"Version": "2012-10-17", "Statement": [partner]})
    ecr.set_repository_policy(repositoryName="dev-api", policyText=text)
    ecr.put_registry_policy(policyText=json.dumps(REGISTRY_POLICY))
    return served


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["--region", "us-east-1", "audit", *args])


def triples(rows: list[dict[str, Any]]) -> list[tuple[str, str, str, str]]:
    return [(r["repository"], r["statement"], r["check"], r["source"]) for r in rows]


def test_json_says_where_each_grant_comes_from(registry: RegistryLikeAws) -> None:
    result = run("-o", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert triples(rows) == [
        ("(registry)", "Replication", "cross-account", "registry-policy"),
        ("dev-api", "PartnerPull", "cross-account", "repository-policy"),
        ("prod-api", "ProdPull", "cross-account", "registry-policy"),
    ]
    assert rows[2]["message"] == f"account {PARTNER} can pull"
    assert rows[0]["message"] == (
        f"account {REPLICATOR} can replicate images into and create repositories (on {ARN}*)"
    )


def test_csv_has_the_source_column_last(registry: RegistryLikeAws) -> None:
    result = run("-o", "csv")
    reader = csv.DictReader(io.StringIO(result.stdout))
    assert reader.fieldnames is not None and reader.fieldnames[-1] == "source"
    assert list(reader) == json.loads(run("-o", "json").stdout)


def test_the_table_marks_registry_grants(registry: RegistryLikeAws) -> None:
    lines = run().stdout.splitlines()
    assert f"  MEDIUM   cross-account [ProdPull] (registry policy): account {PARTNER} can pull" in (
        lines
    )
    assert "(registry)  (us-east-1)" in lines


def test_trusted_accounts_silence_registry_grants_and_the_gate_passes(
    registry: RegistryLikeAws,
) -> None:
    result = run(
        "--trusted-account", PARTNER, "--trusted-account", REPLICATOR, "--fail-on", "medium"
    )
    assert result.exit_code == 0, result.stdout
    assert result.stdout == "No findings.\n"


def test_a_registry_grant_trips_the_gate(registry: RegistryLikeAws) -> None:
    assert run("--fail-on", "medium", "prod-api").exit_code == 1


def test_named_repositories_show_only_what_applies_to_them(registry: RegistryLikeAws) -> None:
    rows = json.loads(run("-o", "json", "prod-api").stdout)
    assert triples(rows) == [("prod-api", "ProdPull", "cross-account", "registry-policy")]


def test_under_v1_the_pull_grant_is_not_enforced(registry: RegistryLikeAws) -> None:
    registry.scope = "V1"
    rows = json.loads(run("-o", "json").stdout)
    assert triples(rows) == [
        ("(registry)", "Replication", "cross-account", "registry-policy"),
        ("(registry)", "ProdPull", "registry-scope-v1", "registry-policy"),
        ("dev-api", "PartnerPull", "cross-account", "repository-policy"),
    ]


def test_an_unreadable_scope_is_said_once(registry: RegistryLikeAws) -> None:
    registry.scope = None
    result = run("-o", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    notes = [r for r in rows if r["check"] == "registry-scope-assumed"]
    assert len(notes) == 1 and notes[0]["severity"] == "info"
    assert "V2" in notes[0]["message"]
    assert ("prod-api", "ProdPull", "cross-account", "registry-policy") in triples(rows)


def test_an_unreadable_registry_policy_fails_the_gate_with_exit_4(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from botocore.client import BaseClient
    from botocore.exceptions import ClientError

    boto3.client("ecr", region_name="us-east-1").create_repository(repositoryName="prod-api")
    original = BaseClient._make_api_call

    def failing(client: BaseClient, name: str, params: dict[str, Any]) -> Any:
        if name == "GetRegistryPolicy":
            raise ClientError({"Error": {"Code": "AccessDeniedException", "Message": "no"}}, name)
        return original(client, name, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", failing)
    result = run("--fail-on", "critical")
    assert result.exit_code == 4
    assert result.stderr.splitlines()[-1] == (
        "ecr-tui: the registry policy of us-east-1 could not be read"
    )
    assert "unreadable" in result.stdout


def test_a_registry_statement_naming_no_repository_is_reported_once(
    registry: RegistryLikeAws,
) -> None:
    future = {"Sid": "FuturePull", "Effect": "Allow", "Principal": "*", "Action": PULL}
    future["Resource"] = ARN + "future-*"
    document = {"Version": "2012-10-17", "Statement": [*REGISTRY_POLICY["Statement"], future]}
    boto3.client("ecr", region_name="us-east-1").put_registry_policy(
        policyText=json.dumps(document)
    )
    result = run("-o", "json", "--fail-on", "critical")
    assert result.exit_code == 1
    rows = json.loads(result.stdout)
    (row,) = [r for r in rows if r["statement"] == "FuturePull"]
    assert (row["repository"], row["check"], row["severity"], row["source"]) == (
        "(registry)",
        "public",
        "critical",
        "registry-policy",
    )
    assert row["message"] == (
        "anyone on the internet (any AWS account) can pull "
        f"(on {ARN}future-*: no such repository exists yet)"
    )
    named = json.loads(run("-o", "json", "prod-api").stdout)
    assert "FuturePull" not in {r["statement"] for r in named}
