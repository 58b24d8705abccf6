"""Checks of a statement's Principal, Action and Condition elements: a code and a sentence
each."""

from __future__ import annotations

import re
from collections.abc import Iterator
from enum import StrEnum
from typing import Any

from ecr_tui.policy.actions import ActionKind, classify_action, nearest_action
from ecr_tui.policy.principals import (
    ACCOUNT_ID,
    ASSUMED_ROLE_ARN,
    FEDERATED_USER_ARN,
    IAM_ARN,
    SERVICE_PRINCIPAL,
    UNIQUE_ID,
    as_list,
    principal_arn_rejection,
)
from ecr_tui.policy.problem_codes import ProblemCode

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
"""C0 and C1 controls (NUL, CR, LF, ESC, ...): they can drive a terminal that shows them."""


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


Check = Iterator[tuple[Severity, ProblemCode, str]]


def principal_checks(element: Any, partition: str | None = None) -> Check:
    if element == "*":
        return
    if not isinstance(element, dict) or not element:
        yield (
            Severity.ERROR,
            ProblemCode.PRINCIPAL_SHAPE,
            'a principal must be "*" or an object such as {"AWS": [...]}',
        )
        return
    for key, values in element.items():
        if key not in ("AWS", "Service", "Federated", "CanonicalUser"):
            yield (
                Severity.ERROR,
                ProblemCode.PRINCIPAL_TYPE_UNKNOWN,
                f"unknown principal type {key!r}",
            )
            continue
        if values == [] or not all(isinstance(v, str) for v in as_list(values)):
            yield (
                Severity.ERROR,
                ProblemCode.PRINCIPAL_VALUES_NOT_TEXT,
                f"the {key} principal must be text or a list of text",
            )
            continue
        for value in as_list(values):
            yield from _principal_value_checks(key, value, partition)


def _principal_value_checks(key: str, value: str, partition: str | None = None) -> Check:
    if key == "Service" and not SERVICE_PRINCIPAL.match(value):
        yield (
            Severity.ERROR,
            ProblemCode.SERVICE_PRINCIPAL_INVALID,
            f"{value!r} is not a service principal such as lambda.amazonaws.com",
        )
    if key != "AWS" or value == "*":
        return
    if UNIQUE_ID.match(value):
        yield (
            Severity.WARNING,
            ProblemCode.PRINCIPAL_DELETED,
            f"{value} is the id of a deleted user or role; it matches nobody",
        )
    elif value.isdigit():
        if not ACCOUNT_ID.match(value):
            yield (
                Severity.ERROR,
                ProblemCode.ACCOUNT_ID_INVALID,
                f"{value!r} is not an account id: account ids have exactly 12 digits",
            )
    elif rejection := principal_arn_rejection(value, partition):
        yield Severity.ERROR, *rejection
    elif not (
        IAM_ARN.match(value) or ASSUMED_ROLE_ARN.match(value) or FEDERATED_USER_ARN.match(value)
    ):
        yield (
            Severity.ERROR,
            ProblemCode.PRINCIPAL_INVALID,
            (
                f"{value!r} is not a valid AWS principal (an account id, or an ARN ending in "
                ":root, :user/NAME, :role/NAME or an sts assumed-role)"
            ),
        )


def action_checks(element: Any, *, key: str = "Action", registry: bool = False) -> Check:
    """The actions of `key` in a repository policy, or in a registry policy (`registry`),
    where the registry's own actions are the point rather than a mistake."""
    policy = "registry policy" if registry else "repository policy"
    if element == [] or not all(isinstance(a, str) for a in as_list(element)):
        yield (
            Severity.ERROR,
            ProblemCode.ACTION_SHAPE,
            f"{key} must be an action name or a list of them",
        )
        return
    for action in as_list(element):
        kind = classify_action(action)
        if kind is ActionKind.ACCOUNT_LEVEL:
            yield (
                Severity.ERROR,
                ProblemCode.ACTION_ACCOUNT_LEVEL,
                f"{action} is an account-level action; ECR rejects it in a {policy} "
                "(grant it in an identity policy instead)",
            )
        elif kind is ActionKind.OTHER_SERVICE:
            yield (
                Severity.ERROR,
                ProblemCode.ACTION_OTHER_SERVICE,
                f"{action} is not an ECR action; only ecr: actions apply here",
            )
        elif kind is ActionKind.REGISTRY and not registry:
            yield (
                Severity.WARNING,
                ProblemCode.ACTION_REGISTRY_ONLY,
                f"{action} is a registry-policy action; it has no effect here "
                "(grant it in the registry policy)",
            )
        elif kind is ActionKind.UNKNOWN:
            nearest = nearest_action(action)
            hint = f" (did you mean {nearest}?)" if nearest else ""
            known = "ECR action" if registry else "repository-level ECR action"
            yield (
                Severity.WARNING,
                ProblemCode.ACTION_UNKNOWN,
                f"{action!r} is not a known {known}{hint}",
            )


def condition_checks(element: Any) -> Check:
    if not isinstance(element, dict) or not element:
        yield (
            Severity.ERROR,
            ProblemCode.CONDITION_SHAPE,
            "Condition must be an object of operator -> {key: value}",
        )
        return
    for operator, clauses in element.items():
        if not isinstance(clauses, dict) or not clauses:
            yield (
                Severity.ERROR,
                ProblemCode.CONDITION_CLAUSES_SHAPE,
                f"condition {operator} must be an object of key -> value",
            )
            continue
        for key, values in clauses.items():
            if CONTROL_CHARACTERS.search(f"{operator}{key}"):
                yield (
                    Severity.ERROR,
                    ProblemCode.CONDITION_CONTROL_CHARACTERS,
                    f"condition {operator!r} {key!r} contains control characters",
                )
            elif any(isinstance(v, str) and CONTROL_CHARACTERS.search(v) for v in as_list(values)):
                yield (
                    Severity.ERROR,
                    ProblemCode.CONDITION_CONTROL_CHARACTERS,
                    f"a value of condition {operator} {key} contains control characters",
                )
            elif not key.strip():
                yield (
                    Severity.ERROR,
                    ProblemCode.CONDITION_EMPTY_KEY,
                    f"condition {operator} has an empty key",
                )
            elif values == [] or isinstance(values, dict):
                yield (
                    Severity.ERROR,
                    ProblemCode.CONDITION_NO_VALUES,
                    f"condition {operator} {key} needs one or more values",
                )
