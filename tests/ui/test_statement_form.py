"""The statement form and the live IAM selector."""

from __future__ import annotations

import json
from typing import Any

from permissions_support import ACCOUNT, DEPLOYER_ARN, PULL_ONLY, make_iam, settle
from textual.widget import Widget
from textual.widgets import Checkbox, Input, RadioButton, SelectionList, Static

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.models import LivePolicy
from ecr_tui.policy.document import parse_policy
from ecr_tui.service.edit_session import EditSession
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.screens.statement_form import StatementForm
from ecr_tui.ui.widgets import iam_selector
from ecr_tui.ui.widgets.conditions_editor import ConditionsEditor
from ecr_tui.ui.widgets.iam_chosen import ChosenEntities
from ecr_tui.ui.widgets.iam_selector import IamSelector

EXISTING: dict[str, Any] = {
    "Sid": "CrossAccountPull",
    "Effect": "Allow",
    "Principal": {"AWS": ["arn:aws:iam::210987654321:root", DEPLOYER_ARN]},
    "Action": PULL_ONLY,
    "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}},
}


def session_with(*statements: Any) -> EditSession:
    if not statements:
        return EditSession(LivePolicy("web", None, None))
    text = json.dumps({"Version": "2012-10-17", "Statement": list(statements)})
    return EditSession(LivePolicy("web", text, parse_policy(text)))


class FormResult:
    def __init__(self) -> None:
        self.values: list[dict[str, Any] | None] = []

    def __call__(self, value: dict[str, Any] | None) -> None:
        self.values.append(value)


async def open_form(
    app: EcrPolicyApp, pilot: Any, backend: Backend, session: EditSession, index: int | None = None
) -> tuple[StatementForm, FormResult]:
    await settle(app, pilot)
    result = FormResult()
    form = StatementForm(backend, session, index)
    await app.push_screen(form, result)
    await settle(app, pilot)
    return form, result


def shown_entities(form: StatementForm) -> list[str]:
    listing = form.query_one("#iam-list", SelectionList)
    return [str(listing.get_option_at_index(i).value) for i in range(listing.option_count)]


def chosen_lines(selector: IamSelector) -> list[str]:
    """The "Selected IAM entities" list as it reads, one line per entity."""
    chosen = selector.query_one(ChosenEntities)
    return [
        " ".join(str(chosen.get_option_at_index(i).prompt).split())
        for i in range(chosen.option_count)
    ]


async def test_iam_selector_filters_and_keeps_what_was_chosen(backend: Backend, iam: Any) -> None:
    make_iam(iam)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        form, _ = await open_form(app, pilot, backend, session_with())
        selector = form.query_one(IamSelector)
        assert len(shown_entities(form)) == 5
        selector.query_one("#iam-filter", Input).focus()
        await pilot.press(*"ci/dep", "enter", "space")
        assert shown_entities(form) == [DEPLOYER_ARN]
        assert selector.chosen_arns == [DEPLOYER_ARN]
        filter_box = selector.query_one("#iam-filter", Input)
        filter_box.value = "alice"
        await pilot.pause()
        assert shown_entities(form) == [f"arn:aws:iam::{ACCOUNT}:user/alice"]
        assert app.focused is selector.query_one("#iam-list")
        await pilot.press("space")
        filter_box.value = ""
        await pilot.pause()
        listing = selector.query_one("#iam-list", SelectionList)
        assert set(listing.selected) == {DEPLOYER_ARN, f"arn:aws:iam::{ACCOUNT}:user/alice"}
        title = str(selector.query_one("#iam-chosen-title", Static).render())
        assert title.startswith("Selected IAM entities (2)")
        assert chosen_lines(selector) == ["role /ci/deployer", "user alice"]


async def test_down_in_the_iam_filter_moves_into_the_list(backend: Backend, iam: Any) -> None:
    make_iam(iam)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        form, _ = await open_form(app, pilot, backend, session_with())
        selector = form.query_one(IamSelector)
        selector.query_one("#iam-filter", Input).focus()
        await pilot.press(*"ci/dep", "down", "space")
        assert app.focused is selector.query_one("#iam-list")
        assert selector.chosen_arns == [DEPLOYER_ARN]


async def test_iam_selector_caps_the_list_and_keeps_hidden_choices(
    backend: Backend, iam: Any, monkeypatch: Any
) -> None:
    make_iam(iam)
    monkeypatch.setattr(iam_selector, "MATCH_LIMIT", 2)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        form, _ = await open_form(app, pilot, backend, session_with())
        selector = form.query_one(IamSelector)
        more = selector.query_one("#iam-more", Static)
        assert len(shown_entities(form)) == 2
        assert more.display and str(more.render()) == "3 more — type to narrow"
        selector.query_one("#iam-filter", Input).focus()
        await pilot.press(*"deployer", "enter", "space")
        assert shown_entities(form) == [DEPLOYER_ARN]
        assert not more.display
        selector.query_one("#iam-filter", Input).value = ""
        await pilot.pause()
        assert DEPLOYER_ARN not in shown_entities(form)
        assert str(more.render()) == "3 more — type to narrow"
        await pilot.press("space")
        first = shown_entities(form)[0]
        assert selector.chosen_arns == [DEPLOYER_ARN, first]
        assert chosen_lines(selector)[0] == "role /ci/deployer"
        assert len(chosen_lines(selector)) == 2


async def test_the_form_builds_the_console_statement(backend: Backend, iam: Any) -> None:
    make_iam(iam)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        form, result = await open_form(app, pilot, backend, session_with(EXISTING))
        assert form.query_one("#sid", Input).value == "Statement1"
        await pilot.press("tab", "tab", "tab", *"210987654321 111122223333")
        await pilot.press("tab", *"builder", "tab", "space")
        # Past the list of what is selected, to the services.
        await pilot.press("tab", "tab", *"lambda.amazonaws.com")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert result.values == [
        {
            "Sid": "Statement1",
            "Effect": "Allow",
            "Principal": {
                "AWS": [
                    "arn:aws:iam::210987654321:root",
                    "arn:aws:iam::111122223333:root",
                    f"arn:aws:iam::{ACCOUNT}:role/ci/builder",
                ],
                "Service": ["lambda.amazonaws.com"],
            },
            "Action": PULL_ONLY,
        }
    ]


async def test_errors_refuse_ok_and_say_why(backend: Backend) -> None:
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        form, result = await open_form(app, pilot, backend, session_with(EXISTING))
        status = form.query_one("#form-status", Static)
        assert "choose who" in str(status.render())
        form.query_one("#accounts", Input).value = "12345"
        form.query_one("#sid", Input).value = "CrossAccountPull"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert result.values == []
        assert "exactly 12 digits" in str(form.query_one("#accounts-error", Static).render())
        assert "more than one statement" in "\n".join(form.errors)


async def test_individual_actions_and_deny(backend: Backend) -> None:
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        form, result = await open_form(app, pilot, backend, session_with())
        form.query_one("#everybody").focus()
        await pilot.press("space")
        form.query_one("#effect").focus()
        await pilot.press("right", "enter")
        assert not form.query_one("#actions").display
        form.query_one("#preset").focus()
        await pilot.press("down", "enter")
        assert form.query_one("#actions").display
        # The list starts with the preset's actions ticked: untick the first, tick the second.
        await pilot.press("tab", "tab", "space", "down", "space")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert result.values[-1] == {
        "Sid": "Statement1",
        "Effect": "Deny",
        "Principal": "*",
        "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchDeleteImage"],
    }


async def test_editing_is_prefilled_and_unchanged_gives_nothing(backend: Backend) -> None:
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(120, 40)) as pilot:
        form, result = await open_form(app, pilot, backend, session_with(EXISTING), index=0)
        assert form.query_one("#sid", Input).value == "CrossAccountPull"
        assert form.query_one("#accounts", Input).value == "210987654321"
        assert form.query_one(IamSelector).chosen_arns == [DEPLOYER_ARN]
        assert form.query_one(ConditionsEditor).conditions == {
            "StringEquals": {"aws:PrincipalOrgID": ("o-a1b2c3d4e5",)}
        }
        assert "No changes yet" in str(form.query_one("#form-status", Static).render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert result.values == [None]

        form, result = await open_form(app, pilot, backend, session_with(EXISTING), index=0)
        form.query_one("#preset").focus()
        await pilot.press("up", "enter")
        await pilot.press("ctrl+s")
        await pilot.pause()
    edited = result.values[0]
    assert edited is not None
    assert edited["Condition"] == EXISTING["Condition"]
    assert len(edited["Action"]) == 7


def wholly_in_sight(form: StatementForm, widget: Widget) -> bool:
    visible = widget.region
    inside = form.query_one("#form-fields").region.contains_region(visible)
    return inside and visible.height == widget.outer_size.height > 0


def status_of(form: StatementForm) -> str:
    return str(form.query_one("#form-status", Static).render())


async def test_the_console_fields_fit_in_24_rows(backend: Backend, iam: Any) -> None:
    make_iam(iam)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        form, _ = await open_form(app, pilot, backend, session_with())
        for selector in ("#sid", "#effect", "#everybody", "#accounts", "#iam-list", "#services"):
            assert wholly_in_sight(form, form.query_one(selector)), selector
        assert form.query_one("#iam-list").region.height == 4
        for selector in ("#preset", "#pull", "#ok"):
            assert wholly_in_sight(form, form.query_one(selector)), selector
        assert form.query_one("#pull", RadioButton).value


async def test_the_focused_field_is_scrolled_into_sight(backend: Backend, iam: Any) -> None:
    make_iam(iam)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 16)) as pilot:
        form, _ = await open_form(app, pilot, backend, session_with(EXISTING), index=0)
        seen = set()
        for _ in range(20):  # round the form and back to the top
            await pilot.press("tab")
            await pilot.pause()
            focused = app.focused
            assert focused is not None and wholly_in_sight(form, focused), focused
            seen.add(focused.id)
        assert {"sid", "accounts", "services", "preset", "ok"} <= seen


async def test_checked_and_unchecked_read_differently_without_colour(
    backend: Backend, iam: Any
) -> None:
    make_iam(iam)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        form, _ = await open_form(app, pilot, backend, session_with())
        everybody = form.query_one("#everybody", Checkbox)
        assert str(everybody.render()).startswith("▐ ▌")
        everybody.focus()
        await pilot.press("space")
        assert str(everybody.render()).startswith("▐X▌")
        assert str(form.query_one("#effect-Allow", RadioButton).render()).startswith("▐●▌")
        assert str(form.query_one("#effect-Deny", RadioButton).render()).startswith("▐ ▌")
        await pilot.press("space")
        listing = form.query_one("#iam-list", SelectionList)
        assert listing.render_line(0).text.startswith("▐ ▌")
        listing.focus()
        await pilot.press("space")
        assert listing.render_line(0).text.startswith("▐X▌")
        assert listing.render_line(1).text.startswith("▐ ▌")


async def test_a_new_form_hints_at_who_before_it_complains(backend: Backend) -> None:
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        form, result = await open_form(app, pilot, backend, session_with())
        assert status_of(form).startswith("Next, choose who: Everybody, an account")
        assert "✗" not in str(form.query_one("#problems-inline", Static).render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert result.values == []
        assert status_of(form).startswith("✗ choose who")
        form, _ = await open_form(app, pilot, backend, session_with())
        form.query_one("#everybody").focus()
        await pilot.press("space", "space")
        assert status_of(form).startswith("✗ choose who")


def test_statement_form_snapshot(snap_compare: Any, backend: Backend, iam: Any) -> None:
    make_iam(iam)
    app = EcrPolicyApp(backend)

    async def run_before(pilot: Any) -> None:
        await open_form(app, pilot, backend, session_with(EXISTING))
        await pilot.press("tab", "tab", "tab", *"210987654321")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


async def test_the_form_refuses_what_aws_rejects_and_control_characters(
    backend: Backend,
) -> None:
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        form, result = await open_form(app, pilot, backend, session_with())
        accounts_error = form.query_one("#accounts-error", Static)
        for typed, said in (
            ("arn:aws:iam::*:root", "wildcard inside a principal ARN"),
            (f"arn:aws-cn:iam::{ACCOUNT}:root", "aws-cn partition"),
            (f"arn:aws:iam::{ACCOUNT}:role/d\u00e9ploy", "IAM names use only"),
        ):
            form.query_one("#accounts", Input).value = typed
            await pilot.pause()
            assert said in str(accounts_error.render())
        form.query_one("#accounts", Input).value = "444455556666"
        form.query_one("#sid", Input).value = "Pull\x1b]52;c;eA==\x07"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and result.values == []
        assert any("contains control characters" in error for error in form.errors)
        shown = str(form.query_one("#problems-inline", Static).render())
        assert "control characters" in shown and "\x1b" not in shown


async def test_the_action_checklist_offers_no_registry_action(backend: Backend) -> None:
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        form, _ = await open_form(app, pilot, backend, session_with())
        listing = form.query_one("#actions-list", SelectionList)
        offered = {str(listing.get_option_at_index(i).value) for i in range(listing.option_count)}
        assert "ecr:BatchGetImage" in offered
        registry = {"ecr:CreateRepository", "ecr:ReplicateImage", "ecr:BatchImportUpstreamImage"}
        assert offered.isdisjoint(registry)
