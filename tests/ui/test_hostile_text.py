"""A stored policy whose text tries to drive the terminal: every widget shows it visibly."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from aws_rewrites import fail_calls
from permissions_support import make_repository, open_permissions, settle
from textual.geometry import Region
from textual.widget import Widget

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.models import IamEntity, IamKind
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.dialogs.conflict import ConflictScreen
from ecr_tui.ui.dialogs.error_modal import ErrorModal
from ecr_tui.ui.dialogs.save_confirm import SaveConfirm
from ecr_tui.ui.screens.audit import AuditScreen
from ecr_tui.ui.screens.json_editor import JsonStatementEditor
from ecr_tui.ui.screens.permissions import PermissionsScreen
from ecr_tui.ui.widgets.iam_selector import entity_prompt

OSC52_COPY = "\x1b]52;c;aGFja2VkIQ==\x07"
CLEAR_SCREEN = "\x1b[2J"
HOSTILE_SID = f"Pull{OSC52_COPY}{CLEAR_SCREEN}"
SHOWN_SID = "Pull\\x1b]52;c;aGFja2VkIQ==\\x07\\x1b[2J"
C1_AND_BIDI = "\x9b2J\u202egnp.exe"
RAW_CONTROLS = ("\x1b", "\x07", "\x9b", "\u202e")
TOKEN = "FAKEIQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+abc/def=="
INVALID_SIGNATURE = (
    "The request signature we calculated does not match the signature you provided.\n\n"
    "The Canonical String for this request should have been\n'POST\n/\n\n"
    "host:api.ecr.us-east-1.amazonaws.com\nx-amz-date:20260101T000000Z\n"
    f"x-amz-security-token:{TOKEN}\n\nhost;x-amz-date;x-amz-security-token\n3b0c5d'"
    f" {CLEAR_SCREEN}"
)


def hostile_policy() -> dict[str, Any]:
    statement = {
        "Sid": HOSTILE_SID,
        "Effect": "Allow",
        "Principal": "*",
        "Action": ["ecr:BatchGetImage", "ecr:PutImage"],
        "Condition": {"StringEquals": {"aws:PrincipalOrgID": f"o-{CLEAR_SCREEN}{OSC52_COPY}"}},
    }
    other = {
        "Sid": f"Other{C1_AND_BIDI}",
        "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
        "Action": "ecr:BatchGetImage",
    }
    return {"Version": "2012-10-17", "Statement": [statement, other]}


def rendered(widgets: Iterable[Widget]) -> str:
    """What the widgets put on the screen, line by line, as the terminal would get it."""
    lines = []
    for widget in widgets:
        if widget.size.area:
            region = Region(0, 0, widget.size.width, widget.size.height)
            lines += [strip.text for strip in widget.render_lines(region)]
    return "\n".join(lines)


def screen_text(app: EcrPolicyApp) -> str:
    return rendered(app.screen.walk_children(with_self=True)) + app.export_screenshot()


def assert_nothing_raw(app: EcrPolicyApp) -> str:
    text = screen_text(app)
    for character in RAW_CONTROLS:
        assert character not in text, f"{character!r} reached the screen"
    return text


async def test_the_permissions_screen_shows_the_controls_visibly(
    backend: Backend, ecr: Any
) -> None:
    repository = make_repository(ecr, "team/web", hostile_policy())
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(160, 40)) as pilot:
        await open_permissions(app, pilot, backend, repository)
        text = assert_nothing_raw(app)
        assert SHOWN_SID in text
        assert "\\u001b[2J" in text  # the JSON pane: JSON escapes, the same document
        assert "Other\\x9b2J\\u202egnp.exe" in text


async def test_a_toast_and_the_save_diff_show_the_controls_visibly(
    backend: Backend, ecr: Any
) -> None:
    repository = make_repository(ecr, "team/web", hostile_policy())
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        screen.action_delete()
        await pilot.pause()
        assert any(SHOWN_SID in str(n.message) for n in app._notifications)
        assert_nothing_raw(app)
        screen.action_save()
        await settle(app, pilot)
        assert isinstance(app.screen, SaveConfirm)
        text = assert_nothing_raw(app)
        assert f"statement {SHOWN_SID}" in text
        assert '"Pull\\u001b]52;c;aGFja2VkIQ==\\u0007\\u001b[2J"' in text


async def test_the_conflict_screen_shows_the_controls_visibly(backend: Backend, ecr: Any) -> None:
    repository = make_repository(ecr, "team/web", hostile_policy())
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        changed = hostile_policy()
        changed["Statement"][1]["Sid"] = f"Changed{C1_AND_BIDI}"
        ecr.set_repository_policy(repositoryName="team/web", policyText=json.dumps(changed))
        screen.action_delete()
        screen.save_flow.send(screen.session.save_request())
        await settle(app, pilot)
        assert isinstance(app.screen, ConflictScreen)
        assert "Changed\\u009b2J\\u202egnp.exe" in assert_nothing_raw(app)


async def test_the_audit_and_repository_tables_show_the_controls_visibly(
    backend: Backend, ecr: Any
) -> None:
    make_repository(ecr, "team/web", hostile_policy())
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        assert_nothing_raw(app)
        await pilot.press("A")
        await settle(app, pilot)
        assert isinstance(app.screen, AuditScreen)
        assert SHOWN_SID in assert_nothing_raw(app)


async def test_an_invalid_signature_shows_no_token_and_no_controls(
    backend: Backend, ecr: Any
) -> None:
    repository = make_repository(ecr, "team/web", hostile_policy())
    fail_calls(backend.ecr, "GetRepositoryPolicy", "InvalidSignatureException", INVALID_SIGNATURE)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await app.push_screen(PermissionsScreen(backend, repository))
        await settle(app, pilot)
        assert isinstance(app.screen, ErrorModal)
        text = assert_nothing_raw(app)
        assert "signature" in text
        assert TOKEN[:12] not in text
        assert all(TOKEN[:12] not in str(n.message) for n in app._notifications)


def test_iam_labels_show_the_controls_visibly() -> None:
    entity = IamEntity(IamKind.ROLE, f"ci{CLEAR_SCREEN}", "/x\u202e/", "arn:aws:iam::1:role/ci")
    label = entity_prompt(entity).plain
    assert "\x1b" not in label and "\u202e" not in label
    assert "ci\\x1b[2J" in label and "/x\\u202e/" in label


async def test_editing_a_statement_with_controls_opens_the_escaped_json_not_the_form(
    backend: Backend, ecr: Any
) -> None:
    repository = make_repository(ecr, "team/web", hostile_policy())
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        screen.action_edit()
        await settle(app, pilot)
        assert isinstance(app.screen, JsonStatementEditor)
        text = assert_nothing_raw(app)
        assert "it holds control characters" in text
        assert "\\u001b]52;c;" in text
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert not screen.session.dirty
