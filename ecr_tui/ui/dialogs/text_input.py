"""Ask for one line of text: a file path to write to, or the Sid of a statement."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label, Static

from ecr_tui.ui.dialogs.dialog import Dialog


class TextInputDialog(Dialog[str | None]):
    """Dismisses with the text typed, stripped (Enter), or None (Escape); Enter on an
    empty field only says `empty_warning`."""

    FIRST_FOCUS = "#dialog-input"

    def __init__(
        self,
        title: str,
        *,
        value: str = "",
        placeholder: str = "",
        notes: Sequence[str] = (),
        hint: str,
        empty_warning: str,
        classes: str | None = None,
    ) -> None:
        super().__init__(title, classes=classes)
        self.value = value
        self.placeholder = placeholder
        self.notes = notes
        self.hint = hint
        self.empty_warning = empty_warning

    def compose_body(self) -> ComposeResult:
        yield Input(self.value, placeholder=self.placeholder, id="dialog-input", compact=True)
        for note in self.notes:
            yield Static(note, classes="dialog-hint", markup=False)
        yield Label(self.hint, classes="dialog-hint", markup=False)

    @on(Input.Submitted, "#dialog-input")
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.notify(self.empty_warning, severity="warning")
            return
        self.dismiss(text)


def path_prompt(title: str, default: str) -> TextInputDialog:
    """Ask for the path of a file to write."""
    return TextInputDialog(
        title,
        value=default,
        hint="Enter writes the file · Escape cancels",
        empty_warning="Type a file path first.",
        classes="-wide",
    )


def sid_prompt(count: int) -> TextInputDialog:
    """Ask for the Sid of the statement to remove from `count` marked repositories."""
    where = f"{count} marked repositor{'y' if count == 1 else 'ies'}"
    return TextInputDialog(
        f"Remove a statement from {where}",
        placeholder="Sid of the statement",
        notes=(
            "Repositories without a statement of that Sid are skipped. "
            "The plan for each is shown before anything is written.",
        ),
        hint="Enter shows the plan · Escape cancels",
        empty_warning="Type the Sid of the statement first.",
        classes="-warning",
    )
