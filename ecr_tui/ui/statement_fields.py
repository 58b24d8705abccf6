"""The fields of the statement form, in the console's order: composing them, showing which
apply, and reading them."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, RadioSet, Static

from ecr_tui.aws.backend import Backend
from ecr_tui.policy.actions import Preset
from ecr_tui.policy.builder import StatementInput
from ecr_tui.service.form_fields import (
    action_choices,
    combine_principals,
    join_field,
    parse_principal_field,
    split_aws_principals,
)
from ecr_tui.ui.widgets.action_picker import ActionPicker
from ecr_tui.ui.widgets.conditions_editor import ConditionsEditor
from ecr_tui.ui.widgets.iam_selector import IamSelector
from ecr_tui.ui.widgets.toggles import ChoiceSet, MarkedCheckbox, MarkedRadioButton

INDIVIDUAL = "individual"


def compose_identity(form: StatementInput) -> ComposeResult:
    """The Sid and the Effect."""
    with Horizontal(classes="row"):
        yield Label("Sid", classes="field-label")
        yield Input(form.sid, placeholder="letters and digits", id="sid", compact=True)
    with Horizontal(classes="row"):
        yield Label("Effect", classes="field-label")
        with ChoiceSet(id="effect", compact=True):
            for effect in ("Allow", "Deny"):
                yield MarkedRadioButton(effect, form.effect == effect, id=f"effect-{effect}")


def compose_principal(backend: Backend, form: StatementInput, partition: str) -> ComposeResult:
    """Everybody, accounts, IAM users and roles, and services."""
    fields = split_aws_principals(form, partition)
    yield Label("Principal", classes="section")
    with Horizontal(classes="row"):
        yield Label("Everybody", classes="field-label")
        yield MarkedCheckbox(
            "all authenticated AWS users (*)",
            form.everybody,
            id="everybody",
            compact=True,
        )
    with Horizontal(classes="row"):
        yield Label("Accounts", classes="field-label")
        yield Input(
            join_field(fields.accounts),
            placeholder="account numbers: 123456789012, 210987654321",
            id="accounts",
            compact=True,
            select_on_focus=False,
        )
    yield Static(id="accounts-error", classes="field-error", markup=False)
    with Horizontal(classes="row"):
        yield Label("IAM", classes="field-label")
        yield IamSelector(backend, fields.iam_arns, id="iam")
    with Horizontal(classes="row"):
        yield Label("Services", classes="field-label")
        yield Input(
            join_field(form.services),
            placeholder="service principals: lambda.amazonaws.com",
            id="services",
            compact=True,
            select_on_focus=False,
        )
    yield Static(id="services-error", classes="field-error", markup=False)


Choice = tuple[str, str, bool]
"""(label, id, chosen): one choice of the Actions row."""


def preset_choices(form: StatementInput, presets: Iterable[Preset]) -> list[Choice]:
    """The console's `presets`, then Individual, with the one `form` holds chosen."""
    choices = [(preset.label, preset.value, form.preset is preset) for preset in presets]
    return [*choices, ("Individual", INDIVIDUAL, form.preset is None)]


def compose_actions(
    form: StatementInput, choices: list[Choice], catalog: list[Choice] | None = None
) -> ComposeResult:
    """A choice of presets or individual actions, and the individual actions (`catalog`,
    by default a repository policy's)."""
    yield Label("Action", classes="section")
    with Horizontal(classes="row"):
        yield Label("Actions", classes="field-label")
        with ChoiceSet(id="preset", compact=True):
            for label, choice_id, chosen in choices:
                yield MarkedRadioButton(label, chosen, id=choice_id)
    yield ActionPicker(action_choices(form) if catalog is None else catalog, id="actions")


def compose_conditions(form: StatementInput) -> ComposeResult:
    yield Label("Conditions", classes="section")
    yield ConditionsEditor(form.conditions, id="conditions")


def compose_form_end() -> ComposeResult:
    """OK, Cancel, and (on a narrow screen) the problems and the JSON preview below them."""
    with Horizontal(id="form-buttons"):
        yield Button("OK", variant="primary", id="ok", compact=True)
        yield Button("Cancel", id="cancel", compact=True)
    yield Static(id="problems-inline", classes="problems")
    yield Static(id="preview-inline", classes="preview")


def selected_preset(form: Widget) -> Preset | None:
    """The preset chosen, or None for individual actions."""
    pressed = form.query_one("#preset", RadioSet).pressed_button
    if pressed is None or pressed.id is None or pressed.id == INDIVIDUAL:
        return None
    return Preset(pressed.id)


def show_field_error(form: Widget, selector: str, errors: list[str]) -> None:
    box = form.query_one(selector, Static)
    box.update("\n".join(errors))
    box.display = bool(errors)


def show_what_applies(form: Widget, *, individual_actions: bool) -> None:
    """Turn off the principal fields while Everybody is ticked, and show the individual
    actions only when they are chosen."""
    everybody = form.query_one("#everybody", Checkbox).value
    for selector in ("#accounts", "#iam", "#services"):
        form.query_one(selector).disabled = everybody
    if everybody:
        show_field_error(form, "#accounts-error", [])
        show_field_error(form, "#services-error", [])
    form.query_one("#actions").display = individual_actions


def read_fields(
    form: Widget, partition: str, *, principal_touched: bool, preset: Preset | None
) -> tuple[StatementInput, list[str], list[str]]:
    """The input the fields hold, the reasons it cannot be built as typed, and which of
    those are only said as a hint for now (nobody chosen yet, until a principal is touched)."""
    everybody = form.query_one("#everybody", Checkbox).value
    accounts = parse_principal_field(form.query_one("#accounts", Input).value, partition)
    services = parse_principal_field(form.query_one("#services", Input).value, partition)
    if not everybody:
        show_field_error(form, "#accounts-error", accounts.errors)
        show_field_error(form, "#services-error", services.errors)
    iam_arns = form.query_one("#iam", IamSelector).chosen_arns
    who = combine_principals(everybody, accounts, services, iam_arns)
    errors = list(who.errors)
    # Without mistakes typed, the only principal error left is that nobody is chosen yet.
    hints = [] if principal_touched or accounts.errors or services.errors else errors[:]
    actions = tuple(form.query_one(ActionPicker).selected)
    if preset is None and not actions:
        errors.append("pick at least one action")
    editor = form.query_one(ConditionsEditor)
    editor.check()
    errors += editor.errors
    effect = form.query_one("#effect", RadioSet).pressed_button
    statement = StatementInput(
        sid=form.query_one("#sid", Input).value.strip(),
        effect=(effect.id or "effect-Allow").removeprefix("effect-") if effect else "Allow",
        everybody=who.everybody,
        aws_principals=who.aws,
        services=who.services,
        preset=preset,
        actions=actions,
        conditions=editor.conditions,
    )
    return statement, errors, hints


def typed_state(form: Widget) -> tuple[object, ...]:
    """What is typed and chosen in the fields (not what the filters show), to tell
    whether anything changed since the form opened."""
    conditions = form.query_one(ConditionsEditor).rows
    return (
        form.query_one("#sid", Input).value,
        form.query_one("#effect", RadioSet).pressed_index,
        form.query_one("#everybody", Checkbox).value,
        form.query_one("#accounts", Input).value,
        tuple(form.query_one(IamSelector).chosen_arns),
        form.query_one("#services", Input).value,
        form.query_one("#preset", RadioSet).pressed_index,
        tuple(form.query_one(ActionPicker).selected),
        tuple((row.operator, row.key, row.values_input) for row in conditions if not row.blank),
    )
