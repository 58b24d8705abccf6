"""Reading conditions: does a condition really narrow who a statement applies to, which
accounts does it name, and can it match an ECR request at all?"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Any

from ecr_tui.policy.principals import as_list

RESTRICTING_KEYS = frozenset(
    {
        "aws:principalorgid",
        "aws:principalorgpaths",
        "aws:principalaccount",
        "aws:principalarn",
        "aws:sourceaccount",
        "aws:sourcearn",
        "aws:sourceowner",
        "aws:sourcevpc",
        "aws:sourcevpce",
        "aws:userid",
        "aws:sourceip",
    }
)
SOURCE_KEYS = frozenset({"aws:sourceaccount", "aws:sourcearn"})
SOURCE_ORG_KEYS = frozenset({"aws:sourceorgid", "aws:sourceorgpaths"})
"""Keys that limit a service principal to acting for one organisation's resources."""
ORGANIZATION_KEYS = frozenset({"aws:principalorgid", "aws:principalorgpaths"}) | SOURCE_ORG_KEYS
ACCOUNT_VALUE_KEYS = frozenset({"aws:principalaccount", "aws:sourceaccount", "aws:sourceowner"})
ACCOUNT_ARN_KEYS = frozenset({"aws:principalarn", "aws:sourcearn"})
RESOURCE_ACCOUNT_KEY = "aws:resourceaccount"
NEGATED_PREFIXES = ("stringnot", "arnnot", "notipaddress")
NEGATED_BASES = ("stringnot", "arnnot", "notipaddress", "numericnotequals", "datenotequals")
WILDCARD_OPERATORS = (
    "stringlike",
    "stringnotlike",
    "arnlike",
    "arnnotlike",
    "arnequals",
    "arnnotequals",
)
"""The only operators under which `*` and `?` are wildcards; elsewhere they are literal."""
ECR_REQUEST_KEY_PREFIXES = ("aws:", "ecr:")
"""An ECR request carries the global keys and ECR's own, never another service's."""
ORG_ID_PREFIX = re.compile(r"^o-[a-z0-9]{10,32}(/|$)")
ACCOUNT_FIELD = re.compile(r"^\d{12}\Z")
UNIQUE_ID_PREFIX = re.compile(r"^(AIDA|AROA)[A-Z0-9]{12,}:")
WIDE_NETWORKS = (ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0"))


@dataclass(frozen=True)
class Clause:
    operator: str
    key: str
    values: tuple[str, ...]

    @property
    def base_operator(self) -> str:
        return self.operator.split(":")[-1]

    @property
    def qualifier(self) -> str:
        return self.operator.split(":")[0].lower() if ":" in self.operator else ""

    @property
    def has_wildcards(self) -> bool:
        """Whether `*` and `?` in the values are wildcards (only under ...Like and Arn...)."""
        base = self.base_operator.lower().removesuffix("ifexists")
        return base in WILDCARD_OPERATORS

    @property
    def matches_when_absent(self) -> bool:
        """Whether the clause matches a request that does not carry its key at all."""
        base = self.base_operator.lower()
        if self.qualifier == "forallvalues":
            return True
        if self.qualifier == "foranyvalue":
            return False
        if base.endswith("ifexists"):
            return True
        if base == "null":
            return any(v.lower() == "true" for v in self.values)
        return base.startswith(NEGATED_BASES)

    @property
    def never_carried(self) -> bool:
        """Whether an ECR request never carries the key (another service's, such as kms:)."""
        return not self.key.lower().startswith(ECR_REQUEST_KEY_PREFIXES)

    @property
    def matches_nothing(self) -> bool:
        """Whether a positive exact clause on a key saying who calls has only values with `*`
        or `?`: literal there, and no caller's ARN, id, account or endpoint holds them."""
        base = self.base_operator.lower()
        if self.why_weak or not base.startswith("string") or self.has_wildcards:
            return False
        if self.key.lower() not in RESTRICTING_KEYS | SOURCE_ORG_KEYS:
            return False
        return bool(self.values) and all(any(c in v for c in "*?") for v in self.values)

    @property
    def accounts(self) -> frozenset[str] | None:
        """The accounts an exact clause on an account key limits requests to; None when
        the clause does not name accounts (or does not restrict)."""
        key = self.key.lower()
        if self.why_weak or key not in ACCOUNT_VALUE_KEYS | ACCOUNT_ARN_KEYS:
            return None
        if key in ACCOUNT_VALUE_KEYS:
            return frozenset(v for v in self.values if ACCOUNT_FIELD.match(v))
        found = {_arn_account(v) for v in self.values}
        if None in found:
            return None  # an ARN without an account (an S3 bucket) names no account
        return frozenset(a for a in found if a)

    @property
    def text(self) -> str:
        shown = self.values[0] if len(self.values) == 1 else "[" + ", ".join(self.values) + "]"
        return f"{self.operator} {self.key} = {shown}"

    @property
    def why_weak(self) -> str | None:
        """Why this clause does not really restrict, or None when it does."""
        operator = self.base_operator.lower()
        if operator.endswith("ifexists") or self.qualifier == "forallvalues":
            return f"{self.operator} lets requests without {self.key} through"
        if operator == "null":
            return f"Null only checks whether {self.key} is present"
        if operator.startswith(NEGATED_PREFIXES):
            return f"{self.operator} only excludes some values"
        for value in self.values:
            if self.has_wildcards and _too_wide(self.key.lower(), value):
                return f"the value {value!r} matches too much"
            if self.key.lower() == "aws:sourceip" and _wide_network(value):
                return f"{value} is the whole internet"
        return None


def _too_wide(key: str, value: str) -> bool:
    wildcard_at = min((i for i, char in enumerate(value) if char in "*?"), default=None)
    if wildcard_at is None:
        return False
    prefix = value[:wildcard_at]
    if key in ORGANIZATION_KEYS:
        return not ORG_ID_PREFIX.match(prefix)
    if key in ("aws:sourcearn", "aws:principalarn"):
        return not _pins_account(value)
    if key == "aws:userid":
        return not UNIQUE_ID_PREFIX.match(prefix)
    return True


def _pins_account(arn_pattern: str) -> bool:
    """True when an ARN pattern fixes the account (a wildcard region or resource is fine)."""
    parts = arn_pattern.split(":", 5)
    if len(parts) < 6 or any(char in "*?" for part in parts[:3] for char in part):
        return False
    return bool(ACCOUNT_FIELD.match(parts[4]))


def _arn_account(arn: str) -> str | None:
    """The account field of an ARN ("" when it is not 12 digits, None when it is empty)."""
    parts = arn.split(":", 5)
    if len(parts) < 6 or not parts[4]:
        return None
    return parts[4] if ACCOUNT_FIELD.match(parts[4]) else ""


def _wide_network(value: str) -> bool:
    try:
        network = ipaddress.ip_network(value, strict=False)
    except ValueError:
        return False
    return network.prefixlen <= 1 or network in WIDE_NETWORKS


def clauses_of(condition: Any) -> list[Clause]:
    if not isinstance(condition, dict):
        return []
    found = []
    for operator, keys in condition.items():
        if not isinstance(keys, dict):
            continue
        for key, values in keys.items():
            found.append(Clause(str(operator), str(key), tuple(str(v) for v in as_list(values))))
    return found


def restricting_clauses(condition: Any) -> tuple[list[Clause], list[Clause]]:
    """(strong, weak) clauses on keys that narrow who may make the request."""
    strong: list[Clause] = []
    weak: list[Clause] = []
    for clause in clauses_of(condition):
        if clause.key.lower() not in RESTRICTING_KEYS:
            continue
        (weak if clause.why_weak else strong).append(clause)
    return strong, weak


def has_source_condition(condition: Any) -> bool:
    keys = SOURCE_KEYS | SOURCE_ORG_KEYS
    return any(c.key.lower() in keys and not c.why_weak for c in clauses_of(condition))


def source_organization_clauses(condition: Any) -> list[Clause]:
    """The clauses that limit a service to acting for an organisation's resources."""
    return [c for c in clauses_of(condition) if c.key.lower() in SOURCE_ORG_KEYS and not c.why_weak]


def inert_clauses(condition: Any) -> list[Clause]:
    """Clauses that can never match an ECR request: on a key ECR requests never carry,
    with an operator that needs the key to be there."""
    return [c for c in clauses_of(condition) if c.never_carried and not c.matches_when_absent]


def literal_wildcard_clauses(condition: Any) -> list[Clause]:
    """Clauses that match no request because their only values are literal wildcards."""
    return [c for c in clauses_of(condition) if c.matches_nothing]


def foreign_resource_account(condition: Any, home: frozenset[str]) -> bool:
    """Whether an exact aws:ResourceAccount clause names only accounts other than `home`,
    the repository's own: the resource account is always the own one, so it never matches."""
    if not home:
        return False
    for clause in clauses_of(condition):
        base = clause.base_operator.lower()
        if clause.key.lower() != RESOURCE_ACCOUNT_KEY or clause.why_weak:
            continue
        if not base.startswith("string"):
            continue
        values = set(clause.values)
        if values and all(ACCOUNT_FIELD.match(v) for v in values) and not values & home:
            return True
    return False


def named_accounts(condition: Any) -> frozenset[str] | None:
    """The accounts exact account clauses limit requests to (all of them must hold, so the
    accounts every such clause names); None when no clause names accounts."""
    named: frozenset[str] | None = None
    for clause in clauses_of(condition):
        accounts = clause.accounts
        if accounts is not None:
            named = accounts if named is None else named & accounts
    return named


def shown_values(clause: Clause) -> tuple[str, ...]:
    """The values that can match: a literal `*` under StringEquals matches nothing real."""
    if clause.has_wildcards:
        return clause.values
    return tuple(v for v in clause.values if "*" not in v and "?" not in v) or clause.values
