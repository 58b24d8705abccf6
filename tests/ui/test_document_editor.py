"""The whole-document JSON editor: validated as you type, refused when invalid, saved
through the same safe transaction."""

from __future__ import annotations

import json
from typing import Any

from permissions_support import PULL_ONLY, StoredPolicy, make_repository, open_permissions, settle
from textual.widgets import Static, TextArea

from ecr_tui.aws.backend import Backend
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.dialogs.conflict import ConflictScreen
from ecr_tui.ui.dialogs.save_confirm import SaveConfirm
from ecr_tui.ui.screens.document_editor import DocumentEditor

PARTNER: dict[str, Any] = {
    "Sid": "PartnerPull",
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
    "Action": PULL_ONLY,
}
ORG: dict[str, Any] = {
    "Sid": "OrgPull",
    "Effect": "Allow",
    "Principal": "*",
    "Action": PULL_ONLY,
    "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}},
}
LEGACY = {"Version": "2008-10-17", "Statement": [PARTNER, ORG]}
NEW: dict[str, Any] = {
    "Sid": "CiPush",
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::123456789012:role/ci"},
    "Action": "ecr:PutImage",
}


def problems_of(editor: DocumentEditor) -> str:
    return str(editor.query_one("#json-problems", Static).render())


async def open_editor(app: EcrPolicyApp, pilot: Any) -> DocumentEditor:
    await pilot.press("J")
    await pilot.pause()
    editor = app.screen
    assert isinstance(editor, DocumentEditor)
    return editor


async def type_document(editor: DocumentEditor, pilot: Any, text: str) -> None:
    editor.query_one("#json-text", TextArea).text = text
    await pilot.pause()


async def test_invalid_json_and_invalid_documents_are_refused(
    backend: Backend, ecr: Any, stored_policy: StoredPolicy
) -> None:
    repository = make_repository(ecr, "team/web", LEGACY)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        editor = await open_editor(app, pilot)
        assert json.loads(editor.query_one("#json-text", TextArea).text) == LEGACY
        assert problems_of(editor).startswith("✓ valid")

        await type_document(editor, pilot, '{\n  "Version": "2012-10-17",\n  "Statement": [\n}')
        assert "not valid JSON" in problems_of(editor)
        assert "at line 4" in problems_of(editor)
        await pilot.press("ctrl+s")
        assert app.screen is editor

        bad_org = {**ORG, "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}}
        bad_action = {**PARTNER, "Action": "ecr:GetAuthorizationToken"}
        text = json.dumps({"Version": "2012-10-17", "Statement": [bad_action, bad_org]}, indent=2)
        await type_document(editor, pilot, text)
        shown = problems_of(editor)
        sid_lines = [n for n, line in enumerate(text.splitlines(), 1) if '"Sid"' in line]
        assert f"line {sid_lines[0]}, statement 'PartnerPull': ecr:GetAuthorizationToken" in shown
        assert f"line {sid_lines[1]}, statement 'OrgPull': 'o-abc' is not an org" in shown
        await pilot.press("f8")
        assert editor.query_one("#json-text", TextArea).cursor_location == (sid_lines[0] - 1, 0)
        await pilot.press("ctrl+s")
        assert app.screen is editor

        duplicate = text.replace('"Effect": "Allow",', '"Effect": "Allow", "Effect": "Deny",', 1)
        await type_document(editor, pilot, duplicate)
        assert "'Effect' appears twice" in problems_of(editor)
        await pilot.press("ctrl+s", "escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is screen
        assert screen.session is not None and not screen.session.dirty
    assert stored_policy("team/web") == LEGACY


async def test_f8_goes_to_the_line_and_column_a_problem_points_at(
    backend: Backend, ecr: Any
) -> None:
    repository = make_repository(ecr, "team/web", LEGACY)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_permissions(app, pilot, backend, repository)
        editor = await open_editor(app, pilot)
        text_area = editor.query_one("#json-text", TextArea)

        await type_document(editor, pilot, '{\n  "Version": "2012-10-17",\n  "Statement": [1,,]\n}')
        await pilot.press("f8")
        assert text_area.cursor_location == (2, 18)

        unknown_key = {"Id": "x", "Version": "2012-10-17", "Statement": [PARTNER], "Ids": "y"}
        text = json.dumps(unknown_key, indent=2)
        await type_document(editor, pilot, text)
        assert "unknown top-level key 'Ids'" in problems_of(editor)
        await pilot.press("f8")
        ids_line = next(n for n, line in enumerate(text.splitlines()) if '"Ids"' in line)
        assert text_area.cursor_location == (ids_line, 0)


async def test_a_valid_document_is_recorded_as_edits_and_saved(
    backend: Backend, ecr: Any, stored_policy: StoredPolicy
) -> None:
    repository = make_repository(ecr, "team/web", LEGACY)
    app = EcrPolicyApp(backend)
    wanted = {"Version": "2012-10-17", "Statement": [{**PARTNER, "Effect": "Deny"}, NEW]}
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        editor = await open_editor(app, pilot)
        await type_document(editor, pilot, json.dumps(wanted, indent=2))
        assert problems_of(editor).startswith("✓ valid")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, SaveConfirm)
        assert screen.session is not None and len(screen.session.edits) == 4
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("u")
        assert not screen.session.dirty
        editor = await open_editor(app, pilot)
        await type_document(editor, pilot, json.dumps(wanted, indent=2))
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert app.screen is screen
        assert not screen.session.dirty
    assert stored_policy("team/web") == wanted


async def test_an_unchanged_document_records_nothing(backend: Backend, ecr: Any) -> None:
    repository = make_repository(ecr, "team/web", LEGACY)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        await open_editor(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert screen.session is not None and not screen.session.dirty


async def test_a_conflicting_save_re_applies_the_document_edits(
    backend: Backend, ecr: Any, stored_policy: StoredPolicy
) -> None:
    repository = make_repository(ecr, "team/web", LEGACY)
    app = EcrPolicyApp(backend)
    edited = {"Version": "2012-10-17", "Statement": [ORG, NEW]}
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        editor = await open_editor(app, pilot)
        await type_document(editor, pilot, json.dumps(edited))
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, SaveConfirm)
        lambda_statement = {**NEW, "Sid": "LambdaECRImageRetrievalPolicy", "Effect": "Deny"}
        other_writer = {**LEGACY, "Statement": [PARTNER, ORG, lambda_statement]}
        ecr.set_repository_policy(repositoryName="team/web", policyText=json.dumps(other_writer))
        await pilot.press("y")
        await settle(app, pilot)
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("r")
        await settle(app, pilot)
        merged = app.screen
        assert isinstance(merged, SaveConfirm) and merged.merged
        await pilot.press("y")
        await settle(app, pilot)
        assert app.screen is screen
    assert stored_policy("team/web") == {
        "Version": "2012-10-17",
        "Statement": [ORG, lambda_statement, NEW],
    }


def test_document_editor_snapshot(snap_compare: Any, backend: Backend, ecr: Any) -> None:
    repository = make_repository(ecr, "team/web", LEGACY)
    app = EcrPolicyApp(backend)

    async def run_before(pilot: Any) -> None:
        await open_permissions(app, pilot, backend, repository)
        editor = await open_editor(app, pilot)
        text_area = editor.query_one("#json-text", TextArea)
        text_area.text = text_area.text.replace("o-a1b2c3d4e5", "o-a1b2")
        await pilot.press("f8")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
