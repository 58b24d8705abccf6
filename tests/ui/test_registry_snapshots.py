"""Screenshots of registry permissions: the screen, and the statement form in registry mode."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from registry_support import open_registry, registry_world
from settling import settle
from textual.widgets import Input

from ecr_tui.aws.backend import Backend
from ecr_tui.ui.app import EcrPolicyApp


def test_registry_permissions_snapshot(
    snap_compare: Any,
    backend: Backend,
    make_repositories: Callable[..., None],
    app_factory: Callable[..., EcrPolicyApp],
) -> None:
    registry_world(backend, make_repositories)
    app = app_factory()

    async def run_before(pilot: Any) -> None:
        await open_registry(app, pilot)
        await pilot.press("down")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_registry_statement_form_snapshot(
    snap_compare: Any,
    backend: Backend,
    make_repositories: Callable[..., None],
    app_factory: Callable[..., EcrPolicyApp],
) -> None:
    registry_world(backend, make_repositories)
    app = app_factory()

    async def run_before(pilot: Any) -> None:
        await open_registry(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        await pilot.press(*"PartnerPull", "tab", "tab", "tab", *"210987654321")
        app.screen.query_one("#repositories", Input).focus()
        await pilot.press("ctrl+u", *"prod-*")
        await settle(app, pilot)

    # Tall enough that focusing the Repositories field scrolls nothing.
    assert snap_compare(app, terminal_size=(80, 40), run_before=run_before)
