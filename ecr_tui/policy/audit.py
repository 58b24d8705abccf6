"""The audit engine: who can pull, push or administer a repository, and what is risky.

Each finding has a stable check id, a severity, the statement it concerns and a sentence
saying who gets what. The engine works on a copy and never changes its input.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from ecr_tui.policy.actions import ActionKind, classify_action, expand_actions
from ecr_tui.policy.builder import SID_PATTERN
from ecr_tui.policy.checks import Check, Severity, Source
from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.grants import (
    Accounts,
    Entry,
    describe_access,
    expand_with_registry_actions,
    grant_findings,
)
from ecr_tui.policy.principals import PrincipalKind
from ecr_tui.policy.statements import StatementView, view_statement

__all__ = ["Finding", "Severity", "Source", "audit_document", "describe_access", "worst"]


@dataclass(frozen=True)
class Finding:
    check: Check
    severity: Severity
    message: str
    statement: int | None = None
    sid: str | None = None
    source: Source = Source.REPOSITORY

    @property
    def statement_label(self) -> str:
        if self.statement is None:
            return "(policy)"
        return self.sid if self.sid else f"#{self.statement + 1}"


def make_finding(
    check: Check,
    message: str,
    view: StatementView | None = None,
    source: Source = Source.REPOSITORY,
) -> Finding:
    """A finding with the severity the check registry gives `check`."""
    index, sid = (view.index, view.sid) if view is not None else (None, None)
    return Finding(check, check.severity, message, index, sid, source)


def worst(findings: Collection[Finding]) -> Severity | None:
    return max((f.severity for f in findings), key=lambda s: s.rank, default=None)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Worst first; the repository policy's before the registry's; in statement order."""
    return sorted(
        findings,
        key=lambda f: (-f.severity.rank, f.source is Source.REGISTRY, f.statement or 0),
    )


def audit_document(
    document: PolicyDocument | None,
    *,
    own_account: str | None = None,
    trusted_accounts: Collection[str] = (),
) -> list[Finding]:
    """Every finding for one repository's policy, worst first."""
    if document is None or not document.statements:
        return []
    document = PolicyDocument(copy.deepcopy(document.data))
    accounts = Accounts.of(own_account, trusted_accounts)
    findings = version_findings(document)
    statements = document.statements
    sids = sid_counts(statements)
    for index, statement in enumerate(statements):
        if isinstance(statement, dict):
            view = view_statement(statement, index)
            entries = _statement_findings(view, statement, accounts, sids)
            findings += [make_finding(check, text, view) for check, text in entries]
    return sort_findings(findings)


def version_findings(document: PolicyDocument, source: Source = Source.REPOSITORY) -> list[Finding]:
    version = document.data.get("Version")
    if version == "2012-10-17":
        return []
    what = "no Version" if version is None else f"Version {version}"
    return [
        make_finding(Check.VERSION, f"the policy has {what}; 2012-10-17 is current", None, source)
    ]


def sid_counts(statements: list[Any]) -> Counter[str]:
    return Counter(
        s["Sid"] for s in statements if isinstance(s, dict) and isinstance(s.get("Sid"), str)
    )


def statement_grants(
    view: StatementView,
    statement: dict[str, Any],
    accounts: Accounts,
    *,
    registry: bool = False,
    enforced: frozenset[str] | None = None,
) -> list[Entry]:
    """What an Allow statement grants: the actions of the catalog (with the registry
    actions for a registry statement), limited to `enforced` when given."""
    if view.effect != "Allow":
        return []
    expand = expand_with_registry_actions if registry else _repository_actions
    listed = expand(view.actions)
    every = expand(["ecr:*"])
    granted = every - listed if view.negated_action else listed
    if enforced is not None:
        granted &= enforced
    return grant_findings(view, statement, accounts, granted)


def _repository_actions(actions: Collection[str]) -> frozenset[str]:
    return expand_actions(actions)


def _statement_findings(
    view: StatementView, statement: dict[str, Any], accounts: Accounts, sids: Counter[str]
) -> list[Entry]:
    found = statement_grants(view, statement, accounts)
    found += orphan_findings(view)
    if "Resource" in statement or "NotResource" in statement:
        found.append((Check.RESOURCE_ELEMENT, "Resource does not belong in a repository policy"))
    found += unknown_action_findings(view, registry=False)
    found += sid_findings(statement.get("Sid"), sids)
    return found


def orphan_findings(view: StatementView) -> list[Entry]:
    return [
        (
            Check.ORPHANED_PRINCIPAL,
            f"{orphan.value} is a deleted user or role; the statement matches nobody",
        )
        for orphan in view.principals_of_kind(PrincipalKind.UNIQUE_ID)
    ]


def unknown_action_findings(view: StatementView, *, registry: bool) -> list[Entry]:
    known = {ActionKind.REPOSITORY, ActionKind.WILDCARD}
    if registry:
        known.add(ActionKind.REGISTRY)
    unknown = [a for a in view.actions if classify_action(a) not in known]
    if not unknown:
        return []
    what = (
        "an ECR action a registry policy can grant" if registry else "a repository-level ECR action"
    )
    return [(Check.UNKNOWN_ACTION, f"{', '.join(unknown)} is not {what}")]


def sid_findings(sid: Any, sids: Counter[str]) -> list[Entry]:
    if sid is None or sid == "":
        return [(Check.SID, "the statement has no Sid")]
    found: list[Entry] = []
    if not isinstance(sid, str) or not SID_PATTERN.match(sid):
        found.append((Check.SID, f"Sid {sid!r} is not alphanumeric"))
    if isinstance(sid, str) and sids[sid] > 1:
        found.append((Check.SID, f"Sid {sid!r} is used by more than one statement"))
    return found


def new_findings(
    before: PolicyDocument | None, after: PolicyDocument | None, own_account: str | None = None
) -> list[Finding]:
    """Findings of `after` that `before` does not have: what a save would newly allow."""
    known = {(f.check, f.message) for f in audit_document(before, own_account=own_account)}
    return [
        f
        for f in audit_document(after, own_account=own_account)
        if (f.check, f.message) not in known
    ]
