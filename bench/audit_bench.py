"""Auditing many repositories behind injected latency: the program against its peers.

The moto host delays every request by the latency asked for. The program lists the
repositories and audits them with `audit_repositories` (its default pool); the peers are a
sequential boto3 loop and a shell loop of `aws ecr get-repository-policy`.
"""

from __future__ import annotations

import contextlib
import math
import subprocess
import time
from pathlib import Path

from common import BENCH, PYTHON, aws_environment, plain_ecr_client
from repo_list import PAGE_SIZE, backend_for

from ecr_tui.service.audit_runner import DEFAULT_WORKERS, audit_repositories

AUDIT_REGION = "us-west-2"
AWS_CLI_VENV = BENCH / ".venv-awscli"
AWS_CLI = AWS_CLI_VENV / "bin" / "aws"
INSTALL_TIMEOUT_SECONDS = 600


def floor_seconds(count: int, latency_ms: float, pool: int = DEFAULT_WORKERS) -> float:
    """ceil(count / pool) rounds of reads, plus the listing pages, each one latency long."""
    pages = math.ceil(count / PAGE_SIZE)
    return (math.ceil(count / pool) + pages) * latency_ms / 1000


def time_program_audit(endpoint: str, count: int) -> float:
    backend = backend_for(endpoint, AUDIT_REGION)
    began = time.perf_counter()
    repositories = backend.list_repositories()
    audits = audit_repositories(backend, repositories)
    seconds = time.perf_counter() - began
    unreadable = [a for a in audits if a.error]
    if len(audits) != count or unreadable:
        raise RuntimeError(f"audited {len(audits)} of {count}, {len(unreadable)} unreadable")
    return seconds


def time_sequential_loop(endpoint: str, count: int) -> float:
    client = plain_ecr_client(endpoint, AUDIT_REGION)
    began = time.perf_counter()
    names = [
        repository["repositoryName"]
        for page in client.get_paginator("describe_repositories").paginate(
            PaginationConfig={"PageSize": PAGE_SIZE}
        )
        for repository in page["repositories"]
    ]
    for name in names:
        with contextlib.suppress(client.exceptions.RepositoryPolicyNotFoundException):
            client.get_repository_policy(repositoryName=name)
    seconds = time.perf_counter() - began
    if len(names) != count:
        raise RuntimeError(f"the loop listed {len(names)} of {count}")
    return seconds


def ensure_aws_cli() -> Path:
    """The AWS CLI of bench/.venv-awscli, installed from the package index when missing."""
    if AWS_CLI.exists():
        return AWS_CLI
    steps = [
        [PYTHON, "-m", "venv", str(AWS_CLI_VENV)],
        [str(AWS_CLI_VENV / "bin" / "pip"), "install", "--quiet", "awscli"],
    ]
    for step in steps:
        done = subprocess.run(
            step, capture_output=True, text=True, timeout=INSTALL_TIMEOUT_SECONDS, check=False
        )
        if done.returncode != 0:
            said = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise RuntimeError(f"installing the AWS CLI failed: {said[:160]}")
    return AWS_CLI


def time_aws_cli_loop(endpoint: str, names: list[str]) -> float:
    """Seconds per `aws ecr get-repository-policy` call, over a shell loop of `names`."""
    aws = ensure_aws_cli()
    script = (
        'for name in "$@"; do '
        f'"{aws}" ecr get-repository-policy --repository-name "$name" '
        f"--region {AUDIT_REGION} --endpoint-url {endpoint} >/dev/null 2>&1 || true; "
        "done"
    )
    began = time.perf_counter()
    subprocess.run(["bash", "-c", script, "loop", *names], env=aws_environment(), check=True)
    return (time.perf_counter() - began) / len(names)


if __name__ == "__main__":
    from common import MotoHost
    from moto_host import repository_name

    host = MotoHost()
    try:
        host.repositories(1000, AUDIT_REGION)
        host.latency(20)
        print("floor", floor_seconds(1000, 20))
        print("ecr-tui", [time_program_audit(host.endpoint, 1000) for _ in range(3)])
        sample = [repository_name(i) for i in range(10)]
        print("aws cli per call", time_aws_cli_loop(host.endpoint, sample))
        print("sequential", time_sequential_loop(host.endpoint, 1000))
    finally:
        host.stop()
