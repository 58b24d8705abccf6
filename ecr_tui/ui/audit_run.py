"""Running an audit in a thread worker: its scope, then each repository, told as messages.

The audit screen turns the run into progress and findings; the scope and the audits are
the service's (`audit_scope`, `audit_repositories`), as for the CLI.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from textual.message import Message

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.errors import explain
from ecr_tui.aws.models import Repository
from ecr_tui.aws.organization import OrganizationDirectory
from ecr_tui.policy.organization_boundary import OrganizationBoundary
from ecr_tui.service.audit_runner import RepositoryAudit, audit_repositories
from ecr_tui.service.audit_scope import audit_scope
from ecr_tui.ui.widgets.findings_table import BackendKey


@dataclass
class AuditListed(Message):
    generation: int
    total: int
    skipped: str


@dataclass
class AuditAdvanced(Message):
    """One more repository audited."""

    generation: int


@dataclass
class AuditFinished(Message):
    generation: int
    audits: list[RepositoryAudit]
    backends: dict[BackendKey, Backend]
    stopped: bool
    boundary: OrganizationBoundary | None = None
    account_names: dict[str, str] = field(default_factory=dict)


@dataclass
class AuditFailed(Message):
    generation: int
    text: str


def run_audit(
    backend: Backend,
    generation: int,
    *,
    all_regions: bool,
    known: list[Repository] | None,
    directory: OrganizationDirectory | None,
    trusted_accounts: Collection[str],
    post: Callable[[Message], object],
    cancelled: Callable[[], bool],
) -> None:
    """List the scope (the backend's region, or every region), then audit it whole."""
    try:
        scope = audit_scope(backend, all_regions=all_regions, known=known)
    except Exception as error:
        post(AuditFailed(generation, explain(error, doing="list the repositories").message))
        return
    post(AuditListed(generation, scope.total, scope.skipped))
    organization = directory.try_organization() if directory else None
    boundary = organization.boundary if organization else None
    audits: list[RepositoryAudit] = []
    for region in scope.regions:
        if cancelled():
            break
        audits += audit_repositories(
            region.backend,
            region.chosen,
            on_result=lambda _: post(AuditAdvanced(generation)),
            cancelled=cancelled,
            boundary=boundary,
            trusted_accounts=trusted_accounts,
            every_arn=region.every_arn,
            with_registry=scope.whole_region,
        )
    backends: dict[BackendKey, Backend] = {r.region: r.backend for r in scope.regions}
    names = organization.names if organization else {}
    post(AuditFinished(generation, audits, backends, cancelled(), boundary, names))
