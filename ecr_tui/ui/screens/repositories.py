"""Step 2 of the walk: the repositories of one region, with a summary of each policy."""

from __future__ import annotations

from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, Label
from textual.worker import get_current_worker

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.errors import AwsError, explain
from ecr_tui.aws.models import Repository
from ecr_tui.policy.summary import policy_summary
from ecr_tui.ui.messages import ShowRegions
from ecr_tui.ui.screens.error_modal import ErrorModal
from ecr_tui.ui.widgets.identity_bar import IdentityBar
from ecr_tui.ui.widgets.repository_table import UNREADABLE, RepositoryTable

POLICY_READERS = 8
BATCH_SECONDS = 0.1
FILTER_DELAY_FROM_ROWS = 1000
FILTER_DELAY_SECONDS = 0.15

Summary = tuple[str, str, str | None]


def summarise(backend: Backend, repository: Repository) -> Summary:
    """(name, policy summary, error message or None) for one repository."""
    try:
        live = backend.get_policy(repository.name)
    except Exception as error:
        failure = explain(error, doing="read the policy", repository=repository.name)
        return repository.name, UNREADABLE, failure.message
    return repository.name, policy_summary(live.document, repository.registry_id), None


class RepositoryFilter(Input):
    """The filter box; Enter opens the highlighted repository, in the order keys were typed."""

    BINDINGS = [Binding("enter", "submit", "Permissions", id="repositories-filter-open")]


class RepositoriesScreen(Screen[None]):
    """Lists the repositories `backend` sees; Enter opens the permissions of one."""

    CSS_PATH = "repositories.tcss"
    AUTO_FOCUS = "#repositories-table"

    BINDINGS = [
        Binding("slash", "filter", "Filter", id="repositories-filter"),
        Binding("f5,ctrl+r", "reload", "Reload", id="repositories-reload"),
        Binding("r", "regions", "Regions", id="repositories-regions"),
        Binding("escape", "back", "Back", id="repositories-back"),
        Binding("up", "move(-1)", "Previous", show=False),
        Binding("down", "move(1)", "Next", show=False),
    ]

    class PageLoaded(Message):
        def __init__(self, generation: int, repositories: list[Repository]) -> None:
            super().__init__()
            self.generation = generation
            self.repositories = repositories

    class ListingFinished(Message):
        def __init__(self, generation: int, error: AwsError | None = None) -> None:
            super().__init__()
            self.generation = generation
            self.error = error

    class PoliciesRead(Message):
        def __init__(self, generation: int, summaries: list[Summary], finished: bool) -> None:
            super().__init__()
            self.generation = generation
            self.summaries = summaries
            self.finished = finished

    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.backend = backend
        self.generation = 0
        self.listing = False
        self.policy_failures: list[str] = []
        self.opened: Repository | None = None
        self._filter_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield IdentityBar()
        with Horizontal(id="repositories-top"):
            yield Label("", id="repositories-status", markup=False)
            yield RepositoryFilter(placeholder="/ filter", id="repositories-filter", compact=True)
        yield RepositoryTable(id="repositories-table")
        yield Label("", id="repositories-empty", markup=False)
        yield Footer()

    @property
    def table(self) -> RepositoryTable:
        return self.query_one(RepositoryTable)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#repositories-filter", Input)

    def on_mount(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        self.generation += 1
        self.listing = True
        self.policy_failures = []
        self.table.reset()
        self.table.loading = True
        self._show_status()
        self._load(self.generation)

    @work(thread=True, exclusive=True, exit_on_error=False, group="repositories")
    def _load(self, generation: int) -> None:
        worker = get_current_worker()
        backend = self.backend
        with ThreadPoolExecutor(POLICY_READERS, thread_name_prefix="policy") as readers:
            pending: set[Future[Summary]] = set()
            error: AwsError | None = None
            try:
                for page in backend.repository_pages():
                    if worker.is_cancelled:
                        break
                    self.post_message(self.PageLoaded(generation, page))
                    pending |= {readers.submit(summarise, backend, repo) for repo in page}
                    pending = self._post_done(generation, pending, timeout=0)
            except Exception as failure:
                error = explain(failure, doing="list the repositories")
            self.post_message(self.ListingFinished(generation, error))
            while pending and not worker.is_cancelled:
                pending = self._post_done(generation, pending, timeout=BATCH_SECONDS)
            if worker.is_cancelled:
                readers.shutdown(cancel_futures=True)
                return
            self.post_message(self.PoliciesRead(generation, [], finished=True))

    def _post_done(
        self, generation: int, pending: set[Future[Summary]], timeout: float
    ) -> set[Future[Summary]]:
        done, still_pending = wait(pending, timeout=timeout, return_when=FIRST_COMPLETED)
        if timeout and still_pending:
            more, still_pending = wait(still_pending, timeout=timeout)
            done |= more
        if done:
            summaries = [future.result() for future in done]
            self.post_message(self.PoliciesRead(generation, summaries, finished=False))
        return still_pending

    @on(PageLoaded)
    def _page_loaded(self, message: PageLoaded) -> None:
        if message.generation != self.generation:
            return
        self.table.loading = False
        self.table.add_repositories(message.repositories)
        if self.focused is None:
            self.table.focus()
        self._show_status()
        self.refresh_bindings()

    @on(ListingFinished)
    def _listing_finished(self, message: ListingFinished) -> None:
        if message.generation != self.generation:
            return
        self.listing = False
        self.table.loading = False
        if self.focused is None:
            self.table.focus()
        self._show_status()
        self.refresh_bindings()
        if message.error is not None:
            self.app.push_screen(
                ErrorModal("The repositories could not be listed", message.error.message)
            )

    @on(PoliciesRead)
    def _policies_read(self, message: PoliciesRead) -> None:
        if message.generation != self.generation:
            return
        self.table.set_summaries({name: summary for name, summary, _ in message.summaries})
        self.policy_failures += [error for _, _, error in message.summaries if error]
        self._show_status()
        if message.finished and self.policy_failures:
            count = len(self.policy_failures)
            self.notify(
                self.policy_failures[0],
                title=f"{count} {'policy' if count == 1 else 'policies'} could not be read",
                severity="warning",
                markup=False,
            )

    def _show_status(self) -> None:
        table = self.table
        total = table.total
        count = f"{total} repositor{'y' if total == 1 else 'ies'}"
        if table.filter_text:
            count = f"{len(table.shown)} of {count}"
        parts = [count]
        if self.listing:
            parts.append("listing…")
        elif len(table.summaries) < total:
            parts.append(f"policies {len(table.summaries)}/{total}")
        self.query_one("#repositories-status", Label).update(" · ".join(parts))
        empty = self.query_one("#repositories-empty", Label)
        empty.display = not self.listing and not table.shown
        if total == 0:
            empty.update(f"There are no repositories in {self.backend.region}. r: other regions.")
        else:
            empty.update("No repository name contains the filter text. Escape clears it.")

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
        # At once, not after a refresh: keys typed right after `/` belong to the filter.
        self.set_focus(self.filter_input)

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
        if self.opened is not None:
            self._refresh_summary(self.generation, self.opened)
            self.opened = None

    @work(thread=True, exit_on_error=False, group="refresh-summary")
    def _refresh_summary(self, generation: int, repository: Repository) -> None:
        summary = summarise(self.backend, repository)
        self.post_message(self.PoliciesRead(generation, [summary], finished=False))

    def action_regions(self) -> None:
        self.post_message(ShowRegions())

    def action_back(self) -> None:
        if self.filter_input.has_focus or self.filter_input.value:
            self.filter_input.value = ""
            self.table.focus()
            return
        self.post_message(ShowRegions())
