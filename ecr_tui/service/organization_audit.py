"""Auditing every account of an organisation: accounts and regions side by side, a bounded
pool of readers in each account-region (AWS's request quotas are per account and region),
botocore's adaptive retry, and one progress report for all of it.

An account whose role cannot be assumed, or that cannot be listed anywhere, is kept with the
reason and the others are audited all the same.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.errors import AwsError
from ecr_tui.aws.models import Repository
from ecr_tui.aws.organization import Account, OrganizationDirectory
from ecr_tui.policy.organization_boundary import OrganizationBoundary
from ecr_tui.service.audit_runner import DEFAULT_WORKERS, RepositoryAudit, audit_repositories
from ecr_tui.service.audit_scope import audit_scope

ACCOUNT_WORKERS = 10
REGION_WORKERS = 4


@dataclass(frozen=True)
class AccountAudit:
    """One account's results; `error` says why it could not be audited at all."""

    account: Account
    audits: tuple[RepositoryAudit, ...] = ()
    error: str | None = None
    skipped_regions: str = ""


@dataclass(frozen=True)
class AuditProgress:
    accounts_done: int
    accounts_total: int
    repositories_done: int
    repositories_total: int
    account: Account | None = None
    """The account this report is about (it just finished, or advanced)."""


@dataclass
class _Counter:
    accounts_total: int
    report: Callable[[AuditProgress], object] | None
    accounts_done: int = 0
    repositories_done: int = 0
    repositories_total: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(
        self, account: Account, *, listed: int = 0, audited: int = 0, done: bool = False
    ) -> None:
        with self.lock:
            self.repositories_total += listed
            self.repositories_done += audited
            self.accounts_done += int(done)
            progress = AuditProgress(
                self.accounts_done,
                self.accounts_total,
                self.repositories_done,
                self.repositories_total,
                account,
            )
        if self.report is not None:
            self.report(progress)


def select_accounts(
    active: Sequence[Account], wanted: Collection[str]
) -> tuple[list[Account], list[str]]:
    """The active accounts `wanted` names (all when empty), and the ids that are not among them."""
    if not wanted:
        return list(active), []
    by_id = {account.id: account for account in active}
    return [by_id[i] for i in wanted if i in by_id], [i for i in wanted if i not in by_id]


def audit_accounts(
    directory: OrganizationDirectory,
    accounts: Sequence[Account],
    *,
    all_regions: bool = False,
    region: str | None = None,
    regions: Sequence[str] = (),
    repositories: Collection[str] = (),
    trusted_accounts: Collection[str] = (),
    boundary: OrganizationBoundary | None = None,
    on_progress: Callable[[AuditProgress], object] | None = None,
    account_workers: int = ACCOUNT_WORKERS,
    repository_workers: int = DEFAULT_WORKERS,
    cancelled: Callable[[], bool] = lambda: False,
) -> list[AccountAudit]:
    """Audit each account (in `region`, else the directory's; or in each of `regions`; or in
    every region); results in the order of `accounts`."""
    counter = _Counter(len(accounts), on_progress)

    def one(account: Account) -> AccountAudit:
        try:
            result = _audit_account(
                directory.backend_for(account.id, region),
                account,
                all_regions=all_regions,
                regions=regions,
                names=repositories,
                trusted=trusted_accounts,
                boundary=boundary,
                counter=counter,
                workers=repository_workers,
                cancelled=cancelled,
            )
        except AwsError as error:
            result = AccountAudit(account, error=error.message)
        counter.add(account, done=True)
        return result

    if not accounts:
        return []
    with ThreadPoolExecutor(max_workers=account_workers, thread_name_prefix="accounts") as pool:
        return list(pool.map(one, accounts))


def _audit_account(
    backend: Backend,
    account: Account,
    *,
    all_regions: bool,
    regions: Sequence[str],
    names: Collection[str],
    trusted: Collection[str],
    boundary: OrganizationBoundary | None,
    counter: _Counter,
    workers: int,
    cancelled: Callable[[], bool],
) -> AccountAudit:
    scope = audit_scope(backend, all_regions=all_regions, regions=regions, names=names)
    # Without names each region is audited whole, its registry policy too (even with no
    # repository); with names only those repositories, each against the registry policy.
    chosen_by_region = [
        (r.backend, r.every, r.chosen) for r in scope.regions if scope.whole_region or r.chosen
    ]
    counter.add(account, listed=sum(len(chosen) for _, _, chosen in chosen_by_region))

    def region(item: tuple[Backend, list[Repository], list[Repository]]) -> list[RepositoryAudit]:
        regional, every, chosen = item
        return audit_repositories(
            regional,
            chosen,
            trusted_accounts=trusted,
            workers=workers,
            boundary=boundary,
            every_arn=[r.arn for r in every],
            with_registry=not names,
            on_result=lambda _: counter.add(account, audited=1),
            cancelled=cancelled,
        )

    with ThreadPoolExecutor(max_workers=REGION_WORKERS, thread_name_prefix="regions") as pool:
        audits = [audit for found in pool.map(region, chosen_by_region) for audit in found]
    return AccountAudit(account, tuple(audits), skipped_regions=scope.skipped)
