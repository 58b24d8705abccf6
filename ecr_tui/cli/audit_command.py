"""`ecr-tui audit`: who can pull, push or administer which repository."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import partial

import click
from jmespath.parser import ParsedResult

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.errors import AwsError
from ecr_tui.cli.audit_accounts import audit_every_account, boundary_of, check_account_options
from ecr_tui.cli.completion import complete_repository
from ecr_tui.cli.context import CliContext, pass_cli
from ecr_tui.cli.exits import CliFailure, Exit
from ecr_tui.cli.help_text import AUDIT_EXITS, epilog
from ecr_tui.cli.parsing import check_repository_name
from ecr_tui.cli.query import print_json, query_option, refuse_query_without_json
from ecr_tui.policy.audit import Severity
from ecr_tui.policy.organization_boundary import OrganizationBoundary
from ecr_tui.policy.principals import ACCOUNT_ID
from ecr_tui.service.audit_runner import RepositoryAudit, audit_repositories, rows_of
from ecr_tui.service.audit_scope import AuditScope, RegionScope, audit_scope
from ecr_tui.service.organization_audit import AccountAudit
from ecr_tui.service.reports import render

FAIL_ON = ["critical", "high", "medium", "low"]


@click.command(
    "audit",
    short_help="Who can pull, push or administer which repository.",
    epilog=epilog(
        (
            "ecr-tui audit",
            "ecr-tui audit --all-regions --output csv > findings.csv",
            "ecr-tui audit --fail-on critical",
            "ecr-tui audit -o json --query \"[?severity=='critical'].repository\"",
        ),
        AUDIT_EXITS,
    ),
)
@click.argument("repositories", nargs=-1, shell_complete=complete_repository)
@click.option("--all-regions", is_flag=True, help="Audit every ECR region of the partition.")
@click.option(
    "--output",
    "-o",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="table: readable text; json: a list of findings; csv: one finding a row. "
    "Default: `output` in config.toml, else table.",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    help="Exit 1 when a finding this severe (or worse) exists, else 4 if a policy was unreadable.",
)
@click.option(
    "--trusted-account",
    "trusted",
    multiple=True,
    help="An account not to report as cross-account (repeatable; replaces "
    "`trusted_accounts` of config.toml).",
)
@click.option(
    "--all-accounts", is_flag=True, help="Audit every active account of the organisation."
)
@click.option("--accounts", metavar="ID,...", help="With --all-accounts: only these accounts.")
@click.option(
    "--role-name",
    metavar="NAME",
    help="With --all-accounts: the role to assume in each account "
    "(default OrganizationAccountAccessRole).",
)
@click.option("--external-id", metavar="ID", help="With --all-accounts: the role's external id.")
@query_option("\"[?severity=='high'].repository\"")
@pass_cli
def audit(
    cli: CliContext,
    repositories: tuple[str, ...],
    all_regions: bool,
    output: str,
    fail_on: str | None,
    trusted: tuple[str, ...],
    all_accounts: bool,
    accounts: str | None,
    role_name: str | None,
    external_id: str | None,
    query: ParsedResult | None,
) -> None:
    """Audit the policies of REPOSITORIES (default: every repository in the region).

    Reports public access, other accounts, service principals without a source condition,
    and who can push, delete or change the policy.
    """
    refuse_query_without_json(query, output)
    for account in trusted:
        if not ACCOUNT_ID.match(account):
            raise CliFailure(f"--trusted-account {account!r} is not a 12-digit account id")
    check_account_options(all_accounts, accounts, role_name, external_id)
    names = tuple(check_repository_name(name) for name in dict.fromkeys(repositories))
    backend = cli.backend()
    audits: list[RepositoryAudit] = []
    failed_accounts: list[AccountAudit] = []
    if all_accounts:
        rows, audits, failed_accounts = audit_every_account(
            backend,
            names=names,
            all_regions=all_regions,
            trusted=trusted,
            accounts=accounts,
            role_name=role_name or cli.config.organization_role,
            external_id=external_id or cli.config.external_id,
        )
    else:
        directory, unknown_boundary = boundary_of(backend)
        organization = directory.try_organization()
        boundary = organization.boundary if organization else None
        scope = _scope(backend, all_regions, names)
        for region in scope.regions:
            audits += _audit_with_progress(
                region, trusted, boundary=boundary, whole_region=scope.whole_region
            )
        rows = rows_of(audits, directory.names())
        if unknown_boundary and any(row.check == "cross-account" for row in rows):
            click.echo(
                "ecr-tui: the organisation boundary was not known, so cross-account access "
                f"is ranked the same inside and outside it ({unknown_boundary})",
                err=True,
            )
    if query is not None:
        print_json([row.as_dict() for row in rows], query)
    else:
        click.echo(render(rows, output), nl=False)
    if unreadable := sum(1 for audit in audits if audit.error and not audit.registry):
        what = f"{unreadable} repositor{'y' if unreadable == 1 else 'ies'}"
        click.echo(f"ecr-tui: the policy of {what} could not be read: see 'unreadable'", err=True)
    if registries := [
        _where(audit, all_accounts) for audit in audits if audit.error and audit.registry
    ]:
        where = ", ".join(registries)
        click.echo(f"ecr-tui: the registry policy of {where} could not be read", err=True)
        unreadable += len(registries)
    if fail_on and any(row.severity.rank >= Severity(fail_on).rank for row in rows):
        sys.exit(Exit.FINDINGS)
    if fail_on and (unreadable or failed_accounts):
        sys.exit(Exit.AWS_ERROR)  # a gate must not pass on what it could not see


def _scope(backend: Backend, all_regions: bool, names: tuple[str, ...]) -> AuditScope:
    """The regions and repositories to audit; a name no region has is bad input."""
    try:
        scope = audit_scope(backend, all_regions=all_regions, names=names)
    except AwsError as error:
        raise CliFailure(error.message, Exit.AWS_ERROR) from None
    if scope.skipped:
        click.echo(f"ecr-tui: {scope.skipped}", err=True)
    if scope.missing:
        raise CliFailure(scope.missing_text)
    return scope


def _audit_with_progress(
    region: RegionScope,
    trusted: tuple[str, ...],
    *,
    boundary: OrganizationBoundary | None,
    whole_region: bool,
) -> list[RepositoryAudit]:
    """The repositories' audits; for a whole region, the registry policy's own findings too
    (those about repositories that were not asked for are left out otherwise)."""
    backend, repositories = region.backend, region.chosen
    if not repositories and not whole_region:
        return []
    audit = partial(
        audit_repositories,
        backend,
        repositories,
        trusted_accounts=trusted,
        boundary=boundary,
        every_arn=region.every_arn,
        with_registry=whole_region,
    )
    if not sys.stderr.isatty() or not repositories:
        return audit()
    with click.progressbar(
        length=len(repositories), label=f"Auditing {backend.region}", file=sys.stderr
    ) as bar:
        advance: Callable[[RepositoryAudit], None] = lambda _: bar.update(1)  # noqa: E731
        return audit(on_result=advance)


def _where(audit: RepositoryAudit, all_accounts: bool) -> str:
    """The region of a registry audit, and its account when the audit spans accounts."""
    account = audit.repository.registry_id
    return f"{audit.region} (account {account})" if all_accounts and account else audit.region
