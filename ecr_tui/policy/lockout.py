"""Spotting a policy that could stop anyone from changing it again."""

from __future__ import annotations

from ecr_tui.policy.actions import expand_actions
from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.principals import PrincipalKind
from ecr_tui.policy.statements import view_statements

LOCKING_ACTIONS = frozenset({"ecr:setrepositorypolicy", "ecr:deleterepositorypolicy"})


def lockout_warning(document: PolicyDocument) -> str | None:
    """A sentence when the document denies policy changes to everybody, else None."""
    for view in view_statements(document.statements):
        if view.effect != "Deny" or view.conditions or view.negated_principal:
            continue
        everybody = any(p.kind is PrincipalKind.EVERYBODY for p in view.principals)
        if view.negated_action:
            denied = LOCKING_ACTIONS - expand_actions(view.actions)
        else:
            denied = LOCKING_ACTIONS & expand_actions(view.actions)
        if everybody and denied:
            return (
                f"{view.title} denies {', '.join(sorted(denied))} to everybody: once saved, "
                "nobody may be able to change or delete this policy again."
            )
    return None
