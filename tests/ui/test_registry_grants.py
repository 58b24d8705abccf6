"""What the registry policy grants, in the TUI: the repository list's policy column, the
audit screen (marked as from the registry, its own findings on a registry row), and the
permissions screen's read-only list of the registry statements that also apply."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from aws_rewrites import RegistryLikeAws, serve_registry_like_aws
from registry_policies import OWN, PARTNER, REGISTRY_POLICY, REPLICATOR
from settling import settle

from ecr_tui.aws.backend import Backend
from ecr_tui.policy.actions import PULL_ONLY
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.screens.audit import AuditScreen
from ecr_tui.ui.screens.permissions import PermissionsScreen
from ecr_tui.ui.screens.repositories import RepositoriesScreen

OWN_PULL = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Builder",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{OWN}:role/ci/builder"},
            "Action": list(PULL_ONLY),
        }
    ],
}


@pytest.fixture
def registry(
    backend: Backend, make_repositories: Callable[[dict[str, Any]], None]
) -> RegistryLikeAws:
    served = serve_registry_like_aws(backend.session)
    make_repositories({"prod-api": None, "prod-web": OWN_PULL, "dev-api": None})
    backend.ecr.put_registry_policy(policyText=json.dumps(REGISTRY_POLICY))
    return served


async def listed(app: EcrPolicyApp, pilot: Any) -> RepositoriesScreen:
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, RepositoriesScreen)
    return screen


async def test_the_policy_column_shows_registry_grants_marked(
    app_factory: Callable[..., EcrPolicyApp], registry: RegistryLikeAws
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await listed(app, pilot)
        cells = {n: str(screen.table.get_cell(n, "policy")) for n in screen.table.shown}
        assert cells == {
            "dev-api": "none",
            "prod-api": "MEDIUM cross-account (reg)",
            "prod-web": "MEDIUM cross-account (reg)",
        }
        assert registry.calls.count("GetRegistryPolicy") == 1


async def test_the_audit_screen_marks_registry_grants_and_lists_the_registry_once(
    app_factory: Callable[..., EcrPolicyApp], registry: RegistryLikeAws
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 24)) as pilot:
        await listed(app, pilot)
        await pilot.press("A")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, AuditScreen)
        rows = [
            (f.row.repository, f.row.statement, f.row.check, f.from_registry)
            for f in screen.table.findings
        ]
        assert rows == [
            ("(registry)", "Replication", "cross-account", True),
            ("prod-api", "ProdPull", "cross-account", True),
            ("prod-web", "ProdPull", "cross-account", True),
        ]
        cells = [str(cell) for cell in screen.table.get_row_at(1)]
        assert cells[1:4] == ["prod-api", "reg:ProdPull", "cross-account"]
        assert screen.progress.text == "3 findings in 2 of 3 repositories"
        await pilot.press("down")
        detail = str(screen.query_one("#audit-detail").render())
        assert detail == (
            f"prod-api [ProdPull] · cross-account (registry policy): account {PARTNER} can pull"
        )


async def test_enter_on_the_registry_row_explains_instead_of_opening_a_repository(
    app_factory: Callable[..., EcrPolicyApp], registry: RegistryLikeAws
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 24)) as pilot:
        await listed(app, pilot)
        await pilot.press("A")
        await settle(app, pilot)
        audit = app.screen
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is audit
        assert any("registry policy itself" in str(n.message) for n in app._notifications)
        await pilot.press("down", "enter")
        await settle(app, pilot)
        permissions = app.screen
        assert isinstance(permissions, PermissionsScreen)
        assert permissions.repository.name == "prod-api"


async def test_the_permissions_screen_lists_the_registry_statements_that_apply(
    app_factory: Callable[..., EcrPolicyApp], registry: RegistryLikeAws
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await listed(app, pilot)
        await pilot.press("slash", *"prod-web", "enter")
        await settle(app, pilot)
        permissions = app.screen
        assert isinstance(permissions, PermissionsScreen)
        grants = permissions.query_one("#registry-grants")
        assert grants.display
        assert str(grants.render()).splitlines() == [
            "Also granted by the registry policy (read-only here):",
            f"  Replication · Allow · {REPLICATOR} · CreateRepository, ReplicateImage",
            f"  ProdPull · Allow · {PARTNER} · Pull only",
        ]
        assert permissions.session is not None
        assert [view.sid for view in permissions.session.views] == ["Builder"]
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen


async def test_without_registry_statements_the_permissions_screen_shows_none(
    app_factory: Callable[..., EcrPolicyApp], backend: Backend, make_repositories: Any
) -> None:
    make_repositories({"dev-api": OWN_PULL})
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await listed(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PermissionsScreen)
        assert not app.screen.query_one("#registry-grants").display


@pytest.mark.parametrize(
    ("scope", "note"),
    [
        (
            "V1",
            "  Scope V1: only ReplicateImage, BatchImportUpstreamImage and CreateRepository apply.",
        ),
        (None, "  The registry policy scope could not be read: V2 (the default) assumed."),
    ],
)
async def test_the_permissions_screen_says_what_the_scope_does_to_the_registry_statements(
    app_factory: Callable[..., EcrPolicyApp], registry: RegistryLikeAws, scope: Any, note: str
) -> None:
    registry.scope = scope
    app = app_factory()
    async with app.run_test(size=(100, 24)) as pilot:
        await listed(app, pilot)
        await pilot.press("slash", *"prod-api", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PermissionsScreen)
        lines = str(app.screen.query_one("#registry-grants").render()).splitlines()
        assert lines[-1] == note
        assert f"  ProdPull · Allow · {PARTNER} · Pull only" in lines
