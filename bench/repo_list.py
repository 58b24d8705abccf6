"""The repository list at scale: first rows and all rows, in-process, against plain boto3.

The program runs headless under `App.run_test`; its screens still lay out and render every
frame (only the terminal write is skipped). Conditions are polled every millisecond from the
app's own event loop, so a reading is late by at most about a millisecond plus one message.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

from common import DUMMY_CREDENTIALS, REGION, plain_ecr_client

from ecr_tui.aws.backend import Backend, BackendSettings

POLL_SECONDS = 0.01
TIMEOUT_SECONDS = 120.0
PAGE_SIZE = 1000


@dataclass(frozen=True)
class ListingTimes:
    first_rows: float
    """Seconds from the screen opening to the first rows in the table."""
    all_rows: float
    """Seconds from the screen opening to every repository in the table, listing finished."""
    all_policies: float
    """Seconds from the screen opening to every policy summary filled in."""


def backend_for(endpoint: str, region: str = REGION) -> Backend:
    settings = BackendSettings(
        region=region, endpoint_url=endpoint, static_credentials=DUMMY_CREDENTIALS
    )
    return Backend(settings).connect()


async def wait_until(condition: Callable[[], bool], what: str) -> float:
    """perf_counter() when `condition` first holds."""
    began = time.perf_counter()
    while not condition():
        if time.perf_counter() - began > TIMEOUT_SECONDS:
            raise TimeoutError(f"gave up waiting for {what}")
        await asyncio.sleep(POLL_SECONDS)
    return time.perf_counter()


async def time_listing(endpoint: str, count: int) -> ListingTimes:
    from ecr_tui.ui.app import EcrPolicyApp
    from ecr_tui.ui.screens.repositories import RepositoriesScreen

    app = EcrPolicyApp(backend=backend_for(endpoint))
    async with app.run_test(size=(120, 40)):
        opened = await wait_until(
            lambda: isinstance(app.screen, RepositoriesScreen), "the repository screen"
        )
        screen = app.screen
        assert isinstance(screen, RepositoriesScreen)
        table = screen.table
        first = await wait_until(lambda: table.row_count > 0, "the first rows")
        every = await wait_until(
            lambda: not screen.listing and table.row_count >= count, "all rows"
        )
        policies = await wait_until(lambda: len(table.summaries) >= count, "all policies")
        return ListingTimes(first - opened, every - opened, policies - opened)


def time_plain_paginate(endpoint: str) -> tuple[float, float, int]:
    """(seconds to the first page, seconds to all pages, repositories) with plain boto3."""
    client = plain_ecr_client(endpoint, REGION)
    began = time.perf_counter()
    first = 0.0
    found = 0
    for page in client.get_paginator("describe_repositories").paginate(
        PaginationConfig={"PageSize": PAGE_SIZE}
    ):
        first = first or time.perf_counter() - began
        found += len(page["repositories"])
    return first, time.perf_counter() - began, found


if __name__ == "__main__":
    from common import MotoHost

    host = MotoHost()
    try:
        host.repositories(5000)
        print(time_plain_paginate(host.endpoint))
        print(asyncio.run(time_listing(host.endpoint, 5000)))
    finally:
        host.stop()
