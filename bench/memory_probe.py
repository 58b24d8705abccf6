"""Peak RSS of a fresh process that loads the program with N repositories and M principals.

Run as a child of the benchmark: `memory_probe.py program ENDPOINT REPOSITORIES PRINCIPALS`
or `memory_probe.py floor`. Prints {"peak_mb": ...} as one JSON line. The program runs
headless under `App.run_test` (frames are composed; only the terminal write is skipped):
the repository list with every policy summary read, then the IAM selector on top of it
with every user and role listed.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
from pathlib import Path

from repo_list import backend_for, wait_until
from textual.app import ComposeResult
from textual.screen import Screen

from ecr_tui.aws.backend import Backend
from ecr_tui.ui.widgets.iam_selector import IamSelector


class SelectorScreen(Screen[None]):
    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.backend = backend

    def compose(self) -> ComposeResult:
        yield IamSelector(self.backend, id="iam")


def peak_mb() -> float:
    """VmHWM: unlike ru_maxrss, it starts afresh at exec, not at the parent's size."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def load_program(endpoint: str, repositories: int, principals: int) -> None:
    from ecr_tui.ui.app import EcrPolicyApp
    from ecr_tui.ui.screens.repositories import RepositoriesScreen

    backend = backend_for(endpoint)
    app = EcrPolicyApp(backend=backend)
    async with app.run_test(size=(80, 24)):
        await wait_until(lambda: isinstance(app.screen, RepositoriesScreen), "the list")
        listing = app.screen
        assert isinstance(listing, RepositoriesScreen)
        await wait_until(
            lambda: not listing.listing and len(listing.table.summaries) >= repositories,
            "every repository and policy",
        )
        app.push_screen(SelectorScreen(backend))
        await wait_until(lambda: bool(app.screen.query(IamSelector)), "the selector")
        selector = app.screen.query_one(IamSelector)
        await wait_until(lambda: not selector.loading_pages, "the users and roles")
        if len(selector.entities) < principals:
            raise RuntimeError(f"the selector listed {len(selector.entities)} principals")


async def load_floor() -> None:
    from floor_app import FloorApp

    async with FloorApp().run_test(size=(80, 24)) as pilot:
        await pilot.pause()


def main(arguments: list[str]) -> None:
    if arguments[0] == "floor":
        asyncio.run(load_floor())
    else:
        endpoint, repositories, principals = arguments[1], int(arguments[2]), int(arguments[3])
        asyncio.run(load_program(endpoint, repositories, principals))
    print(json.dumps({"peak_mb": peak_mb()}))


if __name__ == "__main__":
    main(sys.argv[1:])
