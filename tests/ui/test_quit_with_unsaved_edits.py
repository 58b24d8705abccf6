"""Ctrl+Q asks, as Escape does, wherever there are unsaved edits; without any it quits."""

from __future__ import annotations

from typing import Any

from permissions_support import PULL_ONLY, make_repository, open_permissions, settle
from textual.widgets import Input, Static

from ecr_tui.aws.backend import Backend
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.dialogs.confirm import ConfirmModal
from ecr_tui.ui.screens.document_editor import DocumentEditor
from ecr_tui.ui.screens.statement_form import StatementForm

POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "PartnerPull",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
            "Action": PULL_ONLY,
        }
    ],
}


def question_of(app: EcrPolicyApp) -> tuple[str, str]:
    modal = app.screen
    assert isinstance(modal, ConfirmModal), modal
    title = str(modal.query_one("#dialog-title").render())
    return title, str(modal.query_one("#confirm-text", Static).render())


async def new_statement_form(app: EcrPolicyApp, pilot: Any) -> StatementForm:
    """Press `a` on the permissions screen and wait for the statement form."""
    await pilot.press("a")
    await settle(app, pilot)
    assert isinstance(app.screen, StatementForm)
    return app.screen


async def test_ctrl_q_with_unsaved_edits_asks_and_n_keeps_them(backend: Backend, ecr: Any) -> None:
    repository = make_repository(ecr, "web", POLICY)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        await pilot.press("x")
        await pilot.press("escape")
        escape_question = question_of(app)
        await pilot.press("n")
        await pilot.press("ctrl+q")
        assert (
            question_of(app)
            == escape_question
            == (
                "Leave without saving?",
                "1 unsaved edit to the policy of web will be lost.",
            )
        )
        await pilot.press("ctrl+q")  # asked already: the question stays, once
        assert len([s for s in app.screen_stack if isinstance(s, ConfirmModal)]) == 1
        await pilot.press("n")
        assert app.screen is screen
        assert app.return_code is None
        assert screen.session is not None and len(screen.session.edits) == 1
        await pilot.press("ctrl+q")
        await pilot.press("y")
        await pilot.pause()
        assert app.return_code == 0


async def test_ctrl_q_in_a_half_typed_statement_asks_and_counts_every_edit(
    backend: Backend, ecr: Any
) -> None:
    repository = make_repository(ecr, "web", POLICY)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        form = await new_statement_form(app, pilot)
        form.query_one("#accounts", Input).focus()
        await pilot.press(*"12345")  # not yet an account number: nothing built from it
        await pilot.press("ctrl+q")
        assert question_of(app) == (
            "Leave without saving?",
            "1 unsaved edit in the new statement will be lost.",
        )
        await pilot.press("n")
        assert app.screen is form
        assert form.query_one("#accounts", Input).value == "12345"
        await pilot.press("escape", "y")  # what was typed is dropped, once confirmed
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("x", "a")
        await settle(app, pilot)
        await pilot.press("tab", "right")  # the Effect: Deny
        await pilot.press("ctrl+q")
        assert question_of(app)[1] == (
            "2 unsaved edits will be lost: 1 to the policy of web, 1 in the new statement."
        )
        await pilot.press("n")
        assert isinstance(app.screen, StatementForm)
        assert screen.session is not None and len(screen.session.edits) == 1


async def test_ctrl_q_without_unsaved_edits_quits_at_once(backend: Backend, ecr: Any) -> None:
    repository = make_repository(ecr, "web", POLICY)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_permissions(app, pilot, backend, repository)
        await pilot.press("a")
        await settle(app, pilot)
        assert isinstance(app.screen, StatementForm)
        await pilot.press("tab", "tab")  # moving about is not an edit
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0


async def test_ctrl_q_in_the_json_editor_asks_and_n_keeps_the_text(
    backend: Backend, ecr: Any
) -> None:
    repository = make_repository(ecr, "web", POLICY)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_permissions(app, pilot, backend, repository)
        await pilot.press("J")
        await settle(app, pilot)
        editor = app.screen
        assert isinstance(editor, DocumentEditor)
        await pilot.press("end", *" x")
        typed = editor.text
        await pilot.press("ctrl+q")
        assert question_of(app) == (
            "Leave without saving?",
            "1 unsaved edit in the JSON editor will be lost.",
        )
        await pilot.press("n")
        assert app.screen is editor and editor.text == typed
        assert app.return_code is None
        await pilot.press("ctrl+q", "y")
        await pilot.pause()
        assert app.return_code == 0


async def test_escape_in_a_half_typed_statement_asks_before_dropping_it(
    backend: Backend, ecr: Any
) -> None:
    repository = make_repository(ecr, "web", POLICY)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        form = await new_statement_form(app, pilot)
        await pilot.press("escape")  # nothing typed yet: closes at once
        await pilot.pause()
        assert app.screen is screen
        form = await new_statement_form(app, pilot)
        await pilot.press("tab", "right")  # the Effect: Deny
        await pilot.press("escape")
        assert question_of(app) == (
            "Discard the new statement?",
            "1 unsaved edit in the new statement will be lost.",
        )
        await pilot.press("n")
        assert app.screen is form
        assert form.statement["Effect"] == "Deny"
        await pilot.press("escape", "y")
        await pilot.pause()
        assert app.screen is screen
        assert screen.session is not None and not screen.session.dirty
