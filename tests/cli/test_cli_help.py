"""`--help`: whole summaries, examples and exit codes for each command, a text for every option."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from ecr_tui.cli import SUBCOMMANDS, cli


def command(name: str) -> click.Command:
    with click.Context(cli) as ctx:
        found = cli.get_command(ctx, name)
    assert found is not None
    return found


def test_the_command_list_cuts_no_summary() -> None:
    result = CliRunner().invoke(cli, ["--help"], terminal_width=80)
    assert result.exit_code == 0
    listing = result.stdout.split("Commands:")[1].split("Examples:")[0]
    assert "..." not in listing
    for name in SUBCOMMANDS:
        assert f"  {name}  " in listing


@pytest.mark.parametrize("name", sorted(SUBCOMMANDS))
def test_each_command_has_examples_and_exit_codes(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"], terminal_width=80)
    assert result.exit_code == 0
    assert "Examples:\n    ecr-tui " in result.stdout
    assert "Exit codes:\n    0  " in result.stdout
    assert "    4  an AWS or credential error" in result.stdout


@pytest.mark.parametrize("name", [None, *sorted(SUBCOMMANDS)])
def test_every_option_says_what_it_does(name: str | None) -> None:
    chosen = cli if name is None else command(name)
    silent = [
        param.name
        for param in chosen.params
        if isinstance(param, click.Option) and not (param.help or "").strip()
    ]
    assert silent == []


def test_options_read_from_the_environment_name_the_variables() -> None:
    helps = {param.name: param.help or "" for param in cli.params}
    assert "AWS_PROFILE" in helps["profile"]
    assert "AWS_REGION" in helps["region"] and "AWS_DEFAULT_REGION" in helps["region"]
    assert "AWS_ENDPOINT_URL_ECR" in helps["endpoint_url"]
    assert "AWS_ENDPOINT_URL" in helps["endpoint_url"].replace("AWS_ENDPOINT_URL_ECR", "")
