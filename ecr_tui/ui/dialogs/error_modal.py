"""A modal for an error that must be read: scrollable, copyable, closed with Escape."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from ecr_tui.policy.safe_text import visible
from ecr_tui.ui.clipboard import copy_text
from ecr_tui.ui.dialogs.dialog import Dialog


class ErrorModal(Dialog[None]):
    """Shows `text` as plain text (never as markup) under `title`."""

    BINDINGS = [
        Binding("escape", "cancel", "Close", id="error-close"),
        Binding("c", "copy", "Copy text", id="error-copy"),
    ]
    FIRST_FOCUS = "#error-scroll"
    WITH_FOOTER = True

    def __init__(self, title: str, text: str) -> None:
        super().__init__(title, classes="-error")
        self.text = visible(text, keep_lines=True)

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="error-scroll"):
            yield Static(self.text, id="error-text", markup=False)
        yield Label("c copies the text · Escape closes", classes="dialog-hint")

    def action_copy(self) -> None:
        self.notify(copy_text(self.app, f"{self.title_text}\n\n{self.text}"), markup=False)
