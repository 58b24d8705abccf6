"""Long JSON lines are folded, never cut at the right edge: the side pane, `j`, the diffs."""

from __future__ import annotations

from typing import Any

from permissions_support import ACCOUNT, PULL_ONLY, make_repository, open_permissions, settle
from textual.widget import Widget

from ecr_tui.aws.backend import Backend
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.dialogs.conflict import ConflictScreen
from ecr_tui.ui.dialogs.save_confirm import SaveConfirm

LONG_ROLE = (
    f"arn:aws:iam::{ACCOUNT}:role/teams/platform/continuous-delivery/github-actions-deployer"
)
LONG_SOURCE = f"arn:aws:codebuild:us-east-1:{ACCOUNT}:project/platform-base-images-nightly-rebuild"
STATEMENT: dict[str, Any] = {
    "Sid": "PipelinePull",
    "Effect": "Allow",
    "Principal": {"AWS": LONG_ROLE},
    "Action": PULL_ONLY,
    "Condition": {"ArnLike": {"aws:SourceArn": LONG_SOURCE}},
}
POLICY = {"Version": "2012-10-17", "Statement": [STATEMENT]}


def assert_whole_within(widget: Widget, frame: Widget, *values: str, marker: int = 0) -> None:
    """Every line of `widget` fits inside `frame`, and each value can be read in it
    (past the `marker` characters a diff starts each line with)."""
    lines = str(widget.render()).splitlines()
    assert widget.outer_size.width <= frame.content_size.width
    assert max(len(line) for line in lines) <= widget.content_size.width
    joined = "".join("".join(line[marker:] for line in lines).split())
    for value in values:
        assert value in joined


async def test_the_j_view_folds_long_arns_at_80_columns(backend: Backend, ecr: Any) -> None:
    repository = make_repository(ecr, "team/web", POLICY)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        await pilot.press("j")
        await pilot.pause()
        pane = screen.query_one("#json-pane")
        assert_whole_within(screen.query_one("#json-text"), pane, LONG_ROLE, LONG_SOURCE)


async def test_the_side_pane_folds_long_arns(backend: Backend, ecr: Any) -> None:
    repository = make_repository(ecr, "team/web", POLICY)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        pane = screen.query_one("#json-pane")
        assert pane.display
        assert_whole_within(screen.query_one("#json-text"), pane, LONG_ROLE, LONG_SOURCE)


async def test_the_save_and_conflict_diffs_fold_long_lines(backend: Backend, ecr: Any) -> None:
    repository = make_repository(ecr, "team/web", POLICY)
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_permissions(app, pilot, backend, repository)
        await pilot.press("d", "ctrl+s")
        await settle(app, pilot)
        modal = app.screen
        assert isinstance(modal, SaveConfirm)
        diff = modal.query_one("#save-diff-text")
        assert_whole_within(diff, modal.query_one("#save-diff"), LONG_ROLE, LONG_SOURCE, marker=1)
        # A folded line of an added statement still reads as added.
        added = [line for line in str(diff.render()).splitlines() if "platform-base" in line]
        assert added[-1].startswith("+")
        await pilot.press("escape")
        await pilot.pause()
        conflict = ConflictScreen("changed meanwhile", modal.diff)
        await app.push_screen(conflict)
        await pilot.pause()
        frame = conflict.query_one("#conflict-diff")
        assert_whole_within(conflict.query_one("#conflict-diff-text"), frame, LONG_ROLE, marker=1)
