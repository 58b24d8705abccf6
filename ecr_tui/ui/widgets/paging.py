"""Paging and jumping in lists and tables: Home and End on a row table, a filter box whose
paging keys move the list it filters, and letters typed on such a list sent to its box."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import DataTable, Input
from textual.widgets.data_table import CellType


def focus_now(widget: Widget) -> None:
    """Give `widget` the focus before the next key is handled. `Widget.focus` waits a turn,
    so a key typed ahead in the same burst would still reach the old focus."""
    widget.screen.set_focus(widget)


class JumpingTable(DataTable[CellType]):
    """A row table where Home and End go to the first and last row, as in every list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
    ]

    def action_first(self) -> None:
        self.action_scroll_top()

    def action_last(self) -> None:
        self.action_scroll_bottom()


class ListFilter(Input):
    """A filter box above a list (`list_id`): PageUp, PageDown, Home and End move the list's
    highlight, as they do with the list focused; Ctrl+A and Ctrl+E move in the text."""

    list_id: ClassVar[str] = ""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("pageup", "move_list('page_up')", "Page up", show=False),
        Binding("pagedown", "move_list('page_down')", "Page down", show=False),
        Binding("home", "move_list('first')", "First", show=False),
        Binding("end", "move_list('last')", "Last", show=False),
    ]

    down_enters_list: ClassVar[bool] = False
    """Whether Down moves the focus into the list (where Space ticks) rather than its
    highlight."""

    selects_when_focused = True
    """Whether focusing the box selects its text (a letter typed then replaces it)."""

    def take_typed(self, character: str) -> None:
        """Add a letter typed on the list to the end of the text and take the focus,
        without selecting the text, so that the next letter adds to it too."""
        if not self.has_focus:
            self.selects_when_focused, self.select_on_focus = self.select_on_focus, False
        self.cursor_position = len(self.value)
        self.insert_text_at_cursor(character)
        focus_now(self)

    def on_blur(self) -> None:
        self.select_on_focus = self.selects_when_focused

    async def _on_key(self, event: events.Key) -> None:
        focused = self.screen.focused
        if focused is not None and focused is not self:
            # Typed ahead in the burst whose Down moved the focus: the key is the list's.
            event.stop()
            event.prevent_default()
            focused.post_message(events.Key(event.key, event.character))
            return
        if event.key == "down" and self.down_enters_list:
            # Here, not as a binding: a binding runs only once the key has bubbled up,
            # after the keys typed ahead of it have already been handled.
            event.stop()
            event.prevent_default()
            self.action_into_list()
            return
        await super()._on_key(event)

    def action_into_list(self) -> None:
        focus_now(self.screen.query_one(f"#{self.list_id}"))

    def action_move_list(self, action: str) -> None:
        listing = self.screen.query_one(f"#{self.list_id}")
        getattr(listing, f"action_{action}")()


def type_into_filter(box: ListFilter, event: events.Key) -> None:
    """Send a letter typed outside `box` (on the list it filters) to the end of its text,
    so that nothing typed is lost. Space is left alone: it ticks the highlighted row. The
    box's own letters never get here (it keeps them), so a letter that does came from the
    list, even when an earlier letter of the same burst has already moved the focus."""
    character = event.character
    if not event.is_printable or not character or character == " ":
        return
    event.stop()
    event.prevent_default()
    box.take_typed(character)
