"""Reading the registry policy and its scope for a `registry` command."""

from __future__ import annotations

import click

from ecr_tui.aws.errors import AwsError
from ecr_tui.aws.models import LivePolicy
from ecr_tui.cli.context import CliContext
from ecr_tui.cli.exits import CliFailure, Exit
from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.registry import RegistryScope
from ecr_tui.policy.registry_statements import grants_beyond_v1, new_statements
from ecr_tui.policy.safe_text import visible
from ecr_tui.service.registry_session import scope_unknown_warning


def read_registry(cli: CliContext) -> LivePolicy:
    """The live registry policy; the command's deadline starts with this first call."""
    backend = cli.backend()
    if backend.deadline is None:
        backend.start_deadline()
    try:
        return backend.read_registry_policy()
    except AwsError as error:
        raise CliFailure(error.message, Exit.AWS_ERROR) from None


def read_scope(cli: CliContext) -> tuple[RegistryScope | None, str]:
    """The registry policy scope, or None and why it could not be read."""
    try:
        value = cli.backend().get_registry_policy_scope()
    except AwsError as error:
        return None, error.message.rstrip(".")
    try:
        return RegistryScope(value), ""
    except ValueError:
        return None, f"AWS answered {value!r}"


def scope_for_write(
    cli: CliContext, document: PolicyDocument, baseline: PolicyDocument | None
) -> RegistryScope | None:
    """The scope a write is validated under; when it cannot be read, a warning for each
    new statement that only scope V2 would enforce."""
    scope, unknown = read_scope(cli)
    if scope is None:
        statements = document.statements
        for index in new_statements(document, baseline):
            if grants_beyond_v1(statements[index]):
                sid = statements[index].get("Sid")
                where = f"statement {sid!r}" if isinstance(sid, str) else f"statement {index + 1}"
                warning = f"ecr-tui: warning: {where}: {scope_unknown_warning(unknown)}"
                click.echo(visible(warning), err=True)
    return scope
