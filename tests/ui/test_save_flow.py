"""Saving from the permissions screen: the diff, the outcomes, conflicts and errors."""

from __future__ import annotations

import json
from typing import Any

import pytest
from permissions_support import (
    DEPLOYER_ARN,
    PULL_ONLY,
    StoredPolicy,
    make_iam,
    make_repository,
    open_permissions,
    settle,
)
from textual.widgets import Button, Input, Static

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.errors import AwsError
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.dialogs.confirm import ConfirmModal
from ecr_tui.ui.dialogs.conflict import ConflictScreen
from ecr_tui.ui.dialogs.error_modal import ErrorModal
from ecr_tui.ui.dialogs.save_confirm import SaveConfirm
from ecr_tui.ui.screens.permissions import PermissionsScreen
from ecr_tui.ui.screens.statement_form import StatementForm

LAMBDA_PULL: dict[str, Any] = {
    "Sid": "LambdaECRImageRetrievalPolicy",
    "Effect": "Allow",
    "Principal": {"Service": "lambda.amazonaws.com"},
    "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
}
CROSS_ACCOUNT: dict[str, Any] = {
    "Sid": "CrossAccountPull",
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
    "Action": PULL_ONLY,
}
ADDED: dict[str, Any] = {
    "Sid": "Statement1",
    "Effect": "Allow",
    "Principal": {"AWS": ["arn:aws:iam::210987654321:root", DEPLOYER_ARN]},
    "Action": PULL_ONLY,
}


def policy(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


async def add_by_keys(app: EcrPolicyApp, pilot: Any) -> None:
    """The console's steps by keys: account, then the role from the live IAM list."""
    await pilot.press("a")
    await settle(app, pilot)
    assert isinstance(app.screen, StatementForm)
    await pilot.press("tab", "tab", "tab", *"210987654321", "tab", *"ci/deployer", "enter")
    await pilot.press("space", "ctrl+s")
    await pilot.pause()


async def open_save(app: EcrPolicyApp, pilot: Any) -> Any:
    """Ctrl+S, once the live policy was read again: the save dialog, or the conflict."""
    await pilot.press("ctrl+s")
    await settle(app, pilot)
    return app.screen


async def save_by_keys(app: EcrPolicyApp, pilot: Any) -> None:
    await pilot.press("ctrl+s")
    await settle(app, pilot)
    assert isinstance(app.screen, SaveConfirm)
    await pilot.press("y")
    await settle(app, pilot)


async def test_the_whole_walk_adds_a_role_with_a_path_and_an_account(
    backend: Backend, ecr: Any, iam: Any, stored_policy: StoredPolicy
) -> None:
    make_iam(iam)
    make_repository(ecr, "team/web")
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, PermissionsScreen)
        await add_by_keys(app, pilot)
        assert app.screen is screen
        assert "unsaved (1)" in str(screen.query_one("#dirty-marker").render())
        await save_by_keys(app, pilot)
        assert app.screen is screen
        assert screen.session is not None and not screen.session.dirty
        assert str(screen.query_one("#dirty-marker").render()) == ""
    assert stored_policy("team/web") == policy(ADDED)


async def test_a_fast_double_ctrl_s_only_opens_the_dialog(
    backend: Backend, ecr: Any, stored_policy: StoredPolicy
) -> None:
    repository = make_repository(ecr, "team/web", policy(CROSS_ACCOUNT))
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        await pilot.press("d", "ctrl+s", "ctrl+s", "ctrl+s")
        await settle(app, pilot)
        modal = app.screen
        assert isinstance(modal, SaveConfirm)
        assert stored_policy("team/web") == policy(CROSS_ACCOUNT)
        await pilot.press("n")
        assert app.screen is screen
        assert screen.session is not None and screen.session.dirty
    assert stored_policy("team/web") == policy(CROSS_ACCOUNT)


async def test_the_dialog_shows_the_diff_first_and_says_what_changes(
    backend: Backend, ecr: Any, iam: Any, stored_policy: StoredPolicy
) -> None:
    make_iam(iam)
    repository = make_repository(ecr, "team/web", policy(LAMBDA_PULL))
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        await add_by_keys(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        modal = app.screen
        assert isinstance(modal, SaveConfirm)
        summary = str(modal.query_one("#save-summary").render())
        assert summary == "Adds statement Statement1: account 210987654321 and 1 more can pull"
        diff = modal.query_one("#save-diff")
        assert app.focused is diff
        assert diff.region.height >= 15
        await pilot.press("pagedown")
        assert diff.scroll_y > 0
        await pilot.press("tab")
        assert app.focused is modal.query_one("#save-yes")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen
    assert stored_policy("team/web") == policy(LAMBDA_PULL, ADDED)


async def test_editing_a_statement_saves_the_change(
    backend: Backend, ecr: Any, stored_policy: StoredPolicy
) -> None:
    repository = make_repository(ecr, "team/web", policy(LAMBDA_PULL, CROSS_ACCOUNT))
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        await pilot.press("down", "e")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, StatementForm)
        form.query_one("#accounts", Input).value = "210987654321, 111122223333"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        await save_by_keys(app, pilot)
    edited = {
        **CROSS_ACCOUNT,
        "Principal": {"AWS": ["arn:aws:iam::210987654321:root", "arn:aws:iam::111122223333:root"]},
    }
    assert stored_policy("team/web") == policy(LAMBDA_PULL, edited)


async def test_deleting_the_last_statement_deletes_the_policy(
    backend: Backend, ecr: Any, stored_policy: StoredPolicy
) -> None:
    repository = make_repository(ecr, "team/web", policy(CROSS_ACCOUNT))
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        await pilot.press("x", "ctrl+s")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, SaveConfirm)
        assert str(modal.query_one("#save-yes", Button).label) == "Delete policy (y)"
        assert "Removes statement CrossAccountPull" in str(
            modal.query_one("#save-summary").render()
        )
        await pilot.press("y")
        await settle(app, pilot)
        assert app.screen is screen
        assert "has no policy" in str(screen.query_one("#empty-note", Static).render())
    assert stored_policy("team/web") is None


async def test_a_second_writer_mid_edit_gets_the_conflict_screen_and_reapply_keeps_both(
    backend: Backend, ecr: Any, iam: Any, stored_policy: StoredPolicy
) -> None:
    make_iam(iam)
    repository = make_repository(ecr, "team/web", policy(CROSS_ACCOUNT))
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_permissions(app, pilot, backend, repository)
        await add_by_keys(app, pilot)
        other = json.dumps(policy(CROSS_ACCOUNT, LAMBDA_PULL))
        ecr.set_repository_policy(repositoryName="team/web", policyText=other)
        # The dialog reads the live policy again: the conflict shows before any y.
        conflict = await open_save(app, pilot)
        assert isinstance(conflict, ConflictScreen)
        assert "LambdaECRImageRetrievalPolicy" in str(
            conflict.query_one("#conflict-diff-text").render()
        )
        assert stored_policy("team/web") == policy(CROSS_ACCOUNT, LAMBDA_PULL)
        await pilot.press("r")
        await settle(app, pilot)
        merged = app.screen
        assert isinstance(merged, SaveConfirm) and merged.merged
        diff = str(merged.query_one("#save-diff-text").render())
        assert '+      "Sid": "Statement1",' in diff
        assert "-" + ' "Sid": "LambdaECRImageRetrievalPolicy"' not in diff.replace("     ", "")
        assert stored_policy("team/web") == policy(CROSS_ACCOUNT, LAMBDA_PULL)
        await pilot.press("y")
        await settle(app, pilot)
        assert isinstance(app.screen, PermissionsScreen)
    assert stored_policy("team/web") == policy(CROSS_ACCOUNT, LAMBDA_PULL, ADDED)


async def test_a_conflict_on_the_same_statement_can_only_be_discarded(
    backend: Backend, ecr: Any, stored_policy: StoredPolicy
) -> None:
    repository = make_repository(ecr, "team/web", policy(CROSS_ACCOUNT))
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        await pilot.press("x")
        theirs = {**CROSS_ACCOUNT, "Action": ["ecr:BatchGetImage"]}
        ecr.set_repository_policy(repositoryName="team/web", policyText=json.dumps(policy(theirs)))
        conflict = await open_save(app, pilot)
        assert isinstance(conflict, ConflictScreen)
        await pilot.press("r")
        await settle(app, pilot)
        assert app.screen is conflict
        assert conflict.query_one("#reapply", Button).disabled
        assert "someone else changed that statement" in str(
            conflict.query_one("#conflict-problems", Static).render()
        )
        await pilot.press("d")
        await settle(app, pilot)
        assert app.screen is screen
        assert screen.session is not None and not screen.session.dirty
        assert screen.session.statements == [theirs]
    assert stored_policy("team/web") == policy(theirs)


async def test_edits_that_no_longer_fit_the_live_policy_are_refused_with_the_reasons(
    backend: Backend, ecr: Any, iam: Any, stored_policy: StoredPolicy
) -> None:
    make_iam(iam)
    repository = make_repository(ecr, "team/web", policy(CROSS_ACCOUNT))
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_permissions(app, pilot, backend, repository)
        await add_by_keys(app, pilot)
        theirs = [CROSS_ACCOUNT]
        while len(json.dumps(policy(*theirs), separators=(",", ":"))) < 10_150:
            theirs.append({**CROSS_ACCOUNT, "Sid": f"Partner{len(theirs)}"})
        ecr.set_repository_policy(repositoryName="team/web", policyText=json.dumps(policy(*theirs)))
        assert isinstance(await open_save(app, pilot), ConflictScreen)
        await pilot.press("r")
        await settle(app, pilot)
        merged = app.screen
        assert isinstance(merged, SaveConfirm) and merged.blocked
        assert "ECR accepts at most 10,240" in str(merged.query_one("#save-problems").render())
        await pilot.press("y")
        await settle(app, pilot)
        assert app.screen is merged
    assert stored_policy("team/web") == policy(*theirs)


async def test_a_policy_deleted_meanwhile_shows_the_conflict_when_the_dialog_opens(
    backend: Backend, ecr: Any, stored_policy: StoredPolicy
) -> None:
    repository = make_repository(ecr, "team/web", policy(CROSS_ACCOUNT, LAMBDA_PULL))
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        await pilot.press("x")
        ecr.delete_repository_policy(repositoryName="team/web")
        await pilot.press("ctrl+s")
        await pilot.pause()
        checking = app.screen
        if isinstance(checking, SaveConfirm):  # still reading: y waits for it
            assert checking.check_action("confirm", ()) is None or not checking.checking
        await settle(app, pilot)
        conflict = app.screen
        assert isinstance(conflict, ConflictScreen)
        assert "live policy now" in str(conflict.query_one("#conflict-diff-text").render())
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen
    assert stored_policy("team/web") is None


async def test_a_save_error_is_shown_in_the_error_modal(
    backend: Backend, ecr: Any, monkeypatch: pytest.MonkeyPatch, stored_policy: StoredPolicy
) -> None:
    repository = make_repository(ecr, "team/web", policy(CROSS_ACCOUNT))

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AwsError("Could not save the policy: access denied [ecr:SetRepositoryPolicy]")

    monkeypatch.setattr(backend, "set_policy", refuse)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        await pilot.press("d")
        await save_by_keys(app, pilot)
        modal = app.screen
        assert isinstance(modal, ErrorModal)
        assert "[ecr:SetRepositoryPolicy]" in str(modal.query_one("#error-text").render())
        await pilot.press("escape")
        assert app.screen is screen
        assert screen.session is not None and screen.session.dirty
    assert stored_policy("team/web") == policy(CROSS_ACCOUNT)


async def test_a_lockout_warning_is_confirmed_before_forcing(
    backend: Backend, ecr: Any, stored_policy: StoredPolicy
) -> None:
    repository = make_repository(ecr, "team/web", policy(CROSS_ACCOUNT))
    lockout = {
        "Sid": "NoChanges",
        "Effect": "Deny",
        "Principal": "*",
        "Action": ["ecr:SetRepositoryPolicy"],
    }
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        assert screen.session is not None
        screen.session.add(lockout)
        screen.show_session()
        await save_by_keys(app, pilot)
        question = app.screen
        assert isinstance(question, ConfirmModal)
        assert "nobody may be able to change" in str(question.query_one("#confirm-text").render())
        await pilot.press("y")
        await settle(app, pilot)
    assert stored_policy("team/web") == policy(CROSS_ACCOUNT, lockout)


def test_save_modal_snapshot(snap_compare: Any, backend: Backend, ecr: Any) -> None:
    repository = make_repository(ecr, "team/web", policy(CROSS_ACCOUNT))
    app = EcrPolicyApp(backend)

    async def run_before(pilot: Any) -> None:
        screen = await open_permissions(app, pilot, backend, repository)
        assert screen.session is not None
        everybody = {**CROSS_ACCOUNT, "Sid": "Everybody", "Principal": "*"}
        screen.session.add(everybody)
        screen.show_session()
        await pilot.press("ctrl+s")
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
