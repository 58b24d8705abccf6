"""The registry of audit checks: each check's id, severity, short label and rank.

The audit engine, the policy summary and the tests all read this table, so a check
added here has its label and place everywhere at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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


class Source(StrEnum):
    """Which policy a finding comes from."""

    REPOSITORY = "repository-policy"
    REGISTRY = "registry-policy"


@dataclass(frozen=True)
class CheckInfo:
    """`rank`: among findings of equal severity, the lower rank names a policy first."""

    id: str
    severity: Severity
    label: str
    rank: int


class Check(StrEnum):
    """Every check the audit can report, most alarming first."""

    PUBLIC_WRITE = "public-write"
    PUBLIC = "public"
    NOT_PRINCIPAL = "not-principal"
    WEAK_CONDITION = "weak-condition"
    UNREADABLE = "unreadable"
    POLICY_ADMIN = "policy-admin"
    CROSS_ACCOUNT = "cross-account"
    WILDCARD_ACTION = "wildcard-action"
    NOT_ACTION = "not-action"
    SERVICE_NO_SOURCE = "service-no-source"
    INERT_CONDITION = "inert-condition"
    ORPHANED_PRINCIPAL = "orphaned-principal"
    UNKNOWN_ACTION = "unknown-action"
    RESOURCE_ELEMENT = "resource-element"
    CONDITIONAL_PUBLIC = "conditional-public"
    REGISTRY_SCOPE_V1 = "registry-scope-v1"
    REGISTRY_SCOPE_ASSUMED = "registry-scope-assumed"
    SID = "sid"
    VERSION = "version"

    @property
    def info(self) -> CheckInfo:
        return CHECKS[self]

    @property
    def severity(self) -> Severity:
        return CHECKS[self].severity

    @property
    def label(self) -> str:
        return CHECKS[self].label


_TABLE: tuple[tuple[Check, Severity, str], ...] = (
    (Check.PUBLIC_WRITE, Severity.CRITICAL, "public push"),
    (Check.PUBLIC, Severity.CRITICAL, "public"),
    (Check.NOT_PRINCIPAL, Severity.CRITICAL, "NotPrincipal"),
    (Check.WEAK_CONDITION, Severity.HIGH, "weak condition"),
    (Check.UNREADABLE, Severity.HIGH, "unreadable"),
    (Check.POLICY_ADMIN, Severity.HIGH, "policy admin"),
    (Check.CROSS_ACCOUNT, Severity.MEDIUM, "cross-account"),
    (Check.WILDCARD_ACTION, Severity.MEDIUM, "wildcard"),
    (Check.NOT_ACTION, Severity.MEDIUM, "NotAction"),
    (Check.SERVICE_NO_SOURCE, Severity.MEDIUM, "svc no source"),
    (Check.INERT_CONDITION, Severity.LOW, "inert condition"),
    (Check.ORPHANED_PRINCIPAL, Severity.LOW, "orphaned"),
    (Check.UNKNOWN_ACTION, Severity.LOW, "odd action"),
    (Check.RESOURCE_ELEMENT, Severity.LOW, "Resource"),
    (Check.CONDITIONAL_PUBLIC, Severity.INFO, "conditional"),
    (Check.REGISTRY_SCOPE_V1, Severity.INFO, "V1 scope"),
    (Check.REGISTRY_SCOPE_ASSUMED, Severity.INFO, "scope unknown"),
    (Check.SID, Severity.INFO, "Sid"),
    (Check.VERSION, Severity.INFO, "Version"),
)

CHECKS: dict[str, CheckInfo] = {
    check.value: CheckInfo(check.value, severity, label, rank)
    for rank, (check, severity, label) in enumerate(_TABLE)
}


def check_info(check: str) -> CheckInfo:
    """The registry entry of `check`; raises KeyError for an id that is not registered."""
    return CHECKS[check]
