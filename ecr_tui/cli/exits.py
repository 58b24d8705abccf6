"""Exit codes and one-line failures: scripts depend on these."""

from __future__ import annotations

from enum import IntEnum

import click

from ecr_tui.policy.safe_text import visible


class Exit(IntEnum):
    DONE = 0
    FINDINGS = 1
    BAD_INPUT = 2
    CONFLICT = 3
    AWS_ERROR = 4


class CliFailure(click.ClickException):
    """Stops the command with one line on stderr and the given exit code."""

    def __init__(self, message: str, code: Exit = Exit.BAD_INPUT) -> None:
        super().__init__(message)
        self.exit_code = int(code)

    def show(self, file: object = None) -> None:
        click.echo(visible(f"ecr-tui: {self.format_message()}"), err=True)
