"""Ask for the Sid of the statement to remove from the marked repositories."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static


class RemoveSidPrompt(ModalScreen[str | None]):
    """Dismisses with the Sid typed (Enter), or None (Escape)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="remove-sid-cancel")]

    DEFAULT_CSS = """
    RemoveSidPrompt {
        align: center middle;
    }
    RemoveSidPrompt > #remove-sid-box {
        width: 90%;
        max-width: 72;
        height: auto;
        border: thick $warning;
        background: $surface;
        padding: 0 1;
    }
    RemoveSidPrompt #remove-sid-title {
        text-style: bold;
        margin-bottom: 1;
    }
    RemoveSidPrompt .hint {
        color: $text-muted;
        margin-top: 1;
    }
    """

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count

    def compose(self) -> ComposeResult:
        where = f"{self.count} marked repositor{'y' if self.count == 1 else 'ies'}"
        with Vertical(id="remove-sid-box"):
            yield Label(f"Remove a statement from {where}", id="remove-sid-title", markup=False)
            yield Input(placeholder="Sid of the statement", id="remove-sid", compact=True)
            yield Static(
                "Repositories without a statement of that Sid are skipped. "
                "The plan for each is shown before anything is written.",
                classes="hint",
            )
            yield Label("Enter shows the plan · Escape cancels", classes="hint")

    @on(Input.Submitted, "#remove-sid")
    def _submitted(self, event: Input.Submitted) -> None:
        sid = event.value.strip()
        if not sid:
            self.notify("Type the Sid of the statement first.", severity="warning")
            return
        self.dismiss(sid)

    def action_cancel(self) -> None:
        self.dismiss(None)
