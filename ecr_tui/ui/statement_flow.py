"""The dialogs that change a policy's statements: the form, templates, and the JSON
editors for one statement or the whole document."""

from __future__ import annotations

from functools import partial
from typing import Any

from textual.app import App

from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.templates import TEMPLATES, Template
from ecr_tui.ui.policy_editor import PolicyEditorHost
from ecr_tui.ui.screens.document_editor import DocumentEditor
from ecr_tui.ui.screens.json_editor import JsonStatementEditor
from ecr_tui.ui.screens.statement_form import StatementForm
from ecr_tui.ui.screens.template_picker import TemplateChoice, TemplatePicker


class StatementFlow:
    """Opens the editing dialogs of one policy-editing screen and records what they return."""

    def __init__(self, screen: PolicyEditorHost) -> None:
        self.screen = screen

    @property
    def app(self) -> App[object]:
        return self.screen.app

    def own_account(self) -> str | None:
        """The account signed in to, else the one the policy belongs to."""
        identity = getattr(self.app, "identity", None)
        account = getattr(identity, "account", None)
        return account or self.screen.account

    templates: tuple[Template, ...] = TEMPLATES

    def new_form(self, index: int | None = None, **options: Any) -> StatementForm | None:
        """The form for statement `index` (None: a new one); None before the policy is read."""
        session = self.screen.session
        if session is None:
            return None
        own = self.own_account()
        return StatementForm(self.screen.backend, session, index, own_account=own, **options)

    def add(self) -> None:
        if (form := self.new_form()) is not None:
            self.app.push_screen(form, self._added)

    def add_from_template(self) -> None:
        session = self.screen.session
        if session is None:
            return
        region, own = self.screen.backend.region, self.own_account()
        picker = TemplatePicker(region, own, session.statements, self.templates)
        self.app.push_screen(picker, self._template_chosen)

    def _template_chosen(self, choice: TemplateChoice | None) -> None:
        if choice is None:
            return
        form = self.new_form(initial=choice.statement, note=choice.note)
        if form is not None:
            self.app.push_screen(form, self._added)

    def _added(self, statement: dict[str, Any] | None) -> None:
        session = self.screen.session
        if statement is None or session is None:
            return
        # The new row, marked unsaved, and the unsaved count say it: no notification.
        session.add(statement)
        self.screen.after_edit(cursor_at_end=True)

    def edit(self, as_json: bool = False) -> None:
        view = self.screen.current
        session = self.screen.session
        if session is None or view is None:
            return
        done = partial(self._edited, view.index)
        if as_json or view.form_input is None:
            reason = None if as_json else view.not_form_editable_because
            self.app.push_screen(JsonStatementEditor(session, view.index, reason), done)
        elif (form := self.new_form(view.index)) is not None:
            self.app.push_screen(form, done)

    def _edited(self, index: int, statement: dict[str, Any] | None) -> None:
        session = self.screen.session
        if statement is None or session is None:
            return
        edit = session.replace(index, statement)
        if edit is None:
            self.app.notify("Nothing changed.")
            return
        self.screen.after_edit()

    def edit_document(self) -> None:
        if (session := self.screen.session) is not None:
            self.app.push_screen(DocumentEditor(session), self._document_edited)

    def _document_edited(self, document: PolicyDocument | None) -> None:
        session = self.screen.session
        if document is None or session is None:
            return
        edits = session.replace_document(document)
        if not edits:
            self.app.notify("Nothing changed.")
            return
        self.screen.after_edit()
        self.screen.action_save()

    def duplicate(self) -> None:
        view = self.screen.current
        session = self.screen.session
        if session is None or view is None:
            return
        try:
            session.duplicate(view.index)
        except ValueError as error:
            self.app.notify(str(error), severity="warning", markup=False)
            return
        self.screen.after_edit(cursor_at_end=True)

    def delete(self) -> None:
        view = self.screen.current
        session = self.screen.session
        if session is not None and view is not None:
            session.delete(view.index)
            self.screen.after_edit(f"Deleted {view.title}; u undoes it.")

    def undo(self) -> None:
        session = self.screen.session
        if session is not None and (undone := session.undo()) is not None:
            self.screen.after_edit(f"Undone: {undone}.")
