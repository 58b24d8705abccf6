"""What every benchmark shares: the moto host, a safe AWS environment, results, statistics."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PYTHON = sys.executable
REGION = "us-east-1"
DUMMY_CREDENTIALS = ("bench", "bench")
HOME = Path(tempfile.mkdtemp(prefix="ecr-tui-bench-"))
atexit.register(shutil.rmtree, HOME, ignore_errors=True)


def aws_environment() -> dict[str, str]:
    """This environment with dummy credentials and no AWS config of the person's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "ECR_TUI_"))}
    env.update(
        AWS_ACCESS_KEY_ID=DUMMY_CREDENTIALS[0],
        AWS_SECRET_ACCESS_KEY=DUMMY_CREDENTIALS[1],
        AWS_DEFAULT_REGION=REGION,
        AWS_CONFIG_FILE=str(HOME / "aws-config"),
        AWS_SHARED_CREDENTIALS_FILE=str(HOME / "aws-credentials"),
        AWS_EC2_METADATA_DISABLED="true",
        ECR_TUI_STATE_DIR=str(HOME / "state"),
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
    )
    return env


def use_aws_environment() -> None:
    """Make this process's own boto3 clients use the dummy environment too."""
    for name in [k for k in os.environ if k.startswith("AWS_")]:
        del os.environ[name]
    os.environ.update(aws_environment())


class MotoHost:
    """The moto server of bench/moto_host.py, in a child process."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [PYTHON, str(BENCH / "moto_host.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=aws_environment(),
        )
        hello = self._read()
        self.endpoint: str = hello["endpoint"]
        self.account: str = hello["account"]

    def _read(self) -> dict[str, Any]:
        stdout: IO[str] | None = self._process.stdout
        line = stdout.readline() if stdout else ""
        if not line:
            raise RuntimeError("the moto host stopped; run bench/moto_host.py to see why")
        return json.loads(line)

    def _send(self, **command: Any) -> dict[str, Any]:
        stdin: IO[str] | None = self._process.stdin
        assert stdin is not None
        stdin.write(json.dumps(command) + "\n")
        stdin.flush()
        return self._read()

    def repositories(self, count: int, region: str = REGION, account: str | None = None) -> float:
        """Make `count` repositories exist (in `account`, else the host's); the seconds it took."""
        reply = self._send(op="repositories", region=region, count=count, account=account)
        return float(reply["seconds"])

    def organization(self, members: int) -> list[str]:
        """The host's account and `members` more in one organisation; every account id."""
        return list(self._send(op="organization", members=members)["made"])

    def principals(self, users: int, roles: int) -> float:
        return float(self._send(op="principals", users=users, roles=roles)["seconds"])

    def latency(self, ms: float) -> None:
        self._send(op="latency", ms=ms)

    @property
    def pid(self) -> int:
        return self._process.pid

    def stop(self) -> None:
        if self._process.stdin:
            self._process.stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()


class ReplayProxy:
    """bench/replay_proxy.py in front of `upstream`, in a child process: ECR reads answered
    from memory after the injected latency, so moto's CPU is off the measured path."""

    def __init__(self, upstream: str) -> None:
        self._process = subprocess.Popen(
            [PYTHON, str(BENCH / "replay_proxy.py"), upstream],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=aws_environment(),
        )
        self.endpoint: str = self._read()["endpoint"]

    def _read(self) -> dict[str, Any]:
        stdout: IO[str] | None = self._process.stdout
        line = stdout.readline() if stdout else ""
        if not line:
            raise RuntimeError("the replay proxy stopped; run bench/replay_proxy.py to see why")
        return json.loads(line)

    def latency(self, ms: float) -> dict[str, Any]:
        """Delay every later answer by `ms`; the hits and misses so far."""
        stdin: IO[str] | None = self._process.stdin
        assert stdin is not None
        stdin.write(json.dumps({"latency": ms}) + "\n")
        stdin.flush()
        return self._read()

    @property
    def pid(self) -> int:
        return self._process.pid

    def stop(self) -> None:
        if self._process.stdin:
            self._process.stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()


@dataclass(frozen=True)
class Row:
    """One line of the table. `floor` is the floor or peer; None prints "-"."""

    metric: str
    value: float | None
    floor: float | None
    unit: str
    target: str
    passed: bool | None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.floor:
            return None
        return self.value / self.floor


def plain_ecr_client(endpoint: str, region: str) -> Any:
    """A boto3 ECR client as a peer script would make it, with the dummy credentials."""
    import boto3

    return boto3.client(
        "ecr",
        region_name=region,
        endpoint_url=endpoint,
        aws_access_key_id=DUMMY_CREDENTIALS[0],
        aws_secret_access_key=DUMMY_CREDENTIALS[1],
    )


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest value with `fraction` of values at or below it."""
    ordered = sorted(values)
    rank = max(1, -(-int(fraction * 1000) * len(ordered) // 1000))
    return ordered[min(rank, len(ordered)) - 1]


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"
