"""Add or edit one statement, in the console's order: Sid, Effect, Principal, Action."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    RadioSet,
    Select,
    Static,
)

from ecr_tui.aws.backend import Backend
from ecr_tui.policy.actions import Preset
from ecr_tui.policy.builder import StatementInput, build_statement
from ecr_tui.policy.equivalence import statements_equivalent
from ecr_tui.policy.templates import partition_of
from ecr_tui.service.edit_session import EditSession
from ecr_tui.ui.screens.template_picker import TemplateChoice, TemplatePicker
from ecr_tui.ui.statement_feedback import form_feedback
from ecr_tui.ui.statement_fields import (
    compose_actions,
    compose_conditions,
    compose_form_end,
    compose_identity,
    compose_principal,
    preset_choices,
    read_fields,
    selected_preset,
    show_what_applies,
    typed_state,
)
from ecr_tui.ui.unsaved import Unsaved, confirm_discard
from ecr_tui.ui.widgets.action_picker import ActionPicker
from ecr_tui.ui.widgets.conditions_editor import ConditionsEditor
from ecr_tui.ui.widgets.iam_selector import IamSelector
from ecr_tui.ui.widgets.identity_bar import IdentityBar
from ecr_tui.ui.widgets.key_footer import KeyFooter

PRINCIPAL_FIELDS = "#accounts, #services"
SOURCE_ACCOUNT = "aws:SourceAccount"


class StatementForm(Screen[dict[str, Any] | None]):
    """Dismisses with the new statement, or None when cancelled or nothing changed.

    `initial` pre-fills a new statement (from a template); `note` says what it does.
    `own_account` is offered to the templates that ask for an account.

    A variant of the form overrides the pieces: `compose_fields` (the fields, in order),
    `ACTION_PRESETS`, and `collect` (what the fields hold, and why it cannot be built).
    """

    TITLE = "Statement"
    CSS_PATH = "statement_form.tcss"
    # The JSON goes beside the fields once both fit: 80 columns of fields, 56 of JSON.
    # Below 80 columns the choices go one under the other, so each stays on the screen.
    HORIZONTAL_BREAKPOINTS = [(0, "-tight"), (80, "-narrow"), (136, "-wide")]
    ACTION_PRESETS: ClassVar[tuple[Preset, ...]] = tuple(Preset)
    BINDINGS = [
        Binding("ctrl+s", "accept", "OK", priority=True, id="statement-accept"),
        Binding("escape", "cancel", "Cancel", id="statement-cancel"),
        Binding("ctrl+n", "add_condition", "Add condition", id="statement-add-condition"),
        Binding("ctrl+t", "template", "Template", id="statement-template"),
        Binding(
            "ctrl+o",
            "add_source_account",
            "Add aws:SourceAccount",
            priority=True,
            id="statement-add-source-account",
        ),
    ]

    def __init__(
        self,
        backend: Backend,
        session: EditSession,
        index: int | None = None,
        *,
        initial: StatementInput | None = None,
        note: str = "",
        own_account: str | None = None,
    ) -> None:
        super().__init__()
        self.backend = backend
        self.session = session
        self.index = index
        self.note = note
        self.own_account = own_account
        self.partition = partition_of(backend.region)
        self.original: Any = session.statements[index] if index is not None else None
        initial = self.form_input_of(index) if index is not None else initial
        self.initial = initial or StatementInput(sid=session.new_sid())
        self.statement: dict[str, Any] = self.build(self.initial)
        self.errors: list[str] = []
        self.deputy_risk = ""
        """The audit's confused-deputy finding for the statement as it stands, if any."""
        self.principal_touched = False
        """Until a principal field is changed or OK is tried, "choose who" is only a hint."""
        self.from_template = initial is not None and index is None
        """A statement started from a template is work already, even before a key is typed."""
        self.opened_state: tuple[object, ...] = ()

    @property
    def adding(self) -> bool:
        return self.index is None

    # What a form for another kind of policy changes: how a statement becomes input and
    # back, which fields are shown, and how the policy is named.
    def form_input_of(self, index: int) -> StatementInput:
        view = self.session.views[index]
        if view.form_input is None:
            raise ValueError(f"{view.title} cannot be edited in the form")
        return view.form_input

    def build(self, form: StatementInput) -> dict[str, Any]:
        return build_statement(form)

    @property
    def policy_name(self) -> str:
        return self.session.repository

    def compose(self) -> ComposeResult:
        form = self.initial
        if self.adding:
            title = f"Add a statement to {self.policy_name}"
        else:
            title = f"Edit statement {form.sid or self.index} of {self.policy_name}"
        yield IdentityBar()
        yield Label(title, classes="screen-title", markup=False)
        if self.note:
            yield Label(self.note, id="form-note", markup=False)
        with Horizontal(id="form-body"):
            with VerticalScroll(id="form-fields"):
                yield from self.compose_fields(form)
                yield from compose_form_end()
            with VerticalScroll(id="form-side"):
                yield Static(id="problems-side", classes="problems")
                yield Static(id="preview-side", classes="preview")
        yield Static(id="form-status", markup=False)
        yield KeyFooter()

    def compose_fields(self, form: StatementInput) -> ComposeResult:
        """The fields, in the console's order: Sid, Effect, Principal, Action, Conditions."""
        yield from compose_identity(form)
        yield from compose_principal(self.backend, form, self.partition)
        yield from compose_actions(form, preset_choices(form, self.ACTION_PRESETS))
        yield from compose_conditions(form)

    def on_mount(self) -> None:
        self.sub_title = self.policy_name
        self._start()

    def _start(self) -> None:
        """Focus the Sid and show the state of freshly composed fields."""
        self.query_one("#form-fields").can_focus = False
        self.query_one("#form-side").can_focus = False
        self.query_one("#sid").focus()
        self._show_state()
        self.call_after_refresh(self._remember_opened)

    def on_resize(self, event: events.Resize) -> None:
        self.query_one(IamSelector).fit_to(event.size.height)

    def _remember_opened(self) -> None:
        self.opened_state = self.typed_state()

    def typed_state(self) -> tuple[object, ...]:
        """What is typed and chosen in the fields, to tell whether anything changed."""
        return typed_state(self)

    @property
    def unsaved(self) -> Unsaved | None:
        """The statement being typed, when anything was typed or chosen since it opened."""
        if not self.from_template and self.typed_state() == self.opened_state:
            return None
        return Unsaved(1, "in the new statement" if self.adding else "in the statement form")

    def collect(self) -> tuple[StatementInput, list[str], list[str]]:
        """The form's current input, the reasons it cannot be built as typed, and which of
        those are only said as a hint for now."""
        touched, preset = self.principal_touched, self.selected_preset()
        return read_fields(self, self.partition, principal_touched=touched, preset=preset)

    def selected_preset(self) -> Preset | None:
        """The preset chosen, or None for individual actions."""
        return selected_preset(self)

    def _show_state(self) -> None:
        show_what_applies(self, individual_actions=self.selected_preset() is None)
        form, errors, hints = self.collect()
        self.statement = self.build(form)
        original_sid = self.original.get("Sid") if isinstance(self.original, dict) else None
        problems = self.session.problems_with(
            self.statement, self.index, strict_sid=self.adding or form.sid != original_sid
        )
        feedback = form_feedback(
            self.statement,
            problems,
            errors,
            hints,
            own_account=self.own_account,
            unchanged=self.unchanged,
            adding=self.adding,
        )
        self.errors, self.deputy_risk = feedback.errors, feedback.deputy_risk
        for suffix in ("inline", "side"):
            self.query_one(f"#problems-{suffix}", Static).update(feedback.listing)
            self.query_one(f"#preview-{suffix}", Static).update(feedback.preview)
        self.query_one("#form-status", Static).update(feedback.status)

    @on(Input.Changed, PRINCIPAL_FIELDS)
    def _principal_typed(self, event: Input.Changed) -> None:
        if event.value.strip():
            self.principal_touched = True

    @on(Checkbox.Changed, "#everybody")
    @on(IamSelector.Changed)
    def _principal_chosen(self) -> None:
        self.principal_touched = True

    @on(Input.Changed)
    @on(Checkbox.Changed)
    @on(RadioSet.Changed)
    @on(ActionPicker.Changed)
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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "template":
            return self.adding
        if action == "add_source_account":
            return bool(self.deputy_risk and self.own_account)
        return True

    @on(Button.Pressed, "#ok")
    def action_accept(self) -> None:
        self.principal_touched = True
        self._show_state()
        if self.errors:
            self.notify(self.errors[0], title="Not yet", severity="error", markup=False)
            return
        self.dismiss(None if self.unchanged else self.statement)

    def action_template(self) -> None:
        picker = TemplatePicker(self.backend.region, self.own_account, self.session.statements)
        self.app.push_screen(picker, self._template_chosen)

    async def _template_chosen(self, choice: TemplateChoice | None) -> None:
        """Start over from the template's statement."""
        if choice is None:
            return
        self.initial, self.note = choice.statement, choice.note
        self.principal_touched = False
        self.from_template = self.adding
        await self.recompose()
        self._start()

    async def action_add_source_account(self) -> None:
        if self.own_account:
            editor = self.query_one(ConditionsEditor)
            await editor.add_clause("StringEquals", SOURCE_ACCOUNT, (self.own_account,))
            self.notify(f"Added the condition {SOURCE_ACCOUNT} = {self.own_account}.")

    async def action_add_condition(self) -> None:
        await self.query_one(ConditionsEditor).action_add_row()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close the form; what was typed or chosen in it is only dropped once confirmed."""
        unsaved = self.unsaved
        if unsaved is None:
            self.dismiss(None)
            return
        title = "Discard the new statement?" if self.adding else "Discard your changes?"
        confirm_discard(self.app, title, [unsaved], lambda: self.dismiss(None))
