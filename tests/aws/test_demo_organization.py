"""The demo as an organisation of three named accounts, each reachable through its role, and
`ecr-tui --demo audit --all-accounts` over it."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.demo import DEMO_ACCOUNT_ID, DemoServer
from ecr_tui.aws.demo_organization import DATA_ACCOUNT, MEMBER_REPOSITORIES
from ecr_tui.aws.demo_seed import PARTNER_ACCOUNT
from ecr_tui.aws.organization import OrganizationDirectory
from ecr_tui.cli import cli
from ecr_tui.service.audit_runner import REGISTRY_NAME, rows_of
from ecr_tui.service.organization_audit import audit_accounts


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoServer]:
    with DemoServer() as server:
        yield server


def test_the_demo_is_an_organisation_of_three_named_accounts(demo: DemoServer) -> None:
    directory = OrganizationDirectory(Backend(demo.settings(region="us-east-1")))
    assert directory.names() == {
        DEMO_ACCOUNT_ID: "platform-prod",
        PARTNER_ACCOUNT: "partner-shared",
        DATA_ACCOUNT: "data-analytics",
    }
    assert directory.organization().id == "o-a1b2c3d4e5"


def test_each_member_is_reached_through_its_role(demo: DemoServer) -> None:
    directory = OrganizationDirectory(Backend(demo.settings(region="us-east-1")))
    for account, regions in MEMBER_REPOSITORIES.items():
        for region, repositories in regions.items():
            backend = directory.backend_for(account, region)
            assert backend.identity().account == account
            listed = backend.list_repositories()
            assert sorted(r.name for r in listed) == sorted(name for name, _ in repositories)
            assert {r.registry_id for r in listed} == {account}
    # the demo's own account still has its own repositories
    assert len(directory.backend_for(DEMO_ACCOUNT_ID).list_repositories()) > 20


def test_demo_audit_of_every_account_names_them_and_ranks_outsiders_higher() -> None:
    result = CliRunner().invoke(cli, ["--demo", "audit", "--all-accounts", "-o", "json"])
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {(r["account"], r["account_name"]) for r in rows} == {
        (DEMO_ACCOUNT_ID, "platform-prod"),
        (PARTNER_ACCOUNT, "partner-shared"),
        (DATA_ACCOUNT, "data-analytics"),
    }
    severity = {(r["repository"], r["check"]): r["severity"] for r in rows}
    assert severity[("analytics/dashboards", "cross-account")] == "high"
    assert severity[("shared/partner-drop", "cross-account")] == "high"
    assert severity[("analytics/warehouse-loader", "cross-account")] == "medium"
    assert severity[("data/airflow", "cross-account")] == "medium"
    # only the management account has a registry policy in the demo
    from_registry = {
        (r["account"], r["repository"]) for r in rows if r["source"] == "registry-policy"
    }
    assert from_registry == {
        (DEMO_ACCOUNT_ID, REGISTRY_NAME),
        (DEMO_ACCOUNT_ID, "ml/feature-store"),
        (DEMO_ACCOUNT_ID, "ml/inference-gpu"),
    }


def test_each_member_account_has_its_own_registry_policy(demo: DemoServer) -> None:
    directory = OrganizationDirectory(Backend(demo.settings(region="us-east-1")))
    assert directory.backend_for(DEMO_ACCOUNT_ID).get_registry_policy() is not None
    member = directory.backend_for(DATA_ACCOUNT, "us-east-1")
    assert member.get_registry_policy() is None
    statement = {
        "Sid": "MemberPull",
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{PARTNER_ACCOUNT}:root"},
        "Action": ["ecr:BatchGetImage"],
        "Resource": "*",
    }
    text = json.dumps({"Version": "2012-10-17", "Statement": [statement]})
    member.ecr.put_registry_policy(policyText=text)
    try:
        assert member.ecr.get_registry_policy()["registryId"] == DATA_ACCOUNT
        own = directory.backend_for(DEMO_ACCOUNT_ID).get_registry_policy()
        assert own is not None
        assert "MemberPull" not in {s.get("Sid") for s in own.statements}
        assert directory.backend_for(PARTNER_ACCOUNT, "us-east-1").get_registry_policy() is None
    finally:
        member.ecr.delete_registry_policy()


def test_every_account_is_audited_against_its_own_registry_policy(demo: DemoServer) -> None:
    directory = OrganizationDirectory(Backend(demo.settings(region="us-east-1")))
    organization = directory.organization()
    # a region where the member has no repository: its registry policy is audited all the same
    member = directory.backend_for(DATA_ACCOUNT, "us-west-2")
    statement = {
        "Sid": "VendorPullEverything",
        "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::999900001111:root"},
        "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        "Resource": "*",
    }
    text = json.dumps({"Version": "2012-10-17", "Statement": [statement]})
    member.ecr.put_registry_policy(policyText=text)
    try:
        results = audit_accounts(
            directory,
            organization.active,
            regions=("us-east-1", "us-west-2"),
            boundary=organization.boundary,
        )
    finally:
        member.ecr.delete_registry_policy()
    assert not any(result.error for result in results)
    rows = rows_of([a for result in results for a in result.audits], organization.names)
    from_registry = {
        (r.account, r.account_name, r.region, r.repository, r.statement, r.severity.value)
        for r in rows
        if r.source == "registry-policy"
    }
    assert (
        DATA_ACCOUNT,
        "data-analytics",
        "us-west-2",
        REGISTRY_NAME,
        "VendorPullEverything",
        "high",
    ) in from_registry
    assert {account for account, *_ in from_registry} == {DEMO_ACCOUNT_ID, DATA_ACCOUNT}
    vendor = next(r for r in rows if r.statement == "VendorPullEverything")
    assert vendor.message.endswith("no such repository exists yet) (outside the organisation)")
