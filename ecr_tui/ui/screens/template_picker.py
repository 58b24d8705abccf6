"""Pick a statement template and give what it needs (account ids, an organization id)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ecr_tui.policy.builder import StatementInput
from ecr_tui.policy.templates import TEMPLATES, Template


@dataclass(frozen=True)
class TemplateChoice:
    template: Template
    statement: StatementInput

    @property
    def note(self) -> str:
        """What the statement is for, shown above the form it fills."""
        return f"{self.template.title}: {self.template.explanation}"


def template_prompt(template: Template) -> Content:
    return Content.assemble(
        Content.styled(template.title, "bold"),
        "\n",
        Content.styled(template.explanation, "$text-muted"),
    )


LINES_BESIDE_THE_LIST = 10
"""The dialog's border, title, margins, question, answer, error and hint lines."""


class TemplatePicker(ModalScreen[TemplateChoice | None]):
    """Dismisses with the chosen template's statement, or None (Escape)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="template-cancel")]

    DEFAULT_CSS = """
    TemplatePicker {
        align: center middle;
    }
    TemplatePicker > #template-box {
        width: 90%;
        max-width: 84;
        height: auto;
        max-height: 100%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    TemplatePicker #template-title {
        text-style: bold;
    }
    TemplatePicker #templates {
        height: auto;
        max-height: 12;
        border: none;
        padding: 0;
        margin: 1 0;
    }
    TemplatePicker #template-question {
        color: $text-accent;
    }
    TemplatePicker #template-error {
        height: auto;
    }
    TemplatePicker #template-hint {
        color: $text-muted;
    }
    """

    def __init__(
        self,
        region: str,
        own_account: str | None,
        statements: Iterable[Any],
        templates: tuple[Template, ...] = TEMPLATES,
    ) -> None:
        super().__init__()
        self.aws_region = region
        self.own_account = own_account or ""
        self.statements = list(statements)
        self.templates = templates
        self.template = templates[0]

    def compose(self) -> ComposeResult:
        with Vertical(id="template-box"):
            yield Label(f"Add a statement from a template · {self.aws_region}", id="template-title")
            yield OptionList(
                *(Option(template_prompt(t), id=t.key) for t in self.templates), id="templates"
            )
            yield Label("", id="template-question")
            yield Input(id="template-answer", compact=True, select_on_focus=False)
            yield Static("", id="template-error", markup=False)
            yield Label("↑↓ choose · Enter fills in the form · Esc cancels", id="template-hint")

    def on_mount(self) -> None:
        self.query_one("#templates", OptionList).highlighted = 0
        self._show_question()

    def on_resize(self, event: events.Resize) -> None:
        """The list gives up lines on a short terminal, so the answer and the hint stay."""
        room = event.size.height - LINES_BESIDE_THE_LIST
        self.query_one("#templates", OptionList).styles.max_height = max(3, min(12, room))

    def _show_question(self) -> None:
        template = self.template
        self.query_one("#template-question", Label).update(f"{template.question}:")
        answer = self.query_one("#template-answer", Input)
        answer.placeholder = f"e.g. {template.placeholder}"
        answer.value = self.own_account if template.asks_own_account else ""
        self.query_one("#template-error", Static).update("")

    @on(OptionList.OptionHighlighted, "#templates")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        chosen = next(t for t in self.templates if t.key == event.option.id)
        if chosen is not self.template:
            self.template = chosen
            self._show_question()

    def _say(self, text: str) -> None:
        self.query_one("#template-error", Static).update(Content.styled(f"✗ {text}", "$text-error"))

    def _missing(self) -> str:
        question = self.template.question
        return f"Give the {question[:1].lower() + question[1:]} first, then press Enter."

    def _build(self) -> StatementInput | None:
        answer = self.query_one("#template-answer", Input).value
        if not answer.strip():
            self._say(self._missing())
            return None
        try:
            return self.template.build(answer, self.aws_region, self.statements)
        except ValueError as error:
            self._say(str(error))
            return None

    @on(OptionList.OptionSelected, "#templates")
    def _selected(self) -> None:
        answer = self.query_one("#template-answer", Input)
        if answer.value.strip() and (statement := self._build()) is not None:
            self.dismiss(TemplateChoice(self.template, statement))
            return
        if not answer.value.strip():
            self._say(self._missing())
        answer.focus()

    def on_key(self, event: events.Key) -> None:
        """Typing on the list goes into the answer: no key typed is lost."""
        answer = self.query_one("#template-answer", Input)
        if event.is_printable and event.character and not answer.has_focus:
            event.stop()
            event.prevent_default()
            answer.focus()
            answer.insert_text_at_cursor(event.character)

    @on(Input.Changed, "#template-answer")
    def _answer_changed(self) -> None:
        self.query_one("#template-error", Static).update("")

    @on(Input.Submitted, "#template-answer")
    def _submitted(self) -> None:
        statement = self._build()
        if statement is not None:
            self.dismiss(TemplateChoice(self.template, statement))

    def action_cancel(self) -> None:
        self.dismiss(None)
