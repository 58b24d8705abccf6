"""A save another writer keeps overwriting is not called saved: the conflict screen says so."""

from __future__ import annotations

import json
from typing import Any

import pytest
from permissions_support import StoredPolicy, make_repository, open_permissions, settle
from textual.widgets import Static

from ecr_tui.aws.backend import Backend
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.dialogs.conflict import ConflictScreen
from ecr_tui.ui.dialogs.save_confirm import SaveConfirm
from ecr_tui.ui.screens.permissions import PermissionsScreen

PULL = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
OURS = {"Sid": "OursPull", "Effect": "Allow", "Principal": {"AWS": "210987654321"}, "Action": PULL}
THEIRS = {
    "Sid": "TheirsPull",
    "Effect": "Allow",
    "Principal": {"AWS": "111122223333"},
    "Action": PULL,
}


def policy(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


async def test_a_change_overwritten_after_every_write_opens_the_conflict_screen(
    backend: Backend, ecr: Any, monkeypatch: pytest.MonkeyPatch, stored_policy: StoredPolicy
) -> None:
    repository = make_repository(ecr, "team/web", policy(OURS))
    real_set = backend.set_policy

    def write_then_other_writer(*args: Any, **kwargs: Any) -> None:
        real_set(*args, **kwargs)
        ecr.set_repository_policy(repositoryName="team/web", policyText=json.dumps(policy(THEIRS)))

    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        monkeypatch.setattr(backend, "set_policy", write_then_other_writer)
        await pilot.press("d", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SaveConfirm)
        await pilot.press("y")
        await settle(app, pilot)
        conflict = app.screen
        assert isinstance(conflict, ConflictScreen)
        message = str(conflict.query_one("#conflict-message", Static).render())
        assert "Our change is not in the live policy of 'team/web'" in message
        await pilot.press("d")
        await settle(app, pilot)
        assert app.screen is screen
        assert isinstance(screen, PermissionsScreen)
    assert stored_policy("team/web") == policy(THEIRS)
