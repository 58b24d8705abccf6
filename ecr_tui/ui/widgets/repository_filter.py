"""The filter box above the repository list."""

from __future__ import annotations

from textual.binding import Binding

from ecr_tui.ui.widgets.paging import ListFilter


class RepositoryFilter(ListFilter):
    """Enter opens the highlighted repository, in the order keys were typed."""

    list_id = "repositories-table"
    BINDINGS = [Binding("enter", "submit", "Permissions", id="repositories-filter-open")]
