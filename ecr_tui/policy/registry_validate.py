"""Validation of a registry policy: the repository policy's checks, with Resource required
(repository ARNs of this registry), registry actions allowed, and what scope V1 ignores."""

from __future__ import annotations

import copy
import re
from collections.abc import Collection, Iterable
from dataclasses import replace
from typing import Any

from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.element_checks import Check, Severity, action_checks
from ecr_tui.policy.equivalence import canonical_statement
from ecr_tui.policy.grants import CATALOG_NAMES, expand_with_registry_actions
from ecr_tui.policy.principals import as_list
from ecr_tui.policy.problem_codes import ProblemCode
from ecr_tui.policy.registry import ENFORCED_UNDER_V1, V1_NAMES, RegistryScope
from ecr_tui.policy.templates import partition_of
from ecr_tui.policy.validate import Problem, size_problems, validate_document

REPOSITORY_PATTERN = re.compile(r"^[A-Za-z0-9._/*?-]+\Z")
"""What may follow `repository/`: a repository name with IAM wildcards."""
_PLACEHOLDER_ACTION = "ecr:BatchGetImage"


def repository_arn(region: str, account: str, pattern: str) -> str:
    """`arn:aws:ecr:REGION:ACCOUNT:repository/PATTERN`, in the region's partition."""
    return f"arn:{partition_of(region)}:ecr:{region}:{account}:repository/{pattern}"


def repository_resource(region: str, account: str, patterns: Iterable[str]) -> str | list[str]:
    """The Resource for `patterns`: one ARN as a string, several as a list."""
    arns = list(dict.fromkeys(repository_arn(region, account, p) for p in patterns))
    return arns[0] if len(arns) == 1 else arns


def pattern_problem(pattern: str) -> str | None:
    """Why `pattern` cannot name repositories, or None."""
    if not pattern or not REPOSITORY_PATTERN.match(pattern):
        return (
            f"{pattern!r} is not a repository pattern: use a repository name with * or ? "
            "wildcards (for example *, prod-* or team/*)"
        )
    return None


def validate_registry_document(
    document: PolicyDocument,
    *,
    region: str,
    account: str,
    scope: RegistryScope | None = None,
    created: Collection[int] = (),
    baseline: PolicyDocument | None = None,
    partition: str | None = None,
) -> list[Problem]:
    """Every problem of `document` as the registry policy of `region` in `account`.

    As for a repository policy, problems of a statement equal to one in `baseline` (the
    live policy) only warn; under scope V1, granting an action it does not enforce warns."""
    statements = document.statements
    stand_ins = [_without_resource_and_action(s) for s in statements]
    common = validate_document(
        document.with_statements(stand_ins), created=created, partition=partition
    )
    problems = [p for p in common if p.code is not ProblemCode.POLICY_TOO_LONG]
    problems += size_problems(document)
    untouched = (
        {canonical_statement(s) for s in baseline.statements} if baseline is not None else set()
    )
    found: list[Problem] = []
    for index, statement in enumerate(statements):
        mine = [p for p in problems if p.statement == index]
        if isinstance(statement, dict):
            sid = statement.get("Sid") if isinstance(statement.get("Sid"), str) else None
            checks = [
                *_resource_checks(statement, region, account),
                *_action_checks(statement),
                *_scope_checks(statement, scope),
            ]
            mine += [Problem(s, code, m, index, sid) for s, code, m in checks]
        if canonical_statement(statement) in untouched:
            mine = [replace(p, severity=Severity.WARNING) for p in mine]
        found += mine
    return [p for p in problems if p.statement is None] + found


def _without_resource_and_action(statement: Any) -> Any:
    """The statement as the repository policy checks may see it: no Resource, and its
    actions replaced by one they accept (the registry's own action checks follow)."""
    if not isinstance(statement, dict):
        return statement
    stand_in = copy.deepcopy(statement)
    stand_in.pop("Resource", None)
    stand_in.pop("NotResource", None)
    for key in ("Action", "NotAction"):
        if key in stand_in:
            stand_in[key] = _PLACEHOLDER_ACTION
    return stand_in


def _resource_checks(statement: dict[str, Any], region: str, account: str) -> Check:
    keys = [key for key in ("Resource", "NotResource") if key in statement]
    if not keys:
        yield (
            Severity.ERROR,
            ProblemCode.RESOURCE_MISSING,
            "a registry policy statement needs a Resource: repository ARNs such as "
            f"{repository_arn(region, account, '*')}",
        )
        return
    if len(keys) == 2:
        yield (
            Severity.ERROR,
            ProblemCode.ELEMENT_AND_NEGATION,
            "a statement has either Resource or NotResource, not both",
        )
    prefix = repository_arn(region, account, "")
    for key in keys:
        values = statement[key]
        if values == [] or not all(isinstance(v, str) for v in as_list(values)):
            yield (
                Severity.ERROR,
                ProblemCode.RESOURCE_SHAPE,
                f"{key} must be a repository ARN or a list of them",
            )
            continue
        for value in as_list(values):
            pattern = value[len(prefix) :] if value.startswith(prefix) else None
            if pattern is None or pattern_problem(pattern):
                yield (
                    Severity.ERROR,
                    ProblemCode.RESOURCE_NOT_REPOSITORY,
                    f"{key} {value!r} is not a repository ARN of this registry "
                    f"({prefix}PATTERN, for example {prefix}prod-*)",
                )


def _action_checks(statement: dict[str, Any]) -> Check:
    for key in ("Action", "NotAction"):
        if key in statement:
            yield from action_checks(statement[key], key=key, registry=True)


def _scope_checks(statement: dict[str, Any], scope: RegistryScope | None) -> Check:
    if scope is not RegistryScope.V1 or statement.get("Effect") != "Allow":
        return
    actions = [a for a in as_list(statement.get("Action")) if isinstance(a, str)]
    ignored = expand_with_registry_actions(actions) - ENFORCED_UNDER_V1
    if not ignored:
        return
    names = sorted(CATALOG_NAMES.get(a, a) for a in ignored)
    shown = ", ".join(names) if len(names) <= 3 else f"{len(names)} of its actions"
    yield (
        Severity.WARNING,
        ProblemCode.SCOPE_V1_IGNORED,
        f"{shown} would have no effect: under registry policy scope V1 only {V1_NAMES} "
        "are enforced",
    )
