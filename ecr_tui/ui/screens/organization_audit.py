"""The audit of every account of the organisation: progress per account, then the findings of
all of them, outside-the-organisation access ranked above inside."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.binding import Binding
from textual.message import Message
from textual.worker import get_current_worker

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.errors import explain
from ecr_tui.aws.organization import OrganizationDirectory
from ecr_tui.service.organization_audit import AccountAudit, AuditProgress, audit_accounts
from ecr_tui.ui.audit_run import AuditFailed, AuditFinished
from ecr_tui.ui.screens.audit import AuditScreen
from ecr_tui.ui.widgets.findings_table import BackendKey


class OrganizationAuditScreen(AuditScreen):
    """Audits the backend's region (or every region) of every active account; `a` goes back
    to the audit of the signed-in account."""

    BINDINGS = [Binding("o", "this_account", "This account", id="audit-this-account")]

    @dataclass
    class AccountsAdvanced(Message):
        generation: int
        progress: AuditProgress

    @dataclass
    class AccountsFailed(Message):
        generation: int
        failed: list[AccountAudit]

    def __init__(
        self, directory: OrganizationDirectory, backend: Backend, *, all_regions: bool = False
    ) -> None:
        """`backend` is the signed-in account's: its region is audited in every account."""
        super().__init__(backend, all_regions=all_regions)
        self.directory = directory
        self.latest: AuditProgress | None = None
        self.failed: list[AccountAudit] = []

    @property
    def scope(self) -> str:
        where = "every region" if self.all_regions else self.backend.region
        return f"every account · {where}"

    @work(thread=True, exclusive=True, exit_on_error=False, group="audit")
    def _run(self, generation: int, all_regions: bool) -> None:
        worker = get_current_worker()
        try:
            organization = self.directory.organization()
        except Exception as error:
            text = explain(error, doing="list the organisation's accounts").message
            self.post_message(AuditFailed(generation, text))
            return
        results = audit_accounts(
            self.directory,
            organization.active,
            all_regions=all_regions,
            region=self.backend.region,
            boundary=organization.boundary,
            trusted_accounts=getattr(self.app, "trusted_accounts", ()),
            on_progress=lambda p: self.post_message(self.AccountsAdvanced(generation, p)),
            cancelled=lambda: worker.is_cancelled,
        )
        audits = [audit for result in results for audit in result.audits]
        backends: dict[BackendKey, Backend] = {}
        for audit in audits:
            key = (audit.repository.registry_id, audit.region)
            if key not in backends:
                backends[key] = self.directory.backend_for(key[0], audit.region)
        self.post_message(self.AccountsFailed(generation, [r for r in results if r.error]))
        stopped = worker.is_cancelled
        boundary, names = organization.boundary, organization.names
        self.post_message(AuditFinished(generation, audits, backends, stopped, boundary, names))

    @on(AccountsAdvanced)
    def _advanced(self, message: AccountsAdvanced) -> None:
        if message.generation == self.generation:
            self.latest = message.progress
            self.done = message.progress.repositories_done
            self.total = message.progress.repositories_total
            self._show_progress()

    def _show_progress(self) -> None:
        progress = self.latest
        if progress is None:
            self.progress.show(f"Listing the accounts of {self.scope}…", 0, None)
            return
        text = (
            f"Auditing every account: {progress.accounts_done}/{progress.accounts_total} "
            f"accounts · repositories"
        )
        self.progress.show(text, progress.repositories_done, progress.repositories_total)

    @on(AccountsFailed)
    def _accounts_failed(self, message: AccountsFailed) -> None:
        if message.generation != self.generation:
            return
        self.failed = message.failed
        for result in message.failed:
            self.notify(
                f"{result.account.label} was not audited: {result.error}",
                title="Account not audited",
                severity="warning",
                markup=False,
            )

    def _show_audits(self) -> None:
        super()._show_audits()
        if self.failed:
            count = len(self.failed)
            names = ", ".join(result.account.name or result.account.id for result in self.failed)
            self.progress.finish(f"{self.progress.text} · {count} account(s) not audited: {names}")

    def start(self) -> None:
        self.latest, self.failed = None, []
        super().start()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "every_account":
            return False
        return super().check_action(action, parameters)

    def action_this_account(self) -> None:
        self.app.switch_screen(AuditScreen(self.backend, all_regions=self.all_regions))
