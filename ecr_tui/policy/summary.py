"""A one-word summary of a repository policy, for the repository list."""

from __future__ import annotations

from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.principals import PrincipalKind
from ecr_tui.policy.statements import StatementView, view_statements

NO_POLICY = "none"
PUBLIC = "PUBLIC"
CROSS_ACCOUNT = "cross-account"

ACCOUNT_BEARING = frozenset(
    {PrincipalKind.ACCOUNT, PrincipalKind.USER, PrincipalKind.ROLE, PrincipalKind.ASSUMED_ROLE}
)


def _grants_everybody(statement: StatementView) -> bool:
    """An Allow to everybody, or to everybody but a few, that no condition narrows."""
    if statement.effect != "Allow" or statement.conditions:
        return False
    if statement.negated_principal:
        return True
    return any(p.kind is PrincipalKind.EVERYBODY for p in statement.principals)


def _grants_other_account(statement: StatementView, own_account: str) -> bool:
    if statement.effect != "Allow" or statement.negated_principal:
        return False
    return any(
        p.kind in ACCOUNT_BEARING and p.account is not None and p.account != own_account
        for p in statement.principals
    )


def policy_summary(document: PolicyDocument | None, own_account: str) -> str:
    """`none`, `PUBLIC`, `cross-account`, or `N statements`, most alarming first.

    `own_account` is the account that owns the repository (its registry id).
    """
    if document is None:
        return NO_POLICY
    statements = view_statements(document.statements)
    if not statements:
        return NO_POLICY
    if any(_grants_everybody(s) for s in statements):
        return PUBLIC
    if any(_grants_other_account(s, own_account) for s in statements):
        return CROSS_ACCOUNT
    count = len(statements)
    return f"{count} statement" if count == 1 else f"{count} statements"
