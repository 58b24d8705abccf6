"""Semantic equality of policies, tolerant of the ways AWS rewrites a stored policy.

AWS pretty-prints the text, may reorder statements and list items, may turn a
one-element list into a string, turns a bare account id into the account's root ARN,
and treats action names case-insensitively. Everything else must match exactly.
"""

from __future__ import annotations

import json
from typing import Any

from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.principals import ACCOUNT_ID, IAM_ARN, as_list, root_arn


def _value_set(value: Any, normalise: Any = None) -> list[Any]:
    items = {
        json.dumps(normalise(item) if normalise else item, sort_keys=True)
        for item in as_list(value)
    }
    return sorted(items)


def _aws_principal(value: Any) -> Any:
    """An account id and its root ARN in any partition compare as the `aws` root ARN."""
    if not isinstance(value, str):
        return value
    if ACCOUNT_ID.match(value):
        return root_arn(value)
    if (match := IAM_ARN.match(value)) and match.group(3) == "root" and match.group(2) != "*":
        return root_arn(match.group(2))
    return value


def _principal(element: Any) -> Any:
    if element == "*":
        element = {"AWS": "*"}
    if not isinstance(element, dict):
        return element
    return {
        key: _value_set(values, _aws_principal if key == "AWS" else None)
        for key, values in element.items()
    }


def _action(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _condition_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return value


def _condition(element: Any) -> Any:
    if not isinstance(element, dict):
        return element
    result: dict[str, Any] = {}
    for operator, clauses in element.items():
        if not isinstance(clauses, dict):
            result[operator] = clauses
            continue
        result[operator] = {
            str(key).lower(): _value_set(values, _condition_value)
            for key, values in clauses.items()
        }
    return result


def canonical_statement(statement: Any) -> str:
    """A text that is equal for two statements exactly when AWS treats them as the same."""
    if not isinstance(statement, dict):
        return json.dumps(statement, sort_keys=True)
    canonical: dict[str, Any] = {}
    for key, value in statement.items():
        if key in ("Principal", "NotPrincipal"):
            canonical[key] = _principal(value)
        elif key in ("Action", "NotAction"):
            canonical[key] = _value_set(value, _action)
        elif key in ("Resource", "NotResource"):
            canonical[key] = _value_set(value)
        elif key == "Condition":
            canonical[key] = _condition(value)
        else:
            canonical[key] = value
    return json.dumps(canonical, sort_keys=True, ensure_ascii=False)


def canonical_document(document: PolicyDocument | None) -> tuple[Any, ...]:
    if document is None or not document.statements:
        return ("no policy",)
    others = {k: v for k, v in document.data.items() if k not in ("Statement", "Version")}
    return (
        document.version,
        json.dumps(others, sort_keys=True),
        tuple(sorted(canonical_statement(s) for s in document.statements)),
    )


def statements_equivalent(left: Any, right: Any) -> bool:
    return canonical_statement(left) == canonical_statement(right)


def documents_equivalent(left: PolicyDocument | None, right: PolicyDocument | None) -> bool:
    """True when both grant exactly the same; None and an empty document mean no policy."""
    return canonical_document(left) == canonical_document(right)
