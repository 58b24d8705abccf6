"""Waiting for the app under test: no sleeps, only its workers and its message queues."""

from __future__ import annotations

from typing import Any

from ecr_tui.ui.app import EcrPolicyApp


async def settle(app: EcrPolicyApp, pilot: Any) -> None:
    """Let every worker finish and every message they posted be handled."""
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()
