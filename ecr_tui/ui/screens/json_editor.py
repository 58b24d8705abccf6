"""Edit JSON validated as you type by the same validator as saving: the base for the
document editor, and the editor of one statement."""

from __future__ import annotations

from typing import Any, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Label, Static, TextArea

from ecr_tui.policy.document import PolicyParseError, parse_policy, to_json
from ecr_tui.policy.problem_codes import ProblemCode
from ecr_tui.policy.safe_text import json_visible, visible
from ecr_tui.policy.validate import Severity
from ecr_tui.service.edit_session import EditSession
from ecr_tui.ui.dialogs.confirm import ConfirmModal
from ecr_tui.ui.unsaved import Unsaved
from ecr_tui.ui.widgets.identity_bar import IdentityBar

ResultT = TypeVar("ResultT")
NOT_A_STATEMENT = "not a policy: a statement must be a JSON object {...}"


def parse_statement(text: str) -> tuple[Any, list[str]]:
    """The statement typed, and the reasons it cannot be used (duplicate keys included)."""
    try:
        parsed = parse_policy(text)
    except PolicyParseError as error:
        if error.code is ProblemCode.NOT_AN_OBJECT:
            return None, [NOT_A_STATEMENT]
        return None, [str(error)]
    errors = [f"{d}; one of them would be lost" for d in parsed.duplicate_keys]
    return parsed.data, errors


class JsonEditorScreen(Screen[ResultT | None]):
    """A JSON text area, its problems below it, OK and Cancel.

    Subclasses say what the text means (`check`) and what accepting gives (`result`)."""

    CSS_PATH = "json_editor.tcss"
    BINDINGS = [
        Binding("ctrl+s", "accept", "OK", priority=True, id="json-accept"),
        Binding("escape", "cancel", "Cancel", id="json-cancel"),
    ]
    DISCARD_TEXT = "Nothing changes."

    def __init__(self, title: str, initial_text: str, note: str | None = None) -> None:
        super().__init__()
        self.heading = visible(title)
        self.note = visible(note) if note else note
        self.initial_text = json_visible(initial_text)
        self.errors: list[str] = []

    def compose(self) -> ComposeResult:
        yield IdentityBar()
        yield Label(self.heading, classes="screen-title", markup=False)
        if self.note:
            yield Label(self.note, id="json-reason", markup=False)
        yield TextArea(
            self.initial_text,
            language="json",
            theme="css",
            show_line_numbers=True,
            tab_behavior="focus",
            id="json-text",
        )
        with VerticalScroll(id="json-problems-box"):
            yield Static(id="json-problems")
        with Horizontal(id="json-buttons"):
            yield Button("OK", variant="primary", id="ok", compact=True)
            yield Button("Cancel", id="cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#json-problems-box").can_focus = False
        self.query_one("#json-text").focus()
        self._validate()

    @property
    def text(self) -> str:
        return self.query_one("#json-text", TextArea).text

    @property
    def unsaved(self) -> Unsaved | None:
        return Unsaved(1, "in the JSON editor") if self.text != self.initial_text else None

    def check(self, text: str) -> tuple[list[str], list[str]]:
        """(errors, warnings) of `text`; keeps what `result` needs."""
        raise NotImplementedError

    def result(self) -> ResultT | None:
        """What accepting gives: None when nothing changed."""
        raise NotImplementedError

    @on(TextArea.Changed)
    def _validate(self) -> None:
        self.errors, warnings = self.check(self.text)
        lines = [Content.styled(f"✗ {e}", "$text-error") for e in self.errors]
        lines += [Content.styled(f"! {w}", "$text-warning") for w in warnings]
        if not lines:
            lines = [Content.styled("✓ valid · Ctrl+S keeps it", "$text-success")]
        self.query_one("#json-problems", Static).update(Content("\n").join(lines))

    @on(Button.Pressed, "#ok")
    def action_accept(self) -> None:
        self._validate()
        if self.errors:
            self.notify(self.errors[0], title="Not yet", severity="error", markup=False)
            return
        self.dismiss(self.result())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if self.text == self.initial_text:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        modal = ConfirmModal("Discard your changes?", self.DISCARD_TEXT, yes="Discard")
        self.app.push_screen(modal, answered)


class JsonStatementEditor(JsonEditorScreen[dict[str, Any]]):
    """Dismisses with the edited statement, or None when cancelled or left unchanged."""

    TITLE = "Statement JSON"
    DISCARD_TEXT = "The statement stays as it was."

    def __init__(self, session: EditSession, index: int | None, reason: str | None = None) -> None:
        self.session = session
        self.index = index
        self.original: Any = session.statements[index] if index is not None else None
        if self.original is None:
            self.original = {"Sid": session.new_sid(), "Effect": "Allow", "Principal": {}}
        self.statement: Any = self.original
        name = session.views[index].title if index is not None else "a statement"
        note = None
        if reason:
            note = f"The form cannot show this statement without changing it: {reason}."
        super().__init__(
            f"Edit {name} of {session.repository} as JSON", to_json(self.original), note
        )

    def check(self, text: str) -> tuple[list[str], list[str]]:
        self.statement, errors = parse_statement(text)
        if errors:
            return errors, []
        sid = self.statement.get("Sid")
        original_sid = self.original.get("Sid") if isinstance(self.original, dict) else None
        strict = self.index is None or sid != original_sid
        problems = self.session.problems_with(self.statement, self.index, strict_sid=strict)
        return (
            [p.message for p in problems if p.severity is Severity.ERROR],
            [p.message for p in problems if p.severity is Severity.WARNING],
        )

    def result(self) -> dict[str, Any] | None:
        return None if self.statement == self.original else self.statement
