"""Someone else changed the policy since it was loaded: show how, and ask what to do."""

from __future__ import annotations

from enum import StrEnum

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Label, Static

from ecr_tui.policy.safe_text import visible
from ecr_tui.ui.screens.save_confirm import colored_diff
from ecr_tui.ui.widgets.wrapped_text import WrappedText


class ConflictChoice(StrEnum):
    REAPPLY = "reapply"
    DISCARD = "discard"
    CANCEL = "cancel"


class ConflictScreen(ModalScreen[ConflictChoice]):
    """`conflicts` are the edits that could not be re-applied (re-applying is then off)."""

    BINDINGS = [
        Binding("r", "choose('reapply')", "Re-apply my edits", id="conflict-reapply"),
        Binding("d", "choose('discard')", "Discard my edits", id="conflict-discard"),
        Binding("escape", "choose('cancel')", "Cancel", id="conflict-cancel"),
    ]

    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]

    DEFAULT_CSS = """
    ConflictScreen {
        align: center middle;
    }
    ConflictScreen > #conflict-box {
        width: 96%;
        max-width: 110;
        height: auto;
        max-height: 100%;
        border: thick $warning;
        background: $surface;
        padding: 0 1;
    }
    ConflictScreen #conflict-title {
        text-style: bold;
        color: $text-warning;
    }
    ConflictScreen #conflict-diff {
        height: auto;
        max-height: 8;
        background: $boost;
        margin-top: 1;
        scrollbar-size-vertical: 1;
    }
    ConflictScreen #conflict-problems {
        height: auto;
        color: $text-error;
        margin-top: 1;
    }
    ConflictScreen.-tall #conflict-diff {
        max-height: 24;
    }
    ConflictScreen #conflict-diff-text {
        width: 1fr;
    }
    ConflictScreen #conflict-buttons {
        height: auto;
        margin-top: 1;
    }
    ConflictScreen #conflict-buttons Button {
        margin-right: 2;
    }
    """

    def __init__(self, message: str, diff: str, conflicts: list[str] | None = None) -> None:
        super().__init__()
        self.message = visible(message, keep_lines=True)
        self.diff = diff
        self.conflicts = conflicts or []

    def compose(self) -> ComposeResult:
        with Vertical(id="conflict-box"):
            yield Label("Someone else changed this policy", id="conflict-title")
            yield Static(self.message, id="conflict-message", markup=False)
            with VerticalScroll(id="conflict-diff"):
                yield WrappedText(colored_diff(self.diff), marker=1, id="conflict-diff-text")
            if self.conflicts:
                lines = [Content("These edits cannot be re-applied:")]
                lines += [Content(visible(f"✗ {conflict}")) for conflict in self.conflicts]
                yield Static(Content("\n").join(lines), id="conflict-problems")
            with Horizontal(id="conflict-buttons"):
                yield Button(
                    "Re-apply my edits (r)",
                    variant="primary",
                    id="reapply",
                    disabled=bool(self.conflicts),
                    compact=True,
                )
                yield Button("Discard mine, reload (d)", id="discard", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#discard" if self.conflicts else "#reapply").focus()

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
