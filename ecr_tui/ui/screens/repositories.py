"""Step 2 of the walk: the repositories of one region, with the worst finding of each policy.

From here the region is audited (A), and marked repositories are changed together; the
list's loading is `RepositoryListing`'s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import DataTable, Input, Label

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.models import Repository
from ecr_tui.ui.bulk_flow import BulkFlow
from ecr_tui.ui.messages import ShowRegions
from ecr_tui.ui.screens.repository_listing import RepositoryListing
from ecr_tui.ui.widgets.identity_bar import IdentityBar
from ecr_tui.ui.widgets.key_footer import KeyFooter
from ecr_tui.ui.widgets.repository_filter import RepositoryFilter
from ecr_tui.ui.widgets.repository_table import RepositoryTable

if TYPE_CHECKING:
    from ecr_tui.ui.screens.registry_permissions import RegistryPermissionsScreen

FILTER_DELAY_FROM_ROWS = 1000
FILTER_DELAY_SECONDS = 0.15

MARK_WRITES = frozenset({"add_to_marked", "remove_from_marked"})
NEEDS_MARKS = frozenset({*MARK_WRITES, "clear_marks"})
READ_ONLY_NOTE = (
    "Nothing can be marked or changed in read-only mode. Enter shows a repository's "
    "permissions, g the registry's, A audits the region, / filters."
)


class RepositoriesScreen(RepositoryListing):
    """Lists the repositories `backend` sees; Enter opens the permissions of one."""

    CSS_PATH = "repositories.tcss"
    AUTO_FOCUS = "#repositories-table"

    BINDINGS = [
        Binding("a", "add_to_marked", "Add statement", id="repositories-bulk-add"),
        Binding("x", "remove_from_marked", "Drop Sid", id="repositories-bulk-remove"),
        # Priority: focus moves at once, so keys typed right after `/` land in the filter.
        Binding("slash", "filter", "Filter", priority=True, id="repositories-filter"),
        Binding("A", "audit", "Audit", id="repositories-audit"),
        Binding("r", "regions", "Regions", id="repositories-regions"),
        Binding("g", "registry", "Registry", id="repositories-registry"),
        Binding("m", "mark_shown", "Mark all", show=False, id="repositories-mark-shown"),
        Binding("M", "clear_marks", "Clear marks", show=False, id="repositories-clear-marks"),
        Binding("f5,ctrl+r", "reload", "Reload", show=False, id="repositories-reload"),
        Binding("escape", "back", "Back", show=False, id="repositories-back"),
        Binding("space,m,a,x", "read_only_note", "Read-only", show=False, id="repositories-ro"),
        Binding("up", "move(-1)", "Previous", show=False),
        Binding("down", "move(1)", "Next", show=False),
    ]

    def __init__(self, backend: Backend) -> None:
        super().__init__(backend)
        self.opened: Repository | None = None
        self.registry_screen: RegistryPermissionsScreen | None = None
        self._filter_timer: Timer | None = None
        self.bulk = BulkFlow(self)

    def compose(self) -> ComposeResult:
        table = RepositoryTable(id="repositories-table")
        table.markable = not self.backend.read_only
        table.loading = True
        yield IdentityBar()
        with Horizontal(id="repositories-top"):
            status = table.status_text(listing=True)
            yield Label(status, id="repositories-status", markup=False)
            yield RepositoryFilter(placeholder="/ filter", id="repositories-filter", compact=True)
        yield table
        yield Label("", id="repositories-empty", markup=False)
        yield KeyFooter()

    @property
    def filter_input(self) -> Input:
        return self.query_one("#repositories-filter", Input)

    @on(Input.Changed, "#repositories-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
        if self.table.total >= FILTER_DELAY_FROM_ROWS:
            self._filter_timer = self.set_timer(FILTER_DELAY_SECONDS, self._apply_filter)
        else:
            self._apply_filter()

    def _apply_filter(self) -> None:
        """Filter the table; long lists wait for a pause in typing, so keys never lag."""
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        self.table.set_filter(self.filter_input.value)
        self._show_status()
        self.refresh_bindings()

    def action_filter(self) -> None:
        """Focus the filter with its text selected, so what is typed next replaces it."""
        self.set_focus(self.filter_input)
        self.filter_input.select_all()

    def action_move(self, step: int) -> None:
        if step < 0:
            self.table.action_cursor_up()
        else:
            self.table.action_cursor_down()

    def open_repository(self) -> None:
        repository = self.table.selected
        if repository is None:
            return
        from ecr_tui.ui.screens.permissions import PermissionsScreen

        self.opened = repository
        self.app.push_screen(PermissionsScreen(self.backend, repository))

    @on(DataTable.RowSelected)
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.open_repository()

    @on(Input.Submitted, "#repositories-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._filter_timer is not None:
            self._apply_filter()
        self.open_repository()

    def on_screen_resume(self) -> None:
        """Back from a repository: on the list, so `/` starts a new filter; its policy again."""
        if self.opened is not None:
            self.table.focus()
            self.refresh_summaries([self.opened.name])
            self.opened = None
        if self.registry_screen is not None:
            if self.registry_screen.changed_registry:  # what it grants shows in every row
                self.refresh_summaries(list(self.table.repositories))
            self.registry_screen = None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "filter":
            return not self.filter_input.has_focus
        if action == "read_only_note":
            return self.backend.read_only
        if action in (*MARK_WRITES, "mark_shown") and self.backend.read_only:
            return False
        if action in NEEDS_MARKS:
            return bool(self.table.marked)
        if action == "mark_shown":
            return bool(self.table.shown) or None
        return True

    @on(RepositoryTable.MarksChanged)
    def _marks_changed(self) -> None:
        self._show_status()
        self.refresh_bindings()

    def action_read_only_note(self) -> None:
        self.notify(READ_ONLY_NOTE, title="Read-only", markup=False)

    def action_mark_shown(self) -> None:
        self.table.mark_shown()

    def action_clear_marks(self) -> None:
        self.table.clear_marks()

    def action_add_to_marked(self) -> None:
        self.bulk.add_statement(self.table.marked)

    def action_remove_from_marked(self) -> None:
        self.bulk.remove_statement(self.table.marked)

    def action_audit(self) -> None:
        from ecr_tui.ui.screens.audit import AuditScreen

        known = None if self.listing else list(self.table.repositories.values())
        self.app.push_screen(AuditScreen(self.backend, known))

    def action_registry(self) -> None:
        """The registry policy of the region, with the repositories listed so far counted
        when the listing is done (else the screen lists them itself)."""
        from ecr_tui.ui.screens.registry_permissions import RegistryPermissionsScreen

        known = None if self.listing else list(self.table.repositories.values())
        identity = getattr(self.app, "identity", None)
        account = getattr(identity, "account", None)
        self.registry_screen = RegistryPermissionsScreen(self.backend, known, account)
        self.app.push_screen(self.registry_screen)

    def action_regions(self) -> None:
        self.post_message(ShowRegions())

    def action_back(self) -> None:
        """In the filter: clear it, then leave it. On the list: clear the filter, then go back."""
        if self.filter_input.value:
            self.filter_input.value = ""
        elif self.filter_input.has_focus:
            self.table.focus()
        else:
            self.post_message(ShowRegions())
