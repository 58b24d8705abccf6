"""A short summary of a repository policy for the repository list: its worst audit finding."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from ecr_tui.policy.audit import Finding, Severity, audit_document
from ecr_tui.policy.checks import CHECKS, Source
from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.organization_boundary import OrganizationBoundary, apply_boundary

NO_POLICY = "none"
REGISTRY_MARK = " (reg)"
"""After a label whose finding comes from the registry policy."""

SHOWN_SEVERITIES = frozenset({Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW})


@dataclass(frozen=True)
class PolicySummary:
    """What the policy column says, and how alarming it is (None: nothing to report)."""

    label: str
    severity: Severity | None = None
    from_registry: bool = False

    def __str__(self) -> str:
        return self.label


def most_alarming(findings: Collection[Finding]) -> Finding | None:
    """The finding that best names a policy: the worst severity, then the check of the
    lowest rank in the check registry."""
    return min(
        (f for f in findings if f.severity in SHOWN_SEVERITIES),
        key=lambda f: (-f.severity.rank, CHECKS[f.check].rank),
        default=None,
    )


def policy_summary(
    document: PolicyDocument | None,
    own_account: str | None,
    trusted_accounts: Collection[str] = (),
    registry_findings: Collection[Finding] = (),
    boundary: OrganizationBoundary | None = None,
) -> PolicySummary:
    """`CRITICAL public`, `MEDIUM cross-account (reg)`, ..., `N statements`, or `none`.

    `own_account` is the account that owns the repository (its registry id);
    `registry_findings` what the registry policy grants on it. Findings of severity info
    (an odd Sid, an organisation-wide grant) do not change the summary. With the
    organisation's `boundary`, access from outside it ranks as the audit ranks it (give
    `registry_findings` with the boundary already applied).
    """
    findings = audit_document(
        document, own_account=own_account or None, trusted_accounts=trusted_accounts
    )
    findings = apply_boundary(findings, document, boundary, trusted_accounts)
    worst = most_alarming([*findings, *registry_findings])
    if worst is not None:
        registry = worst.source is Source.REGISTRY
        label = CHECKS[worst.check].label + (REGISTRY_MARK if registry else "")
        return PolicySummary(f"{worst.severity.value.upper()} {label}", worst.severity, registry)
    if document is None or not document.statements:
        return PolicySummary(NO_POLICY)
    count = len(document.statements)
    return PolicySummary(f"{count} statement" if count == 1 else f"{count} statements")
