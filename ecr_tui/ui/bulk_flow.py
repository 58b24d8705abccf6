"""Changing the marked repositories together: what to change, one confirmation, the results.

The screens and the write path are imported when a change begins: the repository list,
which owns this flow, is the first screen, and they are not needed to show it. The flow
knows that screen only as a `BulkHost`.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, Protocol

from textual.app import App

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.models import LivePolicy
from ecr_tui.policy.audit import audit_document
from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.edit_makers import adding, removing
from ecr_tui.policy.summary import most_alarming

if TYPE_CHECKING:
    from ecr_tui.service.planning import BulkResult, Plan
    from ecr_tui.ui.screens.bulk_confirm import BulkChange


def marked_label(count: int) -> str:
    return f"{count} marked repositor{'y' if count == 1 else 'ies'}"


class BulkHost(Protocol):
    """What the flow needs of the screen it starts from."""

    backend: Backend

    @property
    def app(self) -> App[object]: ...

    def listed_account(self) -> str | None:
        """The account the listed repositories belong to (None when not known)."""
        ...

    def refresh_summaries(self, names: list[str]) -> None:
        """Read the policies of `names` again, after they were written."""
        ...


class BulkFlow:
    """Drives the screens of one change to many repositories, from the repository list."""

    def __init__(self, screen: BulkHost) -> None:
        self.screen = screen

    @property
    def app(self) -> App[object]:
        return self.screen.app

    def add_statement(self, repositories: list[str]) -> None:
        """The statement form over a blank policy; its statement then goes to every one.

        The form's Ctrl+T fills it from a template, as t does on the Permissions screen."""
        if not repositories:
            return
        from ecr_tui.service.edit_session import EditSession
        from ecr_tui.ui.screens.statement_form import StatementForm

        session = EditSession(LivePolicy(marked_label(len(repositories)), None, None))
        form = StatementForm(self.screen.backend, session, own_account=self._own_account())
        self.app.push_screen(form, partial(self._statement_chosen, repositories))

    def _own_account(self) -> str | None:
        """The account signed in to, else the listed repositories' own account."""
        identity = getattr(self.app, "identity", None)
        if account := getattr(identity, "account", None):
            return account
        return self.screen.listed_account()

    def _statement_chosen(self, repositories: list[str], statement: dict[str, Any] | None) -> None:
        if statement is None:
            return
        from ecr_tui.ui.screens.bulk_confirm import BulkChange

        sid = statement.get("Sid")
        title = f"Add statement {sid}" if isinstance(sid, str) and sid else "Add a statement"
        self._confirm(repositories, BulkChange(title, adding(statement), self._flag(statement)))

    def _flag(self, statement: dict[str, Any]) -> str:
        """The worst audit finding of the statement on its own ("" when there is none)."""
        document = PolicyDocument.empty().with_statements([statement])
        own_account = self.screen.listed_account()
        worst = most_alarming(audit_document(document, own_account=own_account))
        return f"{worst.severity.value.upper()} {worst.check}: {worst.message}" if worst else ""

    def remove_statement(self, repositories: list[str]) -> None:
        if repositories:
            from ecr_tui.ui.dialogs.text_input import sid_prompt

            prompt = sid_prompt(len(repositories))
            self.app.push_screen(prompt, partial(self._sid_chosen, repositories))

    def _sid_chosen(self, repositories: list[str], sid: str | None) -> None:
        if sid:
            from ecr_tui.ui.screens.bulk_confirm import BulkChange

            self._confirm(repositories, BulkChange(f"Remove statement {sid}", removing(sid)))

    def _confirm(self, repositories: list[str], change: BulkChange) -> None:
        from ecr_tui.ui.screens.bulk_confirm import BulkConfirm

        confirm = BulkConfirm(self.screen.backend, repositories, change)
        self.app.push_screen(confirm, partial(self._confirmed, change))

    def _confirmed(self, change: BulkChange, plans: list[Plan] | None) -> None:
        if not plans:
            return
        from ecr_tui.service.backups import BackupStore
        from ecr_tui.ui.screens.bulk_results import BulkResults

        backups = getattr(self.app, "backups", None) or BackupStore()
        results = BulkResults(self.screen.backend, change.title, plans, backups)
        self.app.push_screen(results, self._finished)

    def _finished(self, results: list[BulkResult] | None) -> None:
        written = [r.repository for r in results or [] if r.outcome is not None]
        self.screen.refresh_summaries(written)
