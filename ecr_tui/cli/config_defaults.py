"""The config file as the CLI uses it: one line for a file it cannot use, defaults for options."""

from __future__ import annotations

from typing import Any

import click

from ecr_tui.cli.exits import CliFailure, Exit
from ecr_tui.service.config import ConfigError, UserConfig, load_config

OUTPUT_CHOICES = {
    ("show",): ("json", "text"),
    ("registry", "show"): ("json", "text"),
    ("audit",): ("table", "json", "csv"),
}
"""The formats each command offers (by its path below the program); the config's `output` is
the default where it is offered."""


def read_config(*, for_help: bool = False) -> UserConfig:
    """The config file; one that cannot be used stops the command, but only warns when all
    that was asked for is a command's help."""
    try:
        config = load_config()
    except ConfigError as error:
        if not for_help:
            raise CliFailure(f"{error}", Exit.BAD_INPUT) from None
        click.echo(f"ecr-tui: warning: {error}", err=True)
        return UserConfig()
    for warning in config.warnings:
        click.echo(f"ecr-tui: warning: {warning}", err=True)
    return config


def command_defaults(config: UserConfig) -> dict[str, Any]:
    """click's `default_map`: what the config sets, which a flag on the command line overrides."""
    defaults: dict[str, Any] = {}
    for path, choices in OUTPUT_CHOICES.items():
        if config.output in choices:
            _options_of(defaults, path)["output"] = config.output
    if config.trusted_accounts:
        _options_of(defaults, ("audit",))["trusted"] = list(config.trusted_accounts)
    return defaults


def _options_of(defaults: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    """The defaults of the command at `path`: a group's map holds its commands' maps."""
    for name in path:
        defaults = defaults.setdefault(name, {})
    return defaults
