"""The App around the screens: who and where, help, errors, copying, profiles, palette."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyperclip
import pytest
from settling import settle
from textual.widgets import DataTable

from ecr_tui.aws.backend import Backend, BackendSettings
from ecr_tui.aws.errors import AwsError
from ecr_tui.aws.models import Identity
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.clipboard import copy_text, write_text_file
from ecr_tui.ui.dialogs.error_modal import ErrorModal
from ecr_tui.ui.profile_switching import STATIC_PROFILE_NOTE
from ecr_tui.ui.screens.help import HelpScreen, KeyHelp
from ecr_tui.ui.screens.profile_picker import ProfilePicker
from ecr_tui.ui.screens.regions import RegionsScreen
from ecr_tui.ui.screens.repositories import RepositoriesScreen
from ecr_tui.ui.widgets.identity_bar import IdentityBar
from ecr_tui.ui.widgets.key_footer import KeyFooter

EXPIRED = (
    "Could not find out who you are signed in as: your AWS credentials have expired; "
    "refresh them (for SSO: `aws sso login`) and try again. [not markup]"
)


def header(app: EcrPolicyApp) -> str:
    return app.screen.query_one(IdentityBar).render().plain  # type: ignore[union-attr]


async def test_header_shows_who_and_where(app_factory: Callable[..., EcrPolicyApp]) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, RepositoriesScreen)
        text = header(app)
        assert "profile default" in text
        assert "account 123456789012" in text
        assert "region us-east-1" in text
        assert "as arn:aws:sts::123456789012:user/moto" in text
        assert "READ-ONLY" not in text
        assert app.identity == Identity("123456789012", "arn:aws:sts::123456789012:user/moto")


async def test_the_demo_says_its_credentials_are_dummies(aws: None) -> None:
    backend = Backend(BackendSettings(region="us-east-1", demo=True, static_credentials=("a", "b")))
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        text = header(app)
        assert "profile demo" in text
        assert "as demo user (dummy credentials)" in text
        assert "moto" not in text and "arn:" not in text


async def test_read_only_is_marked_in_the_header(aws: None) -> None:
    backend = Backend(
        BackendSettings(region="eu-west-1", read_only=True, static_credentials=("a", "b"))
    )
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert "READ-ONLY" in header(app)
        assert "region eu-west-1" in header(app)


async def test_without_a_region_the_app_opens_on_the_regions(regionless_backend: Backend) -> None:
    app = EcrPolicyApp(regionless_backend)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, RegionsScreen)
        assert app.backups is None


async def test_with_a_region_only_the_repositories_open_and_r_brings_the_regions(
    app_factory: Callable[..., EcrPolicyApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert not any(isinstance(screen, RegionsScreen) for screen in app.screen_stack)
        assert isinstance(app.screen, RepositoriesScreen)
        await pilot.press("r")
        await settle(app, pilot)
        assert isinstance(app.screen, RegionsScreen)


async def test_an_identity_failure_is_shown_not_raised(
    app_factory: Callable[..., EcrPolicyApp], backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    def expired() -> Identity:
        raise AwsError(EXPIRED, "ExpiredToken")

    monkeypatch.setattr(backend, "identity", expired)
    monkeypatch.setattr(pyperclip, "copy", lambda text: None)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        modal = app.screen
        assert isinstance(modal, ErrorModal)
        assert modal.text == EXPIRED
        await pilot.press("c")
        assert app.clipboard == f"Not signed in\n\n{EXPIRED}"
        await pilot.press("escape")
        assert isinstance(app.screen, RepositoriesScreen)
        assert "⚠ Could not find out who you are signed in as" in header(app)
        assert "account …" in header(app)


async def test_help_lists_the_keys_of_the_current_screen(
    app_factory: Callable[..., EcrPolicyApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f1")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        assert help_screen.screen_name == "Repositories"
        table = help_screen.query_one(DataTable)
        rows = {
            str(table.get_row_at(i)[1]): str(table.get_row_at(i)[0]) for i in range(table.row_count)
        }
        assert rows["Reload"] == "f5, ^r"
        assert rows["Filter"] == "/"
        assert rows["Mark all"] == "m"
        assert rows["Help"] == "f1, ?"
        assert rows["Quit"] == "^q"
        assert "Move cursor left" not in rows and "Next" not in rows
        await pilot.press("escape")
        assert isinstance(app.screen, RepositoriesScreen)


async def test_a_long_help_fits_in_two_columns_at_80_by_24(
    app_factory: Callable[..., EcrPolicyApp],
) -> None:
    rows = [KeyHelp(f"k{i}", f"Does thing number {i}", i % 3 != 0) for i in range(30)]
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await app.push_screen(HelpScreen("Long", rows))
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert [str(column.label) for column in table.columns.values()] == ["Key", "Does"] * 2
        assert table.row_count == 15
        assert [str(cell) for cell in table.get_row_at(14)] == [
            "k14",
            "Does thing number 14",
            "k29",
            "Does thing number 29",
        ]
        assert table.max_scroll_y == 0
        assert table.region.right <= 80 and table.region.bottom <= 23
        assert table.get_row_at(0)[1].style == "dim"


async def test_toasts_are_small_at_the_top_right_and_information_goes_quickly(
    app_factory: Callable[..., EcrPolicyApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        app.notify("Copied 6 characters to the clipboard.")
        app.notify("x" * 200, title="Long", severity="warning")
        await pilot.pause()
        short, long = app.screen.query("Toast")
        assert short.region.y >= 2 and short.region.right == 80
        assert short.region.width <= 40 and short.region.height <= 2
        assert long.region.y > short.region.bottom and long.region.width <= 40
        assert long.region.bottom < 23
        timeouts = [notification.timeout for notification in app._notifications]
        assert timeouts == [3, 6 + (4 + 200 - 80) / 40]


async def test_the_footer_keeps_help_when_keys_do_not_fit(
    app_factory: Callable[..., EcrPolicyApp], make_repositories: Callable[..., None]
) -> None:
    make_repositories({"team/app": None})
    app = app_factory()
    async with app.run_test(size=(50, 24)) as pilot:
        await settle(app, pilot)
        keys = [
            " ".join(str(key.render()).split()) for key in app.screen.query_one(KeyFooter).children
        ]
        assert keys == ["⏎ Permissions", "space Mark", "/ Filter", "f1 More"]


async def test_the_palette_offers_the_keys_of_the_screen(
    app_factory: Callable[..., EcrPolicyApp], make_repositories: Callable[..., None]
) -> None:
    make_repositories({"team/app": None})
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert {"Permissions", "Filter", "Reload", "Regions", "Help", "Quit", "Theme"} <= set(
            titles
        )
        assert len(titles) == len(set(titles))
        assert "Cursor left" not in titles and "palette" not in titles


async def test_p_switches_profile_without_restarting(
    aws: None, monkeypatch: pytest.MonkeyPatch, two_profiles: None
) -> None:
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    app = EcrPolicyApp(Backend(BackendSettings(region="us-east-1")))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        picker = app.screen
        assert isinstance(picker, ProfilePicker)
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, RegionsScreen)
        assert app.backend.settings.profile == "ops"
        assert app.backend.region == "eu-west-1"
        assert "profile ops" in header(app)
        assert "region eu-west-1" in header(app)
        assert "account 123456789012" in header(app)


async def test_profile_switching_with_fixed_credentials_says_why_not(
    app_factory: Callable[..., EcrPolicyApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, RepositoriesScreen)
        said = [notification.message for notification in app._notifications]
        assert said == [STATIC_PROFILE_NOTE]


async def test_copy_text_uses_osc52_and_says_when_no_local_clipboard(
    app_factory: Callable[..., EcrPolicyApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_clipboard(text: str) -> None:
        raise pyperclip.PyperclipException("could not find a copy/paste mechanism")

    app = app_factory()
    async with app.run_test(size=(80, 24)):
        monkeypatch.setattr(pyperclip, "copy", no_clipboard)
        said = copy_text(app, '{"Version": "2012-10-17"}')
        assert app.clipboard == '{"Version": "2012-10-17"}'
        assert said.startswith("Sent 25 characters to the terminal's clipboard (OSC 52).")
        copied: list[str] = []
        monkeypatch.setattr(pyperclip, "copy", copied.append)
        assert copy_text(app, "second") == "Copied 6 characters to the clipboard."
        assert copied == ["second"] and app.clipboard == "second"


def test_write_text_file_writes_and_explains_failures(tmp_path: Path) -> None:
    target = tmp_path / "policy.json"
    said = write_text_file(target, '{"a": 1}')
    assert target.read_text(encoding="utf-8") == '{"a": 1}\n'
    assert said == f"Wrote 8 characters to {target}."
    failed = write_text_file(tmp_path / "missing" / "policy.json", "x")
    assert failed.startswith("Could not write ")
    assert "No such file or directory" in failed


async def test_a_palette_command_runs_the_screen_action(
    app_factory: Callable[..., EcrPolicyApp], make_repositories: Callable[..., None]
) -> None:
    make_repositories({"team/app": None})
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, RepositoriesScreen)
        before = screen.generation
        await pilot.press("ctrl+p", *"Reload")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen
        assert screen.generation == before + 1
        assert screen.table.shown == ["team/app"]


async def refused_switch_to_ops(app: EcrPolicyApp, pilot: Any) -> ErrorModal:
    """Pick the profile `ops` (F2, second in the list) and return the modal that refuses it."""
    await settle(app, pilot)
    await pilot.press("f2")
    await settle(app, pilot)
    await pilot.press("down", "enter")
    await settle(app, pilot)
    modal = app.screen
    assert isinstance(modal, ErrorModal)
    assert modal.title_text == "Profile ops"
    return modal


async def test_a_profile_that_cannot_be_opened_is_explained(
    aws: None, monkeypatch: pytest.MonkeyPatch, two_profiles: None
) -> None:

    def broken(self: Backend, profile: str | None) -> Backend:
        raise AwsError(f"The AWS profile {profile!r} is not in your AWS config.", "NoCredentials")

    monkeypatch.setattr(Backend, "with_profile", broken)
    app = EcrPolicyApp(Backend(BackendSettings(region="us-east-1")))
    async with app.run_test(size=(80, 24)) as pilot:
        modal = await refused_switch_to_ops(app, pilot)
        assert modal.text == "The AWS profile 'ops' is not in your AWS config."
        await pilot.press("escape")
        assert isinstance(app.screen, RepositoriesScreen)
        assert app.backend.settings.profile is None


async def test_a_profile_without_credentials_is_refused_and_the_old_one_kept(
    aws: None, two_profiles: None
) -> None:
    home = Path(os.environ["AWS_CONFIG_FILE"]).parent
    (home / "aws-config").write_text(
        "[default]\nregion = us-east-1\n\n[profile ops]\nrole_arn = arn:aws:iam::1:role/x\n",
        encoding="utf-8",
    )
    app = EcrPolicyApp(Backend(BackendSettings(region="us-east-1")))
    async with app.run_test(size=(80, 24)) as pilot:
        modal = await refused_switch_to_ops(app, pilot)
        assert "credentials" in modal.text
        await pilot.press("escape")
        assert isinstance(app.screen, RepositoriesScreen)
        assert app.backend.settings.profile is None
