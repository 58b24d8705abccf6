"""Paging and jumping in lists and tables: Home and End on a row table, a filter box whose
paging keys move the list it filters, and letters typed on such a list sent to its box."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Input
from textual.widgets.data_table import CellType


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

    selects_when_focused = True
    """Whether focusing the box selects its text (a letter typed then replaces it)."""

    def take_typed(self, character: str) -> None:
        """Add a letter typed on the list to the end of the text and take the focus,
        without selecting the text, so that the next letter adds to it too."""
        if not self.has_focus:
            self.selects_when_focused, self.select_on_focus = self.select_on_focus, False
        self.cursor_position = len(self.value)
        self.insert_text_at_cursor(character)
        self.focus()

    def on_blur(self) -> None:
        self.select_on_focus = self.selects_when_focused

    def action_move_list(self, action: str) -> None:
        listing = self.screen.query_one(f"#{self.list_id}")
        getattr(listing, f"action_{action}")()


def type_into_filter(box: ListFilter, event: events.Key) -> None:
    """Send a letter typed outside `box` (on the list it filters) to the end of its text,
    so that nothing typed is lost. Space is left alone: it ticks the highlighted row."""
    character = event.character
    if box.has_focus or not event.is_printable or not character or character == " ":
        return
    event.stop()
    event.prevent_default()
    box.take_typed(character)
