"""Turning command-line words into policy input; every mistake is a clear sentence."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ecr_tui.cli.exits import CliFailure
from ecr_tui.policy.actions import ActionKind, Preset, classify_action, full_name, nearest_action
from ecr_tui.policy.builder import Conditions, StatementInput, input_from_principal_texts

REPOSITORY_NAME = re.compile(
    r"^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*\Z"
)
"""ECR's own pattern for a repository name (2 to 256 characters)."""
REGION_NAME = re.compile(r"^[a-z0-9-]+\Z")


def check_repository_name(name: str) -> str:
    """`name`, or a refusal when ECR could never have a repository of that name."""
    if not 2 <= len(name) <= 256 or not REPOSITORY_NAME.match(name):
        raise CliFailure(
            f"{name!r} is not a repository name: ECR names are 2 to 256 lowercase letters, "
            "digits and . _ - separators, with / between parts (for example payments/api)"
        )
    return name


def check_region(region: str | None) -> str | None:
    """`region`, or a refusal when it is empty or has characters no region has."""
    if region is not None and not REGION_NAME.match(region):
        raise CliFailure(
            f"--region {region!r} is not a region name (for example us-east-1)"
            if region.strip()
            else "--region needs a region name (for example us-east-1)"
        )
    return region


def parse_actions(text: str) -> tuple[Preset | None, tuple[str, ...]]:
    """`pull`, `push-pull`, `all`, or a comma-separated list of actions."""
    lowered = text.strip().lower()
    for preset in Preset:
        if lowered == preset.value:
            return preset, ()
    names = [word.strip() for word in text.split(",") if word.strip()]
    if not names:
        raise CliFailure("--actions needs pull, push-pull, all, or a list of ECR actions")
    actions = []
    for name in names:
        qualified = name if ":" in name or name == "*" else f"ecr:{name}"
        kind = classify_action(qualified)
        if kind is ActionKind.UNKNOWN:
            hint = unknown_action_hint(qualified, ACTIONS_ACCEPTED)
            raise CliFailure(f"{name!r} is not a repository-level ECR action{hint}")
        if kind is ActionKind.REGISTRY:
            raise CliFailure(
                f"{full_name(qualified)} has no effect in a repository policy: "
                "grant it in the registry policy (aws ecr put-registry-policy)"
            )
        actions.append(full_name(qualified) if qualified.lower().startswith("ecr:") else qualified)
    return None, tuple(actions)


def parse_conditions(texts: Iterable[str]) -> Conditions:
    """`OPERATOR:KEY=VALUE` words; repeating an operator and key adds values."""
    conditions: dict[str, dict[str, tuple[str, ...]]] = {}
    for text in texts:
        operator, colon, rest = text.partition(":")
        key, equals, value = rest.partition("=")
        if not colon or not equals or not operator or not key or not value:
            raise CliFailure(
                f"condition {text!r} is not OPERATOR:KEY=VALUE "
                "(for example StringEquals:aws:PrincipalOrgID=o-a1b2c3d4e5)"
            )
        if operator.startswith(("ForAnyValue", "ForAllValues")):
            qualifier, _, rest_of_key = key.partition(":")
            operator, key = f"{operator}:{qualifier}", rest_of_key
        if not key:
            raise CliFailure(
                f"condition {text!r} has no key (for example ForAnyValue:StringLike:aws:TagKeys=x)"
            )
        values = conditions.setdefault(operator, {}).get(key, ())
        conditions[operator][key] = (*values, value)
    return conditions


def statement_input(
    sid: str,
    effect: str,
    principals: Iterable[str],
    actions: str,
    conditions: Iterable[str],
    partition: str = "aws",
) -> StatementInput:
    try:
        everybody, aws, services = input_from_principal_texts(principals, partition)
    except ValueError as error:
        raise CliFailure(str(error)) from None
    preset, action_list = parse_actions(actions)
    return StatementInput(
        sid=sid,
        effect=effect,
        everybody=everybody,
        aws_principals=aws,
        services=services,
        preset=preset,
        actions=action_list,
        conditions=parse_conditions(conditions),
    )


ACTIONS_ACCEPTED = "pull, push-pull, all, or ECR action names such as ecr:BatchGetImage"


def unknown_action_hint(action: str, accepted: str) -> str:
    """` (did you mean ecr:X?)` for a near miss; what --actions takes otherwise."""
    nearest = nearest_action(action)
    return f" (did you mean {nearest}?)" if nearest else f"; --actions takes {accepted}"
