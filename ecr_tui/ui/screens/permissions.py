"""Step 3 of the walk: the permissions (repository policy) of one repository."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.highlight import highlight
from textual.widgets import DataTable, Label, Static

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.models import LivePolicy, Repository
from ecr_tui.aws.policy_target import RepositoryTarget
from ecr_tui.policy.document import to_json
from ecr_tui.policy.safe_text import json_visible, visible
from ecr_tui.policy.statements import StatementView
from ecr_tui.service.edit_session import EditSession
from ecr_tui.ui.export import ask_and_write, copy_and_tell
from ecr_tui.ui.save_flow import SaveFlow
from ecr_tui.ui.screens.permissions_keys import PERMISSIONS_BINDINGS, key_state
from ecr_tui.ui.screens.policy_reading import PolicyReading
from ecr_tui.ui.statement_flow import StatementFlow
from ecr_tui.ui.unsaved import LEAVE_QUESTION, Unsaved, confirm_discard
from ecr_tui.ui.widgets.identity_bar import IdentityBar
from ecr_tui.ui.widgets.key_footer import KeyFooter
from ecr_tui.ui.widgets.registry_grants import RegistryGrants
from ecr_tui.ui.widgets.statements_table import StatementsTable, statement_detail
from ecr_tui.ui.widgets.wrapped_text import WrappedText

LOGIN_NOTE = "To log in, people also need ecr:GetAuthorizationToken from an identity policy."
READ_ONLY_NOTE = (
    "Read-only mode: the policy cannot be changed here. You can read it, "
    "copy it (c) or write it to a file (w)."
)
EMPTY_READ_ONLY = (
    "This repository has no policy, and read-only mode cannot add one "
    "(start ecr-tui without --read-only to add statements)."
)
WIDE = 160
"""Columns from which the JSON shows beside a table that still has whole Sids and ARNs."""


class PermissionsScreen(PolicyReading):
    """The statements of one repository's policy, edited locally, then saved safely."""

    TITLE = "Permissions"
    CSS_PATH = "permissions.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]
    BINDINGS = PERMISSIONS_BINDINGS

    def __init__(
        self, backend: Backend, repository: Repository, statement: int | None = None
    ) -> None:
        """`statement` is the index of the statement to put the cursor on once loaded."""
        super().__init__(backend, RepositoryTarget(repository.name))
        self.repository = repository
        self.account = repository.registry_id or None
        self.statement = statement
        self.session: EditSession | None = None
        self.save_flow = SaveFlow(self)
        self.statement_flow = StatementFlow(self)

    def compose(self) -> ComposeResult:
        yield IdentityBar()
        with Horizontal(id="permissions-head"):
            yield Label(
                f"Permissions · {self.repository.name}", classes="screen-title", markup=False
            )
            yield Label("", id="dirty-marker")
        yield Label(self.repository.uri, id="repository-uri", markup=False)
        yield Label(LOGIN_NOTE, id="login-note")
        with Horizontal(id="permissions-body"):
            with Vertical(id="statements-pane"):
                yield StatementsTable(id="statements")
                yield Static("", id="empty-note")
                yield RegistryGrants(self.backend, self.repository, id="registry-grants")
            with VerticalScroll(id="json-pane"):
                yield WrappedText(id="json-text")
        yield Static("", id="statement-detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = self.repository.name
        self.query_one("#statements").focus()
        self.load()

    def show_policy(self, live: LivePolicy) -> None:
        self.session = EditSession(live)
        self.show_session()
        if self.statement is not None:
            self.query_one(StatementsTable).move_cursor(row=self.statement)
            self.statement = None

    @property
    def policy_description(self) -> str:
        return f"the policy of {self.repository.name}"

    def show_unreadable(self) -> None:
        if self.session is None:
            self.query_one("#empty-note", Static).update("The policy could not be read.")

    def show_session(self) -> None:
        """Show the working document: table, JSON, marker, detail."""
        session = self.session
        if session is None:
            return
        views = session.views
        changed = {i for i in range(len(views)) if not session.is_untouched(i)}
        table = self.query_one(StatementsTable)
        pane_width = self.size.width if self.has_class("-narrow") else self.size.width * 3 // 5
        table.show(views, changed, pane_width)
        self.query_one("#json-text", WrappedText).update(
            highlight(json_visible(session.document.to_json()), language="json")
        )
        empty = session.empty_note
        if empty and self.backend.read_only:
            empty = EMPTY_READ_ONLY if session.baseline is None else READ_ONLY_NOTE
        note = self.query_one("#empty-note", Static)
        note.update(empty)
        note.display = bool(empty)
        self.query_one("#statements-pane").set_class(bool(empty), "-empty")
        marker = self.query_one("#dirty-marker", Label)
        if self.backend.read_only:
            marker.update(Content.styled("read-only", "$text-warning"))
        elif session.dirty:
            marker.update(Content.styled(f"● unsaved ({session.unsaved_count})", "$text-warning"))
        else:
            marker.update("")
        self._show_detail()
        self.refresh_bindings()

    def _show_detail(self) -> None:
        detail = self.query_one("#statement-detail", Static)
        session = self.session
        if session is not None and (reason := session.not_editable_because):
            detail.update(Content.styled(visible(reason), "$text-warning"))
            return
        view = self.query_one(StatementsTable).current
        if session is None or view is None:
            detail.update("")
            return
        detail.update(statement_detail(view, not session.is_untouched(view.index)))

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        if self.check_action("edit", ()):
            self.action_edit()

    def on_resize(self) -> None:
        self.show_session()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """None shows a key dimmed (not now); False hides it (nothing for it to act on)."""
        tables = self.query(StatementsTable)
        has_statement = bool(tables) and tables.first().current is not None
        return key_state(action, self.session, self.backend.read_only, self.busy, has_statement)

    @property
    def current(self) -> StatementView | None:
        return self.query_one(StatementsTable).current

    def after_edit(self, note: str = "", *, cursor_at_end: bool = False) -> None:
        """Show the edited document; `note` is said only when the table does not show it."""
        self.show_session()
        table = self.query_one(StatementsTable)
        if cursor_at_end and table.row_count:
            table.move_cursor(row=table.row_count - 1)
        if note:
            self.notify(note, markup=False)

    def action_nothing_to_undo(self) -> None:
        self.notify("Nothing to undo since the policy was loaded.", markup=False)

    def action_read_only_note(self) -> None:
        self.notify(READ_ONLY_NOTE, title="Read-only", markup=False)

    def action_add(self) -> None:
        self.statement_flow.add()

    def action_add_template(self) -> None:
        self.statement_flow.add_from_template()

    def action_edit(self, as_json: bool = False) -> None:
        self.statement_flow.edit(as_json=as_json)

    def action_edit_document(self) -> None:
        self.statement_flow.edit_document()

    def action_duplicate(self) -> None:
        self.statement_flow.duplicate()

    def action_delete(self) -> None:
        self.statement_flow.delete()

    def action_undo(self) -> None:
        self.statement_flow.undo()

    def action_reload(self) -> None:
        def reload() -> None:
            self.query_one(RegistryGrants).reload()
            self.load(announce=True)

        if self.session is None or not self.session.dirty:
            reload()
            return
        self._confirm_discard("Reload and discard your edits?", reload)

    @property
    def unsaved(self) -> Unsaved | None:
        if self.session is None or not self.session.dirty:
            return None
        return Unsaved(self.session.unsaved_count, f"to the policy of {self.repository.name}")

    def _confirm_discard(self, title: str, then: Callable[[], object]) -> None:
        assert self.unsaved is not None
        confirm_discard(self.app, title, [self.unsaved], then)

    def action_back(self) -> None:
        if self.session is not None and self.session.dirty:
            self._confirm_discard(LEAVE_QUESTION, self.dismiss)
        else:
            self.dismiss()

    def action_toggle_json(self) -> None:
        self.toggle_class("-swap")
        json_shown = self.query_one("#json-pane").display and self.has_class("-narrow")
        self.query_one("#json-pane" if json_shown else "#statements").focus()

    def action_copy_json(self) -> None:
        if self.session is not None:
            copy_and_tell(self, self.session.document.to_json())

    def action_copy_statement(self) -> None:
        if (view := self.current) is not None:
            copy_and_tell(self, to_json(view.raw))

    def action_write_file(self) -> None:
        if self.session is not None:
            text = self.session.document.to_json()
            default = f"./{self.repository.name.replace('/', '-')}-policy.json"
            ask_and_write(self, "Write the policy JSON to a file", default, lambda _: text)

    def action_save(self) -> None:
        self.save_flow.start()
