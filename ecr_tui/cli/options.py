"""Options shared by several subcommands."""

from __future__ import annotations

import click

YES = click.option("--yes", "-y", "assume_yes", is_flag=True, help="Write without asking.")
