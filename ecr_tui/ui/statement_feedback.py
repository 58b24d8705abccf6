"""What the statement form says about the statement: its problems, the line under the form,
and the audit's confused-deputy warning."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.content import Content
from textual.highlight import highlight

from ecr_tui.policy.audit import audit_document
from ecr_tui.policy.checks import Check
from ecr_tui.policy.document import PolicyDocument, to_json
from ecr_tui.policy.problem_codes import CONDITION_VALUE_CODES, ProblemCode
from ecr_tui.policy.validate import Problem, Severity

SAID_BY_THE_FORM = frozenset({ProblemCode.PRINCIPAL_SHAPE, ProblemCode.ACTION_SHAPE})
"""The validator's problems of an empty principal or action list, which the form says better."""


def sorted_problems(problems: list[Problem]) -> tuple[list[str], list[str], list[str]]:
    """(the errors that block OK, those of them not shown beside a condition row, the
    warnings), leaving out what the form already says in its own words."""
    blocking = [
        p for p in problems if p.severity is Severity.ERROR and p.code not in SAID_BY_THE_FORM
    ]
    listed = [p.message for p in blocking if p.code not in CONDITION_VALUE_CODES]
    warnings = [p.message for p in problems if p.severity is Severity.WARNING]
    return [p.message for p in blocking], listed, warnings


def problem_listing(errors: list[str], hints: list[str], warnings: list[str]) -> Content:
    lines = [Content.styled(f"✗ {e}", "$text-error") for e in errors]
    lines += [Content.styled(f"· Next, {h}", "$text-muted") for h in hints]
    lines += [Content.styled(f"! {w}", "$text-warning") for w in warnings]
    return Content("\n").join(lines) if lines else Content.styled("✓ valid", "$text-success")


def status_line(
    errors: list[str], hints: list[str], *, unchanged: bool, adding: bool, risk: str = ""
) -> Content:
    """One line under the form: the first error, else what comes next, else the risk the
    audit would report, else readiness."""
    if errors:
        more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
        return Content.styled(f"✗ {errors[0]}{more}", "$text-error")
    if hints:
        return Content.styled(f"Next, {hints[0]}", "$text-muted")
    if unchanged:
        return Content.styled("No changes yet · Esc goes back", "$text-muted")
    verb = "add the statement" if adding else "keep the changes"
    if risk:
        return Content.styled(f"! {risk} · Ctrl+S to {verb} anyway", "$text-warning")
    return Content.styled(f"✓ Ready: Ctrl+S to {verb}", "$text-success")


@dataclass(frozen=True)
class FormFeedback:
    """What the form says about the statement as typed."""

    errors: list[str]
    """Every reason OK is refused, the first of them said when it is tried."""
    listing: Content
    """The problems, hints and warnings beside the preview."""
    status: Content
    """The line under the form."""
    deputy_risk: str
    """The audit's confused-deputy finding for the statement, if any."""
    preview: Content
    """The statement's JSON, highlighted."""


def form_feedback(
    statement: dict[str, Any],
    problems: list[Problem],
    field_errors: list[str],
    hints: list[str],
    *,
    own_account: str | None,
    unchanged: bool,
    adding: bool,
) -> FormFeedback:
    """Judge the statement: `problems` are the validator's, `field_errors` the fields' own
    (of which `hints` are only said as what comes next, for now)."""
    blocking, listed, warnings = sorted_problems(problems)
    # Condition mistakes are already shown beside their row.
    listed = [e for e in field_errors if e not in hints] + listed
    errors = field_errors + blocking
    deputy_risk = confused_deputy_risk(statement, own_account)
    if deputy_risk:
        key = " (Ctrl+O adds aws:SourceAccount)" if own_account else ""
        warnings.append(f"{deputy_risk}{key}")
    risk = f"{deputy_risk} · Ctrl+O adds aws:SourceAccount" if own_account else deputy_risk
    said = [e for e in errors if e not in hints]
    status = status_line(
        said, hints, unchanged=unchanged, adding=adding, risk=risk if deputy_risk else ""
    )
    listing = problem_listing(listed, hints, warnings)
    preview = highlight(to_json(statement), language="json")
    return FormFeedback(errors, listing, status, deputy_risk, preview)


def confused_deputy_risk(statement: dict[str, Any], own_account: str | None) -> str:
    """What the audit would say about a service principal without a source condition."""
    document = PolicyDocument({"Version": "2012-10-17", "Statement": [statement]})
    found = audit_document(document, own_account=own_account)
    return next((f.message for f in found if f.check is Check.SERVICE_NO_SOURCE), "")
