"""The organisation boundary over audit findings: access from outside the organisation ranks
above access from inside it, and account ids are shown with their names.

A pass over the engine's findings, given the policy they came from: the engine's checks stay
as they are, and without an organisation (boundary unknown) nothing changes.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ecr_tui.policy.audit import Finding, Severity
from ecr_tui.policy.checks import Check
from ecr_tui.policy.conditions import (
    named_accounts,
    restricting_clauses,
    shown_values,
    source_organization_clauses,
)
from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.principals import PrincipalKind
from ecr_tui.policy.statements import StatementView, view_statement

ORG_ID_KEY = "aws:principalorgid"
SOURCE_ORG_ID_KEY = "aws:sourceorgid"
OUTSIDE = "outside the organisation"
BARE_ACCOUNT_ID = re.compile(r"(?<![:\d/])(\d{12})(?![\d:/])")


@dataclass(frozen=True)
class OrganizationBoundary:
    """The organisation's id and its accounts (id -> name)."""

    organization_id: str
    account_names: Mapping[str, str] = field(default_factory=dict)

    def inside(self, account: str) -> bool:
        return account in self.account_names


def name_accounts(text: str, names: Mapping[str, str]) -> str:
    """`text` with every bare account id that has a name shown as `ID (name)`."""
    if not names:
        return text
    return BARE_ACCOUNT_ID.sub(
        lambda m: f"{m[1]} ({names[m[1]]})" if names.get(m[1]) else m[1], text
    )


def apply_boundary(
    findings: Collection[Finding],
    document: PolicyDocument | None,
    boundary: OrganizationBoundary | None,
    trusted_accounts: Collection[str] = (),
) -> list[Finding]:
    """The findings with cross-account access to outsiders raised to HIGH, and `*` limited by
    aws:PrincipalOrgID to another organisation raised to HIGH; worst first."""
    if boundary is None or document is None:
        return list(findings)
    statements = document.statements
    adjusted = []
    for finding in findings:
        raw = statements[finding.statement] if finding.statement is not None else None
        if isinstance(raw, dict):
            finding = _ranked(finding, raw, boundary, set(trusted_accounts))
        adjusted.append(
            replace(finding, message=name_accounts(finding.message, boundary.account_names))
        )
    return sorted(adjusted, key=lambda f: (-f.severity.rank, f.statement or 0))


def _ranked(
    finding: Finding, statement: dict[str, Any], boundary: OrganizationBoundary, trusted: set[str]
) -> Finding:
    view = view_statement(statement, finding.statement or 0)
    if finding.check is Check.CROSS_ACCOUNT:
        # A statement can let in accounts by principal and by condition, each in a finding
        # of its own: rank each finding by the granted accounts it names.
        named_here = set(BARE_ACCOUNT_ID.findall(finding.message))
        every = {a for a in _granted_accounts(view) & named_here if a not in trusted}
        outsiders = sorted(a for a in every if not boundary.inside(a))
        if not outsiders:
            return finding
        note = OUTSIDE if set(outsiders) == every else f"{', '.join(outsiders)} {OUTSIDE}"
        return replace(finding, severity=Severity.HIGH, message=f"{finding.message} ({note})")
    if finding.check is Check.CONDITIONAL_PUBLIC:
        kinds = {p.kind for p in view.principals}
        org_clauses = []
        if PrincipalKind.EVERYBODY in kinds:
            strong, _ = restricting_clauses(view.conditions)
            org_clauses += [c for c in strong if c.key.lower() == ORG_ID_KEY]
        if PrincipalKind.SERVICE in kinds:
            org_clauses += [
                c
                for c in source_organization_clauses(view.conditions)
                if c.key.lower() == SOURCE_ORG_ID_KEY
            ]
        if not org_clauses:
            return finding
        others = sorted(
            {v for c in org_clauses for v in shown_values(c) if v != boundary.organization_id}
        )
        if not others:
            return finding
        return replace(
            finding,
            check=Check.CROSS_ACCOUNT,
            severity=Severity.HIGH,
            message=f"{finding.message} (organisation {', '.join(others)} is not this one)",
        )
    return finding


def _granted_accounts(view: StatementView) -> set[str]:
    """The accounts the statement lets in: its principals' accounts, and for `*` or a
    service principal the accounts its condition names."""
    accounts = {p.account for p in view.principals if p.account}
    open_to = {PrincipalKind.EVERYBODY, PrincipalKind.SERVICE}
    if any(p.kind in open_to for p in view.principals):
        accounts |= named_accounts(view.conditions) or set()
    return accounts
