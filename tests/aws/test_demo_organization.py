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
