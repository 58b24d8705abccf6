"""The region list: the session's region first, type to filter, Enter opens a region."""

from __future__ import annotations

import threading
from typing import Any

import boto3
import pytest
from textual.widgets import Input, OptionList

from ecr_tui.aws.backend import Backend
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.screens.regions import RegionsScreen, matching_regions
from ecr_tui.ui.screens.repositories import RepositoriesScreen


def shown_regions(app: EcrPolicyApp) -> list[str]:
    options = app.screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).id) for i in range(options.option_count)]


def highlighted_region(app: EcrPolicyApp) -> str | None:
    screen = app.screen
    assert isinstance(screen, RegionsScreen)
    return screen.highlighted_region


def test_matching_regions_keeps_order_and_needs_every_word() -> None:
    regions = ["us-east-1", "eu-west-1", "eu-west-2", "ap-south-1"]
    assert matching_regions(regions, "") == regions
    assert matching_regions(regions, "EU") == ["eu-west-1", "eu-west-2"]
    assert matching_regions(regions, "eu 2") == ["eu-west-2"]
    assert matching_regions(regions, "nowhere") == []


async def test_regions_list_the_session_region_first_and_highlighted(
    regionless_backend: Backend,
) -> None:
    app = EcrPolicyApp(regionless_backend)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, RegionsScreen)
        regions = shown_regions(app)
        assert regions[0] == "us-east-1"
        assert {"eu-west-1", "ap-southeast-2", "sa-east-1"} <= set(regions)
        assert regions[1:] == sorted(regions[1:])
        assert highlighted_region(app) == "us-east-1"
        assert isinstance(app.focused, Input)


def test_matching_regions_also_searches_the_names_people_know() -> None:
    regions = ["us-east-1", "eu-west-1", "eu-central-1"]
    names = {"eu-west-1": "Europe (Ireland)", "eu-central-1": "Europe (Frankfurt)"}
    assert matching_regions(regions, "ireland", names) == ["eu-west-1"]
    assert matching_regions(regions, "europe", names) == ["eu-west-1", "eu-central-1"]


async def test_typing_a_city_finds_its_region(regionless_backend: Backend) -> None:
    app = EcrPolicyApp(regionless_backend)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press(*"frankfurt")
        assert shown_regions(app) == ["eu-central-1"]


async def test_typing_filters_and_arrows_move_while_typing(regionless_backend: Backend) -> None:
    app = EcrPolicyApp(regionless_backend)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press(*"eu-west")
        assert shown_regions(app) == sorted(r for r in shown_regions(app))
        assert all(region.startswith("eu-west-") for region in shown_regions(app))
        assert highlighted_region(app) == "eu-west-1"
        await pilot.press("down", "down", "up")
        assert highlighted_region(app) == "eu-west-2"
        assert app.screen.query_one(Input).value == "eu-west"
        await pilot.press("escape")
        assert app.screen.query_one(Input).value == ""
        assert shown_regions(app)[0] == "us-east-1"


async def test_enter_opens_the_repositories_of_the_chosen_region(
    regionless_backend: Backend, aws: None
) -> None:
    client: Any = boto3.client("ecr", region_name="eu-west-2")
    client.create_repository(repositoryName="london/app")
    app = EcrPolicyApp(regionless_backend)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press(*"eu-west-2", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RepositoriesScreen)
        assert screen.backend.region == "eu-west-2"
        assert app.backend is screen.backend
        assert screen.table.shown == ["london/app"]
        assert app.session_info is not None and app.session_info.region == "eu-west-2"


@pytest.mark.parametrize("enter", ["enter", "ctrl+j"])
async def test_enter_while_the_regions_load_opens_the_region_once_they_are_listed(
    regionless_backend: Backend, monkeypatch: pytest.MonkeyPatch, enter: str
) -> None:
    release = threading.Event()
    list_regions = regionless_backend.regions

    def slow_regions() -> list[str]:
        release.wait(timeout=10)
        return list_regions()

    monkeypatch.setattr(regionless_backend, "regions", slow_regions)
    app = EcrPolicyApp(regionless_backend)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RegionsScreen) and not screen.listed
        await pilot.press(enter)
        assert app.screen is screen
        release.set()
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        repositories = app.screen
        assert isinstance(repositories, RepositoriesScreen)
        assert repositories.backend.region == "us-east-1"


async def test_enter_with_nothing_matching_stays_and_says_so(regionless_backend: Backend) -> None:
    app = EcrPolicyApp(regionless_backend)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press(*"atlantis", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RegionsScreen)
        assert shown_regions(app) == []
        assert [n.message for n in app._notifications] == ["No region matches the filter."]


def test_regions_snapshot(snap_compare: Any, regionless_backend: Backend) -> None:
    async def settle(pilot: Any) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.press(*"eu")
        pilot.app.screen.query_one(Input).cursor_blink = False
        await pilot.pause()

    assert snap_compare(EcrPolicyApp(regionless_backend), terminal_size=(80, 24), run_before=settle)
