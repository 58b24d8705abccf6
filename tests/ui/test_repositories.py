"""The repository list: sorted rows, the severity column, filtering, marks, reload, opening one."""

from __future__ import annotations

import sys
import types
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from rich.style import Style
from settling import settle
from textual import events
from textual.screen import Screen
from textual.widgets import Input, Label
from textual.widgets.data_table import ColumnKey

from ecr_tui.aws.backend import Backend, BackendSettings
from ecr_tui.aws.errors import AwsError
from ecr_tui.aws.models import Repository
from ecr_tui.policy.actions import PULL_ONLY
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.dialogs.error_modal import ErrorModal
from ecr_tui.ui.screens.audit import AuditScreen
from ecr_tui.ui.screens.regions import RegionsScreen
from ecr_tui.ui.screens.repositories import RepositoriesScreen
from ecr_tui.ui.widgets.key_footer import KeyFooter

OTHER_ACCOUNT = "210987654321"


def allow(principal: Any, **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Principal": principal, "Action": list(PULL_ONLY), **extra}


def document(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


POLICIES: dict[str, dict[str, Any] | None] = {
    "web/frontend": None,
    "opensource/tool": document(allow("*")),
    "payments/api": document(allow({"AWS": f"arn:aws:iam::{OTHER_ACCOUNT}:root"})),
    "ml/model": document(
        allow({"AWS": "arn:aws:iam::123456789012:role/ci/builder"}, Sid="Builder"),
        allow("*", Sid="Org", Condition={"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}),
    ),
    "data/etl": document(allow({"Service": "lambda.amazonaws.com"})),
}

EXPECTED_SUMMARIES = {
    "data/etl": "MEDIUM svc no source",
    "ml/model": "2 statements",
    "opensource/tool": "CRITICAL public",
    "payments/api": "MEDIUM cross-account",
    "web/frontend": "none",
}


@pytest.fixture
def seeded(make_repositories: Callable[[dict[str, Any]], None]) -> None:
    make_repositories(POLICIES)


async def settled_list(app: EcrPolicyApp, pilot: Any) -> RepositoriesScreen:
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, RepositoriesScreen)
    return screen


def footer_keys(screen: Screen[Any]) -> list[str]:
    """The keys the footer shows, as read on screen."""
    footer = screen.query_one(KeyFooter)
    return [" ".join(str(key.render()).split()) for key in footer.children]


def status(screen: RepositoriesScreen) -> str:
    return str(screen.query_one("#repositories-status", Label).content)


def marks_shown(screen: RepositoriesScreen) -> list[str]:
    table = screen.table
    return [name for name in table.shown if str(table.get_cell(name, "mark")) == "✓"]


def policy_cells(screen: RepositoriesScreen) -> dict[str, str]:
    table = screen.table
    return {name: str(table.get_cell(name, "policy")) for name in table.shown}


async def test_repositories_sorted_with_their_policy_summary(
    app_factory: Callable[..., EcrPolicyApp], seeded: None, ecr: Any
) -> None:
    (held,) = ecr.describe_repositories(repositoryNames=["data/etl"])["repositories"]
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settled_list(app, pilot)
        assert screen.table.shown == sorted(POLICIES)
        assert policy_cells(screen) == EXPECTED_SUMMARIES
        assert status(screen) == "5 repositories"
        first_row = [str(cell) for cell in screen.table.get_row_at(0)]
        created = held["createdAt"].date().isoformat()
        assert first_row == ["", "data/etl", "MEDIUM svc no source", created]
        assert app.focused is screen.table


async def test_the_uri_column_is_there_only_when_every_uri_fits(
    app_factory: Callable[..., EcrPolicyApp], seeded: None
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settled_list(app, pilot)
        assert "uri" not in screen.table.columns
        assert screen.table.virtual_size.width <= screen.table.size.width
        await pilot.press("down")
        await pilot.resize_terminal(130, 40)
        await pilot.pause()
        assert "uri" in screen.table.columns
        uri = str(screen.table.get_cell("data/etl", "uri"))
        assert uri == "123456789012.dkr.ecr.us-east-1.amazonaws.com/data/etl"
        assert screen.table.virtual_size.width <= screen.table.size.width
        assert screen.table.selected is not None and screen.table.selected.name == "ml/model"
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert "uri" not in screen.table.columns


async def test_the_name_column_is_as_wide_as_the_longest_name_on_any_page(
    app_factory: Callable[..., EcrPolicyApp], seeded: None
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settled_list(app, pilot)
        table = screen.table
        assert table.columns[ColumnKey("name")].content_width == len("opensource/tool")
        longer = "team/a-much-longer-repository-name"
        table.add_repositories([Repository(longer, "", "", "123456789012", None)])
        await pilot.pause()
        assert table.columns[ColumnKey("name")].content_width == len(longer)
        shown = "".join(strip.text for strip in table.render_lines(table.size.region))
        assert longer in shown


async def test_the_policy_column_is_coloured_by_severity(
    app_factory: Callable[..., EcrPolicyApp], seeded: None
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settled_list(app, pilot)
        colours = app.theme_variables
        critical = screen.table.get_cell("opensource/tool", "policy")
        medium = screen.table.get_cell("payments/api", "policy")
        counted = screen.table.get_cell("ml/model", "policy")
        assert isinstance(critical.style, Style) and critical.style.bold
        assert critical.style.color == Style.parse(colours["text-error"]).color
        assert isinstance(medium.style, Style) and not medium.style.bold
        assert medium.style.color == Style.parse(colours["text-warning"]).color
        assert not counted.style


async def test_space_marks_and_the_header_counts_the_marks(
    app_factory: Callable[..., EcrPolicyApp], seeded: None
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settled_list(app, pilot)
        await pilot.press("space", "space")
        assert screen.table.marked == ["data/etl", "ml/model"]
        assert marks_shown(screen) == ["data/etl", "ml/model"]
        assert status(screen) == "5 repositories · 2 marked"
        await pilot.press("up", "space")
        assert screen.table.marked == ["data/etl"]
        await pilot.press("slash", *"pay", "escape", "escape")
        await pilot.press("M")
        assert screen.table.marked == []
        assert status(screen) == "5 repositories"


async def test_mark_all_marks_only_the_filtered_repositories(
    app_factory: Callable[..., EcrPolicyApp], seeded: None
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settled_list(app, pilot)
        await pilot.press("slash", "o", "tab")
        assert app.focused is screen.table
        await pilot.press("m")
        assert screen.table.marked == ["ml/model", "opensource/tool", "web/frontend"]
        assert status(screen) == "3 of 5 repositories · 3 marked"
        screen.filter_input.value = ""
        await pilot.pause()
        assert marks_shown(screen) == ["ml/model", "opensource/tool", "web/frontend"]


async def test_a_opens_the_audit_of_the_listed_repositories(
    app_factory: Callable[..., EcrPolicyApp], seeded: None
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settled_list(app, pilot)
        await pilot.press("A")
        assert isinstance(app.screen, AuditScreen)
        assert app.screen.known is not None
        assert sorted(r.name for r in app.screen.known) == sorted(POLICIES)


async def test_filter_narrows_and_keeps_the_cursor_on_the_same_repository(
    app_factory: Callable[..., EcrPolicyApp], seeded: None
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settled_list(app, pilot)
        await pilot.press("down")
        assert screen.table.selected is not None
        assert screen.table.selected.name == "ml/model"
        await pilot.press("slash", "o")
        assert isinstance(app.focused, Input)
        assert screen.table.shown == ["ml/model", "opensource/tool", "web/frontend"]
        assert screen.table.selected.name == "ml/model"
        assert status(screen) == "3 of 5 repositories"
        assert policy_cells(screen) == {
            "ml/model": "2 statements",
            "opensource/tool": "CRITICAL public",
            "web/frontend": "none",
        }
        await pilot.press(*"pen")
        assert screen.table.shown == ["opensource/tool"]
        await pilot.press("escape")
        assert screen.table.shown == sorted(POLICIES)
        assert screen.table.selected.name == "opensource/tool"
        assert app.focused is screen.filter_input
        await pilot.press("escape")
        assert app.focused is screen.table
        await pilot.press("escape")
        assert isinstance(app.screen, RegionsScreen)


async def test_keys_typed_right_after_slash_land_in_the_filter(
    app_factory: Callable[..., EcrPolicyApp], seeded: None
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settled_list(app, pilot)
        for key, character in [("slash", "/"), ("p", "p"), ("a", "a"), ("y", "y")]:
            app.post_message(events.Key(key, character))
        await pilot.pause()
        assert screen.filter_input.value == "pay"
        assert screen.table.shown == ["payments/api"]
        await pilot.press("slash", "x")
        assert screen.filter_input.value == "pay/x"


async def test_slash_after_coming_back_from_a_repository_starts_a_new_filter(
    app_factory: Callable[..., EcrPolicyApp], seeded: None
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settled_list(app, pilot)
        await pilot.press("slash", *"pay", "enter")
        await settle(app, pilot)
        await pilot.press("escape")
        await settled_list(app, pilot)
        assert app.focused is screen.table
        assert screen.table.selected is not None
        assert screen.table.selected.name == "payments/api"
        await pilot.press("slash", *"ml")
        assert screen.filter_input.value == "ml"
        assert screen.table.shown == ["ml/model"]


async def test_the_footer_keeps_help_and_shows_bulk_keys_only_with_marks(
    app_factory: Callable[..., EcrPolicyApp], seeded: None
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settled_list(app, pilot)
        assert footer_keys(screen) == [
            "⏎ Permissions",
            "space Mark",
            "/ Filter",
            "A Audit",
            "r Regions",
            "g Registry",
            "f1 Help",
        ]
        await pilot.press("space")
        await pilot.pause()
        assert footer_keys(screen) == [
            "⏎ Permissions",
            "space Mark",
            "a Add statement",
            "x Drop Sid",
            "/ Filter",
            "f1 More",
        ]
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert "r Regions" in footer_keys(screen)


async def test_enter_opens_the_permissions_of_the_highlighted_repository(
    app_factory: Callable[..., EcrPolicyApp], seeded: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[tuple[Backend, Repository]] = []

    class PermissionsStandIn(Screen[None]):
        def __init__(self, backend: Backend, repository: Repository) -> None:
            super().__init__()
            opened.append((backend, repository))

    module = types.ModuleType("ecr_tui.ui.screens.permissions")
    module.PermissionsScreen = PermissionsStandIn  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ecr_tui.ui.screens.permissions", module)

    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settled_list(app, pilot)
        await pilot.press("slash", *"ml", "enter")
        assert isinstance(app.screen, PermissionsStandIn)
        backend, repository = opened[0]
        assert backend is screen.backend is app.backend
        assert repository.name == "ml/model"
        assert repository.registry_id == "123456789012"


async def test_reload_shows_what_changed_in_aws(
    app_factory: Callable[..., EcrPolicyApp], seeded: None, ecr: Any
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settled_list(app, pilot)
        ecr.create_repository(repositoryName="aaa/new")
        ecr.delete_repository_policy(repositoryName="opensource/tool")
        await pilot.press("f5")
        await settled_list(app, pilot)
        assert screen.table.shown[0] == "aaa/new"
        assert policy_cells(screen)["opensource/tool"] == "none"
        assert status(screen) == "6 repositories"


async def test_who_is_signed_in_is_asked_even_when_the_list_is_left_at_once(
    app_factory: Callable[..., EcrPolicyApp], seeded: None
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await settle(app, pilot)
        assert isinstance(app.screen, RegionsScreen)
        assert app.session_info is not None and app.session_info.account == "123456789012"


async def test_r_and_escape_go_back_to_the_regions(
    app_factory: Callable[..., EcrPolicyApp], seeded: None
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settled_list(app, pilot)
        await pilot.press("r")
        assert isinstance(app.screen, RegionsScreen)
        await pilot.press("enter")
        await settled_list(app, pilot)
        await pilot.press("escape")
        assert isinstance(app.screen, RegionsScreen)


async def test_a_listing_failure_opens_the_error_modal(
    app_factory: Callable[..., EcrPolicyApp], backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse() -> Iterator[list[Repository]]:
        raise AwsError("Could not list the repositories: access denied; ecr:Describe", "Denied")
        yield []

    monkeypatch.setattr(backend, "repository_pages", refuse)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ErrorModal)
        assert "access denied" in app.screen.text
        await pilot.press("escape")
        screen = app.screen
        assert isinstance(screen, RepositoriesScreen)
        assert status(screen) == "0 repositories"


async def test_a_missing_profile_is_explained_once_and_the_list_says_it_failed(
    aws: None,
) -> None:
    app = EcrPolicyApp(backend=Backend(BackendSettings(profile="missing", region="us-east-1")))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, ErrorModal)
        assert "'missing'" in app.screen.text
        await pilot.press("escape")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, RepositoriesScreen)
        empty = str(screen.query_one("#repositories-empty", Label).content)
        assert empty == "The repositories could not be listed. F5 tries again."
        assert app.session_info is not None and "'missing'" in (app.session_info.error or "")


async def test_an_unreadable_policy_is_marked_and_reported(
    app_factory: Callable[..., EcrPolicyApp],
    backend: Backend,
    seeded: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    read_policy = backend.get_policy

    def get_policy(name: str) -> Any:
        if name == "ml/model":
            raise AwsError("Could not read the policy for repository 'ml/model': [denied]")
        return read_policy(name)

    monkeypatch.setattr(backend, "get_policy", get_policy)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settled_list(app, pilot)
        assert policy_cells(screen)["ml/model"] == "unreadable"
        assert policy_cells(screen)["payments/api"] == "MEDIUM cross-account"
        [notification] = app._notifications
        assert notification.title == "1 policy could not be read"
        assert "[denied]" in notification.message


def fixed_dates(backend: Backend, monkeypatch: pytest.MonkeyPatch) -> None:
    """moto stamps repositories with the current time; snapshots need the same date."""
    pages = backend.repository_pages
    created = datetime(2024, 5, 1, tzinfo=UTC)

    def dated() -> Iterator[list[Repository]]:
        for page in pages():
            yield [replace(repository, created=created) for repository in page]

    monkeypatch.setattr(backend, "repository_pages", dated)


def test_repositories_snapshot(
    snap_compare: Any,
    app_factory: Callable[..., EcrPolicyApp],
    backend: Backend,
    seeded: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fixed_dates(backend, monkeypatch)

    async def run_before(pilot: Any) -> None:
        await settled_list(pilot.app, pilot)
        await pilot.press("down", "space")

    assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=run_before)


async def test_trusted_accounts_of_the_config_are_quiet_in_the_policy_column(
    backend: Backend, seeded: None
) -> None:
    app = EcrPolicyApp(backend, trusted_accounts=(OTHER_ACCOUNT,))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settled_list(app, pilot)
        assert policy_cells(screen)["payments/api"] == "1 statement"
