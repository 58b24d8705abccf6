"""Registry policy statements as the form sees them: presets, repository patterns, reach."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ecr_tui.policy.actions import Preset
from ecr_tui.policy.builder import StatementInput, build_statement
from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.equivalence import canonical_statement
from ecr_tui.policy.grants import expand_with_registry_actions
from ecr_tui.policy.principals import as_list
from ecr_tui.policy.registry import ENFORCED_UNDER_V1, resource_matches
from ecr_tui.policy.registry_validate import repository_arn, repository_resource
from ecr_tui.policy.statements import view_statement


class RegistryPreset(StrEnum):
    REPLICATION = "replication"
    PULL_THROUGH_CACHE = "pull-through-cache"
    PULL = "pull"
    PUSH_PULL = "push-pull"

    @property
    def actions(self) -> tuple[str, ...]:
        return REGISTRY_PRESETS[self.value]

    @property
    def label(self) -> str:
        return PRESET_LABELS[self]


REGISTRY_PRESETS: dict[str, tuple[str, ...]] = {
    "replication": ("ecr:ReplicateImage", "ecr:CreateRepository"),
    "pull-through-cache": ("ecr:BatchImportUpstreamImage", "ecr:CreateRepository"),
    **{preset.value: preset.actions for preset in Preset},
}
PRESET_LABELS = {
    RegistryPreset.REPLICATION: "Replication",
    RegistryPreset.PULL_THROUGH_CACHE: "Pull-through cache",
    RegistryPreset.PULL: "Pull only",
    RegistryPreset.PUSH_PULL: "Push/Pull",
}
FORM_PRESETS = {RegistryPreset.PULL: Preset.PULL, RegistryPreset.PUSH_PULL: Preset.PUSH_PULL}
"""The registry presets the repository form also has, as that form's presets."""


def registry_preset_of(actions: Iterable[str]) -> RegistryPreset | None:
    """The registry preset whose action set equals `actions` (case-insensitive), if any."""
    given = {a.strip().lower() for a in actions}
    for preset in RegistryPreset:
        if given == {a.lower() for a in preset.actions}:
            return preset
    return None


def actions_label(actions: Iterable[str]) -> str | None:
    """ "Replication", "Pull only", "All actions"...: the preset `actions` make, if any."""
    listed = list(actions)
    preset = registry_preset_of(listed)
    if preset is not None:
        return preset.label
    if {a.lower() for a in listed} <= {"*", "ecr:*"} and listed:
        return Preset.ALL.label
    return None


@dataclass(frozen=True)
class RegistryInput(StatementInput):
    """A statement of the registry form: the repository form's input and the repository
    patterns its Resource names."""

    patterns: tuple[str, ...] = ("*",)


def registry_statement(form: StatementInput, region: str, account: str) -> dict[str, Any]:
    """The statement for `form`, with Resource after Action as the console writes it."""
    patterns = form.patterns if isinstance(form, RegistryInput) else ("*",)
    built = build_statement(form)
    statement: dict[str, Any] = {}
    for key, value in built.items():
        statement[key] = value
        if key == "Action":
            statement["Resource"] = repository_resource(region, account, patterns or ("*",))
    return statement


def patterns_of(statement: Any, region: str, account: str) -> tuple[str, ...] | None:
    """The repository patterns of the statement's Resource; None when it is not a list of
    this registry's repository ARNs (then only JSON can edit it)."""
    if not isinstance(statement, dict) or "NotResource" in statement:
        return None
    prefix = repository_arn(region, account, "")
    values = as_list(statement.get("Resource"))
    if not values or not all(isinstance(v, str) and v.startswith(prefix) for v in values):
        return None
    return tuple(str(v)[len(prefix) :] for v in values)


def registry_form_input(statement: Any, region: str, account: str) -> RegistryInput | None:
    """What the registry form shows for `statement`; None when the form cannot edit it."""
    patterns = patterns_of(statement, region, account)
    if patterns is None:
        return None
    rest = copy.deepcopy(statement)
    del rest["Resource"]
    form = view_statement(rest, 0).form_input
    if form is None:
        return None
    fields = {name: getattr(form, name) for name in form.__dataclass_fields__}
    return RegistryInput(**fields, patterns=patterns)


def registry_form_problem(statement: Any, region: str, account: str) -> str | None:
    """Why the registry form cannot edit `statement`, or None."""
    if patterns_of(statement, region, account) is None:
        return "its Resource is not a list of this registry's repository ARNs"
    rest = copy.deepcopy(statement)
    del rest["Resource"]
    return view_statement(rest, 0).not_form_editable_because


def reached(statement: Any, arns: Iterable[tuple[str, str]]) -> list[str]:
    """The names of the repositories ((name, arn) pairs) the statement's Resource names."""
    if not isinstance(statement, dict):
        return []
    if "Resource" in statement:
        patterns = [str(r) for r in as_list(statement["Resource"])]
        return [name for name, arn in arns if any(resource_matches(p, arn) for p in patterns)]
    if "NotResource" in statement:
        patterns = [str(r) for r in as_list(statement["NotResource"])]
        return [name for name, arn in arns if not any(resource_matches(p, arn) for p in patterns)]
    return []


def grants_beyond_v1(statement: Any) -> bool:
    """Whether an Allow statement grants actions only registry policy scope V2 enforces."""
    if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
        return False
    actions = [str(a) for a in as_list(statement.get("Action"))]
    return bool(expand_with_registry_actions(actions) - ENFORCED_UNDER_V1)


def new_statements(document: PolicyDocument, baseline: PolicyDocument | None) -> list[int]:
    """The indexes of the statements of `document` that `baseline` does not have."""
    known = {canonical_statement(s) for s in baseline.statements} if baseline else set()
    return [i for i, s in enumerate(document.statements) if canonical_statement(s) not in known]


def names_text(names: list[str], shown: int = 3) -> str:
    """`a, b, c and 11 more`."""
    listed = ", ".join(names[:shown])
    more = len(names) - shown
    return f"{listed} and {more:,} more" if more > 0 else listed


def count_text(count: int) -> str:
    return f"{count:,} {'repository' if count == 1 else 'repositories'}"
