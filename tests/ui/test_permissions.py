"""The permissions screen: the statements, the JSON, the edits, copy, and read-only mode."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from permissions_support import (
    ACCOUNT,
    DEPLOYER_ARN,
    PULL_ONLY,
    StoredPolicy,
    make_repository,
    open_permissions,
    settle,
)
from textual.widgets import Footer, Input

from ecr_tui.aws.backend import Backend, BackendSettings
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.dialogs.confirm import ConfirmModal
from ecr_tui.ui.screens.json_editor import JsonStatementEditor
from ecr_tui.ui.screens.permissions import PermissionsScreen
from ecr_tui.ui.screens.statement_form import StatementForm
from ecr_tui.ui.widgets.statements_table import StatementsTable

CROSS_ACCOUNT: dict[str, Any] = {
    "Sid": "CrossAccountPull",
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
    "Action": PULL_ONLY,
}
ORG_PULL: dict[str, Any] = {
    "Sid": "OrgPull",
    "Effect": "Allow",
    "Principal": "*",
    "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
    "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}},
}
NOT_PRINCIPAL: dict[str, Any] = {
    "Sid": "AllButDeployer",
    "Effect": "Deny",
    "NotPrincipal": {"AWS": DEPLOYER_ARN},
    "Action": "ecr:PutImage",
}
POLICY = {"Version": "2012-10-17", "Statement": [CROSS_ACCOUNT, ORG_PULL, NOT_PRINCIPAL]}


def rows(screen: PermissionsScreen) -> list[list[str]]:
    table = screen.query_one(StatementsTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def text_of(screen: PermissionsScreen, selector: str) -> str:
    return str(screen.query_one(selector).render())


def footer_keys(screen: PermissionsScreen) -> list[str]:
    """The keys the footer shows, each checked to be wholly on the screen."""
    shown = []
    for key in screen.query_one(Footer).children:
        assert key.region.width == key.outer_size.width, f"{key.render()} is cut"
        assert key.region.right <= screen.size.width
        shown.append(str(key.render()).strip())
    return shown


async def test_the_statements_show_as_a_table_with_markers(backend: Backend, ecr: Any) -> None:
    repository = make_repository(ecr, "team/web", POLICY)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        assert rows(screen) == [
            ["CrossAccountPull", "Allow", "210987654321", "Pull only", "", "form"],
            ["OrgPull", "Allow", "Everybody", "2 actions", "yes", "form"],
            ["AllButDeployer", "Deny", "NOT role/ci/deployer", "PutImage", "", "JSON"],
        ]
        assert "ecr:GetAuthorizationToken" in str(screen.query_one("#login-note").render())
        assert "account 210987654321" in text_of(screen, "#statement-detail")
        await pilot.press("down", "down")
        assert "JSON only: it uses NotPrincipal" in text_of(screen, "#statement-detail")
        assert not screen.query_one("#json-pane").display
        await pilot.press("j")
        assert screen.query_one("#json-pane").display
        assert not screen.query_one("#statements-pane").display
        assert '"AllButDeployer"' in text_of(screen, "#json-text")
        await pilot.press("j")
        assert screen.query_one("#statements-pane").display


async def test_wide_screens_show_the_json_beside_the_table(backend: Backend, ecr: Any) -> None:
    repository = make_repository(ecr, "team/web", POLICY)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        assert screen.query_one("#json-pane").display
        assert screen.query_one("#statements-pane").display
        await pilot.press("j")
        assert not screen.query_one("#json-pane").display


async def test_a_repository_without_policy_invites_adding_one(backend: Backend, ecr: Any) -> None:
    repository = make_repository(ecr, "empty")
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        assert "has no policy. Press a to add" in text_of(screen, "#empty-note")
        assert screen.check_action("save", ()) is None
        for nothing_to_act_on in ("edit", "delete", "undo", "copy_statement", "duplicate"):
            assert screen.check_action(nothing_to_act_on, ()) is False
        assert screen.check_action("add", ()) is True
        assert footer_keys(screen) == [
            *("a Add", "t Template", "^s Save", "c Copy", "esc Back", "f1 Help")
        ]


async def test_the_footer_shows_the_walk_keys_whole_at_80_columns(
    backend: Backend, ecr: Any
) -> None:
    repository = make_repository(ecr, "team/web", POLICY)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        assert "u Undo" not in footer_keys(screen)
        await pilot.press("d")
        await pilot.pause()
        assert footer_keys(screen) == [
            *("a Add", "t Template", "e Edit", "x Delete", "u Undo", "^s Save", "c Copy"),
            "f1 More",
        ]
        # The keys left out of the footer still work.
        await pilot.press("j")
        assert screen.query_one("#json-pane").display
    wide = EcrPolicyApp(backend)
    async with wide.run_test(size=(120, 40)) as pilot:
        screen = await open_permissions(wide, pilot, backend, repository)
        assert footer_keys(screen)[-2:] == ["f1 Help", "^p palette"]
        assert "esc Back" in footer_keys(screen)


async def test_120_columns_show_whole_sids_and_role_paths(backend: Backend, ecr: Any) -> None:
    long_role = f"arn:aws:iam::{ACCOUNT}:role/ci/github-actions-deployer"
    pipeline = {**CROSS_ACCOUNT, "Sid": "GitHubActionsPushPull", "Principal": {"AWS": long_role}}
    lambda_pull = {**ORG_PULL, "Sid": "LambdaECRImageRetrievalPolicy"}
    repository = make_repository(ecr, "team/web", {**POLICY, "Statement": [pipeline, lambda_pull]})
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        assert [row[:3] for row in rows(screen)] == [
            ["GitHubActionsPushPull", "Allow", "role/ci/github-actions-deployer"],
            ["LambdaECRImageRetrievalPolicy", "Allow", "Everybody"],
        ]
    narrow = EcrPolicyApp(backend)
    async with narrow.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(narrow, pilot, backend, repository)
        # Shortened from the left: the name stays, the path is never silently dropped.
        assert rows(screen)[0][2].startswith("…")
        assert rows(screen)[0][2].endswith("-deployer")
        assert "role /ci/github-actions-deployer" in text_of(screen, "#statement-detail")


async def test_long_sids_show_whole_at_80_columns(backend: Backend, ecr: Any) -> None:
    partner = {**CROSS_ACCOUNT, "Sid": "PartnerLedgerPullAccess"}
    repository = make_repository(ecr, "team/web", {**POLICY, "Statement": [partner, ORG_PULL]})
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        assert [row[:3] for row in rows(screen)] == [
            ["PartnerLedgerPullAccess", "Allow", "210987654321"],
            ["OrgPull", "Allow", "Everybody"],
        ]
        assert text_of(screen, "#statement-detail").startswith("PartnerLedgerPullAccess: Allow")


async def test_opening_at_a_statement_puts_the_cursor_on_it(backend: Backend, ecr: Any) -> None:
    repository = make_repository(ecr, "team/web", POLICY)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository, statement=2)
        assert screen.current is not None and screen.current.sid == "AllButDeployer"
        assert "AllButDeployer" in text_of(screen, "#statement-detail")
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert screen.current is not None and screen.current.sid == "AllButDeployer"


async def test_adding_notifies_nothing_the_table_already_shows(
    backend: Backend, ecr: Any, monkeypatch: Any
) -> None:
    repository = make_repository(ecr, "team/web", POLICY)
    app = EcrPolicyApp(backend)
    said: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        monkeypatch.setattr(screen, "notify", lambda message, **_: said.append(message))
        monkeypatch.setattr(app, "notify", lambda message, **_: said.append(message))
        await pilot.press("d")
        screen.statement_flow._added({**CROSS_ACCOUNT, "Sid": "Another"})
        await pilot.pause()
        assert [row[0] for row in rows(screen)[-2:]] == ["● CrossAccountPullCopy1", "● Another"]
        assert said == []
        await pilot.press("x")
        assert said == ["Deleted Another; u undoes it."]


async def test_edits_mark_the_screen_dirty_and_undo_clears_it(backend: Backend, ecr: Any) -> None:
    repository = make_repository(ecr, "team/web", POLICY)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        assert screen.check_action("save", ()) is None
        await pilot.press("d")
        assert rows(screen)[-1][0] == "● CrossAccountPullCopy1"
        assert "unsaved (1)" in str(screen.query_one("#dirty-marker").render())
        assert screen.check_action("save", ()) is True
        await pilot.press("x")
        assert len(rows(screen)) == 3
        await pilot.press("u", "u")
        assert len(rows(screen)) == 3
        assert str(screen.query_one("#dirty-marker").render()) == ""
        assert screen.check_action("undo", ()) is False


async def test_leaving_with_unsaved_edits_asks_first(
    backend: Backend, ecr: Any, stored_policy: StoredPolicy
) -> None:
    repository = make_repository(ecr, "team/web", POLICY)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        await pilot.press("x", "escape")
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        assert app.screen is screen
        await pilot.press("escape", "y")
        await pilot.pause()
        assert screen not in app.screen_stack
    assert stored_policy("team/web") == POLICY


async def test_a_not_principal_statement_opens_as_json_and_stays_byte_identical(
    backend: Backend, ecr: Any, stored_policy: StoredPolicy
) -> None:
    repository = make_repository(ecr, "team/web", POLICY)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        await pilot.press("down", "down", "e")
        editor = app.screen
        assert isinstance(editor, JsonStatementEditor)
        assert "it uses NotPrincipal" in str(editor.query_one("#json-reason").render())
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert screen.session is not None and not screen.session.dirty
        await pilot.press("up", "up", "x", "ctrl+s", "y")
        await settle(app, pilot)
    assert stored_policy("team/web") == {
        "Version": "2012-10-17",
        "Statement": [ORG_PULL, NOT_PRINCIPAL],
    }


async def test_editing_json_validates_as_you_type(backend: Backend, ecr: Any) -> None:
    repository = make_repository(ecr, "team/web", POLICY)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        await pilot.press("E")
        editor = app.screen
        assert isinstance(editor, JsonStatementEditor)
        statement = {**CROSS_ACCOUNT, "Action": "ecr:GetAuthorizationToken"}
        editor.query_one("#json-text").text = json.dumps(statement)  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("ctrl+s")
        assert app.screen is editor
        assert "account-level action" in str(editor.query_one("#json-problems").render())
        editor.query_one("#json-text").text = '{"Sid": "A", "Sid": "B"}'  # type: ignore[attr-defined]
        await pilot.pause()
        assert "appears twice" in str(editor.query_one("#json-problems").render())
        editor.query_one("#json-text").text = json.dumps({**CROSS_ACCOUNT, "Effect": "Deny"})  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert rows(screen)[0][:2] == ["● CrossAccountPull", "Deny"]


async def test_copy_sends_the_json_to_the_clipboard(backend: Backend, ecr: Any) -> None:
    repository = make_repository(ecr, "team/web", POLICY)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_permissions(app, pilot, backend, repository)
        await pilot.press("c")
        assert json.loads(app.clipboard) == POLICY
        await pilot.press("down", "y")
        assert json.loads(app.clipboard) == ORG_PULL


async def test_write_file_asks_for_a_path(backend: Backend, ecr: Any, tmp_path: Path) -> None:
    repository = make_repository(ecr, "team/web", POLICY)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_permissions(app, pilot, backend, repository)
        await pilot.press("w")
        path_box = app.screen.query_one("#dialog-input", Input)
        assert path_box.value == "./team-web-policy.json"
        path_box.value = str(tmp_path / "policy.json")
        await pilot.press("enter")
        await pilot.pause()
    assert json.loads((tmp_path / "policy.json").read_text()) == POLICY


async def test_read_only_mode_hides_every_write(aws: None, ecr: Any) -> None:
    repository = make_repository(ecr, "team/web", POLICY)
    backend = Backend(
        BackendSettings(region="us-east-1", static_credentials=("t", "t"), read_only=True)
    )
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        for action in (
            *("add", "add_template", "edit", "duplicate", "delete", "undo", "save"),
            "edit_document",
        ):
            assert screen.check_action(action, ()) is False
        assert screen.check_action("edit", (True,)) is False  # E: edit as JSON
        shown = {b.binding.action for b in screen.active_bindings.values() if b.enabled}
        assert "copy_json" in shown
        await pilot.press("a", "enter", "x")
        assert app.screen is screen
        assert screen.session is not None and not screen.session.dirty
        assert "read-only" in str(screen.query_one("#dirty-marker").render())


async def test_a_policy_with_duplicate_keys_cannot_be_edited(backend: Backend, ecr: Any) -> None:
    text = '{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", '
    text += '"Effect": "Deny", "Principal": "*", "Action": "ecr:BatchGetImage"}]}'
    repository = make_repository(ecr, "odd", text)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        assert screen.check_action("edit", ()) is None
        assert screen.check_action("add", ()) is None
        assert "duplicate keys" in text_of(screen, "#statement-detail")
        await pilot.press("e")
        assert not isinstance(app.screen, StatementForm)


def test_permissions_snapshot(snap_compare: Any, backend: Backend, ecr: Any) -> None:
    repository = make_repository(ecr, "team/web", POLICY)
    app = EcrPolicyApp(backend)

    async def run_before(pilot: Any) -> None:
        await open_permissions(app, pilot, backend, repository)
        await pilot.press("down", "down")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
