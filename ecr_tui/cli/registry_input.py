"""Turning `registry add-statement` words into a registry policy statement."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ecr_tui.cli.exits import CliFailure
from ecr_tui.cli.parsing import parse_conditions, unknown_action_hint
from ecr_tui.policy.actions import (
    REGISTRY_ACTIONS_NAMING_A_REPOSITORY,
    ActionKind,
    classify_action,
    full_name,
)
from ecr_tui.policy.builder import StatementInput, build_statement, input_from_principal_texts
from ecr_tui.policy.registry_statements import REGISTRY_PRESETS
from ecr_tui.policy.registry_validate import pattern_problem, repository_resource
from ecr_tui.policy.templates import partition_of

ACTIONS_HELP = "replication, pull-through-cache, pull, push-pull, all, or ACTION[,ACTION...]"
_REGISTRY_SPELLING = {
    f"ecr:{name}".lower(): f"ecr:{name}" for name in REGISTRY_ACTIONS_NAMING_A_REPOSITORY
}


def registry_actions(text: str) -> tuple[str, ...]:
    """A preset, or a comma-separated list of ECR actions, in the catalog's spelling."""
    preset = REGISTRY_PRESETS.get(text.strip().lower())
    if preset is not None:
        return preset
    names = [word.strip() for word in text.split(",") if word.strip()]
    if not names:
        raise CliFailure(f"--actions needs {ACTIONS_HELP}")
    actions = []
    for name in names:
        qualified = name if ":" in name or name == "*" else f"ecr:{name}"
        kind = classify_action(qualified)
        if kind is ActionKind.ACCOUNT_LEVEL:
            raise CliFailure(
                f"{full_name(qualified)} is an account-level action: a registry policy cannot "
                "grant it (grant it in an identity policy); nothing was written"
            )
        if kind in (ActionKind.UNKNOWN, ActionKind.OTHER_SERVICE):
            hint = unknown_action_hint(qualified, ACTIONS_HELP)
            raise CliFailure(f"{name!r} is not an ECR action{hint}")
        spelled = _REGISTRY_SPELLING.get(qualified.lower())
        actions.append(spelled or full_name(qualified))
    return tuple(dict.fromkeys(actions))


def registry_statement(
    *,
    sid: str,
    effect: str,
    principals: Iterable[str],
    actions: str,
    patterns: Iterable[str],
    conditions: Iterable[str],
    region: str,
    account: str,
) -> dict[str, Any]:
    """The statement, in the console's shape, with Resource after Action."""
    patterns = list(patterns) or ["*"]
    for pattern in patterns:
        if problem := pattern_problem(pattern):
            raise CliFailure(f"--repositories: {problem}")
    try:
        everybody, aws, services = input_from_principal_texts(principals, partition_of(region))
    except ValueError as error:
        raise CliFailure(str(error)) from None
    form = StatementInput(
        sid=sid,
        effect=effect,
        everybody=everybody,
        aws_principals=aws,
        services=services,
        preset=None,
        actions=registry_actions(actions),
        conditions=parse_conditions(conditions),
    )
    built = build_statement(form)
    statement: dict[str, Any] = {}
    for key, value in built.items():
        statement[key] = value
        if key == "Action":
            statement["Resource"] = repository_resource(region, account, patterns)
    return statement
