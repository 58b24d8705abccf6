"""Ask for a file path (to write the policy JSON to)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class PathPrompt(ModalScreen[str | None]):
    """Dismisses with the path typed (Enter), or None (Escape)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="path-cancel")]

    DEFAULT_CSS = """
    PathPrompt {
        align: center middle;
    }
    PathPrompt > #path-box {
        width: 90%;
        max-width: 80;
        height: auto;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    PathPrompt #path-title {
        text-style: bold;
        margin-bottom: 1;
    }
    PathPrompt #path-hint {
        color: $text-muted;
        margin-top: 1;
    }
    """

    def __init__(self, title: str, default: str) -> None:
        super().__init__()
        self.title_text = title
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(id="path-box"):
            yield Label(self.title_text, id="path-title", markup=False)
            yield Input(self.default, id="path", compact=True)
            yield Label("Enter writes the file · Escape cancels", id="path-hint")

    @on(Input.Submitted, "#path")
    def _submitted(self, event: Input.Submitted) -> None:
        path = event.value.strip()
        if not path:
            self.notify("Type a file path first.", severity="warning")
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)
