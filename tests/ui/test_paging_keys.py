"""PageUp, PageDown, Home and End page and jump in every list and table, filter focused too."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from permissions_support import PULL_ONLY, make_repository, open_permissions, settle
from test_regions import highlighted_region, shown_regions

from ecr_tui.aws.backend import Backend
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.screens.audit import AuditScreen
from ecr_tui.ui.screens.permissions import PermissionsScreen
from ecr_tui.ui.screens.repositories import RepositoriesScreen
from ecr_tui.ui.widgets.key_footer import KeyFooter
from ecr_tui.ui.widgets.statements_table import StatementsTable


def allow(sid: str, principal: Any) -> dict[str, Any]:
    return {"Sid": sid, "Effect": "Allow", "Principal": principal, "Action": PULL_ONLY}


THREE = {
    "Version": "2012-10-17",
    "Statement": [
        allow("First", {"AWS": "arn:aws:iam::210987654321:root"}),
        allow("Second", {"AWS": "arn:aws:iam::111122223333:root"}),
        allow("Third", {"AWS": "arn:aws:iam::444455556666:root"}),
    ],
}
PUBLIC = {"Version": "2012-10-17", "Statement": [allow("Everyone", "*")]}
NAMES = [f"team/service-{n:02}" for n in range(40)]


async def test_home_end_and_paging_in_the_permissions_table(backend: Backend, ecr: Any) -> None:
    repository = make_repository(ecr, "web", THREE)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        table = screen.query_one(StatementsTable)
        await pilot.press("end")
        assert table.cursor_row == 2
        await pilot.press("home", "down")
        assert table.cursor_row == 1
        assert screen.current is not None and screen.current.sid == "Second"
        assert app.screen is screen
        await pilot.press("pagedown")
        assert table.cursor_row == 2
        await pilot.press("pageup")
        assert table.cursor_row == 0


async def test_paging_keys_move_the_repository_list_from_the_filter(
    app_factory: Callable[..., EcrPolicyApp],
    make_repositories: Callable[[dict[str, Any]], None],
) -> None:
    make_repositories(dict.fromkeys(NAMES))
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, RepositoriesScreen)
        await pilot.press("end")
        assert screen.table.cursor_row == len(NAMES) - 1
        await pilot.press("home")
        assert screen.table.cursor_row == 0
        await pilot.press("slash", *"service")
        assert screen.filter_input.has_focus
        await pilot.press("pagedown")
        paged = screen.table.cursor_row
        assert 10 < paged < len(NAMES) - 1
        await pilot.press("end")
        assert screen.table.cursor_row == len(NAMES) - 1
        await pilot.press("pageup")
        assert screen.table.cursor_row < len(NAMES) - 10
        await pilot.press("home")
        assert screen.table.cursor_row == 0
        await pilot.press("end", "enter")
        await settle(app, pilot)
        opened = app.screen
        assert isinstance(opened, PermissionsScreen)
        assert opened.repository.name == NAMES[-1]
        assert screen.filter_input.value == "service"


async def test_home_and_end_jump_in_the_region_list_while_typing(
    regionless_backend: Backend,
) -> None:
    app = EcrPolicyApp(regionless_backend)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("end")
        assert highlighted_region(app) == shown_regions(app)[-1]
        await pilot.press("home")
        assert highlighted_region(app) == shown_regions(app)[0]
        await pilot.press("pagedown")
        assert highlighted_region(app) != shown_regions(app)[0]


def footer_keys(screen: AuditScreen) -> list[str]:
    return [" ".join(str(key.render()).split()) for key in screen.query_one(KeyFooter).children]


async def test_paging_keys_page_the_findings_and_scope_has_keys_of_its_own(
    app_factory: Callable[..., EcrPolicyApp],
    make_repositories: Callable[[dict[str, Any]], None],
) -> None:
    make_repositories(dict.fromkeys(NAMES, PUBLIC))
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("A")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, AuditScreen)
        runs = screen.generation
        rows = len(screen.table.findings)
        assert rows >= len(NAMES)
        await pilot.press("pagedown")
        assert 5 < screen.table.cursor_row < rows - 1
        await pilot.press("end")
        assert screen.table.cursor_row == rows - 1
        await pilot.press("pageup", "home")
        assert screen.table.cursor_row == 0
        await settle(app, pilot)
        assert (screen.generation, screen.all_regions) == (runs, False)
        assert "a All regions" in footer_keys(screen)
        await pilot.press("a")
        assert (screen.generation, screen.all_regions) == (runs + 1, True)
        await settle(app, pilot)
        assert "t This region" in footer_keys(screen)
        await pilot.press("t")
        assert (screen.generation, screen.all_regions) == (runs + 2, False)
        await settle(app, pilot)
