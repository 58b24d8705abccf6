"""Auditing every account of an organisation behind injected latency.

The moto host holds an organisation of ACCOUNTS accounts, each with REPOSITORIES repositories
(one in three with a policy) in each of REGIONS. Requests go through the replay proxy
(`replay_proxy.py`, its own process), which answers each ECR read from memory after the
injected latency once moto has answered it once (an unmeasured warm-up run), so moto's CPU
is not on the measured path. The program audits them all with `audit_accounts` (the three
regions, accounts and regions side by side); the comparison is the single-account audit
(list, then `audit_repositories`) run account by account and region by region.

Floors:
- latency floor (the slowest account-region alone): (its listing pages + ceil(its
  repositories / its pool)) x latency;
- boto3 floor: the same requests (AssumeRole, DescribeRepositories, GetRepositoryPolicy
  and GetRegistryPolicy per account-region) made by plain boto3 clients with the same pools
  and no audit, measured in the same run: what a Python client of botocore can do on
  this machine, i.e. the latency floor plus the interpreter's CPU per request.

    python3.11 bench/organization_bench.py [REPOSITORIES]
"""

from __future__ import annotations

import contextlib
import math
import os
import resource
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from common import DUMMY_CREDENTIALS, MotoHost, ReplayProxy
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


def _plain_client(service: str, endpoint: str, region: str, **credentials: str) -> Any:
    import boto3
    from botocore.config import Config

    keys = credentials or {
        "aws_access_key_id": DUMMY_CREDENTIALS[0],
        "aws_secret_access_key": DUMMY_CREDENTIALS[1],
    }
    config = Config(max_pool_connections=DEFAULT_WORKERS, retries={"mode": "standard"})
    return boto3.client(service, region_name=region, endpoint_url=endpoint, config=config, **keys)


def _plain_region(client: Any) -> int:
    names = [
        repository["repositoryName"]
        for page in client.get_paginator("describe_repositories").paginate(
            PaginationConfig={"PageSize": PAGE_SIZE}
        )
        for repository in page["repositories"]
    ]
    with contextlib.suppress(client.exceptions.RegistryPolicyNotFoundException):
        client.get_registry_policy()

    def read(name: str) -> None:
        with contextlib.suppress(client.exceptions.RepositoryPolicyNotFoundException):
            client.get_repository_policy(repositoryName=name)

    with ThreadPoolExecutor(max_workers=DEFAULT_WORKERS) as pool:
        list(pool.map(read, names))
    return len(names)


def time_plain_boto3(endpoint: str, accounts: list[str], repositories: int) -> float:
    """The boto3 floor: the audit's requests made by plain boto3, same pools, no audit."""
    began = time.perf_counter()
    sts = _plain_client("sts", endpoint, REGIONS[0])

    def account(account_id: str) -> int:
        role = f"arn:aws:iam::{account_id}:role/OrganizationAccountAccessRole"
        keys = sts.assume_role(RoleArn=role, RoleSessionName="bench")["Credentials"]
        credentials = {
            "aws_access_key_id": keys["AccessKeyId"],
            "aws_secret_access_key": keys["SecretAccessKey"],
            "aws_session_token": keys["SessionToken"],
        }
        clients = [_plain_client("ecr", endpoint, r, **credentials) for r in REGIONS]
        with ThreadPoolExecutor(max_workers=len(REGIONS)) as pool:
            return sum(pool.map(_plain_region, clients))

    with ThreadPoolExecutor(max_workers=len(accounts)) as pool:
        read = sum(pool.map(account, accounts))
    seconds = time.perf_counter() - began
    if read != expected_audits(repositories):
        raise RuntimeError(f"plain boto3 read {read}")
    return seconds


def cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


def main(repositories: int) -> None:
    host = MotoHost()
    proxy: ReplayProxy | None = None
    try:
        began = time.perf_counter()
        accounts = host.organization(ACCOUNTS - 1)
        for account in accounts:
            for region in REGIONS:
                host.repositories(repositories, region, account)
        print(f"seeded {len(accounts)} accounts in {time.perf_counter() - began:.1f} s")
        proxy = ReplayProxy(host.endpoint)
        endpoint = proxy.endpoint
        time_organization_audit(endpoint, repositories)
        warmed = proxy.latency(LATENCY_MS)
        print(f"warm-up: {warmed['misses']} requests answered by moto, now from memory")
        floor = floor_seconds(repositories, LATENCY_MS)
        load_before = os.getloadavg()[0]
        cpu = cpu_seconds()
        plain = sorted(time_plain_boto3(endpoint, accounts, repositories) for _ in range(RUNS))
        plain_cpu = (cpu_seconds() - cpu) / RUNS
        cpu = cpu_seconds()
        program = sorted(time_organization_audit(endpoint, repositories) for _ in range(RUNS))
        program_cpu = (cpu_seconds() - cpu) / RUNS
        one_by_one = time_account_by_account(endpoint, repositories)
        proxy.latency(0)
        at_zero = time_organization_audit(endpoint, repositories)
        served = proxy.latency(0)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        median = program[len(program) // 2]
        plain_median = plain[len(plain) // 2]
        requests = expected_audits(repositories) + ACCOUNTS * len(REGIONS) * 2 + ACCOUNTS
        print(f"size: {ACCOUNTS} accounts x {len(REGIONS)} regions x {repositories} repositories")
        print(f"load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after (1 minute)")
        print(
            f"latency floor {floor:.3f} s; organisation audit runs {[round(p, 3) for p in program]}"
        )
        print(f"median {median:.3f} s = {median / floor:.2f}x the latency floor (target <= 1.5x)")
        print(
            f"boto3 floor (same requests, plain boto3) {[round(p, 3) for p in plain]}: "
            f"median {plain_median:.3f} s; the program is {median / plain_median:.2f}x it"
        )
        print(
            f"program CPU {program_cpu:.2f} s per audit, about {requests} requests: "
            f"{program_cpu / requests * 1000:.2f} ms per request; plain boto3 {plain_cpu:.2f} s, "
            f"{plain_cpu / requests * 1000:.2f} ms per request"
        )
        print(
            f"account by account {one_by_one:.3f} s = {one_by_one / median:.1f}x slower "
            "(target >= 5x)"
        )
        print(f"the same audit at 0 ms (the program's CPU alone) {at_zero:.3f} s")
        print(f"requests answered by moto after the warm-up: {served['misses'] - warmed['misses']}")
        print(f"peak RSS of the program {peak_mb:.0f} MB (target < 300 MB)")
    finally:
        if proxy is not None:
            proxy.stop()
        host.stop()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else REPOSITORIES)
