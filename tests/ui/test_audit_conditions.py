"""What the TUI's audit shows for conditions read as AWS reads them (accounts named only in a
condition are cross-account, inert statements grant nothing) and for the registry policy's
scope (V1 enforces only the registry actions; an unreadable scope is said once)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from aws_rewrites import RegistryLikeAws, serve_registry_like_aws
from registry_policies import REGISTRY_POLICY
from settling import settle

from ecr_tui.aws.backend import Backend
from ecr_tui.policy.actions import PULL_ONLY
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.screens.audit import AuditScreen
from ecr_tui.ui.screens.repositories import RepositoriesScreen

PARTNER = "111122223333"


def limited(condition: dict[str, Any], principal: Any = "*") -> dict[str, Any]:
    statement = {"Sid": "Pull", "Effect": "Allow", "Principal": principal}
    statement.update(Action=list(PULL_ONLY), Condition=condition)
    return {"Version": "2012-10-17", "Statement": [statement]}


POLICIES = {
    "named/account": limited({"StringEquals": {"aws:PrincipalAccount": PARTNER}}),
    "service/builder": limited(
        {"StringEquals": {"aws:SourceAccount": PARTNER}}, {"Service": "codebuild.amazonaws.com"}
    ),
    "inert/kms": limited({"StringEquals": {"kms:ViaService": "ecr.us-east-1.amazonaws.com"}}),
    "open/calledvia": limited(
        {"ForAnyValue:StringEquals": {"aws:CalledVia": "cloudformation.amazonaws.com"}}
    ),
}


async def audit_screen(app: EcrPolicyApp, pilot: Any) -> AuditScreen:
    await settle(app, pilot)
    assert isinstance(app.screen, RepositoriesScreen)
    await pilot.press("A")
    await settle(app, pilot)
    assert isinstance(app.screen, AuditScreen)
    return app.screen


def rows(screen: AuditScreen) -> list[tuple[str, str, str]]:
    return [(f.row.severity.value, f.row.repository, f.row.check) for f in screen.table.findings]


async def test_the_list_and_the_audit_read_conditions_as_aws_does(
    app_factory: Callable[..., EcrPolicyApp], make_repositories: Callable[..., None]
) -> None:
    make_repositories(POLICIES)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        listing = app.screen
        assert isinstance(listing, RepositoriesScreen)
        cells = {n: str(listing.table.get_cell(n, "policy")) for n in listing.table.shown}
        assert cells == {
            "inert/kms": "LOW inert condition",
            "named/account": "MEDIUM cross-account",
            "open/calledvia": "CRITICAL public",
            "service/builder": "MEDIUM cross-account",
        }
        screen = await audit_screen(app, pilot)
        assert rows(screen) == [
            ("critical", "open/calledvia", "public"),
            ("medium", "named/account", "cross-account"),
            ("medium", "service/builder", "cross-account"),
            ("low", "inert/kms", "inert-condition"),
        ]
        await pilot.press("down")
        detail = str(screen.query_one("#audit-detail").render())
        assert detail == (
            f"named/account [Pull] · cross-account: account {PARTNER} can pull "
            "(named by a condition)"
        )


async def test_trusted_accounts_silence_named_accounts_in_the_audit(
    app_factory: Callable[..., EcrPolicyApp], make_repositories: Callable[..., None]
) -> None:
    make_repositories(POLICIES)
    app = app_factory(trusted_accounts=[PARTNER])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await audit_screen(app, pilot)
        assert rows(screen) == [
            ("critical", "open/calledvia", "public"),
            ("low", "inert/kms", "inert-condition"),
        ]


@pytest.fixture
def registry(backend: Backend, make_repositories: Callable[..., None]) -> RegistryLikeAws:
    served = serve_registry_like_aws(backend.session)
    make_repositories({"prod-api": None, "dev-api": None})
    backend.ecr.put_registry_policy(policyText=json.dumps(REGISTRY_POLICY))
    return served


async def test_under_v1_the_audit_shows_the_pull_grant_as_not_enforced(
    app_factory: Callable[..., EcrPolicyApp], registry: RegistryLikeAws
) -> None:
    registry.scope = "V1"
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await audit_screen(app, pilot)
        assert [
            (f.row.repository, f.row.statement, f.row.check) for f in screen.table.findings
        ] == [
            ("(registry)", "Replication", "cross-account"),
            ("(registry)", "ProdPull", "registry-scope-v1"),
        ]


async def test_an_unreadable_scope_is_said_once_in_the_audit(
    app_factory: Callable[..., EcrPolicyApp], registry: RegistryLikeAws
) -> None:
    registry.scope = None
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await audit_screen(app, pilot)
        found = [(f.row.repository, f.row.check) for f in screen.table.findings]
        assert found.count(("(registry)", "registry-scope-assumed")) == 1
        assert ("prod-api", "cross-account") in found
