"""Run every benchmark and print the table: `python3.11 bench/run.py [--quick]`.

Everything runs with the interpreter this is started with, after the README's test set-up
(`python3.11 -m pip install -e '.[test]'`), on this checkout's code.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
from collections.abc import Callable
from dataclasses import dataclass

import audit_bench
import iam_keys
import repo_list
import report
import startup
from common import BENCH, PYTHON, MotoHost, Row, aws_environment, median, percentile
from moto_host import repository_name

START_UP_REPOSITORIES = 25
START_UP_TARGET = 1.5
FIRST_ROWS_TARGET_SECONDS = 0.5
ALL_ROWS_TARGET = 1.5
KEYSTROKE_P95_TARGET_SECONDS = 0.030
AUDIT_FLOOR_TARGET = 1.3
AUDIT_SPEED_UP_TARGET = 8.0
LATENCY_MS = 20.0
MEMORY_TARGET_MB = 200.0


@dataclass(frozen=True)
class Sizes:
    start_up_runs: int
    repositories: int
    listing_runs: int
    principals: int
    keystroke_rounds: int
    audited: int
    audit_runs: int
    aws_cli_sample: int


FULL = Sizes(7, 5000, 3, 5000, 3, 1000, 3, 50)
QUICK = Sizes(3, 500, 1, 500, 1, 100, 1, 5)


def count(n: int) -> str:
    return f"{n:,}"


def start_up(host: MotoHost, sizes: Sizes) -> list[Row]:
    measured = startup.measure_startup(host.endpoint, sizes.start_up_runs)
    frame, names, floor = (
        median(measured.first_frame),
        median(measured.first_names),
        median(measured.floor),
    )

    def spread(runs: list[float]) -> str:
        return f"ecr-tui {min(runs):.2f}-{max(runs):.2f} s"

    floor_spread = f"floor {min(measured.floor):.2f}-{max(measured.floor):.2f} s"
    runs = len(measured.floor)
    return [
        Row(
            f"start-up to the repository list's first frame (tmux 80x24, median of {runs})",
            frame,
            floor,
            "s",
            f"<= {START_UP_TARGET}x floor",
            frame / floor <= START_UP_TARGET,
            f"{spread(measured.first_frame)}, {floor_spread}",
        ),
        Row(
            "start-up to the first repository names (one ListRepositories round trip more)",
            names,
            floor,
            "s",
            "-",
            None,
            spread(measured.first_names),
        ),
    ]


def listing(host: MotoHost, sizes: Sizes) -> list[Row]:
    n = sizes.repositories
    plain = [repo_list.time_plain_paginate(host.endpoint) for _ in range(sizes.listing_runs)]
    runs = [
        asyncio.run(repo_list.time_listing(host.endpoint, n)) for _ in range(sizes.listing_runs)
    ]
    first = median([r.first_rows for r in runs])
    every = median([r.all_rows for r in runs])
    plain_all = median([p[1] for p in plain])
    return [
        Row(
            f"list {count(n)}: first rows after the screen opens",
            first,
            median([p[0] for p in plain]),
            "s",
            f"< {FIRST_ROWS_TARGET_SECONDS} s",
            first < FIRST_ROWS_TARGET_SECONDS,
        ),
        Row(
            f"list {count(n)}: all rows (floor: boto3 paginate)",
            every,
            plain_all,
            "s",
            f"<= {ALL_ROWS_TARGET}x floor",
            every / plain_all <= ALL_ROWS_TARGET,
        ),
        Row(
            f"list {count(n)}: every policy summary filled",
            median([r.all_policies for r in runs]),
            None,
            "s",
            "-",
            None,
        ),
    ]


def keystrokes(host: MotoHost, sizes: Sizes) -> list[Row]:
    result = asyncio.run(
        iam_keys.time_selector(host.endpoint, sizes.principals, sizes.keystroke_rounds)
    )
    times = result.keystrokes
    p95 = percentile(times, 0.95)
    label = f"IAM filter, {count(result.principals)} users+roles"
    return [
        Row(f"{label}: load all", result.load_seconds, None, "s", "-", None),
        Row(f"{label}: keystroke median", median(times), None, "s", "-", None),
        Row(
            f"{label}: keystroke p95 ({len(times)} keys)",
            p95,
            None,
            "s",
            f"< {KEYSTROKE_P95_TARGET_SECONDS * 1000:.0f} ms",
            p95 < KEYSTROKE_P95_TARGET_SECONDS,
            f"slowest {max(times) * 1000:.0f} ms",
        ),
    ]


def memory(host: MotoHost, sizes: Sizes) -> list[Row]:
    def probe(*arguments: str) -> float:
        done = subprocess.run(
            [PYTHON, str(BENCH / "memory_probe.py"), *arguments],
            capture_output=True,
            text=True,
            env=aws_environment(),
            check=False,
        )
        if done.returncode != 0:
            said = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise RuntimeError(f"the memory probe failed: {said[:160]}")
        return float(json.loads(done.stdout.strip().splitlines()[-1])["peak_mb"])

    floor = probe("floor")
    n, m = sizes.repositories, sizes.principals
    value = probe("program", host.endpoint, str(n), str(m))
    return [
        Row(
            f"peak RSS, {count(n)} repositories + {count(m)} principals (floor: bare app)",
            value,
            floor,
            "MB",
            f"< {MEMORY_TARGET_MB:.0f} MB",
            value < MEMORY_TARGET_MB,
        )
    ]


def audit(host: MotoHost, sizes: Sizes) -> list[Row]:
    n = sizes.audited
    endpoint = host.endpoint
    host.latency(0)
    unloaded = median([audit_bench.time_program_audit(endpoint, n) for _ in range(2)])
    host.latency(LATENCY_MS)
    try:
        runs = [audit_bench.time_program_audit(endpoint, n) for _ in range(sizes.audit_runs)]
        ours = median(runs)
        sequential = audit_bench.time_sequential_loop(endpoint, n)
        rows = [
            Row(
                f"audit {count(n)} @ {LATENCY_MS:.0f} ms (floor: ceil(n/pool) x latency + pages)",
                ours,
                audit_bench.floor_seconds(n, LATENCY_MS),
                "s",
                f"<= {AUDIT_FLOOR_TARGET}x floor",
                ours <= AUDIT_FLOOR_TARGET * audit_bench.floor_seconds(n, LATENCY_MS),
            ),
            Row(
                f"audit {count(n)} vs sequential boto3 loop",
                ours,
                sequential,
                "s",
                f">= {AUDIT_SPEED_UP_TARGET:.0f}x faster",
                sequential / ours >= AUDIT_SPEED_UP_TARGET,
                f"{sequential / ours:.1f}x faster",
            ),
            Row(
                f"audit {count(n)} @ 0 ms (this machine's CPU floor)",
                unloaded,
                None,
                "s",
                "-",
                None,
            ),
        ]
        rows.append(aws_cli_row(endpoint, ours, sizes))
        return rows
    finally:
        host.latency(0)


def aws_cli_row(endpoint: str, ours: float, sizes: Sizes) -> Row:
    n = sizes.audited
    metric = f"audit {count(n)} vs shell loop of aws ecr get-repository-policy"
    try:
        names = [repository_name(i) for i in range(sizes.aws_cli_sample)]
        per_call = audit_bench.time_aws_cli_loop(endpoint, names)
    except Exception as error:
        return Row(metric, ours, None, "s", "-", None, f"n/a: {error}")
    peer = per_call * n
    note = (
        f"{len(names)} calls timed ({per_call * 1000:.0f} ms each), "
        f"extrapolated to {count(n)}; {peer / ours:.0f}x slower than ecr-tui"
    )
    return Row(metric, ours, peer, "s", "-", None, note)


def guarded(name: str, measure: Callable[[], list[Row]]) -> list[Row]:
    try:
        return measure()
    except Exception as error:
        said = str(error).splitlines()[0] if str(error) else type(error).__name__
        return [Row(name, None, None, "s", "-", None, f"n/a: {said}")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, a smoke run")
    sizes = QUICK if parser.parse_args().quick else FULL
    print(report.machine())
    print(report.load_line("before"))
    host = MotoHost()
    setup: list[str] = []
    rows: list[Row] = []
    try:
        host.repositories(START_UP_REPOSITORIES)
        rows += guarded("start-up", lambda: start_up(host, sizes))
        seconds = host.repositories(sizes.repositories)
        setup.append(f"{count(sizes.repositories)} repositories: {seconds:.2f} s")
        rows += guarded("repository list", lambda: listing(host, sizes))
        half = sizes.principals // 2
        seconds = host.principals(half, sizes.principals - half)
        setup.append(f"{count(sizes.principals)} users and roles: {seconds:.2f} s")
        rows += guarded("IAM selector", lambda: keystrokes(host, sizes))
        rows += guarded("memory", lambda: memory(host, sizes))
        seconds = host.repositories(sizes.audited, audit_bench.AUDIT_REGION)
        setup.append(f"{count(sizes.audited)} repositories to audit: {seconds:.2f} s")
        rows += guarded("audit", lambda: audit(host, sizes))
    finally:
        host.stop()
    print(report.load_line("after"))
    print("setup (moto's backend, directly): " + "; ".join(setup))
    print()
    print(report.table(rows))
    print()
    print(report.notes(rows))


if __name__ == "__main__":
    main()
