"""The findings of an audit as a table: severity, repository, statement, check, finding."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeAlias

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.models import Repository
from ecr_tui.policy.checks import Check, Source
from ecr_tui.policy.safe_text import visible
from ecr_tui.service.audit_runner import REGISTRY_NAME, AuditRow, RepositoryAudit, rows_of
from ecr_tui.ui.widgets.paging import JumpingTable
from ecr_tui.ui.widgets.severity import severity_text

COLUMNS = ("Severity", "Repository", "Statement", "Check", "Finding")
FINDING_MIN = 24
"""Cells below which a cut finding says too little to be worth a column."""
SHRINKABLE = ("Statement", "Repository", "Account")
"""Columns that give up cells, in this order, when the finding column is not enough."""
REGISTRY_PREFIX = "reg:"
"""Before the Sid of a registry policy statement (first, so a narrow column keeps it)."""
BackendKey: TypeAlias = str | tuple[str, str]
"""A region, or an (account, region) pair when an audit spans accounts."""


@dataclass(frozen=True)
class FindingRow:
    """One line of the table, and where its repository and statement are."""

    row: AuditRow
    backend: Backend
    repository: Repository
    statement: int | None
    registry: bool = False
    """The row is about the registry policy itself, not one repository."""

    @property
    def from_registry(self) -> bool:
        return self.row.source is Source.REGISTRY


def finding_rows(
    audits: list[RepositoryAudit],
    backends: Mapping[BackendKey, Backend],
    account_names: Mapping[str, str] | None = None,
) -> list[FindingRow]:
    """Every finding (and unreadable repository), worst first, then by region and name.

    `backends` is by region, or by (account, region) when the audit spans accounts."""
    by_repository = {(a.repository.registry_id, a.region, a.repository.name): a for a in audits}
    found: list[FindingRow] = []
    for row in rows_of(audits, account_names):
        audit = by_repository[(row.account, row.region, row.repository)]
        # A registry statement is not in the repository policy the permissions screen shows.
        statement = row.statement_index if row.source is Source.REPOSITORY else None
        backend = backends.get((row.account, row.region)) or backends[row.region]
        found.append(FindingRow(row, backend, audit.repository, statement, audit.registry))
    return sorted(found, key=lambda f: (-f.row.severity.rank, f.row.region, f.row.repository))


def statement_cell(row: AuditRow) -> str:
    """The statement's Sid (or place), marked when it is a registry policy statement."""
    shown = row.statement or "—"
    if row.source is Source.REGISTRY and row.repository != REGISTRY_NAME:
        return REGISTRY_PREFIX + shown
    return shown


def outcome_text(findings: list[FindingRow], audited: int, total: int | None, stopped: bool) -> str:
    """'3 findings in 2 of 14 repositories · 1 unreadable', or how far a stopped audit got."""
    unreadable = {_where(f) for f in findings if f.row.check == Check.UNREADABLE}
    flagged = {_where(f) for f in findings if not f.registry}
    flagged -= unreadable
    count = len(findings) - len(unreadable)
    counted = f"{count:,} finding{'' if count == 1 else 's'}"
    if stopped:
        of_total = f" of {total:,}" if total is not None else ""
        text = f"Stopped after {audited:,}{of_total} repositories · {counted} so far"
    else:
        text = f"{counted} in {len(flagged):,} of {audited:,} repositories"
    return text + (f" · {len(unreadable):,} unreadable" if unreadable else "")


def _where(finding: FindingRow) -> tuple[str, str, str]:
    return (finding.row.account, finding.row.region, finding.row.repository)


class FindingsTable(JumpingTable[Text]):
    """Enter posts `DataTable.RowSelected` for the highlighted finding (`current`)."""

    BINDINGS = [Binding("enter", "select_cursor", "Permissions", id="audit-open")]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "select_cursor":
            return self.row_count > 0
        return True

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.findings: list[FindingRow] = []
        self.with_region = False
        self.with_account = False
        self._built_width = 0

    @property
    def current(self) -> FindingRow | None:
        if not 0 <= self.cursor_row < len(self.findings):
            return None
        return self.findings[self.cursor_row]

    def show(self, findings: list[FindingRow], *, with_region: bool) -> None:
        self.findings = findings
        self.with_region = with_region
        self._build()

    def on_mount(self) -> None:
        # Severity colours are resolved from the theme when a row is made; the signal comes
        # once the new theme's variables are in place.
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._build())

    def on_resize(self) -> None:
        if self.size.width != self._built_width:
            self._build()

    def _build(self) -> None:
        """The columns that fit the width: the finding goes first (the line under the table
        shows it whole), then the statement and repository columns give up cells."""
        self._built_width = self.size.width
        cursor = self.cursor_row
        self.with_account = len({f.row.account for f in self.findings}) > 1
        rows = [self._cells(finding.row) for finding in self.findings]
        labels = [
            *(["Account"] if self.with_account else []),
            *(["Region"] if self.with_region else []),
            *COLUMNS,
        ]
        padding = 2 * self.cell_padding
        widths = fitted_widths(labels, rows, self._room(len(labels)), padding)
        self.clear(columns=True)
        for label in labels:
            if label in widths:
                self.add_column(label, key=label.lower(), width=widths[label])
        for cells in rows:
            shown = zip(labels, cells, strict=True)
            self.add_row(*(cell for label, cell in shown if label in widths))
        if rows:
            self.move_cursor(row=min(cursor, len(rows) - 1))

    def _room(self, columns: int) -> int:
        """Cells for the content of `columns` columns, past padding and the scrollbar."""
        if not self.size.width:
            return 0
        scrollbar = self.styles.scrollbar_size_vertical
        return self.size.width - scrollbar - 2 * self.cell_padding * columns

    def _cells(self, row: AuditRow) -> list[Text]:
        cells = [Text(visible(row.account_name or row.account))] if self.with_account else []
        cells += [Text(visible(row.region))] if self.with_region else []
        cells += [
            severity_text(self.app, row.severity.value.upper(), row.severity),
            Text(visible(row.repository)),
            Text(visible(statement_cell(row))),
            Text(visible(row.check)),
            Text(visible(row.message)),
        ]
        for cell in cells:
            cell.no_wrap, cell.overflow = True, "ellipsis"
        return cells


def fitted_widths(
    labels: list[str], rows: list[list[Text]], room: int, padding: int
) -> dict[str, int]:
    """Each column's width within `room` cells (room 0: not laid out yet, every column at
    its natural width). When they do not all fit, the finding column takes what is left
    once the others fit, cut with an ellipsis, or goes when that is too little to read."""
    natural = {
        label: max([cell_len(label), *(row[index].cell_len for row in rows)])
        for index, label in enumerate(labels)
    }
    if not room or sum(natural.values()) <= room:
        return natural
    widths = {label: width for label, width in natural.items() if label != "Finding"}
    room += padding  # the finding column's
    for label in SHRINKABLE:
        over = sum(widths.values()) - room
        if over > 0:
            widths[label] = max(cell_len(label), widths[label] - over)
    if "Finding" in natural and (left := room - padding - sum(widths.values())) >= FINDING_MIN:
        widths["Finding"] = left
    return widths
