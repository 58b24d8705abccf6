"""Auditing many repositories at once: a bounded pool of readers, one engine.

Each region's registry policy (and its scope) is read once; every repository is audited
against its own policy and the registry statements that apply to it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.errors import AwsError
from ecr_tui.aws.models import Repository
from ecr_tui.policy.audit import Finding, Severity, audit_document, sort_findings, worst
from ecr_tui.policy.checks import Check, Source
from ecr_tui.policy.organization_boundary import OrganizationBoundary, apply_boundary
from ecr_tui.policy.registry import (
    NO_REGISTRY_POLICY,
    RegistryPolicy,
    RegistryScope,
    audit_registry,
    audit_registry_for_repository,
)

DEFAULT_WORKERS = 16
REGISTRY_NAME = "(registry)"
"""Where the findings about the registry policy itself are listed."""


@dataclass(frozen=True)
class RepositoryAudit:
    """One repository's findings (or why its policy could not be read); with `registry`,
    the findings about the region's registry policy itself."""

    region: str
    repository: Repository
    findings: tuple[Finding, ...] = ()
    error: str | None = None
    registry: bool = False

    @property
    def key(self) -> tuple[str, str, str, bool]:
        """What tells it apart in an audit of several accounts and regions."""
        return (self.repository.registry_id, self.region, self.repository.name, self.registry)

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
    source: Source = Source.REPOSITORY
    statement_index: int | None = None
    """The place of the statement in its policy, when the finding is about one."""

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
            "source": self.source.value,
        }


def read_registry(backend: Backend) -> RegistryPolicy:
    """The region's registry policy and its scope; the scope is asked only when there is a
    policy, and V2 (AWS's default) is assumed, with the reason, when it cannot be read.
    Raises AwsError when the policy itself cannot be read."""
    document = backend.get_registry_policy()
    if document is None:
        return NO_REGISTRY_POLICY
    try:
        scope = backend.get_registry_policy_scope()
    except AwsError as error:
        return RegistryPolicy(document, RegistryScope.V2, error.message)
    if scope not in (RegistryScope.V1, RegistryScope.V2):
        return RegistryPolicy(document, RegistryScope.V2, f"AWS answered {scope!r}")
    return RegistryPolicy(document, RegistryScope(scope))


def audit_one(
    backend: Backend,
    repository: Repository,
    trusted_accounts: Collection[str] = (),
    boundary: OrganizationBoundary | None = None,
    registry: RegistryPolicy | None = None,
) -> RepositoryAudit:
    """One repository against its policy and the registry's (read here when not given)."""
    if registry is None:
        try:
            registry = read_registry(backend)
        except AwsError:
            registry = NO_REGISTRY_POLICY
    try:
        live = backend.get_policy(repository.name)
    except AwsError as error:
        return RepositoryAudit(backend.region, repository, error=error.message)
    own = repository.registry_id or None
    findings = audit_document(live.document, own_account=own, trusted_accounts=trusted_accounts)
    findings = apply_boundary(findings, live.document, boundary, trusted_accounts)
    from_registry = audit_registry_for_repository(
        registry, repository.arn, own_account=own, trusted_accounts=trusted_accounts
    )
    findings += apply_boundary(from_registry, registry.document, boundary, trusted_accounts)
    return RepositoryAudit(backend.region, repository, tuple(sort_findings(findings)))


def registry_audit(
    backend: Backend,
    repositories: list[Repository],
    every_arn: Collection[str] | None,
    trusted_accounts: Collection[str],
    boundary: OrganizationBoundary | None = None,
) -> tuple[RegistryPolicy, RepositoryAudit | None]:
    """The registry policy to audit the repositories against, and the findings (or the
    error) about the registry itself, None when there are none."""
    own = next((r.registry_id for r in repositories if r.registry_id), "")
    try:
        registry = read_registry(backend)
    except AwsError as error:
        where = Repository(REGISTRY_NAME, "", "", own or _account_of(backend), None)
        return NO_REGISTRY_POLICY, RepositoryAudit(
            backend.region, where, error=error.message, registry=True
        )
    if registry.document is None:
        return registry, None
    own = own or _account_of(backend)
    arns = every_arn if every_arn is not None else [r.arn for r in repositories]
    findings = audit_registry(
        registry, arns, own_account=own or None, trusted_accounts=trusted_accounts
    )
    findings = apply_boundary(findings, registry.document, boundary, trusted_accounts)
    if not findings:
        return registry, None
    where = Repository(REGISTRY_NAME, "", "", own, None)
    return registry, RepositoryAudit(
        backend.region, where, tuple(sort_findings(findings)), registry=True
    )


def _account_of(backend: Backend) -> str:
    """The backend's account ("" when it cannot be asked): the registry's, in a region with
    no repository."""
    try:
        return backend.account_id()
    except AwsError:
        return ""


def audit_repositories(
    backend: Backend,
    repositories: Iterable[Repository],
    *,
    trusted_accounts: Collection[str] = (),
    workers: int = DEFAULT_WORKERS,
    on_result: Callable[[RepositoryAudit], object] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    boundary: OrganizationBoundary | None = None,
    every_arn: Collection[str] | None = None,
    with_registry: bool = True,
) -> list[RepositoryAudit]:
    """Read and audit every repository, `workers` at a time; results in name order.

    `every_arn`: the region's repositories, for telling which registry statements apply to
    none (default: `repositories`). With `with_registry`, the findings about the registry
    policy itself come first, as a RepositoryAudit with `registry` set.
    """
    repositories = list(repositories)
    registry, about_registry = registry_audit(
        backend, repositories, every_arn, trusted_accounts, boundary
    )
    results: list[RepositoryAudit] = []
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="audit") as pool:
        futures = [
            pool.submit(audit_one, backend, repository, trusted_accounts, boundary, registry)
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
    ordered = sorted(results, key=lambda r: r.repository.name)
    if with_registry and about_registry is not None:
        return [about_registry, *ordered]
    return ordered


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
            source = Source.REGISTRY if audit.registry else Source.REPOSITORY
            unreadable = Check.UNREADABLE
            rows.append(
                AuditRow(
                    audit.region,
                    name,
                    "",
                    unreadable,
                    unreadable.severity,
                    audit.error,
                    *where,
                    source,
                )
            )
        shared = _labels_of_several_statements(audit.findings)
        rows += [
            AuditRow(
                audit.region,
                name,
                f"#{f.statement + 1} {f.statement_label}"
                if f.statement is not None and (f.source, f.statement_label) in shared
                else f.statement_label,
                f.check,
                f.severity,
                f.message,
                *where,
                f.source,
                f.statement,
            )
            for f in audit.findings
        ]
    return rows


def _labels_of_several_statements(findings: Iterable[Finding]) -> set[tuple[Source, str]]:
    """The Sids that more than one statement of a policy has: their findings also say which
    statement they are about, or two rows would read the same."""
    indexes: dict[tuple[Source, str], set[int]] = {}
    for finding in findings:
        if finding.statement is not None:
            indexes.setdefault((finding.source, finding.statement_label), set()).add(
                finding.statement
            )
    return {label for label, seen in indexes.items() if len(seen) > 1}
