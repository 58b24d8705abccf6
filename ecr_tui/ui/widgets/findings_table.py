"""The findings of an audit as a table: severity, repository, statement, check, finding."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from ecr_tui.aws.audit_runner import AuditRow, RepositoryAudit, rows_of
from ecr_tui.aws.backend import Backend
from ecr_tui.aws.models import Repository
from ecr_tui.ui.widgets.severity import severity_text

UNREADABLE = "unreadable"
"""The check of the row that stands for a repository whose policy could not be read."""


@dataclass(frozen=True)
class FindingRow:
    """One line of the table, and where its repository and statement are."""

    row: AuditRow
    backend: Backend
    repository: Repository
    statement: int | None


def finding_rows(audits: list[RepositoryAudit], backends: dict[str, Backend]) -> list[FindingRow]:
    """Every finding (and unreadable repository), worst first, then by region and name."""
    by_repository = {(a.region, a.repository.name): a for a in audits}
    found: list[FindingRow] = []
    for row in rows_of(audits):
        audit = by_repository[(row.region, row.repository)]
        key = (row.statement, row.check, row.message)
        statement = next(
            (f.statement for f in audit.findings if (f.statement_label, f.check, f.message) == key),
            None,
        )
        found.append(FindingRow(row, backends[row.region], audit.repository, statement))
    return sorted(found, key=lambda f: (-f.row.severity.rank, f.row.region, f.row.repository))


def outcome_text(findings: list[FindingRow], audited: int, total: int | None, stopped: bool) -> str:
    """'3 findings in 2 of 14 repositories · 1 unreadable', or how far a stopped audit got."""
    unreadable = {(f.row.region, f.row.repository) for f in findings if f.row.check == UNREADABLE}
    flagged = {(f.row.region, f.row.repository) for f in findings} - unreadable
    count = len(findings) - len(unreadable)
    counted = f"{count} finding{'' if count == 1 else 's'}"
    if stopped:
        text = f"Stopped after {audited} of {total} repositories · {counted} so far"
    else:
        text = f"{counted} in {len(flagged)} of {audited} repositories"
    return text + (f" · {len(unreadable)} unreadable" if unreadable else "")


class FindingsTable(DataTable[Text]):
    """Enter posts `DataTable.RowSelected` for the highlighted finding (`current`)."""

    BINDINGS = [Binding("enter", "select_cursor", "Permissions", id="audit-open")]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "select_cursor":
            return self.row_count > 0
        return True

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.findings: list[FindingRow] = []

    @property
    def current(self) -> FindingRow | None:
        if not 0 <= self.cursor_row < len(self.findings):
            return None
        return self.findings[self.cursor_row]

    def show(self, findings: list[FindingRow], *, with_region: bool) -> None:
        self.findings = findings
        self.clear(columns=True)
        columns = ["Region"] if with_region else []
        for label in (*columns, "Severity", "Repository", "Statement", "Check", "Finding"):
            self.add_column(label, key=label.lower())
        for finding in findings:
            row = finding.row
            cells = [Text(row.region)] if with_region else []
            cells += [
                severity_text(self.app, row.severity.value.upper(), row.severity),
                Text(row.repository),
                Text(row.statement or "—"),
                Text(row.check),
                Text(row.message),
            ]
            self.add_row(*cells)
