"""A service principal without a source condition gets the audit's warning in the form,
with a key that adds aws:SourceAccount = the own account."""

from __future__ import annotations

from typing import Any

from permissions_support import ACCOUNT, PULL_ONLY, settle
from textual.widgets import Static

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.models import LivePolicy
from ecr_tui.service.edit_session import EditSession
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.screens.statement_form import StatementForm


def status(form: StatementForm) -> str:
    return str(form.query_one("#form-status", Static).render())


async def test_a_service_without_source_is_warned_and_ctrl_o_adds_the_condition(
    backend: Backend,
) -> None:
    app = EcrPolicyApp(backend)
    chosen: list[dict[str, Any] | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        session = EditSession(LivePolicy("web", None, None))
        form = StatementForm(backend, session, own_account=ACCOUNT)
        await app.push_screen(form, chosen.append)
        await settle(app, pilot)
        # Sid, Effect, Everybody, Accounts, IAM filter, IAM list, Services.
        await pilot.press(*["tab"] * 6, *"lambda.amazonaws.com")
        await pilot.pause()
        assert "on behalf of any account" in status(form)
        assert "✓ Ready" not in status(form)
        assert "Ctrl+O" in status(form)
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        assert status(form).startswith("✓ Ready")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    assert chosen == [
        {
            "Sid": "Statement1",
            "Effect": "Allow",
            "Principal": {"Service": ["lambda.amazonaws.com"]},
            "Action": PULL_ONLY,
            "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}},
        }
    ]
