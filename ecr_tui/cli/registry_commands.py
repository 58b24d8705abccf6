"""`ecr-tui registry ...`: show and edit the region's registry policy."""

from __future__ import annotations

from typing import Any

import click
from jmespath.parser import ParsedResult

from ecr_tui.aws.errors import AwsError
from ecr_tui.aws.models import LivePolicy
from ecr_tui.aws.policy_target import RegistryTarget
from ecr_tui.cli.backup_choice import backup_to_restore
from ecr_tui.cli.completion import complete_registry_backup
from ecr_tui.cli.context import CliContext, pass_cli
from ecr_tui.cli.exits import CliFailure, Exit
from ecr_tui.cli.help_text import READ_EXITS, WRITE_EXITS, epilog
from ecr_tui.cli.options import YES
from ecr_tui.cli.query import print_policy_json, query_option, refuse_query_without_json
from ecr_tui.cli.registry_edits import add_statement, apply, remove_statement
from ecr_tui.cli.registry_reading import read_registry, read_scope, scope_for_write
from ecr_tui.cli.writes import write_policy
from ecr_tui.policy.document import PolicyDocument, count_of
from ecr_tui.policy.principals import as_list
from ecr_tui.policy.registry import V1_NAMES, RegistryScope, statement_applies
from ecr_tui.policy.registry_validate import repository_arn
from ecr_tui.policy.safe_text import visible
from ecr_tui.policy.statements import view_statements

SHOWN_REPOSITORIES = 5
"""`show --output text` names this many of the repositories a statement reaches."""


@click.group(
    "registry",
    short_help="Show and edit the registry policy of the region.",
    epilog=epilog(
        (
            "ecr-tui registry show --output text",
            "ecr-tui registry add-statement --sid Replication -p 444455556666 -a replication",
            "ecr-tui registry add-statement --sid ProdPull -p 444455556666 -a pull \\",
            "    --repositories 'prod-*'",
            "ecr-tui registry remove-statement --sid ProdPull",
        ),
        WRITE_EXITS,
    ),
)
def registry() -> None:
    """The registry policy: one per region, for the whole registry (cross-account
    replication, pull-through cache and, under registry policy scope V2, any ECR action on
    the repositories its statements' Resource names)."""


@registry.command(
    "show",
    short_help="Print the registry policy.",
    epilog=epilog(
        (
            "ecr-tui registry show > registry-policy.json",
            "ecr-tui registry show --output text",
            "ecr-tui registry show --query 'Statement[].Sid'",
        ),
        READ_EXITS,
    ),
)
@click.option(
    "--output",
    "-o",
    type=click.Choice(["json", "text"]),
    default="json",
    show_default=True,
    help="json: the document exactly as stored; text: each statement and the repositories "
    "it reaches. Default: `output` in config.toml, else json.",
)
@query_option("'Statement[].Sid'")
@pass_cli
def show(cli: CliContext, output: str, query: ParsedResult | None) -> None:
    """Print the registry policy of the region."""
    refuse_query_without_json(query, output)
    live = read_registry(cli)
    document = live.document or PolicyDocument.empty()
    if output == "json":
        print_policy_json(live, query)
        return
    _show_text(cli, live, document)


def _show_text(cli: CliContext, live: LivePolicy, document: PolicyDocument) -> None:
    backend = cli.backend()
    scope, unknown = read_scope(cli)
    click.echo(f"Registry policy ({backend.region})")
    if scope is RegistryScope.V1:
        click.echo(f"Scope V1: only {V1_NAMES} are enforced.")
    elif scope is RegistryScope.V2:
        click.echo("Scope V2: every ECR action in it is enforced on the repositories it names.")
    else:
        click.echo(visible(f"Scope unknown ({unknown}); AWS's default is V2."))
    if not live.exists:
        click.echo("No registry policy: only repository policies and IAM grant access.")
        return
    try:
        repositories = backend.list_repositories()
        account = backend.account_id()
    except AwsError as error:
        raise CliFailure(error.message, Exit.AWS_ERROR) from None
    click.echo(
        f"Version {document.version or '(none)'}, {count_of(len(document.statements), 'statement')}"
    )
    for view in view_statements(document.statements):
        condition = f"  if {', '.join(view.conditions)}" if view.conditions else ""
        line = f"{view.title}: {view.effect} {view.principal_summary} -> {view.action_summary}"
        click.echo(f"  {visible(line + condition)}")
        statement = view.raw if isinstance(view.raw, dict) else {}
        reached = [r.name for r in repositories if statement_applies(statement, r.arn)]
        shown = ", ".join(reached[:SHOWN_REPOSITORIES])
        more = len(reached) - SHOWN_REPOSITORIES
        names = f": {shown}" + (f" and {more:,} more" if more > 0 else "") if reached else ""
        counted = f"{len(reached):,} {'repository' if len(reached) == 1 else 'repositories'}"
        reach = f"{_patterns(statement, backend.region, account)}: reaches {counted}{names}"
        click.echo(f"    {visible(reach)}")


def _patterns(statement: dict[str, Any], region: str, account: str) -> str:
    """`on prod-*, team/*`: the statement's Resource, shortened to this registry's patterns."""
    prefix = repository_arn(region, account, "")
    key = (
        "NotResource" if "NotResource" in statement and "Resource" not in statement else "Resource"
    )
    values = [str(v) for v in as_list(statement.get(key, []))]
    shown = ", ".join(v.removeprefix(prefix) for v in values) or "(no Resource)"
    return f"{'not on' if key == 'NotResource' else 'on'} {shown}"


@registry.command(
    "restore",
    short_help="Put back the registry policy from a local backup.",
    epilog=epilog(
        (
            "ecr-tui registry restore --list",
            "ecr-tui registry restore",
            "ecr-tui registry restore --backup 20260501T101500Z",
        ),
        WRITE_EXITS,
    ),
)
@click.option(
    "--backup",
    "backup_id",
    shell_complete=complete_registry_backup,
    help="The backup to restore, or the start of its id (default: newest).",
)
@click.option("--list", "list_only", is_flag=True, help="List the backups and stop.")
@YES
@pass_cli
def restore(cli: CliContext, backup_id: str | None, list_only: bool, assume_yes: bool) -> None:
    """Put back the registry policy from a local backup taken before an earlier write.

    Backups are kept per account and region under the state directory
    (~/.local/state/ecr-tui/backups/).
    """
    document = backup_to_restore(
        cli,
        RegistryTarget().key,
        backup_id,
        list_only,
        title="the registry policy",
        listing="registry restore --list",
    )
    if document is None:
        return
    live = read_registry(cli)
    target = RegistryTarget(scope_for_write(cli, document, live.document))
    write_policy(cli, live, document, assume_yes=assume_yes, target=target)


registry.add_command(add_statement)
registry.add_command(remove_statement)
registry.add_command(apply)
