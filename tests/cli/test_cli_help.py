"""`--help`: whole summaries, examples and exit codes for each command, a text for every option."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from ecr_tui.cli import cli


def command_paths(group: click.Group = cli, above: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command below `group`, as the words that name it (`registry show`)."""
    with click.Context(group) as ctx:
        names = group.list_commands(ctx)
        found = {name: group.get_command(ctx, name) for name in names}
    paths = []
    for name, sub in found.items():
        paths.append((*above, name))
        if isinstance(sub, click.Group):
            paths.extend(command_paths(sub, (*above, name)))
    return paths


EVERY_COMMAND = command_paths()


def resolve(path: tuple[str, ...]) -> click.Command:
    chosen: click.Command = cli
    for name in path:
        assert isinstance(chosen, click.Group)
        with click.Context(chosen) as ctx:
            found = chosen.get_command(ctx, name)
        assert found is not None
        chosen = found
    return chosen


def test_the_registry_commands_are_checked_too() -> None:
    assert ("registry", "show") in EVERY_COMMAND and ("registry", "restore") in EVERY_COMMAND


@pytest.mark.parametrize("group", [(), ("registry",)], ids=["ecr-tui", "registry"])
def test_no_command_list_cuts_a_summary(group: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*group, "--help"], terminal_width=80)
    assert result.exit_code == 0
    listing = result.stdout.split("Commands:")[1].split("Examples:")[0]
    assert "..." not in listing
    listed = [path[-1] for path in EVERY_COMMAND if path[:-1] == group]
    for name in listed:
        assert f"  {name}  " in listing


@pytest.mark.parametrize("path", EVERY_COMMAND, ids=" ".join)
def test_each_command_has_examples_and_exit_codes(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"], terminal_width=80)
    assert result.exit_code == 0
    assert "Examples:\n    ecr-tui " in result.stdout
    assert "Exit codes:\n    0  " in result.stdout
    assert "    4  an AWS or credential error" in result.stdout


@pytest.mark.parametrize("path", [(), *EVERY_COMMAND], ids=lambda path: " ".join(path) or "-")
def test_every_option_says_what_it_does(path: tuple[str, ...]) -> None:
    chosen = resolve(path)
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


@pytest.mark.parametrize("path", EVERY_COMMAND, ids=" ".join)
def test_every_command_has_a_summary_of_its_own_that_no_width_cuts(path: tuple[str, ...]) -> None:
    summary = resolve(path).short_help or ""
    assert summary.endswith(".") and "..." not in summary
    narrow = CliRunner().invoke(cli, [*path[:-1], "--help"], terminal_width=50)
    assert "..." not in narrow.stdout.split("Commands:")[1]
