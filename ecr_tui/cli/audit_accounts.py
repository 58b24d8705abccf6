"""`ecr-tui audit --all-accounts`: every account of the organisation, and the organisation
boundary for the audit of one account."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.errors import AwsError
from ecr_tui.aws.organization import (
    DEFAULT_ROLE_NAME,
    NOT_IN_ORGANIZATION,
    OrganizationDirectory,
)
from ecr_tui.cli.exits import CliFailure, Exit
from ecr_tui.policy.principals import ACCOUNT_ID
from ecr_tui.service.audit_runner import AuditRow, RepositoryAudit, rows_of
from ecr_tui.service.organization_audit import (
    AccountAudit,
    AuditProgress,
    audit_accounts,
    select_accounts,
)


def parse_account_ids(text: str | None) -> list[str]:
    """`--accounts 111122223333,444455556666` as a list; bad input is one sentence."""
    if text is None:
        return []
    ids = [part.strip() for part in text.split(",") if part.strip()]
    if not ids:
        raise CliFailure("--accounts needs at least one account id")
    for account in ids:
        if not ACCOUNT_ID.match(account):
            raise CliFailure(f"--accounts: {account!r} is not a 12-digit account id")
    return list(dict.fromkeys(ids))


def check_account_options(
    all_accounts: bool, accounts: str | None, role_name: str | None, external_id: str | None
) -> None:
    used = [
        name
        for name, value in (
            ("--accounts", accounts),
            ("--role-name", role_name),
            ("--external-id", external_id),
        )
        if value is not None
    ]
    if used and not all_accounts:
        raise CliFailure(f"{used[0]} only applies with --all-accounts")
    if role_name is not None and not role_name.strip():
        raise CliFailure("--role-name must not be empty")


def audit_every_account(
    backend: Backend,
    *,
    names: tuple[str, ...],
    all_regions: bool,
    trusted: tuple[str, ...],
    accounts: str | None,
    role_name: str | None,
    external_id: str | None,
) -> tuple[list[AuditRow], list[RepositoryAudit], list[AccountAudit]]:
    """Rows, every repository's audit, and the accounts that could not be audited."""
    directory = OrganizationDirectory(
        backend, role_name=role_name or DEFAULT_ROLE_NAME, external_id=external_id
    )
    try:
        organization = directory.organization()
    except AwsError as error:
        raise CliFailure(error.message, Exit.AWS_ERROR) from None
    chosen, unknown = select_accounts(organization.active, parse_account_ids(accounts))
    if unknown:
        raise CliFailure(f"account {unknown[0]} is not an active account of the organisation")
    with _progress(len(chosen)) as report:
        results = audit_accounts(
            directory,
            chosen,
            all_regions=all_regions,
            repositories=names,
            trusted_accounts=trusted,
            boundary=organization.boundary,
            on_progress=report,
        )
    audits = [audit for result in results for audit in result.audits]
    if names and not audits and not any(r.error for r in results):
        raise CliFailure(f"no repository named {names[0]!r} in any account")
    for result in results:
        if result.error:
            click.echo(
                f"ecr-tui: account {result.account.label} was not audited: {result.error}", err=True
            )
        elif result.skipped_regions:
            click.echo(
                f"ecr-tui: account {result.account.label}: {result.skipped_regions}", err=True
            )
    failed = [result for result in results if result.error]
    if failed and len(failed) == len(results):
        raise CliFailure("no account of the organisation could be audited", Exit.AWS_ERROR)
    return rows_of(audits, organization.names), audits, failed


@contextmanager
def _progress(accounts: int) -> Iterator[Callable[[AuditProgress], None] | None]:
    """One progress bar on stderr, when stderr is a terminal: accounts, then repositories."""
    if not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(
        length=accounts, label="Auditing accounts", file=sys.stderr, show_pos=True
    ) as bar:
        shown = [0]
        lock = threading.Lock()

        def report(progress: AuditProgress) -> None:
            with lock:
                _advance(progress)

        def _advance(progress: AuditProgress) -> None:
            bar.label = (
                f"Auditing accounts ({progress.repositories_done}/"
                f"{progress.repositories_total} repositories)"
            )
            bar.update(progress.accounts_done - shown[0])
            shown[0] = progress.accounts_done

        yield report


def boundary_of(backend: Backend) -> tuple[OrganizationDirectory, str]:
    """The directory of the backend's organisation, and why its boundary is unknown ("" when
    it is known)."""
    directory = OrganizationDirectory(backend)
    try:
        directory.organization()
    except AwsError as error:
        # Outside any organisation there is no boundary to know.
        return directory, "" if error.code == NOT_IN_ORGANIZATION else error.message
    return directory, ""
