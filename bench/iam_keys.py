"""Filter-as-you-type in the IAM selector: the time each keystroke takes, key to frame.

The widget runs headless under `App.run_test` in a bare app. A keystroke is timed from
posting the key event to the app until every message it caused has been handled (each
node of the screen has worked through its queue, repeated until the filter shows the key
and the selector has acted on it) and the next frame has been composed. No fixed sleeps
are involved, unlike `Pilot.press`, whose idle detection sleeps at least 40 ms per key.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from repo_list import backend_for, wait_until
from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Input

from ecr_tui.aws.backend import Backend
from ecr_tui.ui.widgets.iam_selector import IamSelector

WORDS = ("role 001", "platform")
"""Typed one key at a time, then erased with backspace: wide, narrow, and wide again."""
DRAIN_ROUNDS = 20
SETTLE_ROUNDS = 3
"""Rounds after the filter shows the key: Input.Changed, then what the selector does about it."""


class SelectorApp(App[None]):
    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.backend = backend

    def compose(self) -> ComposeResult:
        yield IamSelector(self.backend, id="iam")


@dataclass(frozen=True)
class KeystrokeTimes:
    load_seconds: float
    principals: int
    keystrokes: list[float]


async def drained(app: App[None]) -> None:
    """Return once every node of the screen has handled what was queued before this call."""
    nodes = [app, *app.screen.walk_children(with_self=True)]
    left = len(nodes)
    done = asyncio.Event()

    def one_more() -> None:
        nonlocal left
        left -= 1
        if left == 0:
            done.set()

    scheduled = sum(bool(node.call_later(one_more)) for node in nodes)
    left -= len(nodes) - scheduled
    if left > 0:
        await done.wait()


def key_event(key: str) -> events.Key:
    if key == "backspace":
        return events.Key("backspace", "\x7f")
    if key == " ":
        return events.Key("space", " ")
    return events.Key(key, key)


async def time_keystroke(app: App[None], key: str, expected_text: str) -> float:
    field = app.query_one(IamSelector).query_one("#iam-filter", Input)
    began = time.perf_counter()
    app.post_message(key_event(key))
    for _ in range(DRAIN_ROUNDS):
        await drained(app)
        if field.value == expected_text:
            break
    if field.value != expected_text:
        raise RuntimeError(f"the filter shows {field.value!r}, not {expected_text!r}")
    for _ in range(SETTLE_ROUNDS):
        await drained(app)
    app.screen._on_timer_update()  # compose the frame now, as Pilot.pause does
    return time.perf_counter() - began


async def time_selector(endpoint: str, principals: int, rounds: int) -> KeystrokeTimes:
    app = SelectorApp(backend_for(endpoint))
    async with app.run_test(size=(100, 30)):
        selector = app.query_one(IamSelector)
        began = time.perf_counter()
        loaded = await wait_until(lambda: not selector.loading_pages, "the users and roles")
        if len(selector.entities) < principals:
            raise RuntimeError(f"the selector listed {len(selector.entities)} principals")
        selector.query_one("#iam-filter", Input).focus()
        await drained(app)
        times: list[float] = []
        for _ in range(rounds):
            for word in WORDS:
                for end in range(1, len(word) + 1):
                    times.append(await time_keystroke(app, word[end - 1], word[:end]))
                for end in range(len(word) - 1, -1, -1):
                    times.append(await time_keystroke(app, "backspace", word[:end]))
        return KeystrokeTimes(loaded - began, len(selector.entities), times)


if __name__ == "__main__":
    from common import MotoHost, median, percentile

    host = MotoHost()
    try:
        host.principals(2500, 2500)
        result = asyncio.run(time_selector(host.endpoint, 5000, 1))
        ms = [t * 1000 for t in result.keystrokes]
        print(result.load_seconds, result.principals, [round(t) for t in ms])
        print("median", median(ms), "p95", percentile(ms, 0.95))
    finally:
        host.stop()
