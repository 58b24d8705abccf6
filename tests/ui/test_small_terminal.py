"""At 60x20 every choice of the statement form stays on the screen, and the footer says
when it left keys out."""

from __future__ import annotations

from typing import Any

from permissions_support import make_repository, open_permissions, settle
from textual.widgets import Label, RadioButton

from ecr_tui.aws.backend import Backend
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.screens.help import HelpScreen
from ecr_tui.ui.screens.statement_form import StatementForm
from ecr_tui.ui.screens.template_picker import TemplatePicker
from ecr_tui.ui.widgets.key_footer import KeyFooter

POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Partner",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
            "Action": "ecr:BatchGetImage",
        }
    ],
}


def footer_keys(screen: Any) -> list[str]:
    return [" ".join(str(key.render()).split()) for key in screen.query_one(KeyFooter).children]


async def test_every_action_choice_is_reachable_at_60_columns(backend: Backend, ecr: Any) -> None:
    repository = make_repository(ecr, "team/web")
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(60, 20)) as pilot:
        await open_permissions(app, pilot, backend, repository)
        await pilot.press("a")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, StatementForm)
        for button in form.query("#preset RadioButton").results(RadioButton):
            button.scroll_visible(animate=False)
            await pilot.pause()
            assert button.region.width > 0 and button.region.right <= form.size.width, button.id
        individual = form.query_one("#individual", RadioButton)
        assert "Individual" in str(individual.render())


async def test_the_footer_says_more_when_it_left_keys_out_and_f1_lists_them(
    backend: Backend, ecr: Any
) -> None:
    repository = make_repository(ecr, "team/web", POLICY)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        keys = footer_keys(screen)
        assert keys[-1] == "f1 More"
        assert "esc Back" not in keys
        await pilot.press("f1")
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
    wide = EcrPolicyApp(backend)
    async with wide.run_test(size=(160, 40)) as pilot:
        screen = await open_permissions(wide, pilot, backend, repository)
        assert "f1 Help" in footer_keys(screen)


async def test_the_template_dialog_keeps_its_answer_and_hint_at_60x20(
    backend: Backend, ecr: Any
) -> None:
    repository = make_repository(ecr, "team/web")
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(60, 20)) as pilot:
        await open_permissions(app, pilot, backend, repository)
        await pilot.press("t")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, TemplatePicker)
        box = dialog.query_one("#template-box").region
        for part in ("#template-answer", "#template-hint"):
            shown = dialog.query_one(part).region
            assert shown.height > 0 and box.y < shown.y < box.bottom - 1, part
            assert shown.right <= box.right, part
        hint = str(dialog.query_one("#template-hint", Label).render())
        assert hint.endswith("Esc cancels")
