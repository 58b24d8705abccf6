"""Paging and jumping in lists and tables: Home and End on a row table, and a filter box
whose paging keys move the list it filters."""

from __future__ import annotations

from typing import ClassVar

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

    def action_move_list(self, action: str) -> None:
        listing = self.screen.query_one(f"#{self.list_id}")
        getattr(listing, f"action_{action}")()
