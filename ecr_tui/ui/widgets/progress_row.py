"""One line of progress: what is being done, N/M, and a bar."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar


class ProgressRow(Horizontal):
    """`show(text, done, total)` while working; `finish(text)` hides the bar and keeps the text."""

    DEFAULT_CSS = """
    ProgressRow {
        height: 1;
        padding: 0 1;
    }
    ProgressRow > #progress-text {
        width: 1fr;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    ProgressRow > ProgressBar {
        width: auto;
        margin-left: 1;
    }
    ProgressRow.-finished > ProgressBar {
        display: none;
    }
    """

    def compose(self) -> ComposeResult:
        yield Label("", id="progress-text", markup=False)
        yield ProgressBar(show_eta=False, show_percentage=False)

    @property
    def text(self) -> str:
        return str(self.query_one("#progress-text", Label).content)

    def show(self, text: str, done: int, total: int | None) -> None:
        """`text` followed by `done/total`; a total of None shows a busy bar."""
        self.remove_class("-finished")
        counted = f"{text} {done}/{total}" if total is not None else text
        self.query_one("#progress-text", Label).update(counted)
        self.query_one(ProgressBar).update(total=total, progress=done)

    def finish(self, text: str) -> None:
        self.add_class("-finished")
        self.query_one("#progress-text", Label).update(text)
