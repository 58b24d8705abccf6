"""The loading of the repository list: pages as they come, then each policy's summary.

Each listing is numbered, so what a stale one reports after a reload is ignored.
"""

from __future__ import annotations

from textual import on, work
from textual.screen import Screen
from textual.widgets import Label
from textual.worker import get_current_worker

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.errors import AwsError
from ecr_tui.aws.models import Repository
from ecr_tui.policy.organization_boundary import OrganizationBoundary
from ecr_tui.service.repository_listing import read_repositories, summarise_all
from ecr_tui.ui.dialogs.error_modal import ErrorModal
from ecr_tui.ui.repository_loading import ListingFinished, PageLoaded, PoliciesRead
from ecr_tui.ui.widgets.repository_table import RepositoryTable


class RepositoryListing(Screen[None]):
    """Lists the repositories `backend` sees into the screen's RepositoryTable, with a
    status line (#repositories-status) and a line for an empty list (#repositories-empty)."""

    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.backend = backend
        self.generation = 0
        self.listing = True
        """True until the listing is done; the first one starts after the first frame."""
        self.listing_error: AwsError | None = None
        self.policy_failures: list[str] = []

    @property
    def table(self) -> RepositoryTable:
        return self.query_one(RepositoryTable)

    def on_mount(self) -> None:
        # The first frame goes to the terminal before the listing worker wakes botocore.
        self.call_after_refresh(self.action_reload)

    def action_reload(self) -> None:
        self.generation += 1
        self.listing = True
        self.listing_error = None
        self.policy_failures = []
        self.table.reset()
        self.table.loading = True
        self._show_status()
        self._load(self.generation)

    @work(thread=True, exclusive=True, exit_on_error=False, group="repositories")
    def _load(self, generation: int) -> None:
        worker = get_current_worker()
        finished = read_repositories(
            self.backend,
            on_page=lambda page: self.post_message(PageLoaded(generation, page)),
            on_listed=lambda error: self.post_message(ListingFinished(generation, error)),
            on_summaries=lambda found: self.post_message(
                PoliciesRead(generation, found, finished=False)
            ),
            cancelled=lambda: worker.is_cancelled,
            trusted=getattr(self.app, "trusted_accounts", ()),
            boundary=self._boundary,
        )
        if finished:
            self.post_message(PoliciesRead(generation, [], finished=True))

    @on(PageLoaded)
    def _page_loaded(self, message: PageLoaded) -> None:
        if message.generation != self.generation:
            return
        first_rows = not self.table.shown  # the keys that need a row come alive
        self.table.loading = False
        self.table.add_repositories(message.repositories)
        if self.focused is None:
            self.table.focus()
        self._show_status()
        if first_rows:
            self.refresh_bindings()

    @on(ListingFinished)
    def _listing_finished(self, message: ListingFinished) -> None:
        if message.generation != self.generation:
            return
        self.listing = False
        self.listing_error = message.error
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
        self.query_one("#repositories-status", Label).update(table.status_text(self.listing))
        empty = self.query_one("#repositories-empty", Label)
        empty.display = not self.listing and not table.shown
        if self.listing_error is not None:
            empty.update("The repositories could not be listed. F5 tries again.")
        elif table.total == 0:
            empty.update(f"There are no repositories in {self.backend.region}. r: other regions.")
        else:
            empty.update("No repository name contains the filter text. Escape clears it.")

    def listed_account(self) -> str | None:
        known = self.table.repositories.values()
        return next((r.registry_id for r in known if r.registry_id), None)

    def refresh_summaries(self, names: list[str]) -> None:
        """Read the policies of `names` again (after they were changed from here)."""
        repositories = [self.table.repositories[n] for n in names if n in self.table.repositories]
        if repositories:
            self._refresh_summaries(self.generation, repositories)

    @work(thread=True, exit_on_error=False, group="refresh-summary")
    def _refresh_summaries(self, generation: int, repositories: list[Repository]) -> None:
        summaries = summarise_all(
            self.backend, repositories, getattr(self.app, "trusted_accounts", ()), self._boundary
        )
        self.post_message(PoliciesRead(generation, summaries, finished=False))

    def _boundary(self) -> OrganizationBoundary | None:
        accounts = getattr(self.app, "accounts", None)
        return accounts.boundary() if accounts else None
