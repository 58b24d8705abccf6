"""Helpers for the registry permissions tests: repositories and a registry policy served
as V2 ECR serves them, and the screen opened from the repository list by its key."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from aws_rewrites import RegistryLikeAws, serve_registry_like_aws
from registry_policies import REGISTRY_POLICY
from settling import settle

from ecr_tui.aws.backend import Backend
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.screens.registry_permissions import RegistryPermissionsScreen

REGION = "us-east-1"
REPOSITORIES = ("prod-api", "prod-web", "dev-api", "team/tools")


def registry_world(
    backend: Backend,
    make_repositories: Callable[[dict[str, Any]], None],
    scope: str | None = "V2",
    policy: dict[str, Any] | None = REGISTRY_POLICY,
) -> RegistryLikeAws:
    served = serve_registry_like_aws(backend.session, scope=scope)
    make_repositories(dict.fromkeys(REPOSITORIES))
    if policy is not None:
        served.put(REGION, policy)
    return served


@pytest.fixture
def registry(backend: Backend, make_repositories: Callable[..., None]) -> RegistryLikeAws:
    return registry_world(backend, make_repositories)


def stored(registry: RegistryLikeAws) -> dict[str, Any] | None:
    text = registry.policies.get(REGION)
    return json.loads(text) if text is not None else None


async def open_registry(app: EcrPolicyApp, pilot: Any) -> RegistryPermissionsScreen:
    """From the repository list, `g`, once the list and then the registry policy are read."""
    await settle(app, pilot)
    await pilot.press("g")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, RegistryPermissionsScreen)
    assert screen.registry_session is not None
    return screen


def table_rows(screen: RegistryPermissionsScreen) -> list[list[str]]:
    table = screen.query_one("#statements")
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
