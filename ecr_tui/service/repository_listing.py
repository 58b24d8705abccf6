"""Listing a region's repositories page by page, then reading each policy's summary.

The functions run in a worker thread and report through callbacks, so the repository list
can show the first page at once; the policy reads start once the listing is done.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.errors import AwsError, explain
from ecr_tui.aws.models import Repository
from ecr_tui.policy.audit import Severity
from ecr_tui.policy.organization_boundary import OrganizationBoundary, apply_boundary
from ecr_tui.policy.registry import (
    NO_REGISTRY_POLICY,
    RegistryPolicy,
    audit_registry_for_repository,
)
from ecr_tui.policy.summary import PolicySummary, policy_summary
from ecr_tui.service.audit_runner import read_registry

POLICY_READERS = 8
BATCH_SECONDS = 0.1

UNREADABLE = PolicySummary("unreadable", Severity.HIGH)
"""The summary of a policy that could not be read."""

Summary = tuple[str, PolicySummary, str | None]
"""(repository name, policy summary, error message or None)."""
Boundary = Callable[[], OrganizationBoundary | None]
"""The organisation boundary when Organizations is readable, asked in the worker."""


def registry_of(backend: Backend) -> RegistryPolicy:
    """The region's registry policy; none when it cannot be read (the audit says why)."""
    try:
        return read_registry(backend)
    except Exception:
        return NO_REGISTRY_POLICY


def summarise(
    backend: Backend,
    repository: Repository,
    registry: RegistryPolicy = NO_REGISTRY_POLICY,
    trusted: Collection[str] = (),
    boundary: OrganizationBoundary | None = None,
) -> Summary:
    try:
        live = backend.get_policy(repository.name)
    except Exception as error:
        failure = explain(error, doing="read the policy", repository=repository.name)
        return repository.name, UNREADABLE, failure.message
    own = repository.registry_id
    granted = audit_registry_for_repository(
        registry, repository.arn, own_account=own or None, trusted_accounts=trusted
    )
    granted = apply_boundary(granted, registry.document, boundary, trusted)
    summary = policy_summary(
        live.document, own, trusted, registry_findings=granted, boundary=boundary
    )
    return repository.name, summary, None


def summarise_all(
    backend: Backend,
    repositories: list[Repository],
    trusted: Collection[str] = (),
    boundary: Boundary = lambda: None,
) -> list[Summary]:
    registry = registry_of(backend)
    known = boundary()
    with ThreadPoolExecutor(POLICY_READERS, thread_name_prefix="policy") as readers:
        return list(
            readers.map(
                lambda repo: summarise(backend, repo, registry, trusted, known), repositories
            )
        )


def read_repositories(
    backend: Backend,
    *,
    on_page: Callable[[list[Repository]], object],
    on_listed: Callable[[AwsError | None], object],
    on_summaries: Callable[[list[Summary]], object],
    cancelled: Callable[[], bool],
    trusted: Collection[str] = (),
    boundary: Boundary = lambda: None,
) -> bool:
    """Every page of repositories, then every policy summary, in batches as they come.

    The policy reads start once the listing is done, so they do not slow it down; so does
    asking for the organisation `boundary` the summaries are ranked by.
    `on_listed` gets the listing error, if any. Returns False when cancelled.
    """
    listed: list[Repository] = []
    error: AwsError | None = None
    try:
        for page in backend.repository_pages():
            if cancelled():
                return False
            on_page(page)
            listed.extend(page)
    except Exception as failure:
        error = explain(failure, doing="list the repositories")
    on_listed(error)
    registry = registry_of(backend) if listed and not cancelled() else NO_REGISTRY_POLICY
    known = boundary() if listed and not cancelled() else None
    with ThreadPoolExecutor(POLICY_READERS, thread_name_prefix="policy") as readers:
        pending: set[Future[Summary]] = set()
        if not cancelled():
            pending = {
                readers.submit(summarise, backend, repo, registry, trusted, known)
                for repo in listed
            }
        while pending and not cancelled():
            pending = _report_done(pending, on_summaries, timeout=BATCH_SECONDS)
        if cancelled():
            readers.shutdown(cancel_futures=True)
            return False
    return True


def _report_done(
    pending: set[Future[Summary]],
    on_summaries: Callable[[list[Summary]], object],
    timeout: float,
) -> set[Future[Summary]]:
    done, still_pending = wait(pending, timeout=timeout, return_when=FIRST_COMPLETED)
    if timeout and still_pending:
        more, still_pending = wait(still_pending, timeout=timeout)
        done |= more
    if done:
        on_summaries([future.result() for future in done])
    return still_pending
