"""The statement form in registry mode: which repositories the statement covers, and the
registry presets (replication, pull-through cache, pull, push/pull)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, RadioSet, Static

from ecr_tui.aws.backend import Backend
from ecr_tui.policy.actions import REGISTRY_ACTIONS_NAMING_A_REPOSITORY, REPOSITORY_ACTIONS, Preset
from ecr_tui.policy.builder import StatementInput
from ecr_tui.policy.registry_statements import (
    FORM_PRESETS,
    RegistryInput,
    RegistryPreset,
    count_text,
    names_text,
    reached,
    registry_form_input,
    registry_preset_of,
    registry_statement,
)
from ecr_tui.policy.registry_templates import REGISTRY_TEMPLATES
from ecr_tui.policy.registry_validate import pattern_problem
from ecr_tui.service.form_fields import SEPARATORS, action_choices, join_field
from ecr_tui.service.registry_session import RegistrySession
from ecr_tui.ui.screens.statement_form import StatementForm
from ecr_tui.ui.screens.template_picker import TemplatePicker
from ecr_tui.ui.statement_fields import (
    INDIVIDUAL,
    compose_actions,
    compose_conditions,
    compose_identity,
    compose_principal,
    show_field_error,
)

NO_ACTIONS = "pick at least one action"
CATALOG = (*REGISTRY_ACTIONS_NAMING_A_REPOSITORY, *REPOSITORY_ACTIONS)


def chosen_preset(form: StatementInput) -> RegistryPreset | None:
    if form.preset is Preset.PULL:
        return RegistryPreset.PULL
    if form.preset is Preset.PUSH_PULL:
        return RegistryPreset.PUSH_PULL
    return registry_preset_of(form.actions) if form.preset is None else None


class RegistryStatementForm(StatementForm):
    """The repository form's fields, a Repositories field (patterns, with the repositories
    they match counted from the region's list) and the registry's presets."""

    def __init__(
        self,
        backend: Backend,
        session: RegistrySession,
        index: int | None = None,
        *,
        initial: StatementInput | None = None,
        note: str = "",
        own_account: str | None = None,
    ) -> None:
        self.registry = session
        self.pattern_errors: list[str] = []
        from_template = initial is not None and index is None
        if initial is None and index is None:
            initial = RegistryInput(sid=session.new_sid())
        super().__init__(
            backend, session, index, initial=initial, note=note, own_account=own_account
        )
        self.from_template = from_template

    @property
    def policy_name(self) -> str:
        return f"the registry policy ({self.registry.region})"

    def form_input_of(self, index: int) -> StatementInput:
        statement = self.registry.statements[index]
        form = registry_form_input(statement, self.registry.region, self.registry.account)
        if form is None:
            raise ValueError(f"statement {index + 1} cannot be edited in the form")
        return form

    @property
    def patterns(self) -> tuple[str, ...]:
        initial = self.initial
        return initial.patterns if isinstance(initial, RegistryInput) else ("*",)

    def compose_fields(self, form: StatementInput) -> ComposeResult:
        preset = chosen_preset(form)
        presets = [(p.label, p.value, preset is p) for p in RegistryPreset]
        presets.append(("Individual", INDIVIDUAL, preset is None and form.preset is None))
        yield from compose_identity(form)
        yield from compose_principal(self.backend, form, self.partition)
        yield from self._compose_repositories()
        yield from compose_actions(form, presets, action_choices(form, CATALOG))
        yield from compose_conditions(form)

    def _compose_repositories(self) -> ComposeResult:
        yield Label("Repositories", classes="section")
        with Horizontal(classes="row"):
            yield Label("Patterns", classes="field-label")
            yield Input(
                join_field(self.patterns),
                placeholder="*, prod-*, team/*",
                id="repositories",
                compact=True,
            )
        yield Static(id="repositories-error", classes="field-error", markup=False)
        yield Static(id="repositories-reach", markup=False)

    def typed_state(self) -> tuple[object, ...]:
        return (*super().typed_state(), self.query_one("#repositories", Input).value)

    @on(Input.Submitted, "#repositories")
    def _patterns_submitted(self) -> None:
        self.focus_next()

    def _registry_choice(self) -> str | None:
        pressed = self.query_one("#preset", RadioSet).pressed_button
        return pressed.id if pressed is not None else None

    def selected_preset(self) -> Preset | None:
        choice = self._registry_choice()
        preset = RegistryPreset(choice) if choice in set(RegistryPreset) else None
        return FORM_PRESETS.get(preset) if preset is not None else None

    def _typed_patterns(self) -> tuple[tuple[str, ...], list[str]]:
        text = self.query_one("#repositories", Input).value
        patterns = tuple(dict.fromkeys(p for p in SEPARATORS.split(text) if p))
        errors = [problem for p in patterns if (problem := pattern_problem(p))]
        if not patterns:
            errors.append("name the repositories: * for all, or patterns such as prod-*")
        return patterns, errors

    def collect(self) -> tuple[StatementInput, list[str], list[str]]:
        form, errors, hints = super().collect()
        choice = self._registry_choice()
        if choice in (RegistryPreset.REPLICATION, RegistryPreset.PULL_THROUGH_CACHE):
            form = replace(form, preset=None, actions=RegistryPreset(choice).actions)
            errors = [e for e in errors if e != NO_ACTIONS]
        patterns, self.pattern_errors = self._typed_patterns()
        fields = {name: getattr(form, name) for name in StatementInput.__dataclass_fields__}
        registry_form = RegistryInput(**fields, patterns=patterns or ("*",))
        return registry_form, errors + self.pattern_errors, hints

    def build(self, form: StatementInput) -> dict[str, Any]:
        return registry_statement(form, self.registry.region, self.registry.account)

    def _show_state(self) -> None:
        super()._show_state()
        self.query_one("#actions").display = self._registry_choice() == INDIVIDUAL
        show_field_error(self, "#repositories-error", self.pattern_errors)
        reach = self.query_one("#repositories-reach", Static)
        if self.pattern_errors:
            reach.update("")
            return
        names = reached(self.statement, self.registry.arns)
        if names:
            reach.update(f"matches {count_text(len(names))}: {names_text(names, 4)}")
        elif self.registry.repositories:
            reach.update("matches no repository yet (it will cover those created later)")
        else:
            reach.update("")

    def action_template(self) -> None:
        picker = TemplatePicker(
            self.backend.region, self.own_account, self.registry.statements, REGISTRY_TEMPLATES
        )
        self.app.push_screen(picker, self._template_chosen)
