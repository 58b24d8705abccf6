"""F2 / p switch profile on the permissions screen too, or say why they cannot."""

from __future__ import annotations

from typing import Any

from permissions_support import PULL_ONLY, make_repository, open_permissions, settle

from ecr_tui.aws.backend import Backend, BackendSettings
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.dialogs.confirm import ConfirmModal
from ecr_tui.ui.screens.permissions import PermissionsScreen
from ecr_tui.ui.screens.profile_picker import ProfilePicker
from ecr_tui.ui.screens.repositories import RepositoriesScreen

POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Partner",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
            "Action": PULL_ONLY,
        }
    ],
}


def notes(app: EcrPolicyApp) -> list[str]:
    return [notification.message for notification in app._notifications]


async def test_the_permissions_screen_asks_about_unsaved_edits_then_switches(
    aws: None, ecr: Any, two_profiles: None
) -> None:
    repository = make_repository(ecr, "team/web", POLICY)
    backend = Backend(BackendSettings(region="us-east-1"))
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        await pilot.press("p")
        await settle(app, pilot)
        assert isinstance(app.screen, ProfilePicker)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("d", "f2")
        await settle(app, pilot)
        confirm = app.screen
        assert isinstance(confirm, ConfirmModal)
        assert "discard" in confirm.title_text.lower()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.session is not None and screen.session.dirty
        await pilot.press("f2")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert isinstance(app.screen, ProfilePicker)


async def test_in_the_demo_p_says_once_why_there_is_no_profile_to_switch_to(aws: None) -> None:
    settings = BackendSettings(region="us-east-1", demo=True, static_credentials=("a", "b"))
    app = EcrPolicyApp(Backend(settings))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, RepositoriesScreen)
        await pilot.press("p", "f2", "p")
        await pilot.pause()
        assert isinstance(app.screen, RepositoriesScreen)
        said = notes(app)
        assert len(said) == 1 and "Run ecr-tui without --demo" in said[0]


async def test_p_on_the_permissions_screen_of_the_demo_says_why(aws: None, ecr: Any) -> None:
    repository = make_repository(ecr, "team/web", POLICY)
    settings = BackendSettings(region="us-east-1", demo=True, static_credentials=("a", "b"))
    backend = Backend(settings)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen is screen
        assert isinstance(screen, PermissionsScreen)
        assert any("no profile to switch to" in message for message in notes(app))
