"""A slow save says what it waits for; one that cannot be confirmed is not called saved."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from aws_faults import before_sending, never_answer
from aws_rewrites import fail_calls
from permissions_support import StoredPolicy, make_repository, open_permissions, settle

from ecr_tui.aws.backend import Backend
from ecr_tui.ui import save_flow
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.dialogs.error_modal import ErrorModal
from ecr_tui.ui.dialogs.save_confirm import SaveConfirm

PULL = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
OURS = {"Sid": "OursPull", "Effect": "Allow", "Principal": {"AWS": "210987654321"}, "Action": PULL}
POLICY = {"Version": "2012-10-17", "Statement": [OURS]}
WRITING = "Writing the policy… (waiting for AWS"


def recorded_notifications(app: EcrPolicyApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    notify = app.notify

    def record(message: str, *args: Any, **kwargs: Any) -> None:
        shown.append(message)
        notify(message, *args, **kwargs)

    monkeypatch.setattr(app, "notify", record)
    return shown


async def edit_and_confirm(app: EcrPolicyApp, pilot: Any) -> None:
    await pilot.press("d", "ctrl+s")
    await settle(app, pilot)
    assert isinstance(app.screen, SaveConfirm)
    await pilot.press("y")


async def test_a_slow_write_shows_what_the_save_is_waiting_for(
    backend: Backend, ecr: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    repository = make_repository(ecr, "team/web", POLICY)
    monkeypatch.setattr(save_flow, "STILL_WAITING_SECONDS", 0.05)
    answer = threading.Event()
    before_sending(backend.ecr, "SetRepositoryPolicy", lambda: answer.wait(30))
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_permissions(app, pilot, backend, repository)
        shown = recorded_notifications(app, monkeypatch)
        await edit_and_confirm(app, pilot)
        for _ in range(200):
            if any(message.startswith(WRITING) for message in shown):
                break
            await pilot.pause(0.05)
        answer.set()
        await settle(app, pilot)
    assert any(message.startswith(WRITING) for message in shown), shown
    assert any(message.startswith("Saved the policy of 'team/web'") for message in shown)


async def test_a_write_that_cannot_be_confirmed_is_an_error_naming_the_backup(
    backend: Backend, ecr: Any, stored_policy: StoredPolicy
) -> None:
    repository = make_repository(ecr, "team/web", POLICY)
    never_answer(backend.ecr, "SetRepositoryPolicy")
    fail_calls(backend.bounded().ecr, "GetRepositoryPolicy", "ServerException", "internal")
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_permissions(app, pilot, backend, repository)
        await edit_and_confirm(app, pilot)
        await settle(app, pilot)
        modal = app.screen
        assert isinstance(modal, ErrorModal)
        assert modal.title_text == "The save could not be confirmed"
        assert "did not answer in time" in modal.text
        assert "`ecr-tui restore team/web --backup " in modal.text
    assert stored_policy("team/web") == POLICY
