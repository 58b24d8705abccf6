"""The TUI says so when the region is nobody's choice but the us-east-1 fallback."""

from __future__ import annotations

import pytest
from settling import settle

from ecr_tui.aws.backend import Backend, BackendSettings
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.screens.regions import RegionsScreen


def notes(app: EcrPolicyApp) -> list[str]:
    return [notification.message for notification in app._notifications]


async def test_the_fallback_region_is_stated_once(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    app = EcrPolicyApp(Backend(BackendSettings()))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, RegionsScreen)
        assert notes(app).count("No region configured; using us-east-1.") == 1


async def test_a_region_from_aws_region_is_used_without_a_note(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    app = EcrPolicyApp(Backend(BackendSettings()))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.backend.region == "eu-west-1"
        assert "region eu-west-1" in str(app.screen.query_one("IdentityBar").render())
        assert not any("region configured" in note for note in notes(app))
