"""Registry permissions in the TUI: the table of statements with the repositories each
covers, adding by template and by form, and saves checked against what AWS then holds."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from aws_rewrites import RegistryLikeAws
from registry_policies import ARN, PARTNER, REGISTRY_POLICY, REPLICATOR
from registry_support import open_registry, registry, registry_world, stored, table_rows
from settling import settle
from textual.widgets import Input, Label, Static

from ecr_tui.aws.backend import Backend
from ecr_tui.service.registry_session import RegistrySession
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.dialogs.conflict import ConflictScreen
from ecr_tui.ui.dialogs.save_confirm import SaveConfirm
from ecr_tui.ui.screens.json_editor import JsonStatementEditor
from ecr_tui.ui.screens.registry_statement_form import RegistryStatementForm
from ecr_tui.ui.screens.repositories import RepositoriesScreen
from ecr_tui.ui.screens.template_picker import TemplatePicker

__all__ = ["registry"]
SOURCE = "444455556666"


async def save_by_keys(app: EcrPolicyApp, pilot: Any) -> SaveConfirm:
    await pilot.press("ctrl+s")
    await settle(app, pilot)
    modal = app.screen
    assert isinstance(modal, SaveConfirm)
    return modal


def confirm_text(modal: SaveConfirm) -> str:
    return "\n".join(str(w.render()) for w in modal.query(Static))


async def add_pull_on_prod(app: EcrPolicyApp, pilot: Any) -> None:
    """a, Sid, account, the Repositories field; Pull only is the form's default."""
    await pilot.press("a")
    await settle(app, pilot)
    assert isinstance(app.screen, RegistryStatementForm)
    await pilot.press(*"PartnerProdPull", "tab", "tab", "tab", *"210987654321")
    app.screen.query_one("#repositories", Input).focus()
    await pilot.press("ctrl+u", *"prod-*")
    await pilot.pause()
    reach = str(app.screen.query_one("#repositories-reach", Static).render())
    assert reach == "matches 2 repositories: prod-api, prod-web"
    await pilot.press("ctrl+s")
    await settle(app, pilot)


async def test_the_table_shows_presets_and_the_repositories_each_statement_covers(
    app_factory: Callable[..., EcrPolicyApp], registry: RegistryLikeAws
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_registry(app, pilot)
        rows = table_rows(screen)
        assert [row[0] for row in rows] == ["Replication", "ProdPull"]
        assert [row[2:5] for row in rows] == [
            [REPLICATOR, "Replication", "* · 4"],
            [PARTNER, "Pull only", "prod-* · 2"],
        ]
        scope = str(screen.query_one("#repository-uri", Label).render())
        assert scope.startswith("Scope V2: every ECR action here is enforced")
        await pilot.press("down")
        detail = str(screen.query_one("#statement-detail", Static).render())
        assert detail.endswith("on prod-* → 2 repositories: prod-api, prod-web")


async def test_replication_from_a_template_and_a_pull_on_prod_are_saved_and_read_back(
    app_factory: Callable[..., EcrPolicyApp], registry: RegistryLikeAws, state_dir: Any
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_registry(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        assert isinstance(app.screen, TemplatePicker)
        await pilot.press(*SOURCE, "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, RegistryStatementForm)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await add_pull_on_prod(app, pilot)
        assert screen.session is not None and screen.session.unsaved_count == 2

        modal = await save_by_keys(app, pilot)
        said = confirm_text(modal)
        assert "can pull 2 repositories (prod-api, prod-web)" in said
        assert f"account {SOURCE} can replicate images into" in said
        await pilot.press("y")
        await settle(app, pilot)

        document = stored(registry)
        assert document is not None
        added = {s["Sid"]: s for s in document["Statement"][2:]}
        assert added["CrossAccountReplication"]["Action"] == [
            "ecr:ReplicateImage",
            "ecr:CreateRepository",
        ]
        assert added["CrossAccountReplication"]["Resource"] == ARN + "*"
        assert added["CrossAccountReplication"]["Principal"] == {
            "AWS": [f"arn:aws:iam::{SOURCE}:root"]
        }
        assert added["PartnerProdPull"]["Resource"] == ARN + "prod-*"
        assert document["Statement"][:2] == REGISTRY_POLICY["Statement"]
        backups = list((state_dir / "backups").rglob("*.json"))
        assert len(backups) == 1 and os.stat(backups[0]).st_mode & 0o777 == 0o600
        assert not screen.session.dirty
        # What the save read back is still edited as a registry policy.
        assert isinstance(screen.session, RegistrySession)
        assert len(screen.session.statements) == 4


async def test_deleting_every_statement_deletes_the_registry_policy(
    app_factory: Callable[..., EcrPolicyApp], registry: RegistryLikeAws
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_registry(app, pilot)
        await pilot.press("x", "x")
        modal = await save_by_keys(app, pilot)
        assert "the registry policy will be deleted" in confirm_text(modal)
        await pilot.press("y")
        await settle(app, pilot)
        assert stored(registry) is None
        assert "DeleteRegistryPolicy" in registry.calls


async def test_editing_a_statement_changes_the_repositories_it_covers(
    app_factory: Callable[..., EcrPolicyApp], registry: RegistryLikeAws
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_registry(app, pilot)
        await pilot.press("down", "e")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, RegistryStatementForm)
        patterns = form.query_one("#repositories", Input)
        assert patterns.value == "prod-*"
        patterns.value = "prod-*, team/*"
        await pilot.pause()
        assert "matches 3 repositories" in str(form.query_one("#repositories-reach").render())
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await save_by_keys(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        document = stored(registry)
        assert document is not None
        assert document["Statement"][1]["Resource"] == [ARN + "prod-*", ARN + "team/*"]
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, RepositoriesScreen)  # its rows show the new grant
        assert str(app.screen.table.get_cell("team/tools", "policy")) == (
            "MEDIUM cross-account (reg)"
        )


async def test_a_statement_the_form_cannot_show_opens_as_json(
    backend: Backend, app_factory: Callable[..., EcrPolicyApp], make_repositories: Any
) -> None:
    odd = {
        "Version": "2012-10-17",
        "Statement": [{**REGISTRY_POLICY["Statement"][1], "Resource": "arn:aws:s3:::bucket"}],
    }
    registry_world(backend, make_repositories, policy=odd)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_registry(app, pilot)
        detail = str(screen.query_one("#statement-detail", Static).render())
        assert "JSON only: its Resource is not a list of this registry's repository ARNs" in detail
        await pilot.press("e")
        await settle(app, pilot)
        assert isinstance(app.screen, JsonStatementEditor)


async def test_under_scope_v1_a_pull_grant_is_said_to_have_no_effect(
    backend: Backend, app_factory: Callable[..., EcrPolicyApp], make_repositories: Any
) -> None:
    registry_world(backend, make_repositories, scope="V1")
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_registry(app, pilot)
        scope = str(screen.query_one("#repository-uri", Label).render())
        assert scope.startswith("Scope V1: only ReplicateImage, BatchImportUpstreamImage")
        await pilot.press("a")
        await settle(app, pilot)
        problems = str(app.screen.query_one("#problems-inline", Static).render())
        assert "would have no effect: under registry policy scope V1" in problems


async def test_an_unreadable_scope_is_said_and_warned_about_in_the_form(
    backend: Backend, app_factory: Callable[..., EcrPolicyApp], make_repositories: Any
) -> None:
    registry_world(backend, make_repositories, scope=None)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_registry(app, pilot)
        assert str(screen.query_one("#repository-uri", Label).render()).startswith(
            "Scope unknown ("
        )
        await pilot.press("a")
        await settle(app, pilot)
        problems = str(app.screen.query_one("#problems-inline", Static).render())
        assert "the registry policy scope could not be read" in problems
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("t", *"999988887777", "enter")
        await settle(app, pilot)
        problems = str(app.screen.query_one("#problems-inline", Static).render())
        assert "scope could not be read" not in problems  # replication works under V1 too


async def test_a_change_made_meanwhile_is_shown_and_my_edits_reapplied_on_it(
    app_factory: Callable[..., EcrPolicyApp], registry: RegistryLikeAws
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_registry(app, pilot)
        await add_pull_on_prod(app, pilot)
        theirs = {**REGISTRY_POLICY, "Statement": REGISTRY_POLICY["Statement"][:1]}
        registry.put("us-east-1", theirs)  # someone removes ProdPull meanwhile
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("r")
        await settle(app, pilot)
        assert isinstance(app.screen, SaveConfirm)
        await pilot.press("y")
        await settle(app, pilot)
        document = stored(registry)
        assert document is not None
        assert [s["Sid"] for s in document["Statement"]] == ["Replication", "PartnerProdPull"]


async def test_read_only_shows_the_registry_policy_and_offers_no_write(
    backend: Backend, make_repositories: Any
) -> None:
    registry_world(backend, make_repositories, policy=None)
    read_only = Backend(replace(backend.settings, read_only=True), backend.session)
    app = EcrPolicyApp(read_only)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_registry(app, pilot)
        note = str(screen.query_one("#empty-note", Static).render())
        assert note.startswith("This region has no registry policy. Read-only mode")
        assert screen.check_action("add", ()) is False
        assert screen.check_action("save", ()) is False


async def test_a_fresh_registry_form_is_no_edit_and_typed_patterns_are(
    app_factory: Callable[..., EcrPolicyApp], registry: RegistryLikeAws
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_registry(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, RegistryStatementForm)
        assert form.unsaved is None
        await pilot.press("escape")  # nothing typed: closes without a question
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("a")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, RegistryStatementForm)
        form.query_one("#repositories", Input).focus()
        await pilot.press(*"prod-*")
        assert form.unsaved is not None
        await pilot.press("escape")
        assert "Discard the new statement?" in str(app.screen.query_one("#dialog-title").render())
