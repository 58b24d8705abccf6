"""add-statement and remove-statement, on one repository or many."""

from __future__ import annotations

import click

from ecr_tui.cli.bulk import edit_repositories
from ecr_tui.cli.completion import complete_repository
from ecr_tui.cli.context import CliContext, pass_cli
from ecr_tui.cli.help_text import WRITE_EXITS, epilog
from ecr_tui.cli.options import EFFECT, PRINCIPALS, SID, YES
from ecr_tui.cli.parsing import statement_input
from ecr_tui.policy.builder import build_statement
from ecr_tui.policy.edit_makers import adding, removing
from ecr_tui.policy.templates import partition_of

MATCH = click.option(
    "--match", help="Also every repository whose name matches this glob (e.g. 'payments/*')."
)


@click.command(
    "add-statement",
    short_help="Add a statement to the policy of repositories.",
    epilog=epilog(
        (
            "ecr-tui add-statement payments/api --sid PartnerPull -p 444455556666 -a pull",
            "ecr-tui add-statement payments/api --sid CiPushPull \\",
            "    -p arn:aws:iam::123456789012:role/ci/deployer --actions push-pull",
            "ecr-tui add-statement --match 'payments/*' --sid OrgPull -p '*' -a pull \\",
            "    -c StringEquals:aws:PrincipalOrgID=o-a1b2c3d4e5",
        ),
        WRITE_EXITS,
    ),
)
@click.argument("repositories", nargs=-1, shell_complete=complete_repository)
@MATCH
@SID
@EFFECT
@PRINCIPALS
@click.option("--actions", "-a", required=True, help="pull, push-pull, all, or ACTION[,ACTION...]")
@click.option(
    "--condition", "-c", "conditions", multiple=True, help="OPERATOR:KEY=VALUE (repeatable)."
)
@YES
@pass_cli
def add_statement(
    cli: CliContext,
    repositories: tuple[str, ...],
    match: str | None,
    sid: str,
    effect: str,
    principals: tuple[str, ...],
    actions: str,
    conditions: tuple[str, ...],
    assume_yes: bool,
) -> None:
    """Add a statement to the policy of each of REPOSITORIES (and of --match).

    Each repository is checked and saved on its own; the worst outcome sets the exit code.
    """
    partition = partition_of(cli.backend().region)
    form = statement_input(sid, effect, principals, actions, conditions, partition)
    statement = build_statement(form)

    edit_repositories(cli, repositories, match, adding(statement), assume_yes=assume_yes)


@click.command(
    "remove-statement",
    short_help="Remove a statement (by Sid) from repositories.",
    epilog=epilog(
        (
            "ecr-tui remove-statement payments/api --sid PartnerPull",
            "ecr-tui remove-statement --match 'payments/*' --sid PartnerPull --yes",
        ),
        WRITE_EXITS,
    ),
)
@click.argument("repositories", nargs=-1, shell_complete=complete_repository)
@MATCH
@click.option("--sid", required=True, help="The Sid of the statement to remove.")
@YES
@pass_cli
def remove_statement(
    cli: CliContext, repositories: tuple[str, ...], match: str | None, sid: str, assume_yes: bool
) -> None:
    """Remove the statement with --sid from the policy of each of REPOSITORIES (and of --match).

    Each repository is checked and saved on its own; the worst outcome sets the exit code.
    """

    edit_repositories(cli, repositories, match, removing(sid), assume_yes=assume_yes)
