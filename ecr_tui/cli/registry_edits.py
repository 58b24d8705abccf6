"""`registry add-statement`, `remove-statement` and `apply`: writes of the registry policy."""

from __future__ import annotations

import click

from ecr_tui.aws.errors import AwsError
from ecr_tui.aws.policy_target import RegistryTarget
from ecr_tui.cli.context import CliContext, pass_cli
from ecr_tui.cli.exits import CliFailure, Exit
from ecr_tui.cli.help_text import WRITE_EXITS, epilog
from ecr_tui.cli.options import EFFECT, PRINCIPALS, SID, YES
from ecr_tui.cli.registry_input import ACTIONS_HELP, registry_statement
from ecr_tui.cli.registry_reading import read_registry, scope_for_write
from ecr_tui.cli.writes import write_policy
from ecr_tui.policy.document import PolicyParseError, parse_policy
from ecr_tui.policy.edit_makers import EditMaker, adding, removing
from ecr_tui.service.planning import SkipReason, plan_for


@click.command(
    "add-statement",
    short_help="Add a statement to the registry policy.",
    epilog=epilog(
        (
            "ecr-tui registry add-statement --sid Replication -p 444455556666 -a replication",
            "ecr-tui registry add-statement --sid ProdPull -p 444455556666 -a pull \\",
            "    --repositories 'prod-*' --repositories 'team/*'",
            "ecr-tui registry add-statement --sid OrgPull -p '*' -a pull \\",
            "    -c StringEquals:aws:PrincipalOrgID=o-a1b2c3d4e5",
        ),
        WRITE_EXITS,
    ),
)
@SID
@EFFECT
@PRINCIPALS
@click.option("--actions", "-a", required=True, help=ACTIONS_HELP)
@click.option(
    "--repositories",
    "-r",
    "patterns",
    multiple=True,
    metavar="PATTERN",
    help="Repositories the statement covers, with * and ? wildcards (repeatable; default *).",
)
@click.option(
    "--condition", "-c", "conditions", multiple=True, help="OPERATOR:KEY=VALUE (repeatable)."
)
@YES
@pass_cli
def add_statement(
    cli: CliContext,
    sid: str,
    effect: str,
    principals: tuple[str, ...],
    actions: str,
    patterns: tuple[str, ...],
    conditions: tuple[str, ...],
    assume_yes: bool,
) -> None:
    """Add a statement to the registry policy of the region; its Resource is
    arn:aws:ecr:REGION:ACCOUNT:repository/PATTERN for each --repositories PATTERN."""
    backend = cli.backend()
    try:
        account = backend.account_id()
    except AwsError as error:
        raise CliFailure(error.message, Exit.AWS_ERROR) from None
    statement = registry_statement(
        sid=sid,
        effect=effect,
        principals=principals,
        actions=actions,
        patterns=patterns,
        conditions=conditions,
        region=backend.region,
        account=account,
    )
    _edit(cli, adding(statement), assume_yes)


@click.command(
    "remove-statement",
    short_help="Remove a statement (by Sid) from the registry policy.",
    epilog=epilog(("ecr-tui registry remove-statement --sid ProdPull --yes",), WRITE_EXITS),
)
@click.option("--sid", required=True, help="The Sid of the statement to remove.")
@YES
@pass_cli
def remove_statement(cli: CliContext, sid: str, assume_yes: bool) -> None:
    """Remove the statement with --sid from the registry policy; the policy is deleted when
    no statement is left."""
    _edit(cli, removing(sid), assume_yes)


def _edit(cli: CliContext, make_edits: EditMaker, assume_yes: bool) -> None:
    live = read_registry(cli)
    # The registry policy is checked by its own validator when it is written.
    plan = plan_for(live, make_edits, validate=None)
    if plan.skip_reason is SkipReason.UNCHANGED:
        click.echo(f"registry policy: {str(plan.skipped).replace('the policy', 'it')}.")
        return
    if plan.document is None:
        message = str(plan.skipped).replace(f"policy of {live.repository!r}", "registry policy")
        raise CliFailure(message.replace("the policy ", "the registry policy "))
    scope = scope_for_write(cli, plan.document, live.document)
    write_policy(
        cli,
        live,
        plan.document,
        edits=plan.edits,
        created=plan.created,
        assume_yes=assume_yes,
        target=RegistryTarget(scope),
    )


@click.command(
    "apply",
    short_help="Replace the registry policy with a document from a file.",
    epilog=epilog(
        (
            "ecr-tui registry apply registry-policy.json",
            "ecr-tui registry show | jq '.Statement |= map(select(.Sid != \"Old\"))' \\",
            "    | ecr-tui registry apply - --yes",
        ),
        WRITE_EXITS,
    ),
)
@click.argument("file", type=click.File("r", encoding="utf-8"))
@YES
@pass_cli
def apply(cli: CliContext, file: click.utils.LazyFile, assume_yes: bool) -> None:
    """Replace the registry policy with the document in FILE (- for stdin).

    Every statement needs a Resource naming repositories of this registry; the diff is
    shown and confirmed on a terminal, and the previous policy is backed up first.
    """
    try:
        document = parse_policy(file.read())
    except PolicyParseError as error:
        raise CliFailure(f"{file.name}: {error} (nothing was written)") from None
    except UnicodeDecodeError:
        raise CliFailure(f"{file.name}: not UTF-8 text (nothing was written)") from None
    live = read_registry(cli)
    scope = scope_for_write(cli, document, live.document)
    write_policy(cli, live, document, assume_yes=assume_yes, target=RegistryTarget(scope))
