"""The base of every modal dialog: a title over a body in one box; Escape closes it."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Label

from ecr_tui.policy.safe_text import visible

ResultT = TypeVar("ResultT")


class Dialog(ModalScreen[ResultT]):
    """Subclasses yield the body (`compose_body`), say what Escape answers
    (`cancel_result`) and which widget takes the focus (`FIRST_FOCUS`).

    The title is shown as plain text, never as markup; `classes` such as "-warning" or
    "-error" colour the border and the title (see dialogs.tcss)."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog-cancel")
    ]
    FIRST_FOCUS: ClassVar[str | None] = None
    WITH_FOOTER: ClassVar[bool] = False

    def __init__(self, title: str, *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.title_text = visible(title)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-box"):
            yield Label(self.title_text, id="dialog-title", markup=False)
            yield from self.compose_body()
        if self.WITH_FOOTER:
            yield Footer()

    def compose_body(self) -> ComposeResult:
        """The widgets under the title."""
        yield from ()

    def on_mount(self) -> None:
        if selector := self.first_focus():
            self.query_one(selector).focus()

    def first_focus(self) -> str | None:
        """A selector of the widget focused when the dialog opens."""
        return self.FIRST_FOCUS

    def cancel_result(self) -> ResultT | None:
        """What the dialog answers when Escape closes it."""
        return None

    def action_cancel(self) -> None:
        self.dismiss(self.cancel_result())
