"""Auditing many repositories at once: a bounded pool of readers, one engine."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.errors import AwsError
from ecr_tui.aws.models import Repository
from ecr_tui.policy.audit import Finding, Severity, audit_document, worst
from ecr_tui.policy.organization_boundary import OrganizationBoundary, apply_boundary

DEFAULT_WORKERS = 16


@dataclass(frozen=True)
class RepositoryAudit:
    region: str
    repository: Repository
    findings: tuple[Finding, ...] = ()
    error: str | None = None

    @property
    def worst(self) -> Severity | None:
        if self.error:
            return Severity.HIGH
        return worst(self.findings)


@dataclass(frozen=True)
class AuditRow:
    """One line of audit output: a finding, or a repository that could not be read."""

    region: str
    repository: str
    statement: str
    check: str
    severity: Severity
    message: str
    account: str = ""
    account_name: str = ""

    def as_dict(self) -> dict[str, str]:
        return {
            "region": self.region,
            "repository": self.repository,
            "statement": self.statement,
            "check": self.check,
            "severity": self.severity.value,
            "message": self.message,
            "account": self.account,
            "account_name": self.account_name,
        }


def audit_one(
    backend: Backend,
    repository: Repository,
    trusted_accounts: Collection[str] = (),
    boundary: OrganizationBoundary | None = None,
) -> RepositoryAudit:
    try:
        live = backend.get_policy(repository.name)
    except AwsError as error:
        return RepositoryAudit(backend.region, repository, error=error.message)
    findings = audit_document(
        live.document, own_account=repository.registry_id, trusted_accounts=trusted_accounts
    )
    findings = apply_boundary(findings, live.document, boundary, trusted_accounts)
    return RepositoryAudit(backend.region, repository, tuple(findings))


def audit_repositories(
    backend: Backend,
    repositories: Iterable[Repository],
    *,
    trusted_accounts: Collection[str] = (),
    workers: int = DEFAULT_WORKERS,
    on_result: Callable[[RepositoryAudit], object] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    boundary: OrganizationBoundary | None = None,
) -> list[RepositoryAudit]:
    """Read and audit every repository, `workers` at a time; results in name order."""
    results: list[RepositoryAudit] = []
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="audit") as pool:
        futures = [
            pool.submit(audit_one, backend, repository, trusted_accounts, boundary)
            for repository in repositories
        ]
        for future in as_completed(futures):
            if cancelled():
                for pending in futures:
                    pending.cancel()
                break
            result = future.result()
            results.append(result)
            if on_result is not None:
                on_result(result)
    return sorted(results, key=lambda r: r.repository.name)


def rows_of(
    audits: Iterable[RepositoryAudit], account_names: Mapping[str, str] | None = None
) -> list[AuditRow]:
    """Output rows by account, worst repository first, each repository's findings worst first."""
    ordered = sorted(
        (a for a in audits if a.findings or a.error),
        key=lambda a: (
            a.repository.registry_id,
            -(a.worst.rank if a.worst else 0),
            a.region,
            a.repository.name,
        ),
    )
    names = account_names or {}
    rows: list[AuditRow] = []
    for audit in ordered:
        name = audit.repository.name
        account = audit.repository.registry_id
        where = (account, names.get(account, ""))
        if audit.error:
            rows.append(
                AuditRow(audit.region, name, "", "unreadable", Severity.HIGH, audit.error, *where)
            )
        rows += [
            AuditRow(audit.region, name, f.statement_label, f.check, f.severity, f.message, *where)
            for f in audit.findings
        ]
    return rows
