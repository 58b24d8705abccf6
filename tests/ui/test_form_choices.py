"""The statement form's choices by keys: arrows choose, the actions filter, the IAM list."""

from __future__ import annotations

from typing import Any

from permissions_support import ACCOUNT, DEPLOYER_ARN, TRUST, make_iam
from test_statement_form import chosen_lines, open_form, session_with, shown_entities
from textual import events
from textual.widgets import Input, RadioSet, SelectionList, Static

from ecr_tui.aws.backend import Backend
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.widgets.iam_selector import IamSelector

ALICE_ARN = f"arn:aws:iam::{ACCOUNT}:user/alice"


def pressed(form: Any, selector: str) -> str | None:
    button = form.query_one(selector, RadioSet).pressed_button
    return button.id if button is not None else None


async def test_arrow_keys_choose_the_effect_and_tab_keeps_it(backend: Backend) -> None:
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        form, result = await open_form(app, pilot, backend, session_with())
        await pilot.press("tab", "right")
        assert pressed(form, "#effect") == "effect-Deny"
        await pilot.press("tab", "space")  # on to Everybody, ticked
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert result.values[-1] is not None and result.values[-1]["Effect"] == "Deny"


async def test_arrows_home_and_end_choose_the_action_preset(backend: Backend) -> None:
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        form, _ = await open_form(app, pilot, backend, session_with())
        form.query_one("#preset").focus()
        assert pressed(form, "#preset") == "pull"
        await pilot.press("end")
        assert pressed(form, "#preset") == "individual"
        assert form.query_one("#actions").display
        await pilot.press("home")
        assert pressed(form, "#preset") == "all"
        await pilot.press("left")  # round to the last, as a browser does
        assert pressed(form, "#preset") == "individual"
        await pilot.press("up", "up")
        assert pressed(form, "#preset") == "push-pull"
        await pilot.press("tab", "shift+tab")
        assert pressed(form, "#preset") == "push-pull"


async def test_individual_actions_filter_as_typed_and_keep_what_is_ticked(
    backend: Backend,
) -> None:
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        form, result = await open_form(app, pilot, backend, session_with())
        form.query_one("#everybody").focus()
        await pilot.press("space")
        form.query_one("#preset").focus()
        await pilot.press("end", "tab")
        assert app.focused is form.query_one("#actions-filter", Input)
        await pilot.press(*"delete")
        listing = form.query_one("#actions-list", SelectionList)
        labels = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert labels and all("delete" in label.lower() for label in labels)
        count = str(form.query_one("#actions-count", Static).render())
        assert count.startswith(f"{len(labels)} of ")
        await pilot.press("down", "space")
        form.query_one("#actions-filter", Input).value = ""
        await pilot.pause()
        assert listing.option_count > len(labels)
        await pilot.press("ctrl+s")
        await pilot.pause()
    actions = result.values[-1]["Action"]  # type: ignore[index]
    assert actions == [
        "ecr:BatchCheckLayerAvailability",
        "ecr:BatchGetImage",
        "ecr:GetDownloadUrlForLayer",
        f"ecr:{labels[0]}",
    ]


async def test_the_iam_count_says_how_many_match_the_filter(backend: Backend, iam: Any) -> None:
    make_iam(iam)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        form, _ = await open_form(app, pilot, backend, session_with())
        status = form.query_one("#iam-status", Static)
        assert str(status.render()).startswith("2 users, 3 roles")
        form.query_one("#iam-filter", Input).focus()
        await pilot.press(*"ci/")
        assert str(status.render()).startswith("2 of 5 match")


async def test_exact_and_prefix_matches_of_the_name_come_first(backend: Backend, iam: Any) -> None:
    for name in ("arole-1400", "role-14000", "role-1400", "zz-role-1400-x"):
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)
    iam.create_user(UserName="role-14001")
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        form, _ = await open_form(app, pilot, backend, session_with())
        form.query_one("#iam-filter", Input).focus()
        await pilot.press(*"role-1400")
        names = [arn.rsplit("/", 1)[1] for arn in shown_entities(form)]
        assert names == ["role-1400", "role-14000", "role-14001", "arole-1400", "zz-role-1400-x"]
        await pilot.press("enter", "space")
        assert form.query_one(IamSelector).chosen_arns == [f"arn:aws:iam::{ACCOUNT}:role/role-1400"]


async def test_the_iam_list_grows_with_the_terminal(backend: Backend, iam: Any) -> None:
    make_iam(iam)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 40)) as pilot:
        form, _ = await open_form(app, pilot, backend, session_with())
        assert form.query_one("#iam-list").region.height == 12
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert form.query_one("#iam-list").region.height == 4


async def test_the_selected_iam_entities_can_be_reviewed_and_one_removed(
    backend: Backend, iam: Any
) -> None:
    make_iam(iam)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 30)) as pilot:
        form, _ = await open_form(app, pilot, backend, session_with())
        selector = form.query_one(IamSelector)
        assert not selector.query_one("#iam-chosen").display
        selector.query_one("#iam-filter", Input).focus()
        await pilot.press(*"alice", "enter", "space")
        selector.query_one("#iam-filter", Input).focus()
        await pilot.press("ctrl+a", "ctrl+k", *"deployer", "enter", "space")
        assert chosen_lines(selector) == ["user alice", "role /ci/deployer"]
        await pilot.press("tab")
        assert app.focused is selector.query_one("#iam-chosen")
        await pilot.press("delete")
        assert selector.chosen_arns == [DEPLOYER_ARN]
        assert chosen_lines(selector) == ["role /ci/deployer"]
        title = str(selector.query_one("#iam-chosen-title", Static).render())
        assert title.startswith("Selected IAM entities (1)")
        selector.query_one("#iam-filter", Input).value = "alice"
        await pilot.pause()
        assert selector.query_one("#iam-list", SelectionList).selected == []
        assert form.statement["Principal"] == {"AWS": [DEPLOYER_ARN]}
        selector.query_one("#iam-chosen").focus()
        await pilot.press("delete")
        assert selector.chosen_arns == []
        assert not selector.query_one("#iam-chosen").display
        assert app.focused is selector.query_one("#iam-filter")
        assert ALICE_ARN not in selector.chosen_arns


async def test_letters_typed_on_a_list_go_to_its_filter_and_space_still_ticks(
    backend: Backend, iam: Any
) -> None:
    make_iam(iam)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 30)) as pilot:
        form, _ = await open_form(app, pilot, backend, session_with())
        selector = form.query_one(IamSelector)
        await pilot.press("tab", "tab", "tab", "tab", "tab")  # past the filter, into the list
        assert app.focused is selector.query_one("#iam-list")
        await pilot.press(*"deployer")
        assert selector.filter_text == "deployer"
        assert app.focused is selector.query_one("#iam-filter")
        await pilot.press("down", "space")
        assert selector.chosen_arns == [DEPLOYER_ARN]
        await pilot.press("tab")
        assert app.focused is selector.query_one("#iam-chosen")
        await pilot.press("x")  # on the selected list too: nothing typed is lost
        assert selector.filter_text == "deployerx"
        form.query_one("#preset").focus()
        await pilot.press("end", "tab", "tab")
        assert app.focused is form.query_one("#actions-list")
        await pilot.press(*"tag")
        assert form.query_one("#actions-filter", Input).value == "tag"
        assert app.focused is form.query_one("#actions-filter")


async def test_keys_that_arrive_together_follow_the_focus_they_move(
    backend: Backend, iam: Any
) -> None:
    """A terminal delivers typed-ahead keys in one burst: Space right after Down ticks the
    row Down moved to, and letters right after a letter on the list reach the filter."""
    make_iam(iam)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 30)) as pilot:
        form, _ = await open_form(app, pilot, backend, session_with())
        selector = form.query_one(IamSelector)
        selector.query_one("#iam-filter", Input).focus()
        await pilot.press(*"deployer")
        for key, character in (("down", None), ("space", " ")):
            app.post_message(events.Key(key, character))
        await pilot.pause()
        assert selector.chosen_arns == [DEPLOYER_ARN]
        assert selector.filter_text == "deployer"
        for character in "xy":
            app.post_message(events.Key(character, character))
        await pilot.pause()
        assert selector.filter_text == "deployerxy"
