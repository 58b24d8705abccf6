"""The filter box above the repository list."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input


class RepositoryFilter(Input):
    """Enter opens the highlighted repository, in the order keys were typed."""

    BINDINGS = [Binding("enter", "submit", "Permissions", id="repositories-filter-open")]
