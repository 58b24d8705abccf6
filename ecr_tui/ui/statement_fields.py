"""The fields of the statement form, in the console's order, and what it says under them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, RadioSet, Static

from ecr_tui.aws.backend import Backend
from ecr_tui.policy.actions import Preset
from ecr_tui.policy.audit import audit_document
from ecr_tui.policy.builder import StatementInput
from ecr_tui.policy.document import PolicyDocument
from ecr_tui.service.form_fields import action_choices, join_field, split_aws_principals
from ecr_tui.ui.widgets.action_picker import ActionPicker
from ecr_tui.ui.widgets.conditions_editor import ConditionsEditor
from ecr_tui.ui.widgets.iam_selector import IamSelector
from ecr_tui.ui.widgets.toggles import ChoiceSet, MarkedCheckbox, MarkedRadioButton

INDIVIDUAL = "individual"


Choice = tuple[str, str, bool]
"""(label, id or action, chosen)"""


def compose_fields(
    backend: Backend,
    form: StatementInput,
    partition: str,
    *,
    presets: list[Choice] | None = None,
    actions: list[Choice] | None = None,
    before_action: Callable[[], ComposeResult] | None = None,
) -> ComposeResult:
    """Sid, Effect, Principal, Action, Conditions, OK, the problems and the JSON preview.

    `presets` and `actions` replace the console's presets and action catalog;
    `before_action` composes more fields between Principal and Action."""
    if presets is None:
        presets = [(p.label, p.value, form.preset is p) for p in Preset]
        presets.append(("Individual", INDIVIDUAL, form.preset is None))
    fields = split_aws_principals(form, partition)
    with Horizontal(classes="row"):
        yield Label("Sid", classes="field-label")
        yield Input(form.sid, placeholder="letters and digits", id="sid", compact=True)
    with Horizontal(classes="row"):
        yield Label("Effect", classes="field-label")
        with ChoiceSet(id="effect", compact=True):
            for effect in ("Allow", "Deny"):
                yield MarkedRadioButton(effect, form.effect == effect, id=f"effect-{effect}")
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
    if before_action is not None:
        yield from before_action()
    yield Label("Action", classes="section")
    with Horizontal(classes="row"):
        yield Label("Actions", classes="field-label")
        with ChoiceSet(id="preset", compact=True):
            for label, preset_id, chosen in presets:
                yield MarkedRadioButton(label, chosen, id=preset_id)
    yield ActionPicker(action_choices(form) if actions is None else actions, id="actions")
    yield Label("Conditions", classes="section")
    yield ConditionsEditor(form.conditions, id="conditions")
    with Horizontal(id="form-buttons"):
        yield Button("OK", variant="primary", id="ok", compact=True)
        yield Button("Cancel", id="cancel", compact=True)
    yield Static(id="problems-inline", classes="problems")
    yield Static(id="preview-inline", classes="preview")


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


def problem_listing(errors: list[str], hints: list[str], warnings: list[str]) -> Content:
    lines = [Content.styled(f"✗ {e}", "$text-error") for e in errors]
    lines += [Content.styled(f"· Next, {h}", "$text-muted") for h in hints]
    lines += [Content.styled(f"! {w}", "$text-warning") for w in warnings]
    return Content("\n").join(lines) if lines else Content.styled("✓ valid", "$text-success")


def status_line(
    errors: list[str], hints: list[str], *, unchanged: bool, adding: bool, risk: str = ""
) -> Content:
    """One line under the form: the first error, else what comes next, else the risk the
    audit would report, else readiness."""
    if errors:
        more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
        return Content.styled(f"✗ {errors[0]}{more}", "$text-error")
    if hints:
        return Content.styled(f"Next, {hints[0]}", "$text-muted")
    if unchanged:
        return Content.styled("No changes yet · Esc goes back", "$text-muted")
    verb = "add the statement" if adding else "keep the changes"
    if risk:
        return Content.styled(f"! {risk} · Ctrl+S to {verb} anyway", "$text-warning")
    return Content.styled(f"✓ Ready: Ctrl+S to {verb}", "$text-success")


def confused_deputy_risk(statement: dict[str, Any], own_account: str | None) -> str:
    """What the audit would say about a service principal without a source condition."""
    document = PolicyDocument({"Version": "2012-10-17", "Statement": [statement]})
    found = audit_document(document, own_account=own_account)
    return next((f.message for f in found if f.check == "service-no-source"), "")
