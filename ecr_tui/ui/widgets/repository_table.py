"""The repository list: sorted, filterable, with a policy column filled in later."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from ecr_tui.aws.models import Repository
from ecr_tui.policy.summary import CROSS_ACCOUNT, NO_POLICY, PUBLIC

PENDING = "…"
UNREADABLE = "unreadable"

SUMMARY_COLOURS = {PUBLIC: "text-error", CROSS_ACCOUNT: "text-warning", UNREADABLE: "text-error"}
DIM_SUMMARIES = frozenset({NO_POLICY, PENDING})


def matches(repository: Repository, words: list[str]) -> bool:
    name = repository.name.lower()
    return all(word in name for word in words)


class RepositoryTable(DataTable[Text]):
    """Keeps every repository seen; shows those matching `filter_text`, sorted by name.

    Row keys are repository names; the policy column's key is `policy`. Enter posts
    `DataTable.RowSelected` for the highlighted repository.
    """

    BINDINGS = [Binding("enter", "select_cursor", "Permissions", id="repositories-open")]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.repositories: dict[str, Repository] = {}
        self.summaries: dict[str, str] = {}
        self.filter_text = ""
        self.shown: list[str] = []

    def on_mount(self) -> None:
        self.add_column("Repository", key="name")
        self.add_column("Policy", key="policy", width=13)
        self.add_column("Created", key="created", width=10)
        self.add_column("URI", key="uri")
        self.watch(self.app, "theme", lambda _theme: self._rebuild(force=True), init=False)

    def summary_cell(self, summary: str) -> Text:
        """The policy cell, coloured from the current theme (cells are Rich text)."""
        if summary in DIM_SUMMARIES:
            return Text(summary, style="dim")
        colour = self.app.theme_variables.get(SUMMARY_COLOURS.get(summary, ""))
        bold = summary == PUBLIC
        return Text(summary, style=Style(color=colour, bold=bold) if colour else "")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "select_cursor":
            return self.selected is not None
        return True

    @property
    def total(self) -> int:
        return len(self.repositories)

    @property
    def selected(self) -> Repository | None:
        if not self.shown or not 0 <= self.cursor_row < len(self.shown):
            return None
        return self.repositories.get(self.shown[self.cursor_row])

    def reset(self) -> None:
        self.repositories.clear()
        self.summaries.clear()
        self._rebuild(force=True)

    def add_repositories(self, repositories: list[Repository]) -> None:
        for repository in repositories:
            self.repositories[repository.name] = repository
        self._rebuild()

    def set_filter(self, text: str) -> None:
        self.filter_text = text
        self._rebuild()

    def set_summaries(self, summaries: dict[str, str]) -> None:
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
        if shown == self.shown and not force:
            return
        self.shown = shown
        self.clear()
        for name in self.shown:
            repository = self.repositories[name]
            created = repository.created.date().isoformat() if repository.created else ""
            self.add_row(
                Text(name),
                self.summary_cell(self.summaries.get(name, PENDING)),
                Text(created),
                Text(repository.uri),
                key=name,
            )
        if keep in self.rows:
            self.move_cursor(row=self.get_row_index(keep), scroll=True)
