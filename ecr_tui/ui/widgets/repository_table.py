"""The repository list: sorted, filterable, markable, with a policy column filled in later."""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets.data_table import CellKey, RowKey

from ecr_tui.aws.models import Repository
from ecr_tui.policy.safe_text import visible
from ecr_tui.policy.summary import NO_POLICY, PolicySummary
from ecr_tui.ui.widgets.paging import JumpingTable
from ecr_tui.ui.widgets.severity import severity_style

PENDING = PolicySummary("…")
POLICY_WIDTH = 27
CREATED_WIDTH = 10
MARK = "✓"
URI_FROM_WIDTH = 110
"""Narrower tables leave out the URI column (the permissions screen shows the URI)."""
COLUMNS = 5


def matches(repository: Repository, words: list[str]) -> bool:
    name = repository.name.lower()
    return all(word in name for word in words)


class RepositoryTable(JumpingTable[Text]):
    """Keeps every repository seen; shows those matching `filter_text`, sorted by name.

    Row keys are repository names; the policy column's key is `policy`, the mark
    column's `mark`, the URI column's `uri` (there only when every URI fits in full).
    Enter posts `DataTable.RowSelected` for the highlighted repository.
    """

    BINDINGS = [
        Binding("enter", "select_cursor", "Permissions", id="repositories-open"),
        Binding("space", "toggle_mark", "Mark", id="repositories-mark"),
    ]

    class MarksChanged(Message):
        """Repositories were marked or unmarked."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.repositories: dict[str, Repository] = {}
        self.summaries: dict[str, PolicySummary] = {}
        self.marks: set[str] = set()
        self.filter_text = ""
        self.shown: list[str] = []
        self.with_uri = False
        self._widest_name = 0
        self._widest_uri = 0
        self.markable = True
        """False in read-only mode: marks only serve to change repositories together."""

    def on_mount(self) -> None:
        self._add_columns()
        # The signal comes once the new theme's variables are in place (the reactive, before).
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._rebuild(force=True))

    def on_resize(self) -> None:
        self._rebuild()

    def _add_columns(self) -> None:
        self.add_column(" ", key="mark", width=1)
        self.add_column("Repository", key="name")
        self.add_column("Policy", key="policy", width=POLICY_WIDTH)
        self.add_column("Created", key="created", width=CREATED_WIDTH)
        if self.with_uri:
            self.add_column("URI", key="uri")

    def uri_fits(self) -> bool:
        """Whether every URI fits in full beside the other columns (never below URI_FROM_WIDTH)."""
        width = self.size.width
        if width < URI_FROM_WIDTH:
            return False
        name, uri = self._widest_name, self._widest_uri
        cells = 1 + max(name, len("Repository")) + POLICY_WIDTH + CREATED_WIDTH + uri
        padding = 2 * self.cell_padding * COLUMNS
        return width >= cells + padding + self.styles.scrollbar_size_vertical

    def summary_cell(self, summary: PolicySummary) -> Text:
        """The policy cell, coloured by severity from the current theme."""
        if summary.label in (NO_POLICY, PENDING.label):
            return Text(summary.label, style="dim")
        return Text(summary.label, style=severity_style(self.app, summary.severity))

    def mark_cell(self, name: str) -> Text:
        if name not in self.marks:
            return Text("")
        return Text(MARK, style=f"bold {self.app.theme_variables.get('text-accent', '')}")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_mark" and not self.markable:
            return False
        if action in ("select_cursor", "toggle_mark"):
            return self.selected is not None
        return True

    @property
    def total(self) -> int:
        return len(self.repositories)

    def status_text(self, listing: bool) -> str:
        """'3 of 27 repositories · 2 marked · policies 5/27', or '… · listing…' while listing."""
        count = f"{self.total:,} repositor{'y' if self.total == 1 else 'ies'}"
        if self.filter_text:
            count = f"{len(self.shown):,} of {count}"
        parts = [count]
        if marked := len(self.marked):
            parts.append(f"{marked:,} marked")
        if listing:
            parts.append("listing…")
        elif len(self.summaries) < self.total:
            parts.append(f"policies {len(self.summaries):,}/{self.total:,}")
        return " · ".join(parts)

    @property
    def selected(self) -> Repository | None:
        if not self.shown or not 0 <= self.cursor_row < len(self.shown):
            return None
        return self.repositories.get(self.shown[self.cursor_row])

    @property
    def marked(self) -> list[str]:
        """The marked repositories that are still listed, by name."""
        return sorted(name for name in self.marks if name in self.repositories)

    def action_toggle_mark(self) -> None:
        """Mark or unmark the highlighted repository, then move down (space, space, ...)."""
        if (repository := self.selected) is not None:
            self.marks ^= {repository.name}
            self._show_marks([repository.name])
            self.action_cursor_down()

    def mark_shown(self) -> None:
        """Mark every repository the filter shows."""
        self.marks |= set(self.shown)
        self._show_marks(self.shown)

    def clear_marks(self) -> None:
        cleared, self.marks = self.marks, set()
        self._show_marks(cleared)

    def _show_marks(self, names: list[str] | set[str]) -> None:
        for name in names:
            if name in self.rows:
                self.update_cell(name, "mark", self.mark_cell(name))
        self.refresh_bindings()
        self.post_message(self.MarksChanged())

    def reset(self) -> None:
        """Forget the repositories and their summaries; marks stay for those listed again."""
        self.repositories.clear()
        self.summaries.clear()
        self._widest_name = self._widest_uri = 0
        self._rebuild(force=True)

    def add_repositories(self, repositories: list[Repository]) -> None:
        """Add a page: only its rows are built when it brings only new repositories."""
        known = any(repository.name in self.repositories for repository in repositories)
        for repository in repositories:
            self.repositories[repository.name] = repository
            self._widest_name = max(self._widest_name, cell_len(repository.name))
            self._widest_uri = max(self._widest_uri, cell_len(repository.uri))
        if known or self.uri_fits() != self.with_uri:
            self._rebuild()
            return
        words = self.filter_text.lower().split()
        adding = sorted(repo.name for repo in repositories if matches(repo, words))
        if not adding:
            return
        keep = self.selected.name if self.selected else None
        for name in adding:
            self.add_row(*self._cells(name), key=name)
        self.shown = sorted(self.shown + adding)
        self.sort("name", key=lambda cell: cell.plain)
        if keep is not None and keep in self.rows:
            self.move_cursor(row=self.get_row_index(keep), scroll=True)

    def set_filter(self, text: str) -> None:
        self.filter_text = text
        self._rebuild()

    def set_summaries(self, summaries: dict[str, PolicySummary]) -> None:
        """Fill policy cells in place; rows filtered out get theirs when shown again."""
        self.summaries.update(summaries)
        for name, summary in summaries.items():
            if name in self.rows:
                self.update_cell(name, "policy", self.summary_cell(summary))

    def _rebuild(self, *, force: bool = False) -> None:
        """Show the matching rows; rebuilding measures every cell, so skip needless ones."""
        keep = self.selected.name if self.selected else None
        words = self.filter_text.lower().split()
        shown = sorted(
            name for name, repository in self.repositories.items() if matches(repository, words)
        )
        new_columns = self.uri_fits() != self.with_uri
        if shown == self.shown and not force and not new_columns:
            return
        self.shown = shown
        self.clear(columns=new_columns)
        if new_columns:
            self.with_uri = not self.with_uri
            self._add_columns()
        for name in self.shown:
            self.add_row(*self._cells(name), key=name)
        if keep is not None and keep in self.rows:
            self.move_cursor(row=self.get_row_index(keep), scroll=True)

    def _cells(self, name: str) -> list[Text]:
        repository = self.repositories[name]
        created = repository.created.date().isoformat() if repository.created else ""
        cells = [
            self.mark_cell(name),
            Text(visible(name)),
            self.summary_cell(self.summaries.get(name, PENDING)),
            Text(created),
        ]
        return cells + ([Text(visible(repository.uri))] if self.with_uri else [])

    # DataTable measures every new or changed cell by rendering it, which for thousands of
    # rows costs more than the listing. Rows here are one line and unlabelled, and every
    # cell is a Text, so an auto-width column's width is its widest cell's length; the
    # fixed-width columns need no measuring at all.
    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        auto_width = [key for key, column in self.columns.items() if column.auto_width]
        for row_key in new_rows:
            cells = self._data.get(row_key)
            if cells is None:
                continue
            for column_key in auto_width:
                column = self.columns[column_key]
                column.content_width = max(column.content_width, cells[column_key].cell_len)
        super()._update_dimensions([])

    def _update_column_widths(self, updated_cells: set[CellKey]) -> None:
        auto_width = {key for key, column in self.columns.items() if column.auto_width}
        super()._update_column_widths({c for c in updated_cells if c.column_key in auto_width})
