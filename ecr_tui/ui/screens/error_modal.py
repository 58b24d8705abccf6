"""A modal for an error that must be read: scrollable, copyable, closed with Escape."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, Static

from ecr_tui.policy.safe_text import visible
from ecr_tui.ui.clipboard import copy_text


class ErrorModal(ModalScreen[None]):
    """Shows `text` as plain text (never as markup) under `title`."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="error-close"),
        Binding("c", "copy", "Copy text", id="error-copy"),
    ]

    DEFAULT_CSS = """
    ErrorModal {
        align: center middle;
    }
    ErrorModal > #error-box {
        width: 90%;
        max-width: 100;
        height: auto;
        max-height: 80%;
        border: thick $error;
        background: $surface;
        padding: 0 1;
    }
    ErrorModal #error-title {
        text-style: bold;
        color: $text-error;
        width: 1fr;
        margin-bottom: 1;
    }
    ErrorModal #error-scroll {
        height: auto;
        max-height: 20;
    }
    ErrorModal #error-hint {
        color: $text-muted;
        margin-top: 1;
    }
    """

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text = visible(title)
        self.text = visible(text, keep_lines=True)

    def compose(self) -> ComposeResult:
        with Vertical(id="error-box"):
            yield Label(self.title_text, id="error-title", markup=False)
            with VerticalScroll(id="error-scroll"):
                yield Static(self.text, id="error-text", markup=False)
            yield Label("c copies the text · Escape closes", id="error-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#error-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_copy(self) -> None:
        self.notify(copy_text(self.app, f"{self.title_text}\n\n{self.text}"), markup=False)
