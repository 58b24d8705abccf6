"""Audit results as JSON, CSV or readable text.

The CLI and the TUI both write findings through these functions, so a file written from
either has the same shape.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from enum import StrEnum
from itertools import groupby
from pathlib import PurePath

from ecr_tui.policy.checks import Source
from ecr_tui.policy.safe_text import visible
from ecr_tui.service.audit_runner import REGISTRY_NAME, AuditRow

FIELDS = (
    "region",
    "repository",
    "statement",
    "check",
    "severity",
    "message",
    "account",
    "account_name",
    "source",
)
REGION_WORKERS = 8


class ReportFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def render_json(rows: Iterable[AuditRow]) -> str:
    """A list of findings, one object each, with the keys of `FIELDS`."""
    return json.dumps([row.as_dict() for row in rows], indent=2) + "\n"


def render_csv(rows: Iterable[AuditRow]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, FIELDS)
    writer.writeheader()
    writer.writerows({k: visible(v) for k, v in row.as_dict().items()} for row in rows)
    return buffer.getvalue()


def render_table(rows: list[AuditRow]) -> str:
    """Readable text, grouped by account (when more than one) then repository, in the
    order of `rows`."""
    if not rows:
        return "No findings.\n"
    lines: list[str] = []
    several = len({row.account for row in rows}) > 1
    shown_account: str | None = None
    for (account, region, repository), group in groupby(
        rows, key=lambda r: (r.account, r.region, r.repository)
    ):
        if several and account != shown_account:
            name = next((r.account_name for r in rows if r.account == account), "")
            lines.append(visible(f"Account {account} ({name})" if name else f"Account {account}"))
            shown_account = account
        indent = "  " if several else ""
        lines.append(visible(f"{indent}{repository}  ({region})"))
        for row in group:
            where = f" [{row.statement}]" if row.statement else ""
            if row.source is Source.REGISTRY and row.repository != REGISTRY_NAME:
                where += " (registry policy)"
            finding = visible(f"{row.check}{where}: {row.message}")
            lines.append(f"{indent}  {row.severity.value.upper():<8} {finding}")
    return "\n".join(lines) + "\n"


def render(rows: list[AuditRow], output: ReportFormat | str) -> str:
    match ReportFormat(output):
        case ReportFormat.JSON:
            return render_json(rows)
        case ReportFormat.CSV:
            return render_csv(rows)
        case _:
            return render_table(rows)


def format_for_path(path: str) -> ReportFormat:
    """CSV for a `.csv` file, JSON for anything else."""
    suffix = PurePath(path.strip()).suffix.lower()
    return ReportFormat.CSV if suffix == ".csv" else ReportFormat.JSON
