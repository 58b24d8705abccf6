"""Writes as processes see them: many writers at once, interrupts, and a silent endpoint.

One moto server on loopback (ThreadedMotoServer), sometimes behind the fault proxy; each
writer is `python -m ecr_tui` with dummy credentials, never a real profile.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from fault_proxy import FaultProxy, Rule
from moto.moto_server.threaded_moto_server import ThreadedMotoServer

REGION = "us-east-1"
REPO = "shared/app"
WRITERS = 5
WAIT = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def moto_endpoint() -> Iterator[str]:
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"))
    boto3.client("ecr", region_name=REGION, endpoint_url=endpoint).create_repository(
        repositoryName=REPO
    )
    try:
        yield endpoint
    finally:
        server.stop()


@pytest.fixture
def proxy(moto_endpoint: str) -> Iterator[FaultProxy]:
    fronted = FaultProxy(moto_endpoint)
    try:
        yield fronted
    finally:
        fronted.close()


def program(endpoint: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "ecr_tui", "--region", REGION, "--endpoint-url", endpoint, *args]


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(NO_PROXY="127.0.0.1", no_proxy="127.0.0.1", PYTHONUNBUFFERED="1")
    return env


def add(endpoint: str, sid: str, account: str) -> list[str]:
    return program(
        endpoint, "add-statement", REPO, "--sid", sid, "-p", account, "--actions", "pull", "--yes"
    )


def live_sids(endpoint: str) -> set[str]:
    ecr = boto3.client("ecr", region_name=REGION, endpoint_url=endpoint)
    try:
        text = ecr.get_repository_policy(repositoryName=REPO)["policyText"]
    except ecr.exceptions.RepositoryPolicyNotFoundException:
        return set()
    return {statement["Sid"] for statement in json.loads(text)["Statement"]}


def test_no_writer_reports_success_for_a_statement_that_is_not_in_the_policy(
    moto_endpoint: str,
) -> None:
    sids = [f"Writer{n}" for n in range(WRITERS)]
    writers = [
        subprocess.Popen(
            add(moto_endpoint, sid, f"1111222233{n:02d}"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment(),
        )
        for n, sid in enumerate(sids)
    ]
    outcomes = {sid: (w.wait(WAIT), w.communicate()) for sid, w in zip(sids, writers, strict=True)}
    final = live_sids(moto_endpoint)
    false_successes = [sid for sid, (code, _) in outcomes.items() if code == 0 and sid not in final]
    assert false_successes == [], outcomes
    for code, (_, stderr) in outcomes.values():
        assert code in (0, 3), stderr
        assert "Traceback" not in stderr


def test_a_silent_endpoint_ends_with_one_line_after_one_attempt() -> None:
    accepted: list[socket.socket] = []
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def accept_and_say_nothing() -> None:
        while True:
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept_and_say_nothing, daemon=True).start()
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "ecr_tui",
                "--connect-timeout",
                "1",
                "--read-timeout",
                "0.5",
                *program(f"http://127.0.0.1:{port}", "show", REPO)[3:],
            ],
            capture_output=True,
            text=True,
            env=environment(),
            timeout=WAIT,
            check=False,
        )
    finally:
        listener.close()
        for connection in accepted:
            connection.close()
    assert done.returncode == 4
    assert done.stderr.count("\n") == 1, done.stderr
    assert "did not answer in time" in done.stderr
    assert "--read-timeout" in done.stderr
    assert len(accepted) == 1, "a request that was never answered is not sent again"


def interrupted_write(
    proxy: FaultProxy, rule: Rule, signum: int, *, then_silent: bool = False
) -> tuple[int, str]:
    """Start a write, send `signum` once its SetRepositoryPolicy reached the proxy (from
    then on, with `then_silent`, nothing is answered)."""
    proxy.rules["SetRepositoryPolicy"] = rule
    writer = subprocess.Popen(
        add(proxy.endpoint, "Interrupted", "111122223333"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(),
    )
    assert proxy.arrived("SetRepositoryPolicy").wait(WAIT)
    if then_silent:
        proxy.rules["GetRepositoryPolicy"] = Rule(forward=False, answer=False)
    writer.send_signal(signum)
    _, stderr = writer.communicate(timeout=WAIT)
    return writer.returncode, stderr


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["sigint", "sigterm"])
def test_an_interrupt_after_the_write_landed_says_so(
    proxy: FaultProxy, moto_endpoint: str, state_dir: Path, signum: int
) -> None:
    code, stderr = interrupted_write(proxy, Rule(forward=True, answer=False), signum)
    assert "Interrupted" in live_sids(moto_endpoint)
    assert code == 0, stderr
    assert "but the write had landed" in stderr
    assert "`ecr-tui restore shared/app --backup " in stderr
    assert "nothing was written" not in stderr


def test_an_interrupt_before_the_write_landed_says_nothing_was_written(
    proxy: FaultProxy, moto_endpoint: str
) -> None:
    code, stderr = interrupted_write(proxy, Rule(forward=False, answer=False), signal.SIGINT)
    assert live_sids(moto_endpoint) == set()
    assert code == 2
    assert "does not have the change; nothing was written" in stderr


def test_an_interrupt_when_nothing_answers_says_how_to_check_and_restore(
    proxy: FaultProxy,
) -> None:
    code, stderr = interrupted_write(
        proxy, Rule(forward=True, answer=False), signal.SIGINT, then_silent=True
    )
    assert code == 4
    told = [line for line in stderr.splitlines() if not line.startswith("ecr-tui: warning: new ")]
    assert len(told) == 1, stderr  # the write's outcome, after the finding it warned of
    assert "the write may have landed: check with `ecr-tui show shared/app`" in stderr
    assert "`ecr-tui restore shared/app --backup " in stderr
