"""show, apply, restore: commands on one whole policy document."""

from __future__ import annotations

import click
from jmespath.parser import ParsedResult

from ecr_tui.cli.backup_choice import backup_to_restore
from ecr_tui.cli.completion import complete_backup, complete_repository
from ecr_tui.cli.context import CliContext, pass_cli
from ecr_tui.cli.exits import CliFailure
from ecr_tui.cli.help_text import READ_EXITS, WRITE_EXITS, epilog
from ecr_tui.cli.options import YES
from ecr_tui.cli.parsing import check_repository_name
from ecr_tui.cli.query import print_policy_json, query_option, refuse_query_without_json
from ecr_tui.cli.writes import read_live, write_policy
from ecr_tui.policy.document import (
    PolicyDocument,
    PolicyParseError,
    count_of,
    parse_policy,
)
from ecr_tui.policy.safe_text import visible
from ecr_tui.policy.statements import view_statements


@click.command(
    short_help="Print the policy of a repository.",
    epilog=epilog(
        (
            "ecr-tui show payments/api > policy.json",
            "ecr-tui show payments/api --output text",
            "ecr-tui show payments/api --query 'Statement[].Sid'",
        ),
        READ_EXITS,
    ),
)
@click.argument("repository", shell_complete=complete_repository)
@click.option(
    "--output",
    "-o",
    type=click.Choice(["json", "text"]),
    default="json",
    show_default=True,
    help="json: the document exactly as stored; text: one line per statement. "
    "Default: `output` in config.toml, else json.",
)
@query_option("'Statement[].Sid'")
@pass_cli
def show(cli: CliContext, repository: str, output: str, query: ParsedResult | None) -> None:
    """Print the policy of REPOSITORY."""
    refuse_query_without_json(query, output)
    live = read_live(cli, repository)
    document = live.document or PolicyDocument.empty()
    if output == "json":
        print_policy_json(live, query)
        return
    click.echo(visible(f"{repository} ({cli.backend().region})"))
    if not live.exists:
        click.echo("No policy: only identities in this account with IAM permissions can use it.")
        return
    click.echo(
        f"Version {document.version or '(none)'}, {count_of(len(document.statements), 'statement')}"
    )
    for view in view_statements(document.statements):
        condition = f"  if {', '.join(view.conditions)}" if view.conditions else ""
        line = f"{view.title}: {view.effect} {view.principal_summary} -> {view.action_summary}"
        click.echo(f"  {visible(line + condition)}")


@click.command(
    "apply",
    short_help="Replace a policy with a document from a file.",
    epilog=epilog(
        (
            "ecr-tui apply payments/api policy.json",
            "ecr-tui show payments/api | jq '.Statement |= map(select(.Sid != \"Old\"))' \\",
            "    | ecr-tui apply payments/api - --yes",
        ),
        WRITE_EXITS,
    ),
)
@click.argument("repository", shell_complete=complete_repository)
@click.argument("file", type=click.File("r", encoding="utf-8"))
@YES
@pass_cli
def apply(cli: CliContext, repository: str, file: click.utils.LazyFile, assume_yes: bool) -> None:
    """Replace the policy of REPOSITORY with the document in FILE (- for stdin).

    The document goes through the same checks as in the terminal UI; the diff is shown and
    confirmed on a terminal, and the previous policy is backed up first.
    """
    try:
        document = parse_policy(file.read())
    except PolicyParseError as error:
        raise CliFailure(f"{file.name}: {error} (nothing was written)") from None
    except UnicodeDecodeError:
        raise CliFailure(f"{file.name}: not UTF-8 text (nothing was written)") from None
    write_policy(cli, read_live(cli, repository), document, assume_yes=assume_yes)


@click.command(
    "restore",
    short_help="Put back a policy from a local backup.",
    epilog=epilog(
        (
            "ecr-tui restore payments/api --list",
            "ecr-tui restore payments/api",
            "ecr-tui restore payments/api --backup 20260501T101500Z",
        ),
        WRITE_EXITS,
    ),
)
@click.argument("repository", shell_complete=complete_repository)
@click.option(
    "--backup",
    "backup_id",
    shell_complete=complete_backup,
    help="The backup to restore, or the start of its id (default: the newest).",
)
@click.option("--list", "list_only", is_flag=True, help="List the backups and stop.")
@YES
@pass_cli
def restore(
    cli: CliContext, repository: str, backup_id: str | None, list_only: bool, assume_yes: bool
) -> None:
    """Put back the policy of REPOSITORY from a local backup taken before an earlier write.

    Backups are kept per account and region under the state directory
    (~/.local/state/ecr-tui/backups/).
    """
    check_repository_name(repository)
    document = backup_to_restore(
        cli, repository, backup_id, list_only, title=repr(repository), listing="restore --list"
    )
    if document is None:
        return
    write_policy(cli, read_live(cli, repository), document, assume_yes=assume_yes)
