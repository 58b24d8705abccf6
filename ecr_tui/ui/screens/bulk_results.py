"""Saving many repositories, each on its own, and what happened to each."""

from __future__ import annotations

from collections import Counter

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Static
from textual.worker import get_current_worker

from ecr_tui.aws.backend import Backend
from ecr_tui.policy.safe_text import visible
from ecr_tui.service.backups import BackupStore
from ecr_tui.service.planning import BulkResult, BulkStatus, Plan, save_plans, skipped_result
from ecr_tui.ui.widgets.identity_bar import IdentityBar
from ecr_tui.ui.widgets.paging import JumpingTable
from ecr_tui.ui.widgets.progress_row import ProgressRow

STATUS_COLOURS = {
    BulkStatus.SAVED: "text-success",
    BulkStatus.DELETED: "text-success",
    BulkStatus.CONFLICT: "text-warning",
    BulkStatus.NEEDS_CONFIRMATION: "text-warning",
    BulkStatus.FAILED: "text-error",
    BulkStatus.INVALID: "text-error",
}
WAITING = "waiting"


class BulkResults(Screen[list[BulkResult]]):
    """Saves every writable plan in a worker; each row shows what happened to its repository.

    Dismisses with the results (Escape); while saving, Escape stops before the next write.
    """

    TITLE = "Results"
    CSS_PATH = "bulk.tcss"
    AUTO_FOCUS = "#bulk-table"
    BINDINGS = [Binding("escape", "close", "Close", id="bulk-results-close")]

    class Saved(Message):
        def __init__(self, result: BulkResult) -> None:
            super().__init__()
            self.result = result

    class AllSaved(Message):
        pass

    def __init__(
        self, backend: Backend, title: str, plans: list[Plan], backups: BackupStore
    ) -> None:
        super().__init__()
        self.backend = backend
        self.title_text = title
        self.plans = plans
        self.backups = backups
        self.results: dict[str, BulkResult] = {
            plan.repository: skipped_result(plan) for plan in plans if not plan.writable
        }
        self.writable = [plan for plan in plans if plan.writable]
        self.running = False

    def compose(self) -> ComposeResult:
        yield IdentityBar()
        yield Label(self.title_text, classes="screen-title", markup=False)
        yield ProgressRow(id="bulk-progress")
        yield JumpingTable[Text](id="bulk-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="bulk-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#bulk-table", DataTable)
        table.add_column("Repository", key="repository")
        table.add_column("Result", key="status", width=10)
        table.add_column("Detail", key="message")
        for plan in self.plans:
            result = self.results.get(plan.repository)
            table.add_row(*self._cells(plan.repository, result), key=plan.repository)
        self.running = True
        self._show_progress()
        self._save()

    def _cells(self, repository: str, result: BulkResult | None) -> tuple[Text, Text, Text]:
        if result is None:
            return Text(repository), Text(WAITING, style="dim"), Text("")
        colour = self.app.theme_variables.get(STATUS_COLOURS.get(result.status, ""))
        style = Style(color=colour) if colour else Style(dim=result.status is BulkStatus.SKIPPED)
        status = Text(result.status.value, style=style)
        return Text(visible(repository)), status, Text(visible(result.message))

    @work(thread=True, exclusive=True, exit_on_error=False, group="bulk-save")
    def _save(self) -> None:
        worker = get_current_worker()
        save_plans(
            self.backend,
            self.writable,
            self.backups,
            on_result=lambda result: self.post_message(self.Saved(result)),
            cancelled=lambda: worker.is_cancelled,
        )
        self.post_message(self.AllSaved())

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        result = message.result
        self.results[result.repository] = result
        table = self.query_one("#bulk-table", DataTable)
        _, status, detail = self._cells(result.repository, result)
        table.update_cell(result.repository, "status", status)
        table.update_cell(result.repository, "message", detail, update_width=True)
        self._show_progress()
        self._show_highlighted()

    @on(AllSaved)
    def _all_saved(self) -> None:
        self.running = False
        counts = Counter(result.status for result in self.results.values())
        text = " · ".join(
            f"{counts[status]} {status.value}" for status in BulkStatus if counts[status]
        )
        self.query_one(ProgressRow).finish(f"Done: {text}. Escape goes back.")
        self._show_highlighted()

    def _show_progress(self) -> None:
        done = sum(plan.repository in self.results for plan in self.writable)
        self.query_one(ProgressRow).show("Saving", done, len(self.writable))

    @on(DataTable.RowHighlighted)
    def _show_highlighted(self) -> None:
        """The whole sentence for the highlighted repository, which the table may cut short."""
        table = self.query_one("#bulk-table", DataTable)
        if not 0 <= table.cursor_row < len(self.plans):
            return
        repository = self.plans[table.cursor_row].repository
        result = self.results.get(repository)
        text = f"{repository}: {result.status.value}: {result.message}" if result else repository
        self.query_one("#bulk-detail", Static).update(text)

    def action_close(self) -> None:
        if self.running:
            self.workers.cancel_group(self, "bulk-save")
            self.notify("Stopping: repositories not yet started will not be written.")
            return
        self.dismiss([self.results[plan.repository] for plan in self.plans])
