"""How often one save from the permissions screen reads the policy from AWS."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aws_rewrites import record_calls
from permissions_support import PULL_ONLY, make_repository, open_permissions, settle
from textual.widgets import DataTable

from ecr_tui.aws.backend import Backend
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.dialogs.save_confirm import SaveConfirm

PARTNER_PULL: dict[str, Any] = {
    "Sid": "PartnerPull",
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
    "Action": PULL_ONLY,
}


async def test_one_save_reads_the_policy_three_times_and_shows_what_it_read_back(
    backend: Backend, ecr: Any, stored_policy: Callable[[str], dict[str, Any] | None]
) -> None:
    """The dialog's check, the transaction's read before writing, its read-back: the screen
    shows the policy read back instead of reading it a fourth time."""
    repository = make_repository(
        ecr, "team/web", {"Version": "2012-10-17", "Statement": [PARTNER_PULL]}
    )
    app = EcrPolicyApp(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_permissions(app, pilot, backend, repository)
        log = record_calls(backend.ecr)
        await pilot.press("d")
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, SaveConfirm)
        await pilot.press("y")
        await settle(app, pilot)
        assert app.screen is screen
        assert screen.session is not None and not screen.session.dirty
        assert screen.query_one(DataTable).row_count == 2
    reads = [name for name, _ in log.calls if name == "GetRepositoryPolicy"]
    assert len(reads) == 3
    stored = stored_policy("team/web")
    assert stored is not None
    assert [s["Sid"] for s in stored["Statement"]] == ["PartnerPull", "PartnerPullCopy1"]
