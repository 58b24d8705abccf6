"""Concurrent writers and silent endpoints: `python3.11 bench/writers.py [--code DIR]`.

N `ecr-tui add-statement --yes` processes start at once against one moto server, each
adding its own Sid to the same repository. Counted: the statements in the policy after all
of them ended (survivors), and the processes that exited 0 for a statement that is not in
it (false successes). With and without latency on every request. Then the deterministic
repro (writer A's SetRepositoryPolicy held 4 s while writer B runs start to finish) and
the time a command takes to fail on an endpoint that accepts and never answers.

`--code DIR` runs the program from another checkout (e.g. the one before a change).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from common import PYTHON, REGION, ROOT, MotoHost, aws_environment, plain_ecr_client
from moto_host import repository_name

sys.path.insert(0, str(ROOT / "tests" / "aws"))
from fault_proxy import FaultProxy, Rule

REPO = repository_name(0)
COUNTS = (2, 5, 10, 20)
LATENCIES_MS = (0.0, 30.0)
WAIT_SECONDS = 180


@dataclass(frozen=True)
class Trial:
    writers: int
    latency_ms: float
    survivors: int
    false_successes: int
    exits: dict[int, int]
    seconds: float


def environment(code: Path) -> dict[str, str]:
    env = aws_environment()
    env["PYTHONPATH"] = str(code)
    return env


def command(code: Path, endpoint: str, *args: str) -> list[str]:
    del code
    return [PYTHON, "-m", "ecr_tui", "--region", REGION, "--endpoint-url", endpoint, *args]


def adding(code: Path, endpoint: str, sid: str, n: int) -> list[str]:
    account = f"{111122220000 + n}"
    return command(
        code, endpoint, "add-statement", REPO, "--sid", sid, "-p", account, "-a", "pull", "--yes"
    )


def live_sids(endpoint: str) -> set[str]:
    ecr = plain_ecr_client(endpoint, REGION)
    try:
        text = ecr.get_repository_policy(repositoryName=REPO)["policyText"]
    except ecr.exceptions.RepositoryPolicyNotFoundException:
        return set()
    return {statement.get("Sid", "") for statement in json.loads(text)["Statement"]}


def clear_policy(endpoint: str) -> None:
    ecr = plain_ecr_client(endpoint, REGION)
    with contextlib.suppress(ecr.exceptions.RepositoryPolicyNotFoundException):
        ecr.delete_repository_policy(repositoryName=REPO)


def trial(code: Path, host: MotoHost, writers: int, latency_ms: float) -> Trial:
    host.latency(0)
    clear_policy(host.endpoint)
    host.latency(latency_ms)
    sids = [f"W{writers}x{n}" for n in range(writers)]
    began = time.perf_counter()
    running = [
        subprocess.Popen(
            adding(code, host.endpoint, sid, n),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=environment(code),
        )
        for n, sid in enumerate(sids)
    ]
    codes = [process.wait(WAIT_SECONDS) for process in running]
    seconds = time.perf_counter() - began
    host.latency(0)
    final = live_sids(host.endpoint)
    exits: dict[int, int] = {}
    for exit_code in codes:
        exits[exit_code] = exits.get(exit_code, 0) + 1
    false = sum(1 for sid, c in zip(sids, codes, strict=True) if c == 0 and sid not in final)
    return Trial(writers, latency_ms, len(final & set(sids)), false, exits, seconds)


def held_write_repro(code: Path, host: MotoHost) -> str:
    """A's SetRepositoryPolicy is held 4 s on the way while B runs start to finish."""
    clear_policy(host.endpoint)
    proxy = FaultProxy(host.endpoint, {"SetRepositoryPolicy": Rule(delay=4.0, times=1)})
    try:
        env = environment(code)
        a = subprocess.Popen(
            adding(code, proxy.endpoint, "HeldA", 1),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        proxy.arrived("SetRepositoryPolicy").wait(60)
        b = subprocess.run(
            adding(code, proxy.endpoint, "QuickB", 2), capture_output=True, text=True, env=env
        )
        a_stderr = a.communicate(timeout=WAIT_SECONDS)[1]
        final = live_sids(host.endpoint)
    finally:
        proxy.close()
    false = [
        sid
        for sid, rc in (("HeldA", a.returncode), ("QuickB", b.returncode))
        if rc == 0 and sid not in final
    ]
    said = (a_stderr.strip().splitlines() or [""])[-1][:100]
    return (
        f"A exit {a.returncode}, B exit {b.returncode}; in the policy: {sorted(final)}; "
        f"false successes: {false or 'none'}; A said: {said!r}"
    )


def read_to_write_window(code: Path, host: MotoHost, latency_ms: float) -> str:
    """From the read the write is based on reaching the server to the write reaching it."""
    gaps = []
    for run in range(3):
        clear_policy(host.endpoint)
        proxy = FaultProxy(host.endpoint)
        proxy.latency = latency_ms / 1000
        try:
            subprocess.run(
                adding(code, proxy.endpoint, f"Window{run}", run),
                capture_output=True,
                env=environment(code),
                check=False,
            )
        finally:
            proxy.close()
        write = next(i for i, (op, _) in enumerate(proxy.arrivals) if op == "SetRepositoryPolicy")
        read = max(
            i for i, (op, _) in enumerate(proxy.arrivals[:write]) if op == "GetRepositoryPolicy"
        )
        gaps.append((proxy.arrivals[write][1] - proxy.arrivals[read][1]) * 1000)
        between = [op for op, _ in proxy.arrivals[read + 1 : write]]
    return f"{sorted(gaps)[1]:.0f} ms (median of 3; calls in between: {between or 'none'})"


def silent_endpoint(code: Path) -> str:
    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    endpoint = f"http://127.0.0.1:{listener.getsockname()[1]}"
    began = time.perf_counter()
    try:
        done = subprocess.run(
            command(code, endpoint, "show", REPO),
            capture_output=True,
            text=True,
            env=environment(code),
            timeout=900,
            check=False,
        )
        seconds = time.perf_counter() - began
        said = done.stderr.strip().splitlines()
        line = said[-1] if said else "(nothing on stderr)"
        return (
            f"{seconds:.1f} s, exit {done.returncode}, {len(said)} line(s), "
            f"{len(accepted)} connection(s): {line[:160]}"
        )
    except subprocess.TimeoutExpired:
        return "still waiting after 900 s"
    finally:
        listener.close()
        for connection in accepted:
            connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout to run the program from")
    parser.add_argument("--counts", type=int, nargs="*", default=list(COUNTS))
    parser.add_argument("--no-silent", action="store_true", help="skip the silent endpoint")
    arguments = parser.parse_args()
    code = arguments.code.resolve()
    print(f"code: {code}; load {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    host = MotoHost()
    try:
        host.repositories(1)
        print("| writers | latency | survivors | false successes | exits | wall |")
        print("|---|---|---|---|---|---|")
        for latency in LATENCIES_MS:
            for writers in arguments.counts:
                t = trial(code, host, writers, latency)
                exits = ", ".join(f"{k}: {v}" for k, v in sorted(t.exits.items()))
                print(
                    f"| {t.writers} | {t.latency_ms:.0f} ms | {t.survivors}/{t.writers} | "
                    f"{t.false_successes} | {exits} | {t.seconds:.1f} s |",
                    flush=True,
                )
        print(f"held write (4 s) while another runs: {held_write_repro(code, host)}")
        window = read_to_write_window(code, host, 30.0)
        print(f"read-to-write window, one writer, 30 ms latency: {window}")
    finally:
        host.stop()
    if not arguments.no_silent:
        print(f"silent endpoint, default settings: {silent_endpoint(code)}")


if __name__ == "__main__":
    main()
