"""Counts in status lines are grouped in thousands, as the IAM list's are."""

from __future__ import annotations

from ecr_tui.ui.widgets.findings_table import outcome_text
from ecr_tui.ui.widgets.repository_table import RepositoryTable


def test_a_large_audit_groups_its_counts() -> None:
    assert outcome_text([], 3000, 3000, stopped=False) == "0 findings in 0 of 3,000 repositories"
    assert outcome_text([], 1200, 3000, stopped=True) == (
        "Stopped after 1,200 of 3,000 repositories · 0 findings so far"
    )
    assert outcome_text([], 1200, None, stopped=True).startswith("Stopped after 1,200 repos")


def test_a_large_repository_list_groups_its_counts() -> None:
    table = RepositoryTable()
    table.repositories = dict.fromkeys(f"r{i}" for i in range(3000))
    table.shown = [f"r{i}" for i in range(1500)]
    table.filter_text = "r"
    assert table.status_text(listing=False) == "1,500 of 3,000 repositories · policies 0/3,000"
