"""The conditions of a statement as rows of operator, key and values, edited by keyboard."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Button, Input, Select, Static

from ecr_tui.policy.builder import Conditions
from ecr_tui.policy.condition_checks import (
    COMMON_CONDITION_KEYS,
    CONDITION_OPERATORS,
    clause_mistakes,
    parse_values,
    values_text,
)

DEFAULT_OPERATOR = "StringEquals"
KEY_SUGGESTER = SuggestFromList(COMMON_CONDITION_KEYS, case_sensitive=False)
EMPTY_NOTE = "No conditions. Ctrl+N adds one (operator, key, values)."


class ConditionRow(Vertical):
    """One clause: operator, key, values (comma separated), and what is wrong with it."""

    def __init__(
        self, operator: str = DEFAULT_OPERATOR, key: str = "", values: tuple[str, ...] = ()
    ) -> None:
        super().__init__(classes="condition-row")
        self._operator = operator
        self._key = key
        self._values = values

    def compose(self) -> ComposeResult:
        known = self._operator in CONDITION_OPERATORS
        operators = CONDITION_OPERATORS if known else (self._operator, *CONDITION_OPERATORS)
        with Horizontal(classes="condition-fields"):
            yield Select(
                [(op, op) for op in operators],
                value=self._operator,
                allow_blank=False,
                compact=True,
                classes="condition-operator",
            )
            yield Input(
                self._key,
                placeholder="key: aws:SourceArn",
                suggester=KEY_SUGGESTER,
                compact=True,
                select_on_focus=False,
                classes="condition-key",
            )
            yield Input(
                values_text(self._values),
                placeholder="values, comma separated",
                compact=True,
                select_on_focus=False,
                classes="condition-values",
            )
            yield Button("✕", compact=True, classes="condition-remove", tooltip="Remove (Ctrl+R)")
        yield Static("", classes="condition-problems", markup=False)

    @property
    def operator(self) -> str:
        value = self.query_one(".condition-operator", Select).value
        return value if isinstance(value, str) else DEFAULT_OPERATOR

    @property
    def key(self) -> str:
        return self.query_one(".condition-key", Input).value.strip()

    @property
    def values_input(self) -> str:
        return self.query_one(".condition-values", Input).value

    @property
    def blank(self) -> bool:
        return not self.key and not self.values_input.strip()

    def read(self) -> tuple[tuple[str, ...], list[str], list[str]]:
        """(values, why the row is incomplete, obvious mistakes in its values)."""
        try:
            values = parse_values(self.values_input)
        except ValueError as error:
            return (), [str(error)], []
        incomplete: list[str] = []
        if self.blank:
            return (), incomplete, []
        if not self.key:
            incomplete.append("give the condition key, such as aws:SourceArn")
        if not values:
            incomplete.append(f"give one or more values for {self.key or 'the key'}")
        return values, incomplete, clause_mistakes(self.operator, self.key, values)

    def show_problems(self, incomplete: list[str], mistakes: list[str]) -> None:
        lines = [Content.styled(f"✗ {m}", "$text-error") for m in [*incomplete, *mistakes]]
        box = self.query_one(".condition-problems", Static)
        box.update(Content("\n").join(lines))
        box.display = bool(lines)


class ConditionsEditor(Widget):
    """Rows of conditions; `conditions` reads them back, `errors` says what is missing."""

    DEFAULT_CSS = """
    ConditionsEditor { height: auto; }
    ConditionsEditor .condition-row { height: auto; }
    ConditionsEditor .condition-fields { height: 1; }
    ConditionsEditor .condition-operator { width: 27; }
    ConditionsEditor .condition-key { width: 22; margin-left: 1; }
    ConditionsEditor .condition-values { width: 1fr; margin-left: 1; }
    ConditionsEditor .condition-remove { width: 3; min-width: 3; margin-left: 1; }
    ConditionsEditor .condition-problems { display: none; height: auto; padding-left: 2; }
    ConditionsEditor #conditions-empty { color: $text-muted; }
    """
    BINDINGS = [Binding("ctrl+r", "remove_row", "Remove condition", id="conditions-remove")]

    class Changed(Message):
        """A row was added or removed (typing in a row sends the fields' own messages)."""

    def __init__(self, conditions: Conditions, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._initial = [
            (operator, key, tuple(values))
            for operator, keys in conditions.items()
            for key, values in keys.items()
        ]
        self.errors: list[str] = []

    def compose(self) -> ComposeResult:
        for operator, key, values in self._initial:
            yield ConditionRow(operator, key, values)
        yield Static(EMPTY_NOTE, id="conditions-empty")
        yield Button("+ Add condition", compact=True, id="add-condition")

    def on_mount(self) -> None:
        self._show_empty_note()

    @property
    def rows(self) -> list[ConditionRow]:
        return list(self.query(ConditionRow))

    @property
    def conditions(self) -> dict[str, dict[str, tuple[str, ...]]]:
        """operator -> key -> values, in row order; rows naming the same clause merge."""
        found: dict[str, dict[str, tuple[str, ...]]] = {}
        for row in self.rows:
            values, incomplete, _ = row.read()
            if row.blank or incomplete:
                continue
            keys = found.setdefault(row.operator, {})
            keys[row.key] = (*keys.get(row.key, ()), *values)
        return found

    def check(self) -> None:
        """Show each row's problems beside it; collect what makes a row incomplete in
        `errors` (the validator reports the mistakes in its values again, by code)."""
        self.errors = []
        for number, row in enumerate(self.rows, start=1):
            _, incomplete, mistakes = row.read()
            row.show_problems(incomplete, mistakes)
            self.errors += [f"condition {number}: {text}" for text in incomplete]

    def _show_empty_note(self) -> None:
        self.query_one("#conditions-empty").display = not self.rows

    async def add_clause(self, operator: str, key: str, values: tuple[str, ...]) -> None:
        """Add a filled-in row, such as aws:SourceAccount = the own account."""
        await self.mount(ConditionRow(operator, key, values), before="#conditions-empty")
        self._show_empty_note()
        self.post_message(self.Changed())

    @on(Button.Pressed, "#add-condition")
    async def action_add_row(self) -> None:
        row = ConditionRow()
        await self.mount(row, before=self.query_one("#conditions-empty"))
        self._show_empty_note()
        row.query_one(Select).focus()
        self.call_after_refresh(row.scroll_visible, animate=False)
        self.post_message(self.Changed())

    @on(Button.Pressed, ".condition-remove")
    async def _remove_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        row = next(a for a in event.button.ancestors if isinstance(a, ConditionRow))
        await self._remove(row)

    async def action_remove_row(self) -> None:
        focused = self.screen.focused
        if focused is None:
            return
        row = next((a for a in focused.ancestors if isinstance(a, ConditionRow)), None)
        if row is not None:
            await self._remove(row)

    async def _remove(self, row: ConditionRow) -> None:
        rows = self.rows
        index = rows.index(row)
        await row.remove()
        rest = self.rows
        self._show_empty_note()
        if rest:
            rest[min(index, len(rest) - 1)].query_one(Select).focus()
        else:
            self.query_one("#add-condition").focus()
        self.post_message(self.Changed())

    @on(Input.Submitted, ".condition-key, .condition-values")
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.focus_next()
