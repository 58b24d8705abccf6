"""The start-up benchmark runs this checkout with the interpreter it was started with, and
says why when the program does not start."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import startup  # noqa: E402


def test_the_program_is_run_by_this_interpreter_from_this_checkout() -> None:
    command = startup.ecr_tui_command("http://127.0.0.1:1")
    assert command[:5] == ["env", f"PYTHONPATH={BENCH.parent}", sys.executable, "-m", "ecr_tui"]
    startup.check_program_starts()


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_a_program_that_dies_at_start_up_is_reported_with_its_words_and_status(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(startup, "SOCKET", f"ecr-tui-bench-test-{os.getpid()}")
    dying = [sys.executable, "-c", "import sys; print('ModuleNotFoundError: textual'); sys.exit(3)"]
    with startup.Tmux() as tmux, pytest.raises(RuntimeError) as stopped:
        tmux.seconds_to_markers("dies", dying, ["never shown"])
    assert "ModuleNotFoundError: textual" in str(stopped.value)
    assert "status 3" in str(stopped.value)
