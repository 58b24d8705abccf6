"""Auditing every account of an organisation behind injected latency.

The moto host holds an organisation of ACCOUNTS accounts, each with REPOSITORIES repositories
(one in three with a policy) in each of REGIONS. The program audits them all with
`audit_accounts` (the three regions, accounts and regions side by side); the
comparison is the single-account audit (list, then `audit_repositories`) run account by
account and region by region. The floor is the slowest account-region alone: its listing
pages plus ceil(its repositories / its pool) round trips.

    python3.11 bench/organization_bench.py [REPOSITORIES]
"""

from __future__ import annotations

import math
import resource
import sys
import time

from common import MotoHost
from repo_list import PAGE_SIZE, backend_for

from ecr_tui.aws.organization import OrganizationDirectory
from ecr_tui.service.audit_runner import DEFAULT_WORKERS, audit_repositories
from ecr_tui.service.organization_audit import audit_accounts

ACCOUNTS = 10
REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-2")
REPOSITORIES = 200
LATENCY_MS = 20.0
RUNS = 3


def floor_seconds(repositories: int, latency_ms: float, pool: int = DEFAULT_WORKERS) -> float:
    pages = max(1, math.ceil(repositories / PAGE_SIZE))
    return (pages + math.ceil(repositories / pool)) * latency_ms / 1000


def expected_audits(repositories: int) -> int:
    return ACCOUNTS * len(REGIONS) * repositories


def time_organization_audit(endpoint: str, repositories: int) -> float:
    """Seconds from a fresh sign-in (organisation read, roles assumed) to every finding."""
    began = time.perf_counter()
    directory = OrganizationDirectory(backend_for(endpoint, REGIONS[0]))
    organization = directory.organization()
    results = audit_accounts(
        directory, organization.active, regions=REGIONS, boundary=organization.boundary
    )
    seconds = time.perf_counter() - began
    audited = sum(len(result.audits) for result in results)
    failed = [result for result in results if result.error]
    if audited != expected_audits(repositories) or failed:
        raise RuntimeError(f"audited {audited}, {len(failed)} accounts failed")
    return seconds


def time_account_by_account(endpoint: str, repositories: int) -> float:
    """The single-account audit of each region, one account after another."""
    began = time.perf_counter()
    directory = OrganizationDirectory(backend_for(endpoint, REGIONS[0]))
    audited = 0
    for account in directory.organization().active:
        for region in REGIONS:
            backend = directory.backend_for(account.id, region)
            audited += len(audit_repositories(backend, backend.list_repositories()))
    seconds = time.perf_counter() - began
    if audited != expected_audits(repositories):
        raise RuntimeError(f"account by account audited {audited}")
    return seconds


def main(repositories: int) -> None:
    host = MotoHost()
    try:
        began = time.perf_counter()
        accounts = host.organization(ACCOUNTS - 1)
        for account in accounts:
            for region in REGIONS:
                host.repositories(repositories, region, account)
        print(f"seeded {len(accounts)} accounts in {time.perf_counter() - began:.1f} s")
        host.latency(LATENCY_MS)
        floor = floor_seconds(repositories, LATENCY_MS)
        program = sorted(time_organization_audit(host.endpoint, repositories) for _ in range(RUNS))
        one_by_one = time_account_by_account(host.endpoint, repositories)
        host.latency(0)
        cpu_floor = time_organization_audit(host.endpoint, repositories)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        median = program[len(program) // 2]
        print(f"size: {ACCOUNTS} accounts x {len(REGIONS)} regions x {repositories} repositories")
        print(f"floor {floor:.3f} s; organisation audit runs {[round(p, 3) for p in program]} s")
        print(f"median {median:.3f} s = {median / floor:.2f}x the floor (target <= 1.5x)")
        print(
            f"account by account {one_by_one:.3f} s = {one_by_one / median:.1f}x slower "
            "(target >= 5x)"
        )
        print(f"the same audit at 0 ms (this machine's CPU floor, moto included) {cpu_floor:.3f} s")
        print(f"peak RSS of the program {peak_mb:.0f} MB (target < 300 MB)")
    finally:
        host.stop()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else REPOSITORIES)
