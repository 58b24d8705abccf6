"""Adding a statement from a template: the picker, the pre-filled form, and the save."""

from __future__ import annotations

import json
from typing import Any

from permissions_support import (
    ACCOUNT,
    PULL_ONLY,
    StoredPolicy,
    make_repository,
    open_permissions,
    settle,
)
from textual.widgets import Input, Label, OptionList, Static

from ecr_tui.aws.backend import Backend
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.dialogs.save_confirm import SaveConfirm
from ecr_tui.ui.screens.permissions import PermissionsScreen
from ecr_tui.ui.screens.statement_form import StatementForm
from ecr_tui.ui.screens.template_picker import TemplatePicker
from ecr_tui.ui.widgets.conditions_editor import ConditionsEditor

EXISTING = {
    "Sid": "OrganizationPull",
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
    "Action": PULL_ONLY,
}


def rendered(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def save(app: EcrPolicyApp, pilot: Any, screen: PermissionsScreen) -> None:
    await pilot.press("ctrl+s")
    await settle(app, pilot)
    assert isinstance(app.screen, SaveConfirm)
    await pilot.press("y")
    await settle(app, pilot)
    assert app.screen is screen


async def test_organization_pull_from_the_template(
    backend: Backend, ecr: Any, stored_policy: StoredPolicy
) -> None:
    repository = make_repository(
        ecr, "team/web", {"Version": "2012-10-17", "Statement": [EXISTING]}
    )
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        await pilot.press("t")
        picker = app.screen
        assert isinstance(picker, TemplatePicker)
        options = picker.query_one(OptionList)
        assert options.option_count == 4
        assert "nobody outside it" in str(options.get_option_at_index(1).prompt)
        await pilot.press("down", "enter")
        answer = picker.query_one("#template-answer", Input)
        assert app.focused is answer
        assert rendered(picker, "#template-question") == "Organization id:"
        await pilot.press(*"o-abc123", "enter")
        assert app.screen is picker
        assert "'o-abc123' is not an organization id" in rendered(picker, "#template-error")
        answer.value = "o-a1b2c3d4e5"
        await pilot.press("enter")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, StatementForm)
        note = str(form.query_one("#form-note", Label).render())
        assert note.startswith("Organization-wide pull: Lets every account")
        assert form.query_one("#sid", Input).value == "OrganizationPull2"
        assert form.query_one(ConditionsEditor).conditions == {
            "StringEquals": {"aws:PrincipalOrgID": ("o-a1b2c3d4e5",)}
        }
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        await save(app, pilot, screen)
    assert stored_policy("team/web") == {
        "Version": "2012-10-17",
        "Statement": [
            EXISTING,
            {
                "Sid": "OrganizationPull2",
                "Effect": "Allow",
                "Principal": "*",
                "Action": PULL_ONLY,
                "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}},
            },
        ],
    }


async def test_lambda_pull_uses_the_region_and_the_signed_in_account(
    backend: Backend, ecr: Any, stored_policy: StoredPolicy
) -> None:
    repository = make_repository(ecr, "functions/api")
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        assert app.identity is not None and app.identity.account == ACCOUNT
        await pilot.press("t", "down", "down")
        picker = app.screen
        assert isinstance(picker, TemplatePicker)
        assert picker.query_one("#template-answer", Input).value == ACCOUNT
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, StatementForm)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await save(app, pilot, screen)
    assert stored_policy("functions/api") == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "LambdaPull",
                "Effect": "Allow",
                "Principal": {"Service": ["lambda.amazonaws.com"]},
                "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                "Condition": {
                    "StringLike": {
                        "aws:sourceArn": f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:*"
                    }
                },
            }
        ],
    }


async def test_cross_account_asks_for_accounts_and_escape_cancels(
    backend: Backend, ecr: Any
) -> None:
    repository = make_repository(ecr, "team/web")
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        await pilot.press("t", "enter")
        picker = app.screen
        assert isinstance(picker, TemplatePicker)
        await pilot.press("enter")
        assert "Give the account ids first" in rendered(picker, "#template-error")
        await pilot.press(*"210987654321 111122223333", "enter")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, StatementForm)
        accounts = form.query_one("#accounts", Input).value
        assert accounts == "210987654321, 111122223333"
        await pilot.press("escape", "y")  # the template's answers are dropped once confirmed
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("t", "escape")
        assert app.screen is screen
        assert screen.session is not None and not screen.session.dirty


async def test_the_form_starts_over_from_a_template_with_ctrl_t(backend: Backend, ecr: Any) -> None:
    repository = make_repository(ecr, "team/web")
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        await pilot.press("a")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, StatementForm)
        await pilot.press(*"Mine", "ctrl+t")
        assert isinstance(app.screen, TemplatePicker)
        # The account signed in to is the template's answer already: Enter takes it.
        await pilot.press("down", "down", "enter")
        await settle(app, pilot)
        assert app.screen is form
        assert str(form.query_one("#form-note", Label).render()).startswith("Lambda pull: ")
        assert form.query_one("#sid", Input).value == "LambdaPull"
        assert app.focused is form.query_one("#sid")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert screen.session is not None
        [added] = screen.session.statements
        assert added["Principal"] == {"Service": ["lambda.amazonaws.com"]}
        assert ACCOUNT in json.dumps(added["Condition"])
        await pilot.press("e")
        await settle(app, pilot)
        assert isinstance(app.screen, StatementForm)
        assert app.screen.check_action("template", ()) is False


def test_template_picker_snapshot(snap_compare: Any, backend: Backend, ecr: Any) -> None:
    repository = make_repository(ecr, "team/web")
    app = EcrPolicyApp(backend)

    async def run_before(pilot: Any) -> None:
        await open_permissions(app, pilot, backend, repository)
        await pilot.press("t", "down", "enter", *"o-abc", "enter")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_template_form_snapshot(snap_compare: Any, backend: Backend, ecr: Any) -> None:
    repository = make_repository(ecr, "team/web")
    app = EcrPolicyApp(backend)

    async def run_before(pilot: Any) -> None:
        await open_permissions(app, pilot, backend, repository)
        await pilot.press("t", "down", "down", "down", "enter")
        await settle(app, pilot)
        key = app.screen.query_one(".condition-key", Input)
        key.cursor_blink = False  # the cursor shows in every snapshot, not every other one
        key.focus()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
