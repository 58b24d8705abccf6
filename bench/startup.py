"""Start-up: process start to the repository list's first frame, and to its first names,
seen from outside.

Each program runs in its own tmux session at 80x24 on a tmux server of the benchmark's own;
`capture-pane` is polled with a high-resolution timer until a repository name is on screen.
The program is not altered or instrumented; it is started from a one-line `sh` that prints
its exit status when it ends, because tmux does not always learn the status of a pane's
program (about a millisecond, the same for every program measured).
"""

from __future__ import annotations

import compileall
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from common import BENCH, PYTHON, REGION, ROOT, aws_environment, median

SOCKET = "ecr-tui-bench"
NAMES = "/bench-0"
"""Every repository name of the benchmark account contains it, and nothing else shown does."""
SCREEN = "repositories ·"
"""The repository list's status line, there from the list's first frame ("0 repositories ·
listing…") on; the floor's first frame already shows the names."""
POLL_SECONDS = 0.002
TIMEOUT_SECONDS = 30.0
DEAD_PANE = "Pane is dead"
EXITED = "ecr-tui-bench: exited with status "
REPORTS_ITS_EXIT = f'"$@"; status=$?; echo "{EXITED}$status"; exit $status'


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

    def seconds_to_markers(
        self, session: str, command: Sequence[str], markers: Sequence[str]
    ) -> dict[str, float]:
        """Seconds from starting `command` until each of `markers` is first on its screen."""
        began = time.perf_counter()
        seen: dict[str, float] = {}
        reported = ["sh", "-c", REPORTS_ITS_EXIT, "sh", *command]
        _tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", "--", *reported)
        try:
            while time.perf_counter() - began < TIMEOUT_SECONDS:
                screen = _tmux("capture-pane", "-p", "-t", session).stdout
                now = time.perf_counter() - began
                seen |= {m: now for m in markers if m in screen and m not in seen}
                if len(seen) == len(markers):
                    return seen
                if EXITED in screen or DEAD_PANE in screen:
                    raise RuntimeError(_why_it_exited(command, screen))
                time.sleep(POLL_SECONDS)
            raise RuntimeError(f"{' '.join(command)} showed no repository in {TIMEOUT_SECONDS}s")
        finally:
            _tmux("kill-session", "-t", session)


def _why_it_exited(command: Sequence[str], screen: str) -> str:
    """What the program printed before it died, and its exit status."""
    lines = [line.strip() for line in screen.splitlines() if line.strip()]
    exits = [line.removeprefix(EXITED) for line in lines if line.startswith(EXITED)]
    status = f"status {exits[-1]}" if exits else "no status"
    said = " | ".join(line for line in lines if DEAD_PANE not in line and EXITED not in line)
    said = said[-200:]
    name = " ".join(Path(part).name for part in command[:3])
    return f"{name} exited ({status}): {said or 'it printed nothing'}"


def ecr_tui_command(endpoint: str) -> list[str]:
    """This checkout's program, run by the interpreter running the benchmark."""
    return [
        "env",
        f"PYTHONPATH={ROOT}",
        PYTHON,
        "-m",
        "ecr_tui",
        "--region",
        REGION,
        "--endpoint-url",
        endpoint,
    ]


def check_program_starts() -> None:
    """Stop with the reason when the program cannot even be imported by this interpreter."""
    done = subprocess.run(
        [PYTHON, "-c", "import ecr_tui.cli, ecr_tui.ui.app"],
        capture_output=True,
        text=True,
        env={**aws_environment(), "PYTHONPATH": str(ROOT)},
        check=False,
    )
    if done.returncode != 0:
        said = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise RuntimeError(f"{PYTHON} cannot import ecr_tui: {said[:160]}")


def floor_command() -> list[str]:
    return [PYTHON, str(BENCH / "floor_app.py")]


@dataclass
class StartUp:
    """Seconds per run: ecr-tui to its first frame and to the first names; the floor's frame."""

    first_frame: list[float] = field(default_factory=list)
    first_names: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)


def compile_package() -> None:
    """Byte-compile the package, as `pip install` does for an installed one.

    An editable install leaves that to the first import, which cannot write it when
    PYTHONDONTWRITEBYTECODE is set: every start would compile every module again.
    """
    compileall.compile_dir(ROOT / "ecr_tui", quiet=1)


def measure_startup(endpoint: str, repeats: int) -> StartUp:
    """Alternating ecr-tui and the floor so load hits both alike; one warm-up each."""
    check_program_starts()
    compile_package()
    program, floor = ecr_tui_command(endpoint), floor_command()
    result = StartUp()
    with Tmux() as tmux:
        tmux.seconds_to_markers("warm-ours", program, [SCREEN, NAMES])
        tmux.seconds_to_markers("warm-floor", floor, [NAMES])
        for index in range(repeats):
            ours = tmux.seconds_to_markers(f"ours-{index}", program, [SCREEN, NAMES])
            result.first_frame.append(ours[SCREEN])
            result.first_names.append(ours[NAMES])
            result.floor.append(tmux.seconds_to_markers(f"floor-{index}", floor, [NAMES])[NAMES])
    return result


if __name__ == "__main__":
    from common import MotoHost

    host = MotoHost()
    try:
        host.repositories(25)
        measured = measure_startup(host.endpoint, 7)
        for label, runs in vars(measured).items():
            print(f"{label:12}", [round(s, 3) for s in runs], "median", round(median(runs), 3))
    finally:
        host.stop()
