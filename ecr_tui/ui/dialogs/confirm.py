"""A yes/no question in a modal."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Static

from ecr_tui.policy.safe_text import visible
from ecr_tui.ui.dialogs.dialog import Dialog


class ConfirmModal(Dialog[bool]):
    """Dismisses with True for yes, False for no (Escape and `n` say no)."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm-yes"),
        Binding("n", "answer(False)", "No", id="confirm-no"),
    ]

    def __init__(
        self, title: str, text: str, *, yes: str = "Yes", no: str = "Cancel", danger: bool = False
    ) -> None:
        super().__init__(title, classes="-warning" if danger else None)
        self.text = visible(text, keep_lines=True)
        self.yes_label = yes
        self.no_label = no
        self.danger = danger

    def compose_body(self) -> ComposeResult:
        yield Static(self.text, id="confirm-text", markup=False)
        with Horizontal(classes="dialog-buttons"):
            yield Button(
                f"{self.yes_label} (y)",
                variant="warning" if self.danger else "primary",
                id="confirm-yes",
                compact=True,
            )
            yield Button(f"{self.no_label} (n)", id="confirm-no", compact=True)

    def first_focus(self) -> str:
        return "#confirm-no" if self.danger else "#confirm-yes"

    def cancel_result(self) -> bool:
        return False

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
