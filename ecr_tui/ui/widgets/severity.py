"""Audit severities as coloured cell text, from the current theme (one place for every table)."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import App

from ecr_tui.policy.audit import Severity

SEVERITY_COLOURS = {
    Severity.CRITICAL: "text-error",
    Severity.HIGH: "text-error",
    Severity.MEDIUM: "text-warning",
    Severity.LOW: "text-primary",
}


def severity_style(app: App[object], severity: Severity | None) -> Style:
    """Bold red for critical, red, amber, blue, and dim for info; plain for none."""
    if severity is None:
        return Style()
    if severity is Severity.INFO:
        return Style(dim=True)
    colour = app.theme_variables.get(SEVERITY_COLOURS[severity])
    return Style(color=colour, bold=severity is Severity.CRITICAL)


def severity_text(app: App[object], label: str, severity: Severity | None) -> Text:
    return Text(label, style=severity_style(app, severity))
