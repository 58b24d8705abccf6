"""Building statements from form or command-line input, in the console's JSON shape."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ecr_tui.policy.actions import Preset, full_name
from ecr_tui.policy.principals import UNIQUE_ID, parse_principal_text

SID_PATTERN = re.compile(r"^[A-Za-z0-9]+\Z")

Conditions = Mapping[str, Mapping[str, tuple[str, ...]]]


@dataclass(frozen=True)
class StatementInput:
    """What a person chose in the statement form (or on the command line)."""

    sid: str
    effect: str = "Allow"
    everybody: bool = False
    aws_principals: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    preset: Preset | None = Preset.PULL
    actions: tuple[str, ...] = ()
    conditions: Conditions = field(default_factory=dict)

    @property
    def action_list(self) -> list[str]:
        if self.preset is not None:
            return list(self.preset.actions)
        return _unique(full_name(a) if a.lower() != "*" else a for a in self.actions)


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def build_statement(form: StatementInput) -> dict[str, Any]:
    """The statement JSON for `form`, shaped as the console writes it (no Sid if empty)."""
    statement: dict[str, Any] = {"Sid": form.sid} if form.sid else {}
    statement["Effect"] = form.effect
    if form.everybody:
        statement["Principal"] = "*"
    else:
        principal: dict[str, list[str]] = {}
        if form.aws_principals:
            principal["AWS"] = _unique(form.aws_principals)
        if form.services:
            principal["Service"] = _unique(form.services)
        statement["Principal"] = principal
    statement["Action"] = form.action_list
    if form.conditions:
        statement["Condition"] = {
            operator: {
                key: list(values) if len(values) != 1 else values[0] for key, values in keys.items()
            }
            for operator, keys in form.conditions.items()
        }
    return statement


@dataclass
class ParsedPrincipals:
    """Who a person named: everybody, AWS principals, services, and what could not be read."""

    everybody: bool = False
    aws: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def parse_principal_texts(
    texts: Iterable[str], partition: str = "aws", *, keep_unique_ids: bool = False
) -> ParsedPrincipals:
    """Every principal of `texts`, each mistake one sentence in `errors`.

    `keep_unique_ids` takes a unique id (AIDA..., AROA...) as it is: a statement read back
    from AWS names a deleted identity that way, and editing it must not lose it.
    """
    parsed = ParsedPrincipals()
    for text in texts:
        if keep_unique_ids and UNIQUE_ID.match(text):
            parsed.aws.append(text)
            continue
        try:
            key, value = parse_principal_text(text, partition)
        except ValueError as error:
            parsed.errors.append(str(error))
            continue
        if key == "*":
            parsed.everybody = True
        elif key == "AWS":
            parsed.aws.append(value)
        else:
            parsed.services.append(value)
    return parsed


def input_from_principal_texts(
    texts: Iterable[str], partition: str = "aws"
) -> tuple[bool, tuple[str, ...], tuple[str, ...]]:
    """(everybody, AWS principals, services) from what a person typed; ValueError if bad."""
    parsed = parse_principal_texts(texts, partition)
    if parsed.errors:
        raise ValueError(parsed.errors[0])
    return parsed.everybody, tuple(_unique(parsed.aws)), tuple(_unique(parsed.services))


def unique_sid(existing: Iterable[Any], base: str = "Statement") -> str:
    """An alphanumeric Sid not used by any of `existing` statements' Sids."""
    taken = {s["Sid"] for s in existing if isinstance(s, dict) and isinstance(s.get("Sid"), str)}
    number = 1
    while f"{base}{number}" in taken:
        number += 1
    return f"{base}{number}"
