"""Reading the registry policy and its scope for a `registry` command."""

from __future__ import annotations

from ecr_tui.aws.errors import AwsError
from ecr_tui.aws.models import LivePolicy
from ecr_tui.cli.context import CliContext
from ecr_tui.cli.exits import CliFailure, Exit
from ecr_tui.policy.registry import RegistryScope


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
