"""The registry policy: which of its statements apply to a repository, and what they grant.

Under registry policy scope V2 (AWS's default) ECR enforces the registry policy on every
request, so a statement grants its actions on every repository its Resource names; under
V1 only ReplicateImage, BatchImportUpstreamImage and CreateRepository are enforced.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

from ecr_tui.policy.audit import (
    Finding,
    make_finding,
    orphan_findings,
    sid_counts,
    sid_findings,
    sort_findings,
    statement_grants,
    unknown_action_findings,
    version_findings,
)
from ecr_tui.policy.checks import Check, Source
from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.grants import (
    CATALOG_NAMES,
    EVERY_ACTION,
    REGISTRY_ACTIONS,
    Accounts,
    expand_with_registry_actions,
)
from ecr_tui.policy.principals import as_list
from ecr_tui.policy.statements import StatementView, view_statement

ENFORCED_UNDER_V1 = frozenset(
    {"ecr:replicateimage", "ecr:batchimportupstreamimage", "ecr:createrepository"}
)
V1_NAMES = "ecr:ReplicateImage, ecr:BatchImportUpstreamImage and ecr:CreateRepository"


class RegistryScope(StrEnum):
    V1 = "V1"
    V2 = "V2"


@dataclass(frozen=True)
class RegistryPolicy:
    """One region's registry policy (None: there is none) and the scope it is enforced in.

    `scope_unknown` says why the scope could not be read (then V2, the default, is assumed).
    """

    document: PolicyDocument | None
    scope: RegistryScope = RegistryScope.V2
    scope_unknown: str | None = None

    @property
    def statements(self) -> list[tuple[int, dict[str, Any]]]:
        if self.document is None:
            return []
        return [(i, s) for i, s in enumerate(self.document.statements) if isinstance(s, dict)]

    @property
    def enforced(self) -> frozenset[str] | None:
        """The actions enforced at registry level (None: every one)."""
        return ENFORCED_UNDER_V1 if self.scope is RegistryScope.V1 else None

    def enforced_of(self, actions: frozenset[str]) -> frozenset[str]:
        return actions if self.enforced is None else actions & self.enforced


NO_REGISTRY_POLICY = RegistryPolicy(None)


@lru_cache(maxsize=512)
def _pattern(resource: str) -> re.Pattern[str]:
    parts = ("." if char == "?" else ".*" if char == "*" else re.escape(char) for char in resource)
    return re.compile("".join(parts) + r"\Z", re.DOTALL)


def resource_matches(pattern: str, arn: str) -> bool:
    """IAM resource matching: `*` any run of characters (colons too), `?` one; case-sensitive."""
    return bool(_pattern(pattern).match(arn))


def statement_applies(statement: dict[str, Any], arn: str) -> bool:
    """Whether the statement's Resource (or NotResource) names the repository `arn`."""
    if "Resource" in statement:
        return any(resource_matches(str(r), arn) for r in as_list(statement["Resource"]))
    if "NotResource" in statement:
        return not any(resource_matches(str(r), arn) for r in as_list(statement["NotResource"]))
    return False


def applying_statements(registry: RegistryPolicy, arn: str) -> list[StatementView]:
    """The registry statements that apply to the repository `arn`, as statement views."""
    return [
        view_statement(statement, index)
        for index, statement in registry.statements
        if statement_applies(statement, arn)
    ]


def audit_registry_for_repository(
    registry: RegistryPolicy,
    arn: str,
    *,
    own_account: str | None = None,
    trusted_accounts: Collection[str] = (),
) -> list[Finding]:
    """What the registry policy grants on one repository (its repository-level actions;
    the registry-level ones are reported once, for the registry), worst first."""
    accounts = Accounts.of(own_account, trusted_accounts)
    enforced = registry.enforced_of(EVERY_ACTION)
    found: list[Finding] = []
    for view in applying_statements(registry, arn):
        entries = statement_grants(view, view.raw, accounts, registry=True, enforced=enforced)
        found += [make_finding(check, text, view, Source.REGISTRY) for check, text in entries]
    return sort_findings(found)


def audit_registry(
    registry: RegistryPolicy,
    arns: Collection[str],
    *,
    own_account: str | None = None,
    trusted_accounts: Collection[str] = (),
) -> list[Finding]:
    """Findings about the registry policy itself, reported once: its scope, its statements'
    form, actions V1 does not enforce, what its registry-level actions (replication,
    pull-through cache, creating repositories) grant, and grants on repositories that do
    not exist."""
    if registry.document is None or not registry.document.statements:
        return []
    document = PolicyDocument(copy.deepcopy(registry.document.data))
    registry = RegistryPolicy(document, registry.scope, registry.scope_unknown)
    accounts = Accounts.of(own_account, trusted_accounts)
    found = version_findings(document, Source.REGISTRY)
    if registry.scope_unknown:
        reason = registry.scope_unknown.rstrip(".")
        text = f"{reason}; the audit assumes registry policy scope V2, AWS's default"
        found.append(make_finding(Check.REGISTRY_SCOPE_ASSUMED, text, None, Source.REGISTRY))
    sids = sid_counts(document.statements)
    for index, statement in registry.statements:
        view = view_statement(statement, index)
        entries = [*orphan_findings(view), *unknown_action_findings(view, registry=True)]
        entries += sid_findings(statement.get("Sid"), sids)
        entries += _scope_findings(view, registry)
        matched = any(statement_applies(statement, arn) for arn in arns)
        unmatched = None if matched else _why_nothing_matches(statement, arns, own_account)
        entries += _registry_grants(view, statement, registry, accounts, unmatched)
        found += [make_finding(check, text, view, Source.REGISTRY) for check, text in entries]
    return sort_findings(found)


def _scope_findings(view: StatementView, registry: RegistryPolicy) -> list[tuple[Check, str]]:
    if registry.enforced is None or view.effect != "Allow" or view.negated_action:
        return []
    ignored = expand_with_registry_actions(view.actions) - registry.enforced
    if not ignored:
        return []
    names = sorted(CATALOG_NAMES.get(a, a) for a in ignored)
    shown = ", ".join(names) if len(names) <= 3 else f"{len(names)} of its actions"
    return [
        (
            Check.REGISTRY_SCOPE_V1,
            f"{shown} grant nothing here: under registry policy scope V1 only "
            f"{V1_NAMES} are enforced",
        )
    ]


def _registry_grants(
    view: StatementView,
    statement: dict[str, Any],
    registry: RegistryPolicy,
    accounts: Accounts,
    unmatched: str | None,
) -> list[tuple[Check, str]]:
    """The statement's registry-level grants; all of its grants when it names no repository
    that exists (each repository reports its repository-level grants itself)."""
    matched = unmatched is None
    actions = REGISTRY_ACTIONS if matched else EVERY_ACTION | REGISTRY_ACTIONS
    enforced = registry.enforced_of(actions)
    entries = statement_grants(view, statement, accounts, registry=True, enforced=enforced)
    if matched:
        entries = [(c, t) for c, t in entries if c is not Check.WILDCARD_ACTION]
    resources = statement.get("Resource", statement.get("NotResource"))
    if resources is None:
        where = " (it has no Resource, so it applies to no repository)"
    else:
        names = ", ".join(str(r) for r in as_list(resources))
        where = f" (on {names})" if matched else f" (on {names}: {unmatched})"
    return [(check, text + where) for check, text in entries]


def _why_nothing_matches(
    statement: dict[str, Any], arns: Collection[str], own_account: str | None
) -> str:
    """Why no repository of this registry is named: a registry policy governs only its own
    account's repositories in its own region, so a Resource naming others never applies."""
    patterns = [str(r) for r in as_list(statement.get("Resource", []))]
    accounts = _named_parts(patterns, 4)
    if own_account and accounts and own_account not in accounts:
        return "another account's repositories, which this registry policy never governs"
    regions = _named_parts(patterns, 3)
    own_regions = {arn.split(":")[3] for arn in arns if arn.count(":") >= 5}
    if own_regions and regions and not regions & own_regions:
        return "another region's repositories, which this registry policy never governs"
    return "no such repository exists yet"


def _named_parts(patterns: list[str], index: int) -> set[str]:
    """The ARN part at `index` of every pattern, or nothing when any leaves it open."""
    parts = [p.split(":")[index] if p.count(":") >= index else "*" for p in patterns]
    if not parts or any("*" in part or "?" in part for part in parts):
        return set()
    return set(parts)
