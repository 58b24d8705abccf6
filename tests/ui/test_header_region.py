"""The header names the region of what is on the screen, also after an all-regions audit."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import boto3
from settling import settle

from ecr_tui.aws.backend import Backend
from ecr_tui.policy.actions import PULL_ONLY
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.screens.audit import AuditScreen
from ecr_tui.ui.screens.permissions import PermissionsScreen
from ecr_tui.ui.screens.repositories import RepositoriesScreen
from ecr_tui.ui.widgets.identity_bar import IdentityBar

PUBLIC = {
    "Version": "2012-10-17",
    "Statement": [{"Sid": "Everyone", "Effect": "Allow", "Principal": "*", "Action": PULL_ONLY}],
}


def header(app: EcrPolicyApp) -> str:
    return str(app.screen.query_one(IdentityBar).render())


async def test_a_finding_of_another_region_opens_with_that_region_in_the_header(
    backend: Backend, monkeypatch: Any
) -> None:
    ireland = boto3.client("ecr", region_name="eu-west-1")
    ireland.create_repository(repositoryName="eu/app")
    ireland.set_repository_policy(repositoryName="eu/app", policyText=json.dumps(PUBLIC))
    monkeypatch.setattr(backend, "regions", lambda: ["us-east-1", "eu-west-1"])
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, RepositoriesScreen)
        await pilot.press("A")
        await settle(app, pilot)
        audit = app.screen
        assert isinstance(audit, AuditScreen)
        audit.action_scope(True)
        await settle(app, pilot)
        assert [f.row.repository for f in audit.table.findings] == ["eu/app"]
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PermissionsScreen)
        assert "region eu-west-1" in header(app)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is audit
        assert "region us-east-1" in header(app)


async def test_a_narrow_header_still_names_the_account_and_the_region(backend: Backend) -> None:
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(app, pilot)
        bar = app.screen.query_one(IdentityBar)
        where = header(app).splitlines()[0]
        assert "123456789012" in where and where.endswith("us-east-1")
        assert len(where) <= bar.content_size.width
        long_profile = "AdministratorAccess-123456789012-production"
        info = app.session_info
        assert info is not None
        app.session_info = replace(info, profile=long_profile, read_only=True)
        await pilot.pause()
        where = header(app).splitlines()[0]
        assert where.startswith(" READ-ONLY  AdministratorAcc")
        assert "│ 123456789012 │ us-east-1" in where
        assert len(where) <= bar.content_size.width
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        assert f"profile {long_profile} │ account 123456789012" in header(app)
