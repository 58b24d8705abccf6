"""Add or edit one statement, in the console's order: Sid, Effect, Principal, Action."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.highlight import highlight
from textual.screen import Screen
from textual.widgets import (
    Button,
    Checkbox,
    Footer,
    Input,
    Label,
    RadioButton,
    RadioSet,
    Select,
    SelectionList,
    Static,
)
from textual.widgets.selection_list import Selection

from ecr_tui.aws.backend import Backend
from ecr_tui.policy.actions import Preset
from ecr_tui.policy.builder import StatementInput, build_statement
from ecr_tui.policy.document import to_json
from ecr_tui.policy.equivalence import statements_equivalent
from ecr_tui.policy.templates import partition_of
from ecr_tui.policy.validate import Severity
from ecr_tui.ui.editing import EditSession
from ecr_tui.ui.form_fields import (
    action_choices,
    combine_principals,
    join_field,
    parse_principal_field,
    split_aws_principals,
)
from ecr_tui.ui.widgets.conditions_editor import ConditionsEditor
from ecr_tui.ui.widgets.iam_selector import IamSelector
from ecr_tui.ui.widgets.identity_bar import IdentityBar

INDIVIDUAL = "individual"
# The validator's words for an empty principal or action list, which the form says better.
SAID_BY_THE_FORM = ("a principal must be", "Action must be")


class StatementForm(Screen[dict[str, Any] | None]):
    """Dismisses with the new statement, or None when cancelled or nothing changed.

    `initial` pre-fills a new statement (from a template); `note` says what it does.
    """

    TITLE = "Statement"
    CSS_PATH = "statement_form.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    BINDINGS = [
        Binding("ctrl+s", "accept", "OK", priority=True, id="statement-accept"),
        Binding("escape", "cancel", "Cancel", id="statement-cancel"),
        Binding("ctrl+n", "add_condition", "Add condition", id="statement-add-condition"),
    ]

    def __init__(
        self,
        backend: Backend,
        session: EditSession,
        index: int | None = None,
        *,
        initial: StatementInput | None = None,
        note: str = "",
    ) -> None:
        super().__init__()
        self.backend = backend
        self.session = session
        self.index = index
        self.note = note
        self.partition = partition_of(backend.region)
        self.original: Any = session.statements[index] if index is not None else None
        view = session.views[index] if index is not None else None
        if view is not None and view.form_input is None:
            raise ValueError(f"{view.title} cannot be edited in the form")
        initial = view.form_input if view is not None else initial
        self.initial = initial or StatementInput(sid=session.new_sid())
        self.statement: dict[str, Any] = build_statement(self.initial)
        self.errors: list[str] = []

    @property
    def adding(self) -> bool:
        return self.index is None

    def compose(self) -> ComposeResult:
        form = self.initial
        fields = split_aws_principals(form, self.partition)
        if self.adding:
            title = f"Add a statement to {self.session.repository}"
        else:
            title = f"Edit statement {form.sid or self.index} of {self.session.repository}"
        yield IdentityBar()
        yield Label(title, classes="screen-title", markup=False)
        if self.note:
            yield Label(self.note, id="form-note", markup=False)
        with Horizontal(id="form-body"):
            with VerticalScroll(id="form-fields"):
                with Horizontal(classes="row"):
                    yield Label("Sid", classes="field-label")
                    yield Input(form.sid, placeholder="letters and digits", id="sid", compact=True)
                with Horizontal(classes="row"):
                    yield Label("Effect", classes="field-label")
                    with RadioSet(id="effect", compact=True):
                        yield RadioButton("Allow", form.effect == "Allow", id="effect-Allow")
                        yield RadioButton("Deny", form.effect == "Deny", id="effect-Deny")
                yield Label("Principal", classes="section")
                with Horizontal(classes="row"):
                    yield Label("Everybody", classes="field-label")
                    yield Checkbox(
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
                    yield IamSelector(self.backend, fields.iam_arns, id="iam")
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
                yield Label("Action", classes="section")
                with Horizontal(classes="row"):
                    yield Label("Actions", classes="field-label")
                    with RadioSet(id="preset", compact=True):
                        for preset in Preset:
                            yield RadioButton(preset.label, form.preset is preset, id=preset.value)
                        yield RadioButton("Individual actions", form.preset is None, id=INDIVIDUAL)
                choices = [Selection(Content(t), v, on) for t, v, on in action_choices(form)]
                yield SelectionList[str](*choices, id="actions", compact=True)
                yield Label("Conditions", classes="section")
                yield ConditionsEditor(form.conditions, id="conditions")
                yield Static(id="problems-inline", classes="problems")
                yield Static(id="preview-inline", classes="preview")
                with Horizontal(id="form-buttons"):
                    yield Button("OK", variant="primary", id="ok", compact=True)
                    yield Button("Cancel", id="cancel", compact=True)
            with VerticalScroll(id="form-side"):
                yield Static(id="problems-side", classes="problems")
                yield Static(id="preview-side", classes="preview")
        yield Static(id="form-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.session.repository
        self.query_one("#form-fields").can_focus = False
        self.query_one("#form-side").can_focus = False
        self.query_one("#sid").focus()
        self._show_state()
        self.call_after_refresh(self._highlight_pressed_buttons)

    def _highlight_pressed_buttons(self) -> None:
        """Arrow keys in a radio set start from the chosen button, not the first one."""
        for radio_set in self.query(RadioSet):
            for _ in range(max(radio_set.pressed_index, 0)):
                radio_set.action_next_button()

    def _selected_preset(self) -> Preset | None:
        pressed = self.query_one("#preset", RadioSet).pressed_button
        if pressed is None or pressed.id == INDIVIDUAL:
            return None
        return Preset(pressed.id)

    def _collect(self) -> tuple[StatementInput, list[str]]:
        """The form's current input, and the reasons it cannot be built as typed."""
        everybody = self.query_one("#everybody", Checkbox).value
        accounts = parse_principal_field(self.query_one("#accounts", Input).value, self.partition)
        services = parse_principal_field(self.query_one("#services", Input).value, self.partition)
        if not everybody:
            self._field_error("#accounts-error", accounts.errors)
            self._field_error("#services-error", services.errors)
        iam_arns = self.query_one("#iam", IamSelector).chosen_arns
        who = combine_principals(everybody, accounts, services, iam_arns)
        errors = list(who.errors)
        preset = self._selected_preset()
        actions = tuple(self.query_one("#actions", SelectionList).selected)
        if preset is None and not actions:
            errors.append("pick at least one action")
        editor = self.query_one(ConditionsEditor)
        editor.check()
        errors += editor.errors
        effect = self.query_one("#effect", RadioSet).pressed_button
        form = StatementInput(
            sid=self.query_one("#sid", Input).value.strip(),
            effect=(effect.id or "effect-Allow").removeprefix("effect-") if effect else "Allow",
            everybody=who.everybody,
            aws_principals=who.aws,
            services=who.services,
            preset=preset,
            actions=actions,
            conditions=editor.conditions,
        )
        return form, errors

    def _field_error(self, selector: str, errors: list[str]) -> None:
        box = self.query_one(selector, Static)
        box.update("\n".join(errors))
        box.display = bool(errors)

    def _show_state(self) -> None:
        everybody = self.query_one("#everybody", Checkbox).value
        for selector in ("#accounts", "#iam", "#services"):
            self.query_one(selector).disabled = everybody
        if everybody:
            self._field_error("#accounts-error", [])
            self._field_error("#services-error", [])
        self.query_one("#actions").display = self._selected_preset() is None
        form, errors = self._collect()
        self.statement = build_statement(form)
        original_sid = self.original.get("Sid") if isinstance(self.original, dict) else None
        problems = self.session.problems_with(
            self.statement, self.index, strict_sid=self.adding or form.sid != original_sid
        )
        errors += [
            p.message
            for p in problems
            if p.severity is Severity.ERROR and not p.message.startswith(SAID_BY_THE_FORM)
        ]
        warnings = [p.message for p in problems if p.severity is Severity.WARNING]
        self.errors = errors
        # Condition mistakes are already shown beside their row.
        shown_beside = set(self.query_one(ConditionsEditor).mistakes)
        listed = [e for e in errors if e not in shown_beside]
        lines = [Content.styled(f"✗ {e}", "$text-error") for e in listed]
        lines += [Content.styled(f"! {w}", "$text-warning") for w in warnings]
        listing = Content("\n").join(lines) if lines else Content.styled("✓ valid", "$text-success")
        preview = highlight(to_json(self.statement), language="json")
        for suffix in ("inline", "side"):
            self.query_one(f"#problems-{suffix}", Static).update(listing)
            self.query_one(f"#preview-{suffix}", Static).update(preview)
        verb = "add the statement" if self.adding else "keep the changes"
        if errors:
            more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
            status = Content.styled(f"✗ {errors[0]}{more}", "$text-error")
        elif self.unchanged:
            status = Content.styled("No changes yet · Esc goes back", "$text-muted")
        else:
            status = Content.styled(f"✓ Ready: Ctrl+S to {verb}", "$text-success")
        self.query_one("#form-status", Static).update(status)

    @on(Input.Changed)
    @on(Checkbox.Changed)
    @on(RadioSet.Changed)
    @on(SelectionList.SelectedChanged, "#actions")
    @on(IamSelector.Changed)
    @on(Select.Changed)
    @on(ConditionsEditor.Changed)
    def _changed(self) -> None:
        self._show_state()

    @on(Input.Submitted, "#sid, #accounts, #services")
    def _next_field(self) -> None:
        self.focus_next()

    @property
    def unchanged(self) -> bool:
        return self.original is not None and statements_equivalent(self.statement, self.original)

    @on(Button.Pressed, "#ok")
    def action_accept(self) -> None:
        self._show_state()
        if self.errors:
            self.notify(self.errors[0], title="Not yet", severity="error", markup=False)
            return
        self.dismiss(None if self.unchanged else self.statement)

    async def action_add_condition(self) -> None:
        await self.query_one(ConditionsEditor).action_add_row()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
