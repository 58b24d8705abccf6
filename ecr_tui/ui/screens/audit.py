"""The audit of a region's repositories (or every region's): progress, then the findings.

The audit runs in a worker (`ui.audit_run`); this screen shows it and acts on the findings.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Label, Static
from textual.worker import get_current_worker

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.models import Repository
from ecr_tui.policy.organization_boundary import OrganizationBoundary
from ecr_tui.policy.safe_text import visible
from ecr_tui.service.audit_runner import RepositoryAudit, audit_one
from ecr_tui.service.reports import format_for_path, render, render_json
from ecr_tui.ui.audit_run import AuditAdvanced, AuditFailed, AuditFinished, AuditListed, run_audit
from ecr_tui.ui.dialogs.error_modal import ErrorModal
from ecr_tui.ui.export import ask_and_write, copy_and_tell
from ecr_tui.ui.messages import AuditEveryAccount
from ecr_tui.ui.widgets.findings_table import (
    BackendKey,
    FindingRow,
    FindingsTable,
    finding_rows,
    outcome_text,
)
from ecr_tui.ui.widgets.identity_bar import IdentityBar
from ecr_tui.ui.widgets.key_footer import KeyFooter
from ecr_tui.ui.widgets.progress_row import ProgressRow

NEEDS_FINDINGS = frozenset({"copy", "write"})
REGISTRY_ROW_NOTE = (
    "This finding is about the registry policy itself; it is read here, not edited "
    "(Private registry > Permissions in the console)."
)


class AuditScreen(Screen[None]):
    """Audits `repositories` (listed here when None) of the backend's region, or every region."""

    TITLE = "Audit"
    CSS_PATH = "audit.tcss"
    AUTO_FOCUS = "#audit-table"
    BINDINGS = [
        Binding("escape", "stop", "Stop", id="audit-stop"),
        Binding("escape", "back", "Back", show=False, id="audit-back"),
        Binding("c", "copy", "Copy JSON", id="audit-copy"),
        Binding("w", "write", "Write file", id="audit-write"),
        # Keys of their own: a scope switch re-runs the audit, so no paging key may do it.
        Binding("a", "scope(True)", "All regions", id="audit-all-regions"),
        Binding("t", "scope(False)", "This region", id="audit-this-region"),
        Binding("o", "every_account", "Accounts", id="audit-every-account"),
        Binding("ctrl+r,f5", "rerun", "Run again", show=False, id="audit-rerun"),
    ]

    @dataclass
    class Reaudited(Message):
        generation: int
        audit: RepositoryAudit

    def __init__(
        self,
        backend: Backend,
        repositories: list[Repository] | None = None,
        *,
        all_regions: bool = False,
    ) -> None:
        super().__init__()
        self.backend = backend
        self.known = repositories
        self.all_regions = all_regions
        self.generation = 0
        self.running = False
        self.done = 0
        self.total: int | None = None
        self.findings: list[FindingRow] | None = None
        self.audits: list[RepositoryAudit] = []
        self.backends: dict[BackendKey, Backend] = {}
        self.stopped = False
        self.opened: FindingRow | None = None
        self.boundary: OrganizationBoundary | None = None
        self.account_names: dict[str, str] = {}

    @property
    def scope(self) -> str:
        return "every region" if self.all_regions else self.backend.region

    def compose(self) -> ComposeResult:
        yield IdentityBar()
        yield Label("", id="audit-title", classes="screen-title", markup=False)
        yield ProgressRow(id="audit-progress")
        yield FindingsTable(id="audit-table")
        yield Label("", id="audit-empty", markup=False)
        yield Static("", id="audit-detail", markup=False)
        yield KeyFooter()

    @property
    def table(self) -> FindingsTable:
        return self.query_one(FindingsTable)

    @property
    def progress(self) -> ProgressRow:
        return self.query_one(ProgressRow)

    def on_mount(self) -> None:
        self.start()

    def start(self) -> None:
        """(Re)run the audit over the current scope; an earlier run is cancelled."""
        self.generation += 1
        self.running, self.done, self.total, self.findings = True, 0, None, None
        self.sub_title = self.scope
        self.query_one("#audit-title", Label).update(f"Audit · {self.scope}")
        self.table.show([], with_region=self.all_regions)
        self.query_one("#audit-empty", Label).display = False
        self.query_one("#audit-detail", Static).update("")
        self.progress.show(f"Listing the repositories of {self.scope}…", 0, None)
        self.refresh_bindings()
        self._run(self.generation, self.all_regions)

    @work(thread=True, exclusive=True, exit_on_error=False, group="audit")
    def _run(self, generation: int, all_regions: bool) -> None:
        worker = get_current_worker()
        accounts = getattr(self.app, "accounts", None)
        run_audit(
            self.backend,
            generation,
            all_regions=all_regions,
            known=self.known,
            directory=accounts.directory if accounts else None,
            trusted_accounts=getattr(self.app, "trusted_accounts", ()),
            post=self.post_message,
            cancelled=lambda: worker.is_cancelled,
        )

    @on(AuditListed)
    def _listed(self, message: AuditListed) -> None:
        if message.generation == self.generation:
            self.total = message.total
            self._show_progress()
            if message.skipped:
                self.notify(message.skipped.capitalize(), severity="warning", markup=False)

    @on(AuditAdvanced)
    def _audited(self, message: AuditAdvanced) -> None:
        if message.generation == self.generation:
            self.done += 1
            self._show_progress()

    def _show_progress(self) -> None:
        self.progress.show(f"Auditing {self.scope}", self.done, self.total)

    @on(AuditFailed)
    def _failed(self, message: AuditFailed) -> None:
        if message.generation == self.generation:
            self.running = False
            self.progress.finish("The repositories could not be listed.")
            self.refresh_bindings()
            self.app.push_screen(ErrorModal("The audit could not start", message.text))

    @on(AuditFinished)
    def _finished(self, message: AuditFinished) -> None:
        if message.generation != self.generation:
            return
        self.running = False
        self.audits, self.backends = message.audits, message.backends
        self.boundary, self.account_names = message.boundary, message.account_names
        self.stopped = message.stopped
        self._show_audits()

    @on(Reaudited)
    def _reaudited(self, message: Reaudited) -> None:
        if message.generation != self.generation or self.running:
            return
        fresh = message.audit
        self.audits = [fresh if a.key == fresh.key else a for a in self.audits]
        self._show_audits()

    def _show_audits(self) -> None:
        row = self.table.cursor_row
        self.findings = finding_rows(self.audits, self.backends, self.account_names)
        self.table.show(self.findings, with_region=self.all_regions)
        if self.findings:
            self.table.move_cursor(row=min(row, len(self.findings) - 1))
        self._show_detail()
        audited = sum(1 for audit in self.audits if not audit.registry)
        self.progress.finish(outcome_text(self.findings, audited, self.total, self.stopped))
        empty = self.query_one("#audit-empty", Label)
        empty.display = not self.findings
        if self.stopped:
            empty.update("No findings in the repositories audited before the audit was stopped.")
        else:
            empty.update(f"No findings: nothing risky in the policies of {self.scope}.")
        self.refresh_bindings()

    @property
    def current(self) -> FindingRow | None:
        return self.table.current

    @on(DataTable.RowHighlighted)
    def _show_detail(self) -> None:
        finding = self.current
        detail = self.query_one("#audit-detail", Static)
        if finding is None:
            detail.update("")
            return
        row = finding.row
        where = f"{row.repository} [{row.statement}]" if row.statement else row.repository
        source = " (registry policy)" if finding.from_registry else ""
        detail.update(visible(f"{where} · {row.check}{source}: {row.message}"))

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if (finding := self.current) is None:
            return
        if finding.registry:
            self.notify(REGISTRY_ROW_NOTE, markup=False)
            return
        from ecr_tui.ui.screens.permissions import PermissionsScreen

        self.opened = finding
        screen = PermissionsScreen(finding.backend, finding.repository, finding.statement)
        self.app.push_screen(screen)

    def on_screen_resume(self) -> None:
        """Back from a repository's permissions: audit it again, it may have changed."""
        opened, self.opened = self.opened, None
        if opened is not None and not self.running:
            self._reaudit(self.generation, opened.backend, opened.repository)

    @work(thread=True, exit_on_error=False, group="audit-one")
    def _reaudit(self, generation: int, backend: Backend, repository: Repository) -> None:
        audit = audit_one(backend, repository, boundary=self.boundary)
        self.post_message(self.Reaudited(generation, audit))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("stop", "back"):
            return self.running == (action == "stop")
        if action in NEEDS_FINDINGS:
            return not self.running and (bool(self.findings) or None)
        if action == "scope":
            return parameters[0] != self.all_regions
        if action == "rerun":
            return not self.running or None
        return True

    def action_scope(self, all_regions: bool) -> None:
        self.all_regions = all_regions
        self.start()

    def action_every_account(self) -> None:
        self.post_message(AuditEveryAccount(self.backend, all_regions=self.all_regions))

    def action_rerun(self) -> None:
        self.start()

    def action_copy(self) -> None:
        if self.findings:
            copy_and_tell(self, render_json([finding.row for finding in self.findings]))

    def action_write(self) -> None:
        if self.findings:
            rows = [finding.row for finding in self.findings]
            name = "all-regions" if self.all_regions else self.backend.region
            title = "Write the findings to a file (.csv for CSV, else JSON)"
            default = f"./ecr-audit-{name}.json"
            ask_and_write(self, title, default, lambda path: render(rows, format_for_path(path)))

    def action_stop(self) -> None:
        self.workers.cancel_group(self, "audit")
        self.progress.show("Stopping…", self.done, self.total)

    def action_back(self) -> None:
        self.dismiss()
