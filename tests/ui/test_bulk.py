"""Many repositories at once from the repository list: mark, change, one confirmation, results."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from permissions_support import StoredPolicy
from settling import settle
from textual.widgets import Input, Static

from ecr_tui.aws.backend import Backend, BackendSettings
from ecr_tui.aws.errors import AwsError
from ecr_tui.policy.actions import PULL_ONLY
from ecr_tui.service.planning import BulkStatus
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.dialogs.text_input import TextInputDialog
from ecr_tui.ui.screens.bulk_confirm import BulkConfirm
from ecr_tui.ui.screens.bulk_results import BulkResults
from ecr_tui.ui.screens.repositories import RepositoriesScreen
from ecr_tui.ui.screens.statement_form import StatementForm
from ecr_tui.ui.screens.template_picker import TemplatePicker

NAMES = [f"payments/svc-{n:02d}" for n in range(12)]
CHANGED, DENIED = NAMES[3], NAMES[7]
PARTNER = "444455556666"
OTHER_WRITER = {
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "Terraform", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "ecr:*"}
    ],
}
KEEP = {"Sid": "Keep", "Effect": "Allow", "Principal": {"AWS": PARTNER}, "Action": PULL_ONLY}
PULL = {"Sid": "Pull", "Effect": "Allow", "Principal": "*", "Action": PULL_ONLY}


def policy(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def sids(stored: dict[str, Any] | None) -> list[str]:
    """The Sids of a stored policy, in order (none without a policy)."""
    return [statement.get("Sid") for statement in (stored or {}).get("Statement", [])]


async def mark_payments(app: EcrPolicyApp, pilot: Any) -> RepositoriesScreen:
    """Filter on `payments`, mark every repository shown, and clear the filter."""
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, RepositoriesScreen)
    await pilot.press("slash", *"payments", "tab", "m")
    screen.filter_input.value = ""
    await pilot.pause()
    assert screen.table.marked == NAMES
    return screen


def cells(screen: BulkConfirm | BulkResults, name: str) -> list[str]:
    return [str(cell) for cell in screen.query_one("#bulk-table").get_row(name)]  # type: ignore[attr-defined]


async def test_bulk_add_saves_each_and_reports_the_conflict_and_the_denial_alone(
    app_factory: Callable[..., EcrPolicyApp],
    make_repositories: Callable[[dict[str, Any]], None],
    ecr: Any,
    monkeypatch: pytest.MonkeyPatch,
    stored_policy: StoredPolicy,
) -> None:
    make_repositories({**dict.fromkeys(NAMES), "web/frontend": None})
    real_set = Backend.set_policy

    def deny(backend: Backend, repository: str, text: str, **kwargs: Any) -> None:
        if repository == DENIED:
            raise AwsError(
                "Could not save the policy: access denied (ecr:SetRepositoryPolicy).",
                "AccessDeniedException",
            )
        real_set(backend, repository, text, **kwargs)

    monkeypatch.setattr(Backend, "set_policy", deny)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await mark_payments(app, pilot)
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, StatementForm)
        assert form.session.repository == "12 marked repositories"
        form.query_one("#sid", Input).value = "Pull"
        form.query_one("#accounts", Input).value = PARTNER
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        confirm = app.screen
        assert isinstance(confirm, BulkConfirm)
        assert cells(confirm, NAMES[0]) == [NAMES[0], "add statement 'Pull' (0 → 1 statements)"]
        assert confirm.query_one("#bulk-progress").text == "12 to write"  # type: ignore[attr-defined]
        warning = str(confirm.query_one("#bulk-warning", Static).render())
        assert warning == f"MEDIUM cross-account: account {PARTNER} can pull"
        # Someone else writes between the plan and the save.
        ecr.set_repository_policy(repositoryName=CHANGED, policyText=json.dumps(OTHER_WRITER))
        await pilot.press("y")
        await settle(app, pilot)
        results = app.screen
        assert isinstance(results, BulkResults)
        statuses = {name: result.status for name, result in results.results.items()}
        assert statuses.pop(CHANGED) is BulkStatus.CONFLICT
        assert statuses.pop(DENIED) is BulkStatus.FAILED
        assert set(statuses.values()) == {BulkStatus.SAVED}
        assert cells(results, DENIED)[1:] == [
            "failed",
            "Could not save the policy: access denied (ecr:SetRepositoryPolicy).",
        ]
        assert cells(results, CHANGED)[1] == "conflict"
        assert results.query_one("#bulk-progress").text.startswith(  # type: ignore[attr-defined]
            "Done: 10 saved · 1 conflict · 1 failed"
        )
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen
        assert str(screen.table.get_cell(NAMES[0], "policy")) == "MEDIUM cross-account"
    assert sids(stored_policy(CHANGED)) == ["Terraform"]
    assert sids(stored_policy(DENIED)) == []
    assert sids(stored_policy("web/frontend")) == []
    others = [name for name in NAMES if name not in (CHANGED, DENIED)]
    assert all(sids(stored_policy(name)) == ["Pull"] for name in others)


async def test_bulk_add_from_a_template(
    app_factory: Callable[..., EcrPolicyApp],
    make_repositories: Callable[[dict[str, Any]], None],
    ecr: Any,
    stored_policy: StoredPolicy,
) -> None:
    make_repositories(dict.fromkeys(NAMES))
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await mark_payments(app, pilot)
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, StatementForm)
        await pilot.press("ctrl+t")
        picker = app.screen
        assert isinstance(picker, TemplatePicker)
        await pilot.press("enter", *PARTNER, "enter")
        await settle(app, pilot)
        assert app.screen is form
        assert form.query_one("#accounts", Input).value == PARTNER
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        confirm = app.screen
        assert isinstance(confirm, BulkConfirm)
        sid = form.statement["Sid"]
        assert cells(confirm, NAMES[0])[1] == f"add statement '{sid}' (0 → 1 statements)"
        await pilot.press("y")
        await settle(app, pilot)
        assert isinstance(app.screen, BulkResults)
    assert all(sids(stored_policy(name)) == [sid] for name in NAMES)


async def test_bulk_remove_by_sid_skips_the_repositories_without_it(
    app_factory: Callable[..., EcrPolicyApp],
    make_repositories: Callable[[dict[str, Any]], None],
    ecr: Any,
    stored_policy: StoredPolicy,
) -> None:
    with_pull = {name: policy(KEEP, PULL) for name in NAMES[:9]}
    make_repositories({**with_pull, **{name: policy(KEEP) for name in NAMES[9:]}})
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await mark_payments(app, pilot)
        await pilot.press("x")
        assert isinstance(app.screen, TextInputDialog)
        await pilot.press(*"Pull", "enter")
        await settle(app, pilot)
        confirm = app.screen
        assert isinstance(confirm, BulkConfirm)
        assert cells(confirm, NAMES[0])[1] == "delete statement 'Pull' (2 → 1 statements)"
        skipped = "skip: the policy has no statement with Sid 'Pull'; nothing to do"
        assert cells(confirm, NAMES[10])[1] == skipped
        await pilot.press("y")
        await settle(app, pilot)
        results = app.screen
        assert isinstance(results, BulkResults)
        assert [results.results[name].status for name in NAMES] == [BulkStatus.SAVED] * 9 + [
            BulkStatus.SKIPPED
        ] * 3
    assert all(sids(stored_policy(name)) == ["Keep"] for name in NAMES)


async def test_cancelling_the_confirmation_writes_nothing(
    app_factory: Callable[..., EcrPolicyApp],
    make_repositories: Callable[[dict[str, Any]], None],
    ecr: Any,
    stored_policy: StoredPolicy,
) -> None:
    make_repositories({name: policy(KEEP, PULL) for name in NAMES})
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await mark_payments(app, pilot)
        await pilot.press("x", *"Pull", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, BulkConfirm)
        await pilot.press("escape")
        assert app.screen is screen
    assert all(sids(stored_policy(name)) == ["Keep", "Pull"] for name in NAMES)


async def test_read_only_hides_the_bulk_writes(
    make_repositories: Callable[[dict[str, Any]], None],
    aws: None,
    dummy_credentials: tuple[str, str],
) -> None:
    make_repositories(dict.fromkeys(NAMES))
    settings = BackendSettings(
        region="us-east-1", static_credentials=dummy_credentials, read_only=True
    )
    app = EcrPolicyApp(Backend(settings))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, RepositoriesScreen)
        await pilot.press("slash", *"payments", "tab", "m", "space")
        await pilot.pause()
        # Marks only serve to change repositories together: read-only has none.
        assert screen.table.marked == []
        enabled = {a.binding.action for a in screen.active_bindings.values() if a.enabled}
        assert "audit" in enabled
        assert not {"toggle_mark", "mark_shown", "add_to_marked", "remove_from_marked"} & enabled
        await pilot.press("a")
        await pilot.press("x")
        assert app.screen is screen


def test_the_bulk_flow_knows_the_repository_list_only_by_its_protocol() -> None:
    """No import of the list from the flow, even for type checking: no import circle."""
    import grimp

    graph = grimp.build_graph("ecr_tui")
    repositories = "ecr_tui.ui.screens.repositories"
    assert not graph.chain_exists(importer="ecr_tui.ui.bulk_flow", imported=repositories)
    assert graph.direct_import_exists(importer=repositories, imported="ecr_tui.ui.bulk_flow")
