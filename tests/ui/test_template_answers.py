"""The template dialog says what is missing and keeps every key typed."""

from __future__ import annotations

from typing import Any

from permissions_support import make_repository, open_permissions, settle
from textual.widgets import Input, OptionList, Static

from ecr_tui.aws.backend import Backend
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.screens.template_picker import TemplatePicker


async def open_picker(app: EcrPolicyApp, pilot: Any, backend: Backend, ecr: Any) -> TemplatePicker:
    repository = make_repository(ecr, "team/web")
    await open_permissions(app, pilot, backend, repository)
    await pilot.press("t")
    await settle(app, pilot)
    picker = app.screen
    assert isinstance(picker, TemplatePicker)
    return picker


def error(picker: TemplatePicker) -> str:
    return str(picker.query_one("#template-error", Static).render())


async def test_enter_with_nothing_typed_says_what_is_missing(backend: Backend, ecr: Any) -> None:
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        picker = await open_picker(app, pilot, backend, ecr)
        assert app.focused is picker.query_one(OptionList)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is picker
        assert "Give the account ids" in error(picker)
        answer = picker.query_one("#template-answer", Input)
        assert app.focused is answer
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is picker
        assert "Give the account ids" in error(picker)
        # The example is not mistaken for a value already given.
        assert answer.placeholder.startswith("e.g. ")


async def test_keys_typed_after_tab_ctrl_u_or_on_the_list_are_kept(
    backend: Backend, ecr: Any
) -> None:
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        picker = await open_picker(app, pilot, backend, ecr)
        answer = picker.query_one("#template-answer", Input)
        await pilot.press("tab", *"2109")
        assert answer.value == "2109"
        await pilot.press("ctrl+u", *"1111")
        assert answer.value == "1111"
        await pilot.press("shift+tab")
        assert app.focused is picker.query_one(OptionList)
        await pilot.press(*"22")
        assert answer.value == "111122"
        assert app.focused is answer
