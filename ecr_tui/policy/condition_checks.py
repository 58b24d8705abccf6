"""Condition operators and keys, and the obvious mistakes in a condition's values.

The same checks serve the statement form (shown beside each condition row) and the
validator (so the command line refuses the same mistakes).
"""

from __future__ import annotations

import ipaddress
import json
import math
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from ecr_tui.policy.principals import ACCOUNT_ID, as_list
from ecr_tui.policy.problem_codes import ProblemCode

Mistake = tuple[ProblemCode, str]

STRING_OPERATORS = (
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
)
ARN_OPERATORS = ("ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike")
IP_OPERATORS = ("IpAddress", "NotIpAddress")
NUMERIC_OPERATORS = (
    "NumericEquals",
    "NumericNotEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
)
DATE_OPERATORS = (
    "DateEquals",
    "DateNotEquals",
    "DateLessThan",
    "DateLessThanEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
)
BASE_OPERATORS = (
    *STRING_OPERATORS,
    *ARN_OPERATORS,
    *IP_OPERATORS,
    "Bool",
    *NUMERIC_OPERATORS,
    *DATE_OPERATORS,
    "BinaryEquals",
    "Null",
)
QUALIFIERS = ("ForAnyValue", "ForAllValues")
IF_EXISTS = "IfExists"


def _all_operators() -> tuple[str, ...]:
    plain = [*BASE_OPERATORS, *(f"{op}{IF_EXISTS}" for op in BASE_OPERATORS if op != "Null")]
    qualified = [f"{q}:{op}" for q in QUALIFIERS for op in plain if not op.startswith("Null")]
    return (*plain, *qualified)


CONDITION_OPERATORS: tuple[str, ...] = _all_operators()
"""Every IAM condition operator, with its ...IfExists and ForAnyValue:/ForAllValues: forms."""

COMMON_CONDITION_KEYS: tuple[str, ...] = (
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:PrincipalType",
    "aws:PrincipalTag/",
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOrgID",
    "aws:SourceOwner",
    "aws:SourceIp",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:SecureTransport",
    "aws:ViaAWSService",
    "aws:CalledVia",
    "aws:CurrentTime",
    "aws:userid",
    "aws:username",
    "aws:UserAgent",
    "aws:RequestTag/",
    "aws:ResourceTag/",
    "aws:TagKeys",
)

ORG_ID = re.compile(r"^o-[a-z0-9]{10,32}\Z")
ORG_ID_TEXT = "o- followed by 10 to 32 lowercase letters or digits"
ARN_SHAPE = re.compile(r"^arn:[^:]*:[^:]*:[^:]*:[^:]*:.+\Z", re.DOTALL)
ORG_KEYS = frozenset({"aws:principalorgid", "aws:sourceorgid", "aws:resourceorgid"})
ORG_PATH_KEYS = frozenset({"aws:principalorgpaths", "aws:sourceorgpaths", "aws:resourceorgpaths"})
ACCOUNT_KEYS = frozenset({"aws:principalaccount", "aws:sourceaccount", "aws:resourceaccount"})
ARN_KEYS = frozenset({"aws:principalarn", "aws:sourcearn"})
BOOLEAN_TEXT = frozenset({"true", "false"})
_KNOWN = {op.lower() for op in CONDITION_OPERATORS}
# Values the form cannot write as a comma-separated list without changing them.
_PLAIN_VALUE = re.compile(r"^[^,\s\[\"](?:[^,]*[^,\s])?\Z")


def base_operator(operator: str) -> str:
    """`ForAnyValue:StringLikeIfExists` -> `StringLike` (spelling kept)."""
    name = operator.split(":")[-1]
    return name[: -len(IF_EXISTS)] if name.endswith(IF_EXISTS) else name


def is_known_operator(operator: str) -> bool:
    return operator.lower() in _KNOWN


def _text(value: Any) -> str | None:
    """A scalar condition value as IAM reads it; None for lists or objects."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return str(value)
    return None


def _is_pattern(operator: str, value: str) -> bool:
    return "like" in base_operator(operator).lower() and any(c in value for c in "*?")


NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", re.ASCII)
LAST_EPOCH_SECOND = 253_402_300_799
"""9999-12-31T23:59:59Z, the last moment an IAM date can name."""


def _shortened(value: str) -> str:
    return value if len(value) <= 20 else f"{value[:20]}..."


def _date(value: str) -> bool:
    if value.isascii() and value.isdigit():
        return len(value.lstrip("0")) <= 12 and int(value) <= LAST_EPOCH_SECOND
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _number_mistake(operator: str, value: str) -> str | None:
    if not NUMBER.fullmatch(value):
        return f"{operator} needs a number, not {_shortened(value)!r}"
    if not math.isfinite(float(value)):
        return f"{operator} needs a number IAM can compare: {_shortened(value)} is out of range"
    return None


def _network(value: str) -> bool:
    try:
        ipaddress.ip_network(value, strict=False)
    except ValueError:
        return False
    return True


def clause_mistakes(operator: str, key: str, values: Any) -> list[str]:
    """The obvious mistakes of one condition clause, each as one sentence."""
    return [message for _, message in clause_problems(operator, key, values)]


def clause_problems(operator: str, key: str, values: Any) -> list[Mistake]:
    """The obvious mistakes of one condition clause, each as a code and a sentence."""
    if not is_known_operator(operator):
        return [
            (
                ProblemCode.CONDITION_OPERATOR_UNKNOWN,
                f"{operator} is not an IAM condition operator (such as StringEquals or ArnLike)",
            )
        ]
    found: list[Mistake] = []
    for raw in values if isinstance(values, tuple) else as_list(values):
        value = _text(raw)
        if value is not None and "${" not in value:
            found += _value_mistakes(operator, key, value)
    return found


def _value_mistakes(operator: str, key: str, value: str) -> Iterator[Mistake]:
    base = base_operator(operator).lower()
    lowered_key = key.lower()
    if base.startswith("arn"):
        if not ARN_SHAPE.match(value):
            yield (
                ProblemCode.CONDITION_NOT_ARN,
                f"{operator} needs an ARN (arn:partition:service:region:account:…), not {value!r}",
            )
        return
    if base in ("ipaddress", "notipaddress"):
        if not _network(value):
            yield (
                ProblemCode.CONDITION_NOT_IP,
                f"{operator} needs an IP address or range such as 203.0.113.0/24, not {value!r}",
            )
        return
    if base in ("bool", "null"):
        if value.lower() not in BOOLEAN_TEXT:
            yield (
                ProblemCode.CONDITION_NOT_BOOLEAN,
                f"{operator} takes true or false, not {value!r}",
            )
        return
    if base.startswith("numeric"):
        mistake = _number_mistake(operator, value)
        if mistake:
            yield ProblemCode.CONDITION_NOT_NUMBER, mistake
        return
    if base.startswith("date"):
        if not _date(value):
            yield (
                ProblemCode.CONDITION_NOT_DATE,
                f"{operator} needs a date such as 2026-01-31T00:00:00Z, not {value!r}",
            )
        return
    if not base.startswith("string") or _is_pattern(operator, value):
        return
    if lowered_key in ORG_KEYS and not ORG_ID.match(value):
        yield (
            ProblemCode.CONDITION_ORG_ID,
            f"{value!r} is not an organization id ({ORG_ID_TEXT})",
        )
    elif lowered_key in ORG_PATH_KEYS and not ORG_ID.match(value.split("/")[0]):
        yield (
            ProblemCode.CONDITION_ORG_PATH,
            f"{value!r} does not start with an organization id ({ORG_ID_TEXT})",
        )
    elif lowered_key in ACCOUNT_KEYS and not ACCOUNT_ID.match(value):
        yield (
            ProblemCode.CONDITION_ACCOUNT_ID,
            f"{key} is an account id of exactly 12 digits, not {value!r}",
        )
    elif lowered_key in ARN_KEYS and not value.startswith("arn:"):
        yield ProblemCode.CONDITION_ARN_KEY, f"{key} holds ARNs (arn:...), not {value!r}"


def condition_mistakes(condition: Any) -> list[Mistake]:
    """The obvious mistakes of a whole Condition element (its shape is checked elsewhere)."""
    if not isinstance(condition, dict):
        return []
    found: list[Mistake] = []
    for operator, clauses in condition.items():
        if not isinstance(clauses, dict) or not clauses:
            continue
        if not is_known_operator(operator):
            found += clause_problems(operator, "", [])
            continue
        for key, values in clauses.items():
            found += clause_problems(operator, key, values)
    return found


def values_text(values: tuple[str, ...] | list[str]) -> str:
    """Values as a person types them: `a, b`; a JSON list when a value has a comma,
    surrounding spaces, or is empty, so that every value reads back unchanged."""
    if all(v.isprintable() and _PLAIN_VALUE.match(v) for v in values):
        return ", ".join(values)
    return json.dumps(list(values), ensure_ascii=False)


def parse_values(text: str) -> tuple[str, ...]:
    """What `values_text` wrote (or a person typed): comma-separated, or a JSON list.
    Raises ValueError for a JSON list that is not a list of text."""
    stripped = text.strip()
    if not stripped.startswith("["):
        return tuple(v.strip() for v in stripped.split(",") if v.strip())
    try:
        parsed = json.loads(stripped)
    except json.JSONDecodeError as error:
        raise ValueError(f"the values are not a JSON list: {error.msg}") from None
    if not isinstance(parsed, list) or not all(isinstance(v, str) for v in parsed):
        raise ValueError('the values must be text, as in ["a", "b"]')
    return tuple(parsed)
