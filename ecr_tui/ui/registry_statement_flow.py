"""The statement dialogs of the registry permissions screen: the registry form and its
templates; the JSON editors, duplicate, delete and undo are the repository screen's."""

from __future__ import annotations

from functools import partial
from typing import Any, Protocol

from ecr_tui.policy.registry_statements import registry_form_input
from ecr_tui.policy.registry_templates import REGISTRY_TEMPLATES
from ecr_tui.service.registry_session import RegistrySession
from ecr_tui.ui.policy_editor import PolicyEditorHost
from ecr_tui.ui.screens.json_editor import JsonStatementEditor
from ecr_tui.ui.screens.registry_statement_form import RegistryStatementForm
from ecr_tui.ui.screens.statement_form import StatementForm
from ecr_tui.ui.statement_flow import StatementFlow


class RegistryEditorHost(PolicyEditorHost, Protocol):
    """The registry permissions screen, as its statement dialogs see it."""

    registry_session: RegistrySession | None

    def json_only_because(self, statement: object) -> str | None: ...


class RegistryStatementFlow(StatementFlow):
    """Opens the registry form where the repository screen opens its own."""

    def __init__(self, screen: RegistryEditorHost) -> None:
        super().__init__(screen)
        self.registry_screen = screen

    @property
    def registry_session(self) -> RegistrySession | None:
        return self.registry_screen.registry_session

    templates = REGISTRY_TEMPLATES

    def new_form(self, index: int | None = None, **options: Any) -> StatementForm | None:
        session = self.registry_session
        if session is None:
            return None
        own = self.own_account()
        return RegistryStatementForm(
            self.screen.backend, session, index, own_account=own, **options
        )

    def edit(self, as_json: bool = False) -> None:
        view = self.screen.current
        session = self.registry_session
        if session is None or view is None:
            return
        done = partial(self._edited, view.index)
        form_input = registry_form_input(view.raw, session.region, session.account)
        if as_json or form_input is None:
            reason = None if as_json else self.registry_screen.json_only_because(view.raw)
            self.app.push_screen(JsonStatementEditor(session, view.index, reason), done)
            return
        if (form := self.new_form(view.index)) is not None:
            self.app.push_screen(form, done)
