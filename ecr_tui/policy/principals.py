"""Principals: recognising every form a repository policy may name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ecr_tui.policy.problem_codes import ProblemCode

ACCOUNT_ID = re.compile(r"^[0-9]{12}\Z")
PARTITION = r"aws(?:-cn|-us-gov|-iso(?:-[a-z])?)?"
IAM_ARN = re.compile(rf"^arn:({PARTITION}):iam::([0-9]{{12}}|\*):(root|user/.+|role/.+)\Z")
ASSUMED_ROLE_ARN = re.compile(rf"^arn:({PARTITION}):sts::([0-9]{{12}}):assumed-role/([^/]+)/(.+)\Z")
FEDERATED_USER_ARN = re.compile(rf"^arn:({PARTITION}):sts::([0-9]{{12}}):federated-user/[^/]+\Z")
SERVICE_PRINCIPAL = re.compile(r"^([0-9a-z-]+\.){1,4}(amazonaws|amazon)\.com\Z")
UNIQUE_ID = re.compile(r"^(AIDA|AROA|AIPA|ANPA|AGPA|AKIA|ASIA)[A-Z0-9]{12,}\Z")
ANY_ARN = re.compile(r"^arn:")
IAM_NAME = re.compile(r"^[A-Za-z0-9+=,.@_-]{1,64}\Z")
"""The characters IAM allows in a user, role or session name."""
IAM_PATH = re.compile(r"^[\x21-\x7e]*\Z")


class PrincipalKind(StrEnum):
    EVERYBODY = "everybody"
    ACCOUNT = "account"
    USER = "user"
    ROLE = "role"
    ASSUMED_ROLE = "assumed-role"
    SERVICE = "service"
    FEDERATED = "federated"
    UNIQUE_ID = "orphaned"
    OTHER = "other"


@dataclass(frozen=True)
class Principal:
    """One principal as written in a statement, with what it was recognised as."""

    kind: PrincipalKind
    value: str
    key: str = "AWS"
    account: str | None = None
    name: str | None = None
    path: str = "/"

    @property
    def label(self) -> str:
        match self.kind:
            case PrincipalKind.EVERYBODY:
                return "everybody (*)"
            case PrincipalKind.ACCOUNT:
                return f"account {self.account}"
            case PrincipalKind.USER | PrincipalKind.ROLE:
                shown = self.name if self.path == "/" else f"{self.path}{self.name}"
                return f"{self.kind.value} {shown} ({self.account})"
            case PrincipalKind.ASSUMED_ROLE:
                return f"assumed-role {self.name} ({self.account})"
            case PrincipalKind.SERVICE:
                return f"service {self.value}"
            case PrincipalKind.UNIQUE_ID:
                return f"deleted identity {self.value}"
            case _:
                return f"{self.key} {self.value}"


def classify(key: str, value: str) -> Principal:
    """Recognise one principal value found under `key` (AWS, Service, Federated, ...)."""
    if key == "Service":
        return Principal(PrincipalKind.SERVICE, value, key)
    if key == "Federated":
        return Principal(PrincipalKind.FEDERATED, value, key)
    if key != "AWS":
        return Principal(PrincipalKind.OTHER, value, key)
    if value == "*":
        return Principal(PrincipalKind.EVERYBODY, value, key)
    if ACCOUNT_ID.match(value):
        return Principal(PrincipalKind.ACCOUNT, value, key, account=value)
    if UNIQUE_ID.match(value):
        return Principal(PrincipalKind.UNIQUE_ID, value, key)
    if match := IAM_ARN.match(value):
        account, resource = match.group(2), match.group(3)
        if account == "*":
            return Principal(PrincipalKind.EVERYBODY, value, key)
        if resource == "root":
            return Principal(PrincipalKind.ACCOUNT, value, key, account=account)
        kind_word, _, rest = resource.partition("/")
        path, _, name = rest.rpartition("/")
        kind = PrincipalKind.USER if kind_word == "user" else PrincipalKind.ROLE
        return Principal(kind, value, key, account, name, f"/{path}/" if path else "/")
    if match := ASSUMED_ROLE_ARN.match(value):
        return Principal(
            PrincipalKind.ASSUMED_ROLE, value, key, account=match.group(2), name=match.group(3)
        )
    return Principal(PrincipalKind.OTHER, value, key)


def as_list(value: Any) -> list[Any]:
    """A policy value that may be written as one item or a list, as a list."""
    return list(value) if isinstance(value, list) else [value]


def principals_of(principal_element: Any) -> tuple[Principal, ...]:
    """Every principal in a `Principal`/`NotPrincipal` element, in document order."""
    if principal_element == "*":
        return (Principal(PrincipalKind.EVERYBODY, "*", "*"),)
    if not isinstance(principal_element, dict):
        return (Principal(PrincipalKind.OTHER, str(principal_element), "?"),)
    found: list[Principal] = []
    for key, values in principal_element.items():
        for value in as_list(values):
            found.append(classify(str(key), value if isinstance(value, str) else str(value)))
    return tuple(found)


def root_arn(account_id: str, partition: str = "aws") -> str:
    return f"arn:{partition}:iam::{account_id}:root"


def principal_arn_problem(value: str, partition: str | None = None) -> str | None:
    """Why AWS would reject the principal ARN `value`, or None (see principal_arn_rejection)."""
    rejection = principal_arn_rejection(value, partition)
    return rejection[1] if rejection else None


def principal_arn_rejection(
    value: str, partition: str | None = None
) -> tuple[ProblemCode, str] | None:
    """Why AWS would reject the principal ARN `value`, as a code and a sentence, or None.

    Wildcards are not valid inside a principal ARN (`*` alone is), the partition must be
    the session's when `partition` is given, and names must use the characters IAM allows.
    """
    arn = IAM_ARN.match(value) or ASSUMED_ROLE_ARN.match(value) or FEDERATED_USER_ARN.match(value)
    if arn is None:
        return None
    if "*" in value or "?" in value:
        return ProblemCode.PRINCIPAL_ARN_WILDCARD, (
            f"{value!r} has a wildcard inside a principal ARN, which AWS does not allow: "
            'use "*" alone for everybody, or name the account'
        )
    if partition is not None and arn.group(1) != partition:
        return ProblemCode.PRINCIPAL_ARN_PARTITION, (
            f"{value!r} is in the {arn.group(1)} partition, but this session is in {partition}: "
            "AWS would reject it"
        )
    resource = value.split(":", 5)[5]
    kind, _, rest = resource.partition("/")
    if kind in ("user", "role"):
        path, _, name = rest.rpartition("/")
        if not IAM_NAME.match(name) or not IAM_PATH.match(path):
            return ProblemCode.PRINCIPAL_ARN_NAME, (
                f"{value!r} is not a valid {kind} ARN: IAM names use only letters, digits "
                "and + = , . @ _ - (at most 64)"
            )
    elif kind in ("assumed-role", "federated-user") and not all(
        IAM_NAME.match(part) for part in rest.split("/")
    ):
        return (
            ProblemCode.PRINCIPAL_ARN_NAME,
            f"{value!r} is not a valid {kind} ARN: names use only letters, digits and +=,.@_-",
        )
    return None


def parse_principal_text(text: str, partition: str = "aws") -> tuple[str, str]:
    """Turn what a person typed into (`AWS`|`Service`|`*`, value), or raise ValueError.

    Accepts `*`, a 12-digit account id (becomes the account's root ARN), an IAM user, role,
    root or assumed-role ARN, or a service principal such as `lambda.amazonaws.com`.
    """
    text = text.strip()
    if text == "*":
        return "*", "*"
    if ACCOUNT_ID.match(text):
        return "AWS", root_arn(text, partition)
    if text.isdigit():
        raise ValueError(f"{text!r} is not an AWS account id: account ids have exactly 12 digits")
    if IAM_ARN.match(text) or ASSUMED_ROLE_ARN.match(text):
        if problem := principal_arn_problem(text, partition):
            raise ValueError(problem)
        return "AWS", text
    if SERVICE_PRINCIPAL.match(text):
        return "Service", text
    if ANY_ARN.match(text):
        raise ValueError(
            f"{text!r} is not a principal ARN: expected arn:aws:iam::ACCOUNT:root, "
            "...:user/[path/]name, ...:role/[path/]name or an sts assumed-role ARN"
        )
    raise ValueError(
        f"{text!r} is not a principal: give *, a 12-digit account id, an IAM ARN "
        "or a service such as lambda.amazonaws.com"
    )
