"""What one Allow statement grants, and to whom: the findings about access itself.

Shared by the repository policy's audit and the registry policy's. A finding here is a
(check, sentence) pair; the audit turns it into a Finding with the statement's place.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from ecr_tui.policy.actions import (
    DELETE_ACTIONS,
    POLICY_ADMIN_ACTIONS,
    PUSH_ACTIONS,
    REGISTRY_ACTIONS_NAMING_A_REPOSITORY,
    REPOSITORY_ACTIONS,
    WILDCARD_ACTIONS,
    expand_actions,
)
from ecr_tui.policy.checks import Check
from ecr_tui.policy.conditions import (
    foreign_resource_account,
    has_source_condition,
    inert_clauses,
    literal_wildcard_clauses,
    named_accounts,
    restricting_clauses,
    shown_values,
    source_organization_clauses,
)
from ecr_tui.policy.principals import Principal, PrincipalKind
from ecr_tui.policy.statements import StatementView

Entry = tuple[Check, str]

# Pulling an image needs these two; BatchCheckLayerAvailability serves pushes.
PULL = frozenset({"ecr:batchgetimage", "ecr:getdownloadurlforlayer"})
EVERY_ACTION = expand_actions(["ecr:*"])
CATALOG_NAMES = {f"ecr:{name.lower()}": f"ecr:{name}" for name in REPOSITORY_ACTIONS}
REGISTRY_ACTIONS = frozenset(f"ecr:{n.lower()}" for n in REGISTRY_ACTIONS_NAMING_A_REPOSITORY)
REPLICATE = "ecr:replicateimage"
IMPORT_UPSTREAM = "ecr:batchimportupstreamimage"
CREATE_REPOSITORY = "ecr:createrepository"
WRITE_ACTIONS = PUSH_ACTIONS | DELETE_ACTIONS | POLICY_ADMIN_ACTIONS | REGISTRY_ACTIONS


@dataclass(frozen=True)
class Accounts:
    """`home` (the repository's own account) is the only one inside for policy-admin;
    `trusted` (home included) are the accounts not reported as cross-account."""

    home: frozenset[str]
    trusted: frozenset[str]

    @classmethod
    def of(cls, own_account: str | None, trusted: Collection[str] = ()) -> Accounts:
        home = frozenset({own_account} if own_account else ())
        return cls(home, frozenset(trusted) | home)


def expand_with_registry_actions(actions: Collection[str]) -> frozenset[str]:
    """Repository-level actions plus the registry actions that name a repository."""
    registry = {
        name
        for action in actions
        for name in REGISTRY_ACTIONS
        if fnmatchcase(name, "ecr:*" if action.strip() == "*" else action.strip().lower())
    }
    return expand_actions(actions) | registry


def describe_access(granted: frozenset[str]) -> str:
    """'pull', 'pull and push', 'pull, push, delete images and change the policy', ..."""
    if granted >= EVERY_ACTION:
        return "do anything (every ECR action)"
    abilities = []
    if granted >= PULL:
        abilities.append("pull")
    if granted & PUSH_ACTIONS:
        abilities.append("push")
    if REPLICATE in granted:
        abilities.append("replicate images into")
    if IMPORT_UPSTREAM in granted:
        abilities.append("import upstream images")
    if CREATE_REPOSITORY in granted:
        abilities.append("create repositories")
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


def grant_findings(
    view: StatementView,
    statement: dict[str, Any],
    accounts: Accounts,
    granted: frozenset[str],
) -> list[Entry]:
    """Findings about what an Allow statement grants (`granted`, already expanded), and to whom."""
    not_action: list[Entry] = []
    if view.negated_action:
        not_action.append(
            (Check.NOT_ACTION, "NotAction grants every action except the listed ones")
        )
    if not granted:
        return not_action
    if inert := inert_clauses(statement.get("Condition")):
        clause = inert[0]
        return [
            (
                Check.INERT_CONDITION,
                f"the statement grants nothing: ECR requests never carry {clause.key}, "
                f"so {clause.operator} never matches",
            )
        ]
    if never := _never_matching(statement.get("Condition"), accounts):
        return [(Check.INERT_CONDITION, f"the statement grants nothing: {never}")]
    if view.negated_action:
        access = f"do anything except {', '.join(view.actions)}"
    else:
        access = describe_access(granted)
    found: list[Entry] = []
    admins: list[str] = []
    condition = statement.get("Condition")
    if view.negated_principal:
        everyone_else = "everyone except the listed principals"
        found.append((Check.NOT_PRINCIPAL, f"{everyone_else} can {access}"))
        admins.append(everyone_else)
    else:
        everybody = any(p.kind is PrincipalKind.EVERYBODY for p in view.principals)
        named = named_accounts(condition) if everybody else None
        if named is not None and not named:
            return [(Check.INERT_CONDITION, "the statement grants nothing: no account matches")]
        if named is not None:
            found += _named_by_condition(sorted(named), accounts, access, admins)
        elif everybody:
            who, entries = _everybody_findings(condition, granted, access)
            found += entries
            admins.append(who)
        if foreign := _outside_accounts(view.principals, accounts.home):
            admins.append(_accounts_text(foreign))
        if outsiders := _outside_accounts(view.principals, accounts.trusted):
            found.append((Check.CROSS_ACCOUNT, f"{_accounts_text(outsiders)} can {access}"))
    services = [] if view.negated_principal else view.principals_of_kind(PrincipalKind.SERVICE)
    service_entries = _service_findings(services, condition, accounts, access, admins)
    if admins and granted & POLICY_ADMIN_ACTIONS:
        who = " and ".join(admins)
        found.append((Check.POLICY_ADMIN, f"{who} can change or delete this policy"))
    wildcard = [a for a in view.actions if a.lower() in WILDCARD_ACTIONS]
    if wildcard and not view.negated_action:
        found.append((Check.WILDCARD_ACTION, f"{wildcard[0]} grants every action"))
    return found + not_action + service_entries


def _never_matching(condition: Any, accounts: Accounts) -> str | None:
    """Why the condition matches no ECR request at all (None when it can match one)."""
    if literal := literal_wildcard_clauses(condition):
        return f"{literal[0].text} compares * and ? literally, and no request has such a value"
    if foreign_resource_account(condition, accounts.home):
        home = ", ".join(sorted(accounts.home))
        return f"aws:ResourceAccount is always {home}, the repository's own account"
    return None


def _named_by_condition(
    named: list[str], accounts: Accounts, access: str, admins: list[str]
) -> list[Entry]:
    """`*` limited by a condition to `named` accounts: access for exactly those accounts."""
    if foreign := [a for a in named if a not in accounts.home]:
        admins.append(_accounts_text(foreign))
    outsiders = [a for a in named if a not in accounts.trusted]
    if not outsiders:
        return []
    return [
        (Check.CROSS_ACCOUNT, f"{_accounts_text(outsiders)} can {access} (named by a condition)")
    ]


def _service_findings(
    services: list[Principal], condition: Any, accounts: Accounts, access: str, admins: list[str]
) -> list[Entry]:
    if not services:
        return []
    names = ", ".join(p.value for p in services)
    if not has_source_condition(condition):
        return [
            (
                Check.SERVICE_NO_SOURCE,
                f"{names} can {access} on behalf of any account "
                "(no aws:SourceAccount or aws:SourceArn condition)",
            )
        ]
    named_or_none = named_accounts(condition)
    organizations = source_organization_clauses(condition)
    if named_or_none is None and organizations:
        limits = "; ".join(", ".join(shown_values(c)) for c in organizations)
        admins.append(f"{names} for organisation {limits}")
        return [
            (Check.CONDITIONAL_PUBLIC, f"{names} acting for organisation {limits} can {access}")
        ]
    named = sorted(named_or_none or ())
    if foreign := [a for a in named if a not in accounts.home]:
        admins.append(f"{names} for {_accounts_text(foreign)}")
    outsiders = [a for a in named if a not in accounts.trusted]
    if not outsiders:
        return []
    return [(Check.CROSS_ACCOUNT, f"{names} acting for {_accounts_text(outsiders)} can {access}")]


def _everybody_findings(
    condition: Any, granted: frozenset[str], access: str
) -> tuple[str, list[Entry]]:
    """Who `*` really is once the conditions are read, and the findings that follow."""
    strong, weak = restricting_clauses(condition)
    if strong:
        limits = "; ".join(c.text for c in strong)
        org = next((c for c in strong if c.key.lower() == "aws:principalorgid"), None)
        who = f"anyone matching {limits}"
        if org:
            who = f"organisation {', '.join(shown_values(org))}"
        return who, [(Check.CONDITIONAL_PUBLIC, f"{who} can {access}")]
    if weak:
        reasons = "; ".join(c.why_weak or "" for c in weak)
        return "anyone", [
            (
                Check.WEAK_CONDITION,
                f"anyone can {access}: the condition does not restrict ({reasons})",
            )
        ]
    found = [(Check.PUBLIC, f"anyone on the internet (any AWS account) can {access}")]
    if writes := granted & WRITE_ACTIONS:
        found.append((Check.PUBLIC_WRITE, f"anyone can {describe_access(writes)}"))
    return "anyone", found


def _outside_accounts(principals: tuple[Principal, ...], inside: frozenset[str]) -> list[str]:
    return sorted({p.account for p in principals if p.account and p.account not in inside})


def _accounts_text(accounts: list[str]) -> str:
    return ("accounts " if len(accounts) > 1 else "account ") + ", ".join(accounts)
