"""Every key says what it did: overwrite, reload, undo, the unsaved count, the save dialog."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from permissions_support import PULL_ONLY, make_repository, open_permissions, settle
from textual.widgets import Input, Label

from ecr_tui.aws.backend import Backend
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.dialogs.confirm import ConfirmModal
from ecr_tui.ui.dialogs.save_confirm import SaveConfirm

PULL: dict[str, Any] = {
    "Sid": "CrossAccountPull",
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
    "Action": PULL_ONLY,
}
POLICY = {"Version": "2012-10-17", "Statement": [PULL]}


def notes(app: EcrPolicyApp) -> list[str]:
    return [notification.message for notification in app._notifications]


def marker(screen: Any) -> str:
    return str(screen.query_one("#dirty-marker", Label).render())


async def test_writing_over_an_existing_file_asks_first(
    backend: Backend, ecr: Any, tmp_path: Path
) -> None:
    repository = make_repository(ecr, "team/web", POLICY)
    target = tmp_path / "policy.json"
    target.write_text("keep me")
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_permissions(app, pilot, backend, repository)
        await pilot.press("w")
        app.screen.query_one("#dialog-input", Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("escape")
        await pilot.pause()
        assert target.read_text() == "keep me"
        await pilot.press("w")
        app.screen.query_one("#dialog-input", Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await pilot.pause()
    assert json.loads(target.read_text()) == POLICY


async def test_reload_and_an_empty_undo_say_what_happened(
    backend: Backend, ecr: Any, monkeypatch: Any
) -> None:
    repository = make_repository(ecr, "team/web", POLICY)
    app = EcrPolicyApp(backend)
    said: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        monkeypatch.setattr(screen, "notify", lambda message, **_: said.append(message))
        await pilot.press("u")
        await pilot.pause()
        assert said == ["Nothing to undo since the policy was loaded."]
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert said[1:] == ["Reloaded the policy of team/web: 1 statement."]


async def test_the_unsaved_count_counts_net_changes(backend: Backend, ecr: Any) -> None:
    repository = make_repository(ecr, "team/web", POLICY)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        await pilot.press("d")
        await pilot.pause()
        assert marker(screen) == "● unsaved (1)"
        await pilot.press("x")  # the copy, where the cursor went
        await pilot.pause()
        assert marker(screen) == ""
        assert screen.check_action("save", ()) is None
        await pilot.press("u")
        await pilot.pause()
        assert marker(screen) == "● unsaved (1)"


async def test_the_save_dialog_shows_a_long_summary_whole_and_no_toast_over_it(
    backend: Backend, ecr: Any
) -> None:
    statements = [{**PULL, "Sid": f"PartnerNumber{n}Pull"} for n in range(4)]
    repository = make_repository(ecr, "team/web", {**POLICY, "Statement": statements})
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_permissions(app, pilot, backend, repository)
        await pilot.press("x", "x", "x", "x")
        await pilot.pause()
        assert notes(app)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        modal = app.screen
        assert isinstance(modal, SaveConfirm)
        summary = modal.query_one("#save-summary")
        text = str(summary.render())
        assert text.startswith("4 changes: ")
        assert all(f"removes statement PartnerNumber{n}Pull" in text for n in range(4))
        # Folded over as many lines as it needs, inside the dialog.
        assert summary.size.height * summary.size.width >= len(text)
        assert summary.region.right <= modal.size.width
        what = modal.query_one("#save-what")
        assert "policy will be deleted" in str(what.render())
        assert not app._notifications
