"""The demo's organisation in the TUI: the repository list ranks access by the organisation
boundary as the audit does, and the header names the account a finding was opened in."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from settling import settle

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.demo import DEMO_ACCOUNT_ID, DemoServer
from ecr_tui.aws.demo_organization import DATA_ACCOUNT
from ecr_tui.policy.audit import Severity
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.dialogs.save_confirm import SaveConfirm
from ecr_tui.ui.screens.account_picker import AccountPicker
from ecr_tui.ui.screens.organization_audit import OrganizationAuditScreen
from ecr_tui.ui.screens.permissions import PermissionsScreen
from ecr_tui.ui.screens.repositories import RepositoriesScreen
from ecr_tui.ui.screens.template_picker import TemplatePicker
from ecr_tui.ui.widgets.identity_bar import IdentityBar
from ecr_tui.ui.widgets.repository_table import RepositoryTable


@pytest.fixture
def demo() -> Iterator[DemoServer]:
    # Function scope: other tests of the same process reset moto's state between them.
    with DemoServer() as server:
        yield server


def header(app: EcrPolicyApp) -> str:
    return str(app.screen.query_one(IdentityBar).render())


async def test_the_list_ranks_access_from_outside_the_organisation_as_the_audit_does(
    demo: DemoServer,
) -> None:
    app = EcrPolicyApp(backend=Backend(demo.settings(region="us-east-1")))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("O")
        await settle(app, pilot)
        assert isinstance(app.screen, AccountPicker)
        await pilot.press(*"data-analytics", "enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, RepositoriesScreen)
        summaries = screen.query_one(RepositoryTable).summaries
        # A vendor outside the organisation may pull: HIGH, as in the audit (it was MEDIUM).
        assert str(summaries["analytics/dashboards"]) == "HIGH cross-account"
        # The management account is inside the organisation: still MEDIUM.
        assert str(summaries["analytics/warehouse-loader"]) == "MEDIUM cross-account"


async def test_a_finding_opened_in_another_account_names_that_account_in_the_header(
    demo: DemoServer,
) -> None:
    app = EcrPolicyApp(backend=Backend(demo.settings(region="us-east-1")))
    signed_in = f"account {DEMO_ACCOUNT_ID} (platform-prod)"
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("A")
        await settle(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        audit = app.screen
        assert isinstance(audit, OrganizationAuditScreen)
        assert signed_in in header(app)
        rows = [(f.row.account, f.row.repository) for f in audit.findings]
        audit.table.move_cursor(row=rows.index((DATA_ACCOUNT, "analytics/dashboards")))
        await pilot.press("enter")
        await settle(app, pilot)
        permissions: Any = app.screen
        assert isinstance(permissions, PermissionsScreen)
        assert permissions.backend.account_id() == DATA_ACCOUNT
        assert f"account {DATA_ACCOUNT} (data-analytics)" in header(app)
        assert DEMO_ACCOUNT_ID not in header(app)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is audit
        assert signed_in in header(app)


async def test_the_save_dialog_ranks_a_new_grant_to_an_outsider_as_the_audit_does(
    demo: DemoServer,
) -> None:
    app = EcrPolicyApp(backend=Backend(demo.settings(region="us-east-1")))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("g")
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        assert isinstance(app.screen, TemplatePicker)
        await pilot.press("down", "down", *"999988887777 prod-*", "enter")
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        modal = app.screen
        assert isinstance(modal, SaveConfirm)
        reach = [f for f in modal.findings if "999988887777 can pull" in f.message]
        # 999988887777 is outside the organisation: HIGH in the audit, so HIGH here too.
        assert reach and all(f.severity is Severity.HIGH for f in reach)
