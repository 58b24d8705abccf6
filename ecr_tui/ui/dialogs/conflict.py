"""Someone else changed the policy since it was loaded: show how, and ask what to do."""

from __future__ import annotations

from enum import StrEnum

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from ecr_tui.policy.safe_text import visible
from ecr_tui.ui.dialogs.dialog import Dialog
from ecr_tui.ui.dialogs.save_confirm import colored_diff
from ecr_tui.ui.widgets.wrapped_text import WrappedText


class ConflictChoice(StrEnum):
    REAPPLY = "reapply"
    DISCARD = "discard"
    CANCEL = "cancel"


class ConflictScreen(Dialog[ConflictChoice]):
    """`conflicts` are the edits that could not be re-applied (re-applying is then off)."""

    BINDINGS = [
        Binding("r", "choose('reapply')", "Re-apply my edits", id="conflict-reapply"),
        Binding("d", "choose('discard')", "Discard my edits", id="conflict-discard"),
        Binding("escape", "choose('cancel')", "Cancel", id="conflict-cancel"),
    ]

    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]
    WITH_FOOTER = True

    def __init__(self, message: str, diff: str, conflicts: list[str] | None = None) -> None:
        super().__init__("Someone else changed this policy", classes="-warning")
        self.message = visible(message, keep_lines=True)
        self.diff = diff
        self.conflicts = conflicts or []

    def compose_body(self) -> ComposeResult:
        yield Static(self.message, id="conflict-message", markup=False)
        with VerticalScroll(id="conflict-diff"):
            yield WrappedText(colored_diff(self.diff), marker=1, id="conflict-diff-text")
        if self.conflicts:
            lines = [Content("These edits cannot be re-applied:")]
            lines += [Content(visible(f"✗ {conflict}")) for conflict in self.conflicts]
            yield Static(Content("\n").join(lines), id="conflict-problems")
        with Horizontal(classes="dialog-buttons"):
            yield Button(
                "Re-apply my edits (r)",
                variant="primary",
                id="reapply",
                disabled=bool(self.conflicts),
                compact=True,
            )
            yield Button("Discard mine, reload (d)", id="discard", compact=True)
            yield Button("Cancel", id="cancel", compact=True)

    def first_focus(self) -> str:
        return "#discard" if self.conflicts else "#reapply"

    def cancel_result(self) -> ConflictChoice:
        return ConflictChoice.CANCEL

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose" and parameters == ("reapply",) and self.conflicts:
            return None
        return True

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_choose(event.button.id or "cancel")

    def action_choose(self, choice: str) -> None:
        if choice == ConflictChoice.REAPPLY and self.conflicts:
            return
        self.dismiss(ConflictChoice(choice))
