"""The edits of a save in one line of words: "adds statement X: account N can pull"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ecr_tui.policy.actions import Preset
from ecr_tui.policy.edits import AddStatement, DeleteStatement, Edit, ReplaceStatement
from ecr_tui.policy.principals import Principal, PrincipalKind
from ecr_tui.policy.statements import view_statement


def summary(edits: Sequence[Edit]) -> str:
    """The edits in a line; several are counted first ("2 changes: adds ...; removes ...")."""
    said = "; ".join(summarize(edit) for edit in edits)
    return f"{len(edits)} changes: {said}" if len(edits) > 1 else said


PRESET_VERBS = {Preset.PULL: "pull", Preset.PUSH_PULL: "push and pull", Preset.ALL: "do anything"}


def principal_phrase(principal: Principal) -> str:
    match principal.kind:
        case PrincipalKind.EVERYBODY:
            return "everybody"
        case PrincipalKind.ACCOUNT:
            return f"account {principal.account}"
        case PrincipalKind.USER | PrincipalKind.ROLE:
            path = "" if principal.path in ("", "/") else principal.path
            return f"{principal.kind.value} {path}{principal.name}"
        case PrincipalKind.ASSUMED_ROLE:
            return f"{principal.kind.value} {principal.name}"
        case PrincipalKind.SERVICE:
            return principal.value
        case _:
            return principal.label


def grant_phrase(statement: Any) -> str:
    """Statement X: who can (or cannot) do what, short enough for one line."""
    view = view_statement(statement, 0)
    name = f"statement {view.sid}" if view.sid else "a statement without Sid"
    named = [principal_phrase(p) for p in view.principals]
    who = named[0] if named else "nobody"
    if len(named) > 1:
        who += f" and {len(named) - 1} more"
    if view.negated_principal:
        who = f"everybody except {who}"
    if view.preset is not None and not view.negated_action:
        what = PRESET_VERBS[view.preset]
    elif len(view.actions) <= 2:
        what = ("all but " if view.negated_action else "") + ", ".join(
            a.removeprefix("ecr:") for a in view.actions
        )
    else:
        what = f"{'all but ' if view.negated_action else ''}{len(view.actions)} actions"
    can = "cannot" if view.effect == "Deny" else "can"
    return f"{name}: {who} {can} {what}"


def summarize(edit: Edit) -> str:
    match edit:
        case AddStatement():
            return f"adds {grant_phrase(edit.statement)}"
        case ReplaceStatement():
            return f"changes {grant_phrase(edit.statement)}"
        case DeleteStatement():
            view = view_statement(edit.original, edit.position)
            return f"removes statement {view.sid}" if view.sid else f"removes {view.title}"
        case _:
            return edit.describe()
