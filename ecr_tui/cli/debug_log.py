"""`--debug`: the request log, redacted, on stderr, or in a file while the TUI draws there."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ecr_tui.aws.redaction import log_requests
from ecr_tui.service.backups import default_state_dir

LOG_NAME = "debug.log"


def debug_log_path() -> Path:
    return default_state_dir() / LOG_NAME


def start_request_log(*, terminal_ui: bool) -> None:
    """Log every request from now on. The terminal UI draws on stderr, so its log goes to a
    file readable only by its owner, named once on stderr before the UI takes the screen."""
    if not terminal_ui:
        log_requests(sys.stderr)
        return
    path = debug_log_path()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW
    descriptor = os.open(path, flags, 0o600)
    os.fchmod(descriptor, 0o600)
    log_requests(open(descriptor, "w", encoding="utf-8", buffering=1))  # noqa: SIM115
    click.echo(f"ecr-tui: --debug writes the request log to {path}", err=True)
