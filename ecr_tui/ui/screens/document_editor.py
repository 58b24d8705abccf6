"""Edit the whole policy document as JSON; problems point at their line."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import TextArea

from ecr_tui.policy.document import PolicyDocument, PolicyParseError, parse_policy
from ecr_tui.policy.json_lines import DocumentLines, document_lines
from ecr_tui.policy.validate import Problem, Severity
from ecr_tui.service.edit_session import EditSession
from ecr_tui.ui.screens.json_editor import JsonEditorScreen


def problem_line(problem: Problem, lines: DocumentLines) -> int | None:
    """The line a problem is about: its statement's Sid (or start), or a top-level key."""
    if problem.statement is not None:
        return lines.statement_line(problem.statement)
    return lines.keys.get(problem.key) if problem.key is not None else None


def located(problem: Problem, lines: DocumentLines) -> str:
    line = problem_line(problem, lines)
    where = problem.where if problem.statement is not None else ""
    prefix = ", ".join(part for part in (f"line {line}" if line else "", where) if part)
    return f"{prefix}: {problem.message}" if prefix else problem.message


class DocumentEditor(JsonEditorScreen[PolicyDocument]):
    """Dismisses with the edited document, or None when cancelled or left unchanged."""

    TITLE = "Policy JSON"
    DISCARD_TEXT = "The policy stays as it was."
    BINDINGS = [Binding("f8", "goto_problem", "Go to problem", id="document-goto-problem")]

    def __init__(self, session: EditSession) -> None:
        self.session = session
        self.document: PolicyDocument | None = session.document
        self.first_problem: tuple[int, int] | None = None
        """The line and column (1-based) of the first problem that points at one."""
        super().__init__(
            f"Edit the policy of {session.repository} as JSON",
            session.document.to_json(),
            "New statements go at the end. Ctrl+S shows the changes before saving.",
        )

    def check(self, text: str) -> tuple[list[str], list[str]]:
        self.first_problem = None
        try:
            self.document = parse_policy(text)
        except PolicyParseError as error:
            self.document = None
            if error.line is not None:
                self.first_problem = (error.line, error.column or 1)
            return [str(error)], []
        lines = document_lines(text)
        problems = self.session.document_problems(self.document)
        errors = [p for p in problems if p.severity is Severity.ERROR]
        warnings = [p for p in problems if p.severity is Severity.WARNING]
        found = (problem_line(p, lines) for p in [*errors, *warnings])
        line = next((line for line in found if line is not None), None)
        self.first_problem = (line, 1) if line is not None else None
        return [located(p, lines) for p in errors], [located(p, lines) for p in warnings]

    def result(self) -> PolicyDocument | None:
        if self.document is None or self.document.data == self.session.document.data:
            return None
        return self.document

    def action_goto_problem(self) -> None:
        if self.first_problem is None:
            self.notify("No problem points at a line.")
            return
        line, column = self.first_problem
        text_area = self.query_one("#json-text", TextArea)
        text_area.move_cursor((line - 1, column - 1), center=True)
        text_area.focus()
