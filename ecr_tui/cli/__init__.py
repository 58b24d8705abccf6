"""The command line: the TUI when no subcommand is given, else a scriptable subcommand."""

from __future__ import annotations

import sys
from importlib import import_module
from typing import Any

import click

from ecr_tui import __version__
from ecr_tui.aws.backend import (
    CONNECT_TIMEOUT,
    READ_TIMEOUT,
    SILENCE_REMEMBERED,
    BackendSettings,
)
from ecr_tui.aws.errors import AwsError
from ecr_tui.aws.redaction import redact
from ecr_tui.cli.completion import complete_profile, complete_region
from ecr_tui.cli.config_defaults import command_defaults, read_config
from ecr_tui.cli.context import CliContext
from ecr_tui.cli.debug_log import start_request_log
from ecr_tui.cli.exits import CliFailure, Exit
from ecr_tui.cli.help_text import EVERY_EXIT, epilog
from ecr_tui.policy.safe_text import visible
from ecr_tui.service.preview import ReadOnly

SUBCOMMANDS = {
    "show": ("ecr_tui.cli.policy_commands", "show"),
    "add-statement": ("ecr_tui.cli.statement_commands", "add_statement"),
    "remove-statement": ("ecr_tui.cli.statement_commands", "remove_statement"),
    "apply": ("ecr_tui.cli.policy_commands", "apply"),
    "restore": ("ecr_tui.cli.policy_commands", "restore"),
    "audit": ("ecr_tui.cli.audit_command", "audit"),
    "registry": ("ecr_tui.cli.registry_commands", "registry"),
}
"""Subcommand name -> (module, attribute); a module is imported only when its command runs."""
HELP_ASKED = "ecr_tui.help_asked"
"""`ctx.meta` key: the words after the command name ask for its help."""


class EcrTuiGroup(click.Group):
    """Reports every failure as one line on stderr with the documented exit code."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *SUBCOMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in SUBCOMMANDS and cmd_name not in self.commands:
            module, attribute = SUBCOMMANDS[cmd_name]
            self.add_command(getattr(import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        ctx.meta[HELP_ASKED] = command is not None and _asks_for_help(ctx, command, rest)
        return name, command, rest

    def _global_options(self) -> set[str]:
        return {name for param in self.params for name in getattr(param, "opts", ())}

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            return super().main(*args, **kwargs)
        except click.exceptions.Exit as done:
            sys.exit(done.exit_code)
        except click.Abort:
            click.echo("ecr-tui: interrupted; nothing was written", err=True)
            sys.exit(Exit.BAD_INPUT)
        except CliFailure as failure:
            failure.show()
            sys.exit(failure.exit_code)
        except ReadOnly as refusal:
            click.echo(f"ecr-tui: {refusal}", err=True)
            sys.exit(Exit.BAD_INPUT)
        except click.NoSuchOption as error:
            hint = "see --help"
            if error.option_name in self._global_options():
                hint = f"{error.option_name} is a global option: put it before the command"
            click.echo(visible(f"ecr-tui: {error.format_message()} ({hint})"), err=True)
            sys.exit(Exit.BAD_INPUT)
        except click.ClickException as error:
            click.echo(visible(f"ecr-tui: {error.format_message()} (see --help)"), err=True)
            sys.exit(Exit.BAD_INPUT)
        except AwsError as error:
            click.echo(f"ecr-tui: {error.message}", err=True)
            sys.exit(Exit.AWS_ERROR)
        except OSError as error:
            problem = f"{error.strerror or error}: {error.filename or ''}"
            click.echo(visible(f"ecr-tui: {problem}"), err=True)
            sys.exit(Exit.BAD_INPUT)
        except Exception as error:
            problem = visible(redact(f"{type(error).__name__}: {error}"))
            click.echo(f"ecr-tui: unexpected error: {problem}", err=True)
            sys.exit(Exit.AWS_ERROR)


@click.group(
    cls=EcrTuiGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=epilog(
        (
            "ecr-tui --demo                      the terminal UI on a built-in demo account",
            "ecr-tui --profile prod --region eu-west-1",
            "ecr-tui show payments/api --query 'Statement[].Sid'",
            "ecr-tui audit --all-regions --fail-on high",
        ),
        EVERY_EXIT,
    ),
)
@click.option(
    "--profile",
    metavar="NAME",
    shell_complete=complete_profile,
    help="AWS profile from your AWS config. Default: AWS_PROFILE, else the default profile.",
)
@click.option(
    "--region",
    metavar="REGION",
    shell_complete=complete_region,
    help="AWS region (skips the region list in the TUI). Default: AWS_REGION, else "
    "AWS_DEFAULT_REGION, else the profile's region, else us-east-1.",
)
@click.option(
    "--endpoint-url",
    metavar="URL",
    help="Talk to this endpoint instead of AWS (LocalStack, a moto server). Default: "
    "AWS_ENDPOINT_URL_ECR or AWS_ENDPOINT_URL, else the profile's endpoint_url.",
)
@click.option("--read-only", is_flag=True, help="Refuse every write.")
@click.option("--demo", is_flag=True, help="Use a built-in demo account (no AWS needed).")
@click.option(
    "--connect-timeout",
    type=click.FloatRange(min=0),
    default=CONNECT_TIMEOUT,
    show_default=True,
    help="Seconds to wait for AWS to accept a connection (0: for ever).",
)
@click.option(
    "--read-timeout",
    type=click.FloatRange(min=0),
    default=READ_TIMEOUT,
    show_default=True,
    help="Seconds to wait for AWS to answer a request (0: for ever); not retried.",
)
@click.option(
    "--debug",
    is_flag=True,
    help="Print botocore's request log to stderr, with credentials, signatures and tokens "
    "redacted (the TUI writes it to debug.log in the state directory, ~/.local/state/ecr-tui).",
)
@click.version_option(__version__, prog_name="ecr-tui")
@click.pass_context
def cli(
    ctx: click.Context,
    profile: str | None,
    region: str | None,
    endpoint_url: str | None,
    read_only: bool,
    demo: bool,
    connect_timeout: float,
    read_timeout: float,
    debug: bool,
) -> None:
    """Edit and audit the permissions of Amazon ECR repositories.

    With no command, starts the terminal UI. Global options go before the command;
    `ecr-tui COMMAND --help` shows each command's options, examples and exit codes.
    Defaults for some options come from the config file
    ($XDG_CONFIG_HOME/ecr-tui/config.toml: trusted_accounts, output, theme,
    organization_role, external_id).
    """
    if debug:
        start_request_log(terminal_ui=ctx.invoked_subcommand is None)
    from ecr_tui.cli.parsing import check_region

    settings = BackendSettings(
        profile=None if demo else profile,
        region=check_region(region),
        endpoint_url=endpoint_url,
        read_only=read_only,
        demo=demo,
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
        # In the TUI, trying again is the user's choice (F5): a silent endpoint is asked again.
        silence_remembered=0.0 if ctx.invoked_subcommand is None else SILENCE_REMEMBERED,
    )
    config = read_config(for_help=ctx.meta.get(HELP_ASKED, False))
    ctx.default_map = command_defaults(config)
    ctx.obj = CliContext(settings, config)
    if ctx.invoked_subcommand is None:
        from ecr_tui.cli.tui import run_tui

        run_tui(ctx.obj)


def main() -> None:
    cli.main(prog_name="ecr-tui")


def _asks_for_help(ctx: click.Context, command: click.Command, words: list[str]) -> bool:
    """Whether `-h` or `--help` stands as an option in `words`, not as the value of an option
    that takes one (`--sid -h`); a group's subcommand asks through its own words."""
    if isinstance(command, click.Group) and words and not words[0].startswith("-"):
        subcommand = command.get_command(ctx, words[0])
        if subcommand is not None:
            return _asks_for_help(ctx, subcommand, words[1:])
    takes_value = {
        name
        for param in command.params
        if isinstance(param, click.Option) and not param.is_flag and not param.count
        for name in param.opts
    }
    for before, word in zip([None, *words], words, strict=False):
        if word == "--":
            return False
        if word in ("-h", "--help") and before not in takes_value:
            return True
    return False
