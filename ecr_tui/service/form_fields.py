"""What the statement form's text fields hold, in both directions (no Textual here)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ecr_tui.policy.actions import REPOSITORY_ACTIONS, full_name
from ecr_tui.policy.builder import ParsedPrincipals, StatementInput, parse_principal_texts
from ecr_tui.policy.principals import PrincipalKind, classify, root_arn

SEPARATORS = re.compile(r"[,\s]+")


def parse_principal_field(text: str, partition: str) -> ParsedPrincipals:
    """Principals typed into one field, separated by commas or spaces."""
    tokens = [t for t in SEPARATORS.split(text) if t]
    return parse_principal_texts(tokens, partition, keep_unique_ids=True)


@dataclass(frozen=True)
class Principals:
    """Who the form's principal fields name together, and what stops it being built."""

    everybody: bool
    aws: tuple[str, ...]
    services: tuple[str, ...]
    errors: tuple[str, ...]


def combine_principals(
    everybody: bool,
    accounts: ParsedPrincipals,
    services: ParsedPrincipals,
    iam_arns: list[str] | tuple[str, ...],
) -> Principals:
    """Everybody wins over the fields (their mistakes are then ignored too)."""
    errors = [] if everybody else [*accounts.errors, *services.errors]
    everybody = everybody or accounts.everybody or services.everybody
    aws = tuple(dict.fromkeys([*accounts.aws, *iam_arns, *services.aws]))
    names = tuple(dict.fromkeys([*accounts.services, *services.services]))
    if not (everybody or aws or names or errors):
        errors.append("choose who: Everybody, an account, an IAM entity or a service")
    if everybody:
        return Principals(True, (), (), tuple(errors))
    return Principals(False, aws, names, tuple(errors))


@dataclass(frozen=True)
class PrincipalFields:
    """The statement's AWS principals split the way the form shows them."""

    accounts: tuple[str, ...]
    iam_arns: tuple[str, ...]


def split_aws_principals(form: StatementInput, partition: str) -> PrincipalFields:
    """Users and roles go to the IAM selector; accounts (as bare ids) and the rest to
    the account field, as text that parses back to the same principal."""
    accounts: list[str] = []
    iam_arns: list[str] = []
    for value in form.aws_principals:
        principal = classify("AWS", value)
        if principal.kind in (PrincipalKind.USER, PrincipalKind.ROLE):
            iam_arns.append(value)
        elif (
            principal.kind is PrincipalKind.ACCOUNT
            and principal.account is not None
            and value in (principal.account, root_arn(principal.account, partition))
        ):
            accounts.append(principal.account)
        else:
            accounts.append(value)
    return PrincipalFields(tuple(accounts), tuple(iam_arns))


def action_choices(
    form: StatementInput, names: Iterable[str] = REPOSITORY_ACTIONS
) -> list[tuple[str, str, bool]]:
    """(label, action, chosen) for the catalog (`names`), plus any action of the statement
    the catalog does not name."""
    chosen = [a if a == "*" else full_name(a) for a in form.action_list]
    chosen_lower = {a.lower() for a in chosen}
    catalog = [f"ecr:{name}" for name in names]
    extras = [a for a in chosen if a.lower() not in {c.lower() for c in catalog}]
    return [
        (value.removeprefix("ecr:"), value, value.lower() in chosen_lower)
        for value in [*extras, *catalog]
    ]


def join_field(values: tuple[str, ...] | list[str]) -> str:
    return ", ".join(values)
