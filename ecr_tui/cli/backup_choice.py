"""Choosing the backup a `restore` puts back, or listing them: one way for every policy."""

from __future__ import annotations

import click

from ecr_tui.aws.errors import AwsError
from ecr_tui.cli.context import CliContext
from ecr_tui.cli.exits import CliFailure, Exit
from ecr_tui.policy.document import PolicyDocument, PolicyParseError, count_of
from ecr_tui.policy.safe_text import visible
from ecr_tui.service.backups import BackupChoiceError


def backup_to_restore(
    cli: CliContext, key: str, backup_id: str | None, list_only: bool, *, title: str, listing: str
) -> PolicyDocument | None:
    """What the chosen backup of `key` (a repository, or the registry's key) holds; None
    after listing them with `list_only`. `title` names the policy, `listing` the command
    that lists its backups."""
    backend = cli.backend()
    region = backend.region
    try:
        account = backend.account_id()
    except AwsError as error:
        raise CliFailure(error.message, Exit.AWS_ERROR) from None
    store = cli.backups()
    if list_only:
        backups = store.list(region, key, account)
        if not backups:
            click.echo(
                f"ecr-tui: there is no backup of {title} in {region} of account {account}", err=True
            )
        for stored in backups:
            try:
                contents = count_of(len(stored.read().statements), "statement")
            except (OSError, PolicyParseError) as error:
                contents = f"unreadable ({error})"
            click.echo(visible(f"{stored.id}  {stored.created:%Y-%m-%d %H:%M:%S} UTC  {contents}"))
        return None
    try:
        backup = store.find(region, key, backup_id, account)
    except BackupChoiceError as error:
        raise CliFailure(f"--backup: {error}") from None
    if backup is None:
        which = f"no backup {backup_id!r}" if backup_id else "no backup"
        raise CliFailure(
            f"there is {which} of {title} in {region} of account {account}; see `{listing}`"
        )
    if mismatch := backup.made_elsewhere(region, key, account):
        raise CliFailure(mismatch)
    try:
        document = backup.read()
    except (OSError, PolicyParseError) as error:
        raise CliFailure(f"backup {backup.id} cannot be read: {error}") from None
    click.echo(f"Restoring backup {backup.id} of {title}.", err=True)
    return document
