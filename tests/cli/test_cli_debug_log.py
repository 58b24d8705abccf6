"""`--debug` with the terminal UI: the request log goes to a file, never over the screen."""

from __future__ import annotations

import logging
import stat
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from ecr_tui.aws.backend import Backend, BackendSettings
from ecr_tui.aws.redaction import DEBUG_LOGGERS
from ecr_tui.cli import cli
from ecr_tui.cli import tui as tui_entry
from ecr_tui.service.backups import default_state_dir

SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
TOKEN = "FAKEIQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+abc/def=="


@pytest.fixture
def request_logging_restored() -> Iterator[None]:
    """--debug sets up process-wide loggers; put them back as they were afterwards."""
    loggers = [logging.getLogger(name) for name in DEBUG_LOGGERS]
    saved = [(logger.level, list(logger.handlers)) for logger in loggers]
    yield
    for logger, (level, handlers) in zip(loggers, saved, strict=True):
        for handler in logger.handlers:
            if handler not in handlers:
                handler.close()
        logger.handlers[:] = handlers
        logger.setLevel(level)


@pytest.fixture
def tui_that_calls_aws(aws: None, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The terminal UI replaced by one signed AWS call, as its first screen makes."""
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
    monkeypatch.setenv("AWS_SESSION_TOKEN", TOKEN)
    accounts: list[str] = []

    def run_tui(_cli: object) -> None:
        accounts.append(Backend(BackendSettings(region="us-east-1")).identity().account)

    monkeypatch.setattr(tui_entry, "run_tui", run_tui)
    return accounts


def test_with_the_tui_the_request_log_goes_to_a_private_file(
    tui_that_calls_aws: list[str], request_logging_restored: None
) -> None:
    result = CliRunner().invoke(cli, ["--debug"])
    assert result.exit_code == 0, result.output
    assert tui_that_calls_aws == ["123456789012"]
    log_file = default_state_dir() / "debug.log"
    assert result.stderr == f"ecr-tui: --debug writes the request log to {log_file}\n"
    log = log_file.read_text(encoding="utf-8")
    assert "GetCallerIdentity" in log and "x-amz-security-token:<redacted>" in log
    assert SECRET_KEY not in log and TOKEN not in log and TOKEN[:12] not in log
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600


def test_a_command_still_logs_to_stderr(
    tui_that_calls_aws: list[str], request_logging_restored: None, ecr: object
) -> None:
    result = CliRunner().invoke(cli, ["--debug", "--region", "us-east-1", "audit"])
    assert result.exit_code == 0, result.output
    assert "botocore.endpoint" in result.stderr and "DescribeRepositories" in result.stderr
    assert not (default_state_dir() / "debug.log").exists()
