"""Themes: every colour from the theme's variables, and the chosen theme kept across runs."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from settling import settle
from textual.color import Color

from ecr_tui.aws.backend import Backend
from ecr_tui.policy.actions import PULL_ONLY
from ecr_tui.service.config import config_path, load_config
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.screens.audit import AuditScreen
from ecr_tui.ui.screens.repositories import RepositoriesScreen
from ecr_tui.ui.widgets.repository_table import RepositoryTable

LIGHT = "textual-light"
PUBLIC = {
    "Version": "2012-10-17",
    "Statement": [{"Sid": "Everyone", "Effect": "Allow", "Principal": "*", "Action": PULL_ONLY}],
}
PARTNER = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Partner",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
            "Action": PULL_ONLY,
        }
    ],
}
LEGACY_FIXED = {"#FFD787", "#DADADA"}


def dark_palette() -> set[str]:
    """The colours only a dark theme uses for text and backgrounds."""
    dark = EcrPolicyApp(Backend.__new__(Backend))
    dark.theme = "textual-dark"
    variables = dark.get_css_variables()
    names = ("background", "surface", "panel", "text-error", "text-warning", "text-success")
    return {Color.parse(variables[name]).hex.upper() for name in names}


def svg_colours(svg: str) -> set[str]:
    return {found.upper() for found in re.findall(r"#[0-9a-fA-F]{6}", svg)}


def cell_colour(screen: AuditScreen, row: int) -> str:
    style = screen.table.get_row_at(row)[0].style
    assert style.color is not None
    return style.color.triplet.hex.upper() if style.color.triplet else str(style.color)


async def open_audit(app: EcrPolicyApp, pilot: Any) -> AuditScreen:
    await settle(app, pilot)
    assert isinstance(app.screen, RepositoriesScreen)
    await pilot.press("A")
    await settle(app, pilot)
    assert isinstance(app.screen, AuditScreen)
    return app.screen


def theme_colour(app: EcrPolicyApp, variable: str) -> str:
    return Color.parse(app.get_css_variables()[variable]).hex.upper()


async def test_a_light_theme_shows_no_colour_made_for_a_dark_background(
    app_factory: Callable[..., EcrPolicyApp], make_repositories: Callable[[dict[str, Any]], None]
) -> None:
    make_repositories({"opensource/tool": PUBLIC, "payments/api": PARTNER})
    app = app_factory(theme=LIGHT)
    async with app.run_test(size=(100, 24)) as pilot:
        screen = await open_audit(app, pilot)
        assert app.theme == LIGHT
        assert cell_colour(screen, 0) == theme_colour(app, "text-error")
        assert cell_colour(screen, 1) == theme_colour(app, "text-warning")
        shown = svg_colours(app.export_screenshot())
        await pilot.press("escape")
        await settle(app, pilot)
        shown |= svg_colours(app.export_screenshot())
    assert shown & (dark_palette() | LEGACY_FIXED) == set()


async def test_switching_theme_recolours_the_findings_on_screen(
    app_factory: Callable[..., EcrPolicyApp], make_repositories: Callable[[dict[str, Any]], None]
) -> None:
    make_repositories({"payments/api": PARTNER})
    app = app_factory()
    async with app.run_test(size=(100, 24)) as pilot:
        screen = await open_audit(app, pilot)
        dark_warning = cell_colour(screen, 0)
        app.theme = LIGHT
        await pilot.pause()
        assert cell_colour(screen, 0) == theme_colour(app, "text-warning") != dark_warning


async def test_the_theme_picked_is_written_to_the_config_and_used_next_time(
    app_factory: Callable[..., EcrPolicyApp], make_repositories: Callable[[dict[str, Any]], None]
) -> None:
    path = config_path()
    path.parent.mkdir(parents=True)
    path.write_text('# mine\noutput = "json"\ntheme = "nord"\n', encoding="utf-8")
    make_repositories({"payments/api": None})
    app = app_factory(theme=load_config().theme, remember_theme=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.theme == "nord"
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"theme", "enter")
        await settle(app, pilot)
        await pilot.press(*"gruvbox", "enter")
        await settle(app, pilot)
        assert app.theme == "gruvbox"
    assert path.read_text(encoding="utf-8") == '# mine\noutput = "json"\ntheme = "gruvbox"\n'
    again = app_factory(theme=load_config().theme, remember_theme=True)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(again, pilot)
        assert again.theme == "gruvbox"


async def test_without_a_config_file_picking_a_theme_creates_it(
    app_factory: Callable[..., EcrPolicyApp], make_repositories: Callable[[dict[str, Any]], None]
) -> None:
    make_repositories({"payments/api": None})
    app = app_factory(remember_theme=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.theme = "solarized-light"
        await settle(app, pilot)
    assert config_path().read_text(encoding="utf-8") == 'theme = "solarized-light"\n'


async def test_an_unknown_theme_is_said_and_the_default_kept(
    app_factory: Callable[..., EcrPolicyApp], make_repositories: Callable[[dict[str, Any]], None]
) -> None:
    make_repositories({"payments/api": None})
    app = app_factory(theme="no-such-theme", remember_theme=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.theme == "textual-dark"
        messages = [n.message for n in app._notifications]
        assert any("'no-such-theme' of config.toml is not known" in m for m in messages)
    assert not config_path().exists()


async def test_switching_theme_recolours_the_repository_list(
    app_factory: Callable[..., EcrPolicyApp], make_repositories: Callable[[dict[str, Any]], None]
) -> None:
    make_repositories({"payments/api": PARTNER})
    app = app_factory()
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(RepositoryTable)
        app.theme = LIGHT
        await settle(app, pilot)
        cell = table.get_row_at(0)[2]
        assert "cross-account" in str(cell)
        assert cell.style.color.triplet.hex.upper() == theme_colour(app, "text-warning")


async def test_a_config_that_cannot_be_written_is_a_warning_not_a_crash(
    app_factory: Callable[..., EcrPolicyApp], make_repositories: Callable[[dict[str, Any]], None]
) -> None:
    config_path().parent.parent.mkdir(parents=True)
    config_path().parent.write_text("a file where the folder should be", encoding="utf-8")
    make_repositories({"payments/api": None})
    app = app_factory(remember_theme=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.theme = "nord"
        await settle(app, pilot)
        assert app.theme == "nord"
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("The theme could not be remembered") for m in messages)
