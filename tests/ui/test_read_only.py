"""Read-only mode says what it allows instead of offering writes it then ignores."""

from __future__ import annotations

from typing import Any

from permissions_support import make_repository, open_permissions, settle

from ecr_tui.aws.backend import Backend, BackendSettings
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.screens.repositories import RepositoriesScreen


def read_only_backend() -> Backend:
    settings = BackendSettings(region="us-east-1", static_credentials=("t", "t"), read_only=True)
    return Backend(settings)


def notes(app: EcrPolicyApp) -> list[str]:
    return [notification.message for notification in app._notifications]


async def test_an_empty_repository_does_not_invite_adding_in_read_only(aws: None, ecr: Any) -> None:
    repository = make_repository(ecr, "empty")
    backend = read_only_backend()
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        note = str(screen.query_one("#empty-note").render())
        assert "Press a" not in note
        assert "read-only" in note.lower() and "cannot add one" in note
        assert "copy it (c)" not in note, "there is no policy to copy"
        await pilot.press("a")
        await pilot.pause()
        assert app.screen is screen
        assert any("cannot be changed" in message for message in notes(app))


async def test_space_marks_nothing_in_read_only_and_says_why(aws: None, ecr: Any) -> None:
    for name in ("team/api", "team/web"):
        ecr.create_repository(repositoryName=name)
    app = EcrPolicyApp(read_only_backend())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, RepositoriesScreen)
        await pilot.press("space", "m")
        await settle(app, pilot)
        assert screen.table.marks == set()
        assert any("Nothing can be marked" in message for message in notes(app))
        assert "Mark" not in {
            b.binding.description for b in screen.active_bindings.values() if b.enabled
        }
