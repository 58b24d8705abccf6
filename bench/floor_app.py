"""The start-up floor: a bare Textual app that shows one static list of repository names."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, OptionList

NAMES = [f"platform/bench-{index:05d}" for index in range(0, 200, 8)]


class FloorApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield OptionList(*NAMES)
        yield Footer()


if __name__ == "__main__":
    FloorApp().run()
