"""Turning command-line words into policy input; every mistake is a clear sentence."""

from __future__ import annotations

from collections.abc import Iterable

from ecr_tui.cli.exits import CliFailure
from ecr_tui.policy.actions import ActionKind, Preset, classify_action, full_name
from ecr_tui.policy.builder import Conditions, StatementInput, input_from_principal_texts


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
        if classify_action(qualified) is ActionKind.UNKNOWN:
            raise CliFailure(
                f"{name!r} is not a repository-level ECR action (for example ecr:BatchGetImage)"
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
