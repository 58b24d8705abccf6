"""The audit engine: who can pull, push or administer a repository, and what is risky.

Each finding has a stable check id, a severity, the statement it concerns and a sentence
saying who gets what. The engine works on a copy and never changes its input.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ecr_tui.policy.actions import (
    DELETE_ACTIONS,
    POLICY_ADMIN_ACTIONS,
    PUSH_ACTIONS,
    REPOSITORY_ACTIONS,
    WILDCARD_ACTIONS,
    ActionKind,
    classify_action,
    expand_actions,
)
from ecr_tui.policy.builder import SID_PATTERN
from ecr_tui.policy.conditions import has_source_condition, restricting_clauses
from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.principals import Principal, PrincipalKind
from ecr_tui.policy.statements import StatementView, view_statement


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is worse."""
        return len(Severity) - list(Severity).index(self)


@dataclass(frozen=True)
class Finding:
    check: str
    severity: Severity
    message: str
    statement: int | None = None
    sid: str | None = None

    @property
    def statement_label(self) -> str:
        if self.statement is None:
            return "(policy)"
        return self.sid if self.sid else f"#{self.statement + 1}"


# Pulling an image needs these two; BatchCheckLayerAvailability serves pushes.
PULL = frozenset({"ecr:batchgetimage", "ecr:getdownloadurlforlayer"})
EVERY_ACTION = expand_actions(["ecr:*"])
CATALOG_NAMES = {f"ecr:{name.lower()}": f"ecr:{name}" for name in REPOSITORY_ACTIONS}


def describe_access(granted: frozenset[str]) -> str:
    """'pull', 'pull and push', 'pull, push, delete images and change the policy', ..."""
    if granted >= EVERY_ACTION:
        return "do anything (every ECR action)"
    abilities = []
    if granted >= PULL:
        abilities.append("pull")
    if granted & PUSH_ACTIONS:
        abilities.append("push")
    if granted & DELETE_ACTIONS:
        abilities.append("delete images or the repository")
    if granted & POLICY_ADMIN_ACTIONS:
        abilities.append("change the policy")
    if not abilities:
        names = sorted(CATALOG_NAMES.get(a, a) for a in granted)
        if len(names) > 3:
            return f"call {len(names)} ECR actions"
        return "call " + ", ".join(names) if names else "do nothing"
    return (
        abilities[0] if len(abilities) == 1 else ", ".join(abilities[:-1]) + " and " + abilities[-1]
    )


def worst(findings: Collection[Finding]) -> Severity | None:
    return max((f.severity for f in findings), key=lambda s: s.rank, default=None)


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
    home = {own_account} if own_account else set()
    accounts = _Accounts(home=home, trusted=set(trusted_accounts) | home)
    findings: list[Finding] = []
    version = document.data.get("Version")
    if version != "2012-10-17":
        what = "no Version" if version is None else f"Version {version}"
        findings.append(
            Finding("version", Severity.INFO, f"the policy has {what}; 2012-10-17 is current")
        )
    statements = document.statements
    sids = Counter(
        s["Sid"] for s in statements if isinstance(s, dict) and isinstance(s.get("Sid"), str)
    )
    for index, statement in enumerate(statements):
        if isinstance(statement, dict):
            view = view_statement(statement, index)
            findings += _statement_findings(view, statement, accounts, sids)
    return sorted(findings, key=lambda f: (-f.severity.rank, f.statement or 0))


@dataclass(frozen=True)
class _Accounts:
    """`home` (the repository's own account) is the only one inside for policy-admin;
    `trusted` (home included) are the accounts not reported as cross-account."""

    home: set[str]
    trusted: set[str]


Entry = tuple[str, Severity, str]


def _statement_findings(
    view: StatementView, statement: dict[str, Any], accounts: _Accounts, sids: Counter[str]
) -> list[Finding]:
    found = _grant_findings(view, statement, accounts) if view.effect == "Allow" else []
    for orphan in view.principals_of_kind(PrincipalKind.UNIQUE_ID):
        found.append(
            (
                "orphaned-principal",
                Severity.LOW,
                f"{orphan.value} is a deleted user or role; the statement matches nobody",
            )
        )
    if "Resource" in statement or "NotResource" in statement:
        found.append(
            ("resource-element", Severity.LOW, "Resource does not belong in a repository policy")
        )
    known = (ActionKind.REPOSITORY, ActionKind.WILDCARD)
    unknown = [a for a in view.actions if classify_action(a) not in known]
    if unknown:
        found.append(
            (
                "unknown-action",
                Severity.LOW,
                f"{', '.join(unknown)} is not a repository-level ECR action",
            )
        )
    found += _sid_findings(statement.get("Sid"), sids)
    return [Finding(check, severity, text, view.index, view.sid) for check, severity, text in found]


def _grant_findings(
    view: StatementView, statement: dict[str, Any], accounts: _Accounts
) -> list[Entry]:
    """Findings about what an Allow statement grants, and to whom."""
    listed = expand_actions(view.actions)
    granted = EVERY_ACTION - listed if view.negated_action else listed
    not_action: list[Entry] = []
    if view.negated_action:
        not_action.append(
            ("not-action", Severity.MEDIUM, "NotAction grants every action except the listed ones")
        )
    if not granted:
        return not_action
    if view.negated_action:
        access = f"do anything except {', '.join(view.actions)}"
    else:
        access = describe_access(granted)
    found: list[Entry] = []
    admins: list[str] = []
    if view.negated_principal:
        everyone_else = "everyone except the listed principals"
        found.append(("not-principal", Severity.CRITICAL, f"{everyone_else} can {access}"))
        admins.append(everyone_else)
    else:
        if any(p.kind is PrincipalKind.EVERYBODY for p in view.principals):
            who, entries = _everybody_findings(view, granted, access)
            found += entries
            admins.append(who)
        if foreign := _outside_accounts(view.principals, accounts.home):
            admins.append(_accounts_text(foreign))
        if outsiders := _outside_accounts(view.principals, accounts.trusted):
            found.append(
                ("cross-account", Severity.MEDIUM, f"{_accounts_text(outsiders)} can {access}")
            )
    if admins and granted & POLICY_ADMIN_ACTIONS:
        who = " and ".join(admins)
        found.append(("policy-admin", Severity.HIGH, f"{who} can change or delete this policy"))
    wildcard = [a for a in view.actions if a.lower() in WILDCARD_ACTIONS]
    if wildcard and not view.negated_action:
        found.append(("wildcard-action", Severity.MEDIUM, f"{wildcard[0]} grants every action"))
    found += not_action
    services = [] if view.negated_principal else view.principals_of_kind(PrincipalKind.SERVICE)
    if services and not has_source_condition(statement.get("Condition")):
        names = ", ".join(p.value for p in services)
        found.append(
            (
                "service-no-source",
                Severity.MEDIUM,
                f"{names} can {access} on behalf of any account "
                "(no aws:SourceAccount or aws:SourceArn condition)",
            )
        )
    return found


def _everybody_findings(
    view: StatementView, granted: frozenset[str], access: str
) -> tuple[str, list[Entry]]:
    """Who `*` really is once the conditions are read, and the findings that follow."""
    strong, weak = restricting_clauses(view.conditions)
    if strong:
        limits = "; ".join(c.text for c in strong)
        org = next((c for c in strong if c.key.lower() == "aws:principalorgid"), None)
        who = f"organisation {', '.join(org.values)}" if org else f"anyone matching {limits}"
        return who, [("conditional-public", Severity.INFO, f"{who} can {access}")]
    if weak:
        reasons = "; ".join(c.why_weak or "" for c in weak)
        return "anyone", [
            (
                "weak-condition",
                Severity.HIGH,
                f"anyone can {access}: the condition does not restrict ({reasons})",
            )
        ]
    found = [
        ("public", Severity.CRITICAL, f"anyone on the internet (any AWS account) can {access}")
    ]
    writes = granted & (PUSH_ACTIONS | DELETE_ACTIONS | POLICY_ADMIN_ACTIONS)
    if writes:
        found.append(("public-write", Severity.CRITICAL, f"anyone can {describe_access(writes)}"))
    return "anyone", found


def _outside_accounts(principals: tuple[Principal, ...], inside: set[str]) -> list[str]:
    return sorted({p.account for p in principals if p.account and p.account not in inside})


def _accounts_text(accounts: list[str]) -> str:
    return ("accounts " if len(accounts) > 1 else "account ") + ", ".join(accounts)


def _sid_findings(sid: Any, sids: Counter[str]) -> list[Entry]:
    if sid is None or sid == "":
        return [("sid", Severity.INFO, "the statement has no Sid")]
    found: list[Entry] = []
    if not isinstance(sid, str) or not SID_PATTERN.match(sid):
        found.append(("sid", Severity.INFO, f"Sid {sid!r} is not alphanumeric"))
    if isinstance(sid, str) and sids[sid] > 1:
        found.append(("sid", Severity.INFO, f"Sid {sid!r} is used by more than one statement"))
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
