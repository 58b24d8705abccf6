"""Start-up: process start to the first frame that shows a repository name, seen from outside.

Each program runs in its own tmux session at 80x24 on a tmux server of the benchmark's own;
`capture-pane` is polled with a high-resolution timer until a repository name is on screen.
The program is not altered or instrumented.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

from common import BENCH, PYTHON, REGION, ROOT, aws_environment, median

SOCKET = "ecr-tui-bench"
MARKER = "/bench-0"
"""Every repository name of the benchmark account contains it, and nothing else shown does."""
POLL_SECONDS = 0.002
TIMEOUT_SECONDS = 30.0
DEAD_PANE = "Pane is dead"


def _tmux(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["tmux", "-L", SOCKET, *arguments],
        capture_output=True,
        text=True,
        check=False,
        env=aws_environment(),
    )


class Tmux:
    """A tmux server of the benchmark's own, kept up so its start is never measured."""

    def __enter__(self) -> Tmux:
        _tmux("kill-server")
        _tmux("new-session", "-d", "-s", "keeper", "-x", "80", "-y", "24", "cat")
        _tmux("set-option", "-g", "remain-on-exit", "on")
        return self

    def __exit__(self, *exc: object) -> None:
        _tmux("kill-server")

    def seconds_to_marker(self, session: str, command: Sequence[str]) -> float:
        """Seconds from starting `command` until MARKER is on its screen."""
        began = time.perf_counter()
        _tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", "--", *command)
        try:
            while time.perf_counter() - began < TIMEOUT_SECONDS:
                screen = _tmux("capture-pane", "-p", "-t", session).stdout
                if MARKER in screen:
                    return time.perf_counter() - began
                if DEAD_PANE in screen:
                    lines = [line.strip() for line in screen.splitlines() if line.strip()]
                    said = "".join(lines[-4:-1])[-160:]
                    raise RuntimeError(f"{Path(command[0]).name} exited: {said}")
                time.sleep(POLL_SECONDS)
            raise RuntimeError(f"{' '.join(command)} showed no repository in {TIMEOUT_SECONDS}s")
        finally:
            _tmux("kill-session", "-t", session)


def ecr_tui_command(endpoint: str) -> list[str]:
    program = str(ROOT / ".venv" / "bin" / "ecr-tui")
    return [program, "--region", REGION, "--endpoint-url", endpoint]


def floor_command() -> list[str]:
    return [PYTHON, str(BENCH / "floor_app.py")]


def measure_startup(endpoint: str, repeats: int) -> tuple[list[float], list[float]]:
    """(ecr-tui seconds, floor seconds), alternating so load hits both alike; one warm-up each."""
    program, floor = ecr_tui_command(endpoint), floor_command()
    ours: list[float] = []
    floors: list[float] = []
    with Tmux() as tmux:
        tmux.seconds_to_marker("warm-ours", program)
        tmux.seconds_to_marker("warm-floor", floor)
        for index in range(repeats):
            ours.append(tmux.seconds_to_marker(f"ours-{index}", program))
            floors.append(tmux.seconds_to_marker(f"floor-{index}", floor))
    return ours, floors


if __name__ == "__main__":
    from common import MotoHost

    host = MotoHost()
    try:
        host.repositories(25)
        ours, floors = measure_startup(host.endpoint, 5)
        print("ecr-tui", [round(s, 3) for s in ours], "median", round(median(ours), 3))
        print("floor  ", [round(s, 3) for s in floors], "median", round(median(floors), 3))
    finally:
        host.stop()
