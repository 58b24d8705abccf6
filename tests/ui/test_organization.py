"""The organisation in the TUI: the account's name in the header, the account picker (filter,
switch, a locked account, no organisation), and the audit of every account."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from settling import settle

from ecr_tui.policy.actions import PULL_ONLY
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.dialogs.error_modal import ErrorModal
from ecr_tui.ui.screens.account_picker import AccountPicker
from ecr_tui.ui.screens.audit import AuditScreen
from ecr_tui.ui.screens.organization_audit import OrganizationAuditScreen
from ecr_tui.ui.screens.permissions import PermissionsScreen
from ecr_tui.ui.screens.repositories import RepositoriesScreen
from ecr_tui.ui.widgets.findings_table import FindingsTable
from ecr_tui.ui.widgets.identity_bar import IdentityBar
from ecr_tui.ui.widgets.repository_table import RepositoryTable
from tests.aws.organization_world import (
    MANAGEMENT,
    create_organization,
    lock_accounts,
    member_client,
)

OUTSIDER = "999900001111"


def pull(principal: str) -> str:
    statement = {
        "Sid": "Pull",
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{principal}:root"},
        "Action": list(PULL_ONLY),
    }
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


@pytest.fixture
def world(aws: None) -> dict[str, str]:
    accounts = create_organization("partner-shared", "data-analytics", "locked-vault")
    own = boto3.client("ecr", region_name="us-east-1")
    own.create_repository(repositoryName="own/to-partner")
    own.set_repository_policy(
        repositoryName="own/to-partner", policyText=pull(accounts["partner-shared"])
    )
    data = member_client("ecr", accounts["data-analytics"])
    data.create_repository(repositoryName="analytics/dashboards")
    data.set_repository_policy(repositoryName="analytics/dashboards", policyText=pull(OUTSIDER))
    data.create_repository(repositoryName="analytics/plain")
    return accounts


def header(app: EcrPolicyApp) -> str:
    return str(app.screen.query_one(IdentityBar).render())


async def open_picker(app: EcrPolicyApp, pilot: Any) -> AccountPicker:
    await settle(app, pilot)
    await pilot.press("O")
    await settle(app, pilot)
    picker = app.screen
    assert isinstance(picker, AccountPicker)
    return picker


async def test_the_header_names_the_account(
    world: dict[str, str], app_factory: Callable[..., EcrPolicyApp]
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert f"account {MANAGEMENT} (master)" in header(app)


async def test_the_picker_filters_and_switches_account(
    world: dict[str, str], app_factory: Callable[..., EcrPolicyApp]
) -> None:
    app = app_factory()
    data = world["data-analytics"]
    async with app.run_test(size=(100, 30)) as pilot:
        picker = await open_picker(app, pilot)
        assert [a.name for a in picker.shown] == [
            "data-analytics",
            "locked-vault",
            "master",
            "partner-shared",
        ]
        await pilot.press(*"analy")
        assert [a.id for a in picker.shown] == [data]
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, RepositoriesScreen)
        assert app.backend.account_id() == data
        table = screen.query_one(RepositoryTable)
        assert sorted(table.repositories) == ["analytics/dashboards", "analytics/plain"]
        assert f"account {data} (data-analytics)" in header(app)


async def test_end_home_and_paging_keys_move_the_picker_from_its_filter(
    world: dict[str, str], app_factory: Callable[..., EcrPolicyApp]
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        picker = await open_picker(app, pilot)
        table = picker.table
        assert app.focused is picker.query_one("#account-filter")
        await pilot.press("end")
        assert table.cursor_row == len(picker.shown) - 1
        await pilot.press("home")
        assert table.cursor_row == 0
        await pilot.press("pagedown")
        assert table.cursor_row == len(picker.shown) - 1
        await pilot.press("pageup")
        assert table.cursor_row == 0
        await pilot.press("end", "enter")
        await settle(app, pilot)
        assert app.backend.account_id() == world["partner-shared"]


async def test_a_locked_account_explains_what_to_do(
    world: dict[str, str], app_factory: Callable[..., EcrPolicyApp], monkeypatch: Any
) -> None:
    lock_accounts(monkeypatch, world["locked-vault"])
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_picker(app, pilot)
        await pilot.press(*"locked", "enter")
        await settle(app, pilot)
        modal = app.screen
        assert isinstance(modal, ErrorModal)
        assert "not allowed" in modal.text
        assert "OrganizationAccountAccessRole" in modal.text
        assert app.backend.account_id() == MANAGEMENT


async def test_without_an_organisation_the_picker_says_so(
    aws: None, app_factory: Callable[..., EcrPolicyApp]
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        picker = await open_picker(app, pilot)
        assert "not in an organisation" in str(picker.message.content)
        await pilot.press("escape")
        assert isinstance(app.screen, RepositoriesScreen)


async def test_the_audit_of_every_account(
    world: dict[str, str], app_factory: Callable[..., EcrPolicyApp], monkeypatch: Any
) -> None:
    lock_accounts(monkeypatch, world["locked-vault"])
    app = app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("A")
        await settle(app, pilot)
        assert type(app.screen) is AuditScreen
        await pilot.press("o")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, OrganizationAuditScreen)
        rows = [
            (f.row.account_name, f.row.repository, f.row.severity.value) for f in screen.findings
        ]
        assert rows == [
            ("data-analytics", "analytics/dashboards", "high"),
            ("master", "own/to-partner", "medium"),
        ]
        assert "1 account(s) not audited: locked-vault" in screen.progress.text
        assert "Account" in [str(c.label) for c in screen.query_one(FindingsTable).columns.values()]
        await pilot.press("enter")
        await settle(app, pilot)
        permissions = app.screen
        assert isinstance(permissions, PermissionsScreen)
        assert permissions.backend.account_id() == world["data-analytics"]
        assert permissions.repository.name == "analytics/dashboards"
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen
        assert screen.findings[0].row.severity.value == "high"
        await pilot.press("o")
        await settle(app, pilot)
        assert type(app.screen) is AuditScreen


async def test_the_same_repository_name_in_two_accounts_is_counted_and_reaudited_apart(
    world: dict[str, str], app_factory: Callable[..., EcrPolicyApp], monkeypatch: Any
) -> None:
    lock_accounts(monkeypatch, world["locked-vault"])
    own = boto3.client("ecr", region_name="us-east-1")
    data = member_client("ecr", world["data-analytics"])
    for client in (own, data):
        client.create_repository(repositoryName="shared/app")
        client.set_repository_policy(repositoryName="shared/app", policyText=pull(OUTSIDER))
    app = app_factory()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("A")
        await settle(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, OrganizationAuditScreen)
        assert screen.progress.text.startswith("4 findings in 4 of 5 repositories")
        shared = [(f.row.account_name, f.row.repository) for f in screen.findings]
        screen.table.move_cursor(row=shared.index(("data-analytics", "shared/app")))
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PermissionsScreen)
        data.delete_repository_policy(repositoryName="shared/app")
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen
        rows = {(f.row.account_name, f.row.repository) for f in screen.findings}
        assert ("master", "shared/app") in rows
        assert ("data-analytics", "shared/app") not in rows
        assert screen.progress.text.startswith("3 findings in 3 of 5 repositories")
