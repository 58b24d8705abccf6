"""The audit screen: progress over the region, findings worst first, open, copy, write, stop."""

from __future__ import annotations

import asyncio
import csv
import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from settling import settle
from textual.widgets import Input

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.errors import AwsError
from ecr_tui.policy.actions import PULL_ONLY
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.audit_run import AuditFinished
from ecr_tui.ui.dialogs.text_input import TextInputDialog
from ecr_tui.ui.screens.audit import AuditScreen
from ecr_tui.ui.screens.permissions import PermissionsScreen
from ecr_tui.ui.screens.repositories import RepositoriesScreen
from ecr_tui.ui.widgets.key_footer import KeyFooter

OTHER_ACCOUNT = "210987654321"
DENIED = "secret/vault"


def document(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(sid: str, principal: Any, **extra: Any) -> dict[str, Any]:
    return {"Sid": sid, "Effect": "Allow", "Principal": principal, "Action": PULL_ONLY, **extra}


POLICIES: dict[str, dict[str, Any] | None] = {
    "web/frontend": None,
    "opensource/tool": document(allow("Everyone", "*")),
    "payments/api": document(
        allow("Builder", {"AWS": "arn:aws:iam::123456789012:role/ci/builder"}),
        allow("Partner", {"AWS": f"arn:aws:iam::{OTHER_ACCOUNT}:root"}),
    ),
    "data/etl": document(allow("Lambda", {"Service": "lambda.amazonaws.com"})),
    DENIED: document(allow("Hidden", "*")),
}
EXPECTED_ROWS = [
    ("critical", "opensource/tool", "Everyone", "public"),
    ("high", DENIED, "", "unreadable"),
    ("medium", "data/etl", "Lambda", "service-no-source"),
    ("medium", "payments/api", "Partner", "cross-account"),
]


@pytest.fixture
def denied_backend(
    backend: Backend, make_repositories: Callable[[dict[str, Any]], None], monkeypatch: Any
) -> Backend:
    """The repositories above, with the policy of DENIED refused by AWS."""
    make_repositories(POLICIES)
    read_policy = backend.get_policy

    def get_policy(name: str) -> Any:
        if name == DENIED:
            raise AwsError(f"Could not read the policy of {name!r}: access denied.", "Denied")
        return read_policy(name)

    monkeypatch.setattr(backend, "get_policy", get_policy)
    return backend


async def open_audit(app: EcrPolicyApp, pilot: Any) -> AuditScreen:
    await settle(app, pilot)
    assert isinstance(app.screen, RepositoriesScreen)
    await pilot.press("A")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, AuditScreen)
    return screen


def footer_keys(screen: AuditScreen) -> list[str]:
    footer = screen.query_one(KeyFooter)
    return [" ".join(str(key.render()).split()) for key in footer.children]


def table_rows(screen: AuditScreen) -> list[tuple[str, str, str, str]]:
    return [
        (f.row.severity.value, f.row.repository, f.row.statement, f.row.check)
        for f in screen.table.findings
    ]


async def test_the_audit_lists_findings_worst_first_with_the_unreadable_one(
    app_factory: Callable[..., EcrPolicyApp], denied_backend: Backend
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_audit(app, pilot)
        assert (screen.done, screen.total) == (5, 5)
        assert screen.progress.text == "3 findings in 3 of 5 repositories · 1 unreadable"
        assert table_rows(screen) == EXPECTED_ROWS
        cells = [str(cell) for cell in screen.table.get_row_at(1)]
        assert cells[:4] == ["HIGH", DENIED, "—", "unreadable"]
        detail = str(screen.query_one("#audit-detail").render())
        assert detail.startswith("opensource/tool [Everyone] · public: anyone on the internet")


async def test_at_80_columns_the_finding_moves_under_the_table_and_nothing_scrolls_sideways(
    app_factory: Callable[..., EcrPolicyApp], denied_backend: Backend
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_audit(app, pilot)
        table = screen.table
        assert "finding" not in table.columns
        assert table.virtual_size.width <= table.size.width
        await pilot.press("down")
        detail = str(screen.query_one("#audit-detail").render())
        assert "access denied" in detail
        await pilot.resize_terminal(200, 30)
        await pilot.pause()
        assert "finding" in table.columns
        assert "access denied" in str(table.get_row_at(1)[4])
        assert table.cursor_row == 1


async def test_at_120_columns_the_finding_takes_the_width_left(
    app_factory: Callable[..., EcrPolicyApp], denied_backend: Backend
) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_audit(app, pilot)
        table = screen.table
        assert "finding" in table.columns
        assert table.virtual_size.width <= table.size.width
        assert str(table.get_row_at(0)[4]).startswith("anyone on the internet")


async def test_the_footer_fits_80_columns_with_help(
    app_factory: Callable[..., EcrPolicyApp], denied_backend: Backend
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_audit(app, pilot)
        assert footer_keys(screen) == [
            "⏎ Permissions",
            "c Copy JSON",
            "w Write file",
            "a All regions",
            "o Accounts",
            "f1 Help",
        ]


async def test_enter_opens_the_permissions_and_coming_back_audits_it_again(
    app_factory: Callable[..., EcrPolicyApp], denied_backend: Backend, ecr: Any
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_audit(app, pilot)
        await pilot.press("down", "down", "down", "enter")
        await settle(app, pilot)
        permissions = app.screen
        assert isinstance(permissions, PermissionsScreen)
        assert permissions.repository.name == "payments/api"
        assert permissions.backend is denied_backend
        fixed = document(POLICIES["payments/api"]["Statement"][0])  # type: ignore[index]
        ecr.set_repository_policy(repositoryName="payments/api", policyText=json.dumps(fixed))
        await pilot.press("escape")
        assert app.screen is screen
        await settle(app, pilot)
        assert table_rows(screen) == EXPECTED_ROWS[:3]
        assert screen.progress.text == "2 findings in 2 of 5 repositories · 1 unreadable"


async def test_c_copies_the_findings_as_json(
    app_factory: Callable[..., EcrPolicyApp], denied_backend: Backend
) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_audit(app, pilot)
        await pilot.press("c")
        copied = json.loads(app.clipboard)
        assert [(r["severity"], r["repository"], r["statement"], r["check"]) for r in copied] == (
            EXPECTED_ROWS
        )
        assert {r["region"] for r in copied} == {"us-east-1"}
        assert set(copied[0]) == {
            "region",
            "repository",
            "statement",
            "check",
            "severity",
            "message",
            "account",
            "account_name",
            "source",
        }


async def test_w_writes_a_csv_file_when_the_name_ends_in_csv(
    app_factory: Callable[..., EcrPolicyApp], denied_backend: Backend, tmp_path: Path
) -> None:
    target = tmp_path / "findings.csv"
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_audit(app, pilot)
        await pilot.press("w")
        prompt = app.screen
        assert isinstance(prompt, TextInputDialog)
        assert prompt.query_one("#dialog-input", Input).value == "./ecr-audit-us-east-1.json"
        prompt.query_one("#dialog-input", Input).value = str(target)
        await pilot.press("enter")
        assert isinstance(app.screen, AuditScreen)
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["severity"], r["repository"], r["statement"], r["check"]) for r in rows] == (
        EXPECTED_ROWS
    )


async def test_escape_stops_a_running_audit_then_goes_back(
    app_factory: Callable[..., EcrPolicyApp],
    backend: Backend,
    make_repositories: Callable[[dict[str, Any]], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_repositories(POLICIES)
    release = threading.Event()
    read_policy = backend.get_policy

    def slow_get_policy(name: str) -> Any:
        release.wait(timeout=10)
        return read_policy(name)

    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        monkeypatch.setattr(backend, "get_policy", slow_get_policy)
        screen = AuditScreen(backend, backend.list_repositories())
        finished = threading.Event()
        post = screen.post_message

        def watch(message: Any) -> bool:
            posted = post(message)
            if isinstance(message, AuditFinished):
                finished.set()
            return posted

        monkeypatch.setattr(screen, "post_message", watch)
        await app.push_screen(screen)
        await pilot.pause()
        assert screen.running
        assert footer_keys(screen) == ["esc Stop", "a All regions", "o Accounts", "f1 Help"]
        await pilot.press("escape")
        assert app.screen is screen
        assert screen.progress.text.startswith("Stopping…")
        release.set()
        assert await asyncio.to_thread(finished.wait, 10)
        await pilot.pause()
        assert not screen.running
        assert screen.progress.text.startswith("Stopped after 0 of 5 repositories")
        assert "esc Stop" not in footer_keys(screen)
        await pilot.press("escape")
        assert isinstance(app.screen, RepositoriesScreen)


def test_audit_snapshot(
    snap_compare: Any,
    app_factory: Callable[..., EcrPolicyApp],
    denied_backend: Backend,
) -> None:
    async def run_before(pilot: Any) -> None:
        await open_audit(pilot.app, pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=run_before)
