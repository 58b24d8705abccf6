"""The conditions section of the statement form: rows, round trips, inline mistakes."""

from __future__ import annotations

import json
from typing import Any

from permissions_support import PULL_ONLY, make_repository, open_permissions, settle
from test_statement_form import open_form, session_with
from textual.widgets import Input, Select, Static

from ecr_tui.aws.backend import Backend
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.screens.json_editor import JsonStatementEditor
from ecr_tui.ui.screens.statement_form import StatementForm
from ecr_tui.ui.widgets.conditions_editor import ConditionRow, ConditionsEditor

CONDITIONS: dict[str, Any] = {
    "StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5", "aws:PrincipalTag/team": "a, b"},
    "ForAnyValue:StringLike": {"aws:PrincipalTag/unit": ["o-a1b2c3d4e5/r-ab12/*", " x"]},
    "ArnLike": {"aws:PrincipalArn": "arn:aws:iam::210987654321:role/ci/*"},
    "IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "198.51.100.0/24"]},
    "Bool": {"aws:SecureTransport": "true"},
    "stringnotequals": {"aws:userid": ""},
}
GUARDED: dict[str, Any] = {
    "Sid": "Guarded",
    "Effect": "Allow",
    "Principal": "*",
    "Action": PULL_ONLY,
    "Condition": CONDITIONS,
}


def row_texts(form: StatementForm) -> list[tuple[str, str, str]]:
    return [
        (row.operator, row.key, row.query_one(".condition-values", Input).value)
        for row in form.query(ConditionRow)
    ]


async def test_existing_conditions_round_trip_unchanged(backend: Backend) -> None:
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        form, result = await open_form(app, pilot, backend, session_with(GUARDED), index=0)
        assert row_texts(form) == [
            ("StringEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5"),
            ("StringEquals", "aws:PrincipalTag/team", '["a, b"]'),
            ("ForAnyValue:StringLike", "aws:PrincipalTag/unit", '["o-a1b2c3d4e5/r-ab12/*", " x"]'),
            ("ArnLike", "aws:PrincipalArn", "arn:aws:iam::210987654321:role/ci/*"),
            ("IpAddress", "aws:SourceIp", "203.0.113.0/24, 198.51.100.0/24"),
            ("Bool", "aws:SecureTransport", "true"),
            ("stringnotequals", "aws:userid", '[""]'),
        ]
        assert form.statement == GUARDED
        assert "No changes yet" in str(form.query_one("#form-status", Static).render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert result.values == [None]

        form, result = await open_form(app, pilot, backend, session_with(GUARDED), index=0)
        form.query_one("#sid", Input).value = "Renamed"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert result.values == [{**GUARDED, "Sid": "Renamed"}]
    assert json.dumps(result.values[0]["Condition"]) == json.dumps(CONDITIONS)


async def test_adding_a_condition_by_keyboard_with_inline_mistakes(backend: Backend) -> None:
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        form, result = await open_form(app, pilot, backend, session_with())
        form.query_one("#everybody").focus()
        await pilot.press("space", "ctrl+n")
        await pilot.pause()
        operator = form.query_one(".condition-operator", Select)
        assert app.focused is operator
        await pilot.press("enter", *"IpAddress", "enter")
        await pilot.pause()
        assert operator.value == "IpAddress"
        await pilot.press("tab", *"aws:SourceI", "right", "tab", *"10.0.0.0/33, 192.0.2.1")
        await pilot.pause()
        problems = str(form.query_one(".condition-problems", Static).render())
        assert "IpAddress needs an IP address or range" in problems
        assert "'10.0.0.0/33'" in problems
        status = str(form.query_one("#form-status", Static).render())
        assert status.startswith("✗ IpAddress needs")
        await pilot.press("ctrl+s")
        assert app.screen is form
        values = form.query_one(".condition-values", Input)
        values.value = "10.0.0.0/8, 192.0.2.1"
        await pilot.pause()
        assert not form.query_one(".condition-problems", Static).display
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert result.values == [
        {
            "Sid": "Statement1",
            "Effect": "Allow",
            "Principal": "*",
            "Action": PULL_ONLY,
            "Condition": {"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.0.2.1"]}},
        }
    ]


async def test_rows_can_be_removed_and_incomplete_rows_say_so(backend: Backend) -> None:
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        form, result = await open_form(app, pilot, backend, session_with(GUARDED), index=0)
        editor = form.query_one(ConditionsEditor)
        assert len(editor.rows) == 7
        editor.rows[1].query_one(".condition-key", Input).focus()
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert len(editor.rows) == 6
        assert app.focused is editor.rows[1].query_one(Select)
        await pilot.press("ctrl+n", "tab", *"aws:SourceVpce")
        await pilot.pause()
        assert "condition 7: give one or more values for aws:SourceVpce" in form.errors
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert len(editor.rows) == 6
        for _ in range(6):
            editor.rows[0].query_one(".condition-remove").focus()
            await pilot.press("enter")
            await pilot.pause()
        assert editor.rows == []
        assert form.query_one("#conditions-empty").display
        assert app.focused is form.query_one("#add-condition")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert result.values == [{key: v for key, v in GUARDED.items() if key != "Condition"}]


async def test_conditions_the_form_cannot_show_stay_json_only_and_untouched(
    backend: Backend, ecr: Any
) -> None:
    odd = {**GUARDED, "Condition": {"Bool": {"aws:SecureTransport": True}}}
    policy = {"Version": "2012-10-17", "Statement": [odd]}
    repository = make_repository(ecr, "team/web", policy)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        await pilot.press("e")
        await settle(app, pilot)
        assert isinstance(app.screen, JsonStatementEditor)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert screen.session is not None and not screen.session.dirty
        assert screen.session.statements == [odd]


def test_conditions_snapshot(snap_compare: Any, backend: Backend) -> None:
    app = EcrPolicyApp(backend)
    statement = {
        **GUARDED,
        "Condition": {
            "StringEquals": {"aws:PrincipalOrgID": "o-abc123"},
            "ArnLike": {"aws:SourceArn": "my-function"},
        },
    }

    async def run_before(pilot: Any) -> None:
        form, _ = await open_form(app, pilot, backend, session_with(statement), index=0)
        form.query_one("#sid", Input).value = "GuardedPull"
        form.query_one(".condition-values", Input).focus()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
