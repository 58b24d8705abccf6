"""Edit one statement as raw JSON, validated as you type by the same validator as saving."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Label, Static, TextArea

from ecr_tui.policy.document import PolicyParseError, parse_policy, to_json
from ecr_tui.policy.validate import Severity
from ecr_tui.ui.editing import EditSession
from ecr_tui.ui.screens.confirm import ConfirmModal
from ecr_tui.ui.widgets.identity_bar import IdentityBar


def parse_statement(text: str) -> tuple[Any, list[str]]:
    """The statement typed, and the reasons it cannot be used (duplicate keys included)."""
    try:
        parsed = parse_policy(text)
    except PolicyParseError as error:
        message = str(error).replace("the top level must be", "a statement must be")
        return None, [message]
    errors = [f"{d}; one of them would be lost" for d in parsed.duplicate_keys]
    return parsed.data, errors


class JsonStatementEditor(Screen[dict[str, Any] | None]):
    """Dismisses with the edited statement, or None when cancelled or left unchanged."""

    TITLE = "Statement JSON"
    CSS_PATH = "json_editor.tcss"
    BINDINGS = [
        Binding("ctrl+s", "accept", "OK", priority=True, id="json-accept"),
        Binding("escape", "cancel", "Cancel", id="json-cancel"),
    ]

    def __init__(self, session: EditSession, index: int | None, reason: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.index = index
        self.reason = reason
        self.original: Any = session.statements[index] if index is not None else None
        if self.original is None:
            self.original = {"Sid": session.new_sid(), "Effect": "Allow", "Principal": {}}
        self.initial_text = to_json(self.original)
        self.statement: Any = self.original
        self.errors: list[str] = []

    def compose(self) -> ComposeResult:
        name = self.session.views[self.index].title if self.index is not None else "a statement"
        yield IdentityBar()
        yield Label(
            f"Edit {name} of {self.session.repository} as JSON",
            classes="screen-title",
            markup=False,
        )
        if self.reason:
            note = f"The form cannot show this statement without changing it: {self.reason}."
            yield Label(note, id="json-reason", markup=False)
        yield TextArea(
            self.initial_text,
            language="json",
            theme="css",
            show_line_numbers=True,
            tab_behavior="focus",
            id="json-text",
        )
        yield Static(id="json-problems")
        with Horizontal(id="json-buttons"):
            yield Button("OK", variant="primary", id="ok", compact=True)
            yield Button("Cancel", id="cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#json-text").focus()
        self._validate()

    @on(TextArea.Changed)
    def _validate(self) -> None:
        text = self.query_one("#json-text", TextArea).text
        self.statement, self.errors = parse_statement(text)
        warnings: list[str] = []
        if not self.errors:
            sid = self.statement.get("Sid")
            original_sid = self.original.get("Sid") if isinstance(self.original, dict) else None
            strict = self.index is None or sid != original_sid
            problems = self.session.problems_with(self.statement, self.index, strict_sid=strict)
            self.errors = [p.message for p in problems if p.severity is Severity.ERROR]
            warnings = [p.message for p in problems if p.severity is Severity.WARNING]
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
        self.dismiss(None if self.statement == self.original else self.statement)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if self.query_one("#json-text", TextArea).text == self.initial_text:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmModal("Discard your changes?", "The statement stays as it was.", yes="Discard"),
            answered,
        )
