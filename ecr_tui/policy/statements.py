"""The statement view: what the UI and CLI show of one statement, and whether the
simple form can edit it without losing anything."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ecr_tui.policy.actions import Preset, preset_for
from ecr_tui.policy.builder import StatementInput, build_statement
from ecr_tui.policy.equivalence import statements_equivalent
from ecr_tui.policy.principals import Principal, PrincipalKind, as_list, principals_of
from ecr_tui.policy.safe_text import is_visible

FORM_KEYS = frozenset({"Sid", "Effect", "Principal", "Action", "Condition"})
FORM_PRINCIPAL_KEYS = frozenset({"AWS", "Service"})


@dataclass(frozen=True)
class StatementView:
    index: int
    raw: Any
    sid: str | None
    effect: str | None
    principals: tuple[Principal, ...]
    negated_principal: bool
    actions: tuple[str, ...]
    negated_action: bool
    preset: Preset | None
    conditions: dict[str, Any]
    form_input: StatementInput | None
    not_form_editable_because: str | None

    @property
    def form_editable(self) -> bool:
        return self.form_input is not None

    @property
    def title(self) -> str:
        return self.sid if self.sid else f"statement {self.index + 1}"

    def principals_of_kind(self, *kinds: PrincipalKind) -> list[Principal]:
        return [p for p in self.principals if p.kind in kinds]

    @property
    def principal_summary(self) -> str:
        prefix = "NOT " if self.negated_principal else ""
        if not self.principals:
            return prefix + "(none)"
        if any(p.kind is PrincipalKind.EVERYBODY for p in self.principals):
            return prefix + "Everybody"
        shown = ", ".join(_short_label(p) for p in self.principals[:2])
        more = len(self.principals) - 2
        return prefix + shown + (f" +{more}" if more > 0 else "")

    @property
    def action_summary(self) -> str:
        prefix = "NOT " if self.negated_action else ""
        if self.preset is not None and not self.negated_action:
            return self.preset.label
        if len(self.actions) <= 2:
            return prefix + ", ".join(a.removeprefix("ecr:") for a in self.actions)
        return prefix + f"{len(self.actions)} actions"


def _short_label(principal: Principal) -> str:
    match principal.kind:
        case PrincipalKind.ACCOUNT:
            return principal.account or principal.value
        case PrincipalKind.USER | PrincipalKind.ROLE:
            return f"{principal.kind.value}{principal.path}{principal.name}"
        case PrincipalKind.ASSUMED_ROLE:
            return f"{principal.kind.value}/{principal.name}"
        case PrincipalKind.UNIQUE_ID:
            return f"deleted:{principal.value[:8]}"
        case _:
            return principal.value


def _strings(value: Any) -> bool:
    return all(isinstance(item, str) for item in as_list(value)) and value != []


def _texts(value: Any) -> list[str]:
    """Every key and string inside a JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [*value, *(text for item in value.values() for text in _texts(item))]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return []


def _form_input(statement: dict[str, Any]) -> tuple[StatementInput | None, str | None]:
    extra = set(statement) - FORM_KEYS
    if extra:
        return None, f"it uses {', '.join(sorted(extra))}"
    if statement.get("Effect") not in ("Allow", "Deny"):
        return None, "its Effect is not Allow or Deny"
    principal = statement.get("Principal")
    if principal != "*" and not (
        isinstance(principal, dict)
        and principal
        and set(principal) <= FORM_PRINCIPAL_KEYS
        and all(_strings(v) for v in principal.values())
    ):
        return None, "its principal is not everybody, AWS principals or services"
    action = statement.get("Action")
    if not _strings(action):
        return None, "its Action is not a list of names"
    conditions = statement.get("Condition", {})
    if not isinstance(conditions, dict) or not all(
        isinstance(keys, dict) and all(_strings(v) for v in keys.values())
        for keys in conditions.values()
    ):
        return None, "its Condition is not operator -> key -> text values"
    sid = statement.get("Sid", "")
    if not isinstance(sid, str):
        return None, "its Sid is not text"
    if not all(is_visible(text) for text in _texts(statement)):
        # The form's fields would hand them to the terminal; the JSON shows them escaped.
        return None, "it holds control characters"
    actions = tuple(as_list(action))
    aws = as_list(principal.get("AWS", [])) if isinstance(principal, dict) else []
    form = StatementInput(
        sid=sid,
        effect=statement["Effect"],
        everybody=principal == "*" or "*" in aws,
        aws_principals=tuple(v for v in aws if v != "*"),
        services=tuple(as_list(principal.get("Service", [])))
        if isinstance(principal, dict)
        else (),
        preset=preset_for(actions),
        actions=actions,
        conditions={
            op: {key: tuple(as_list(v)) for key, v in keys.items()}
            for op, keys in conditions.items()
        },
    )
    if form.preset is not None and not statements_equivalent(build_statement(form), statement):
        # e.g. "Action": "*" is shown as All actions but must be kept as written.
        form = replace(form, preset=None)
    if not statements_equivalent(build_statement(form), statement):
        return None, "the form would change what it grants"
    return form, None


def view_statement(statement: Any, index: int) -> StatementView:
    if not isinstance(statement, dict):
        return StatementView(
            index,
            statement,
            None,
            None,
            (),
            False,
            (),
            False,
            None,
            {},
            None,
            "it is not an object",
        )
    negated_principal = "NotPrincipal" in statement and "Principal" not in statement
    principal = statement.get("NotPrincipal" if negated_principal else "Principal")
    negated_action = "NotAction" in statement and "Action" not in statement
    action = statement.get("NotAction" if negated_action else "Action", [])
    actions = tuple(str(a) for a in as_list(action))
    conditions = statement.get("Condition")
    sid = statement.get("Sid")
    form, reason = _form_input(statement)
    return StatementView(
        index=index,
        raw=statement,
        sid=sid if isinstance(sid, str) else None,
        effect=statement.get("Effect") if isinstance(statement.get("Effect"), str) else None,
        principals=principals_of(principal) if principal is not None else (),
        negated_principal=negated_principal,
        actions=actions,
        negated_action=negated_action,
        preset=preset_for(actions) if actions else None,
        conditions=conditions if isinstance(conditions, dict) else {},
        form_input=form,
        not_form_editable_because=reason,
    )


def view_statements(statements: list[Any]) -> list[StatementView]:
    return [view_statement(statement, index) for index, statement in enumerate(statements)]
