"""Choose another account of the organisation: name, id and status, filtered as you type."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Input, Label

from ecr_tui.aws.errors import AwsError, explain
from ecr_tui.aws.organization import ACTIVE, Account, OrganizationDirectory
from ecr_tui.ui.widgets.paging import JumpingTable, ListFilter


class AccountTable(JumpingTable[str]):
    BINDINGS = [Binding("enter", "select_cursor", "Use account", id="account-choose")]


class AccountFilter(ListFilter):
    """The filter box; Up and Down, the paging keys, Home and End move the table."""

    list_id = "account-table"


class AccountPicker(ModalScreen[Account | None]):
    """Dismisses with the chosen (active) account, or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="account-cancel"),
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
    ]

    DEFAULT_CSS = """
    AccountPicker {
        align: center middle;
    }
    AccountPicker > #account-box {
        width: 76;
        max-width: 95%;
        height: auto;
        max-height: 90%;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }
    AccountPicker #account-title {
        text-style: bold;
        margin-bottom: 1;
    }
    AccountPicker DataTable {
        height: auto;
        max-height: 14;
        min-height: 3;
    }
    AccountPicker #account-message {
        margin-top: 1;
        color: $text-muted;
    }
    """

    class Loaded(Message):
        def __init__(self, accounts: tuple[Account, ...]) -> None:
            super().__init__()
            self.accounts = accounts

    class Failed(Message):
        def __init__(self, error: AwsError) -> None:
            super().__init__()
            self.error = error

    def __init__(self, directory: OrganizationDirectory, current: str | None = None) -> None:
        super().__init__()
        self.directory = directory
        self.current = current
        self.accounts: tuple[Account, ...] = ()
        self.shown: list[Account] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="account-box"):
            yield Label("Switch to an account of the organisation", id="account-title")
            yield AccountFilter(placeholder="Filter by name or id", id="account-filter")
            yield AccountTable(id="account-table", cursor_type="row")
            yield Label("", id="account-message", markup=False)
        yield Footer()

    @property
    def table(self) -> AccountTable:
        return self.query_one(AccountTable)

    @property
    def message(self) -> Label:
        return self.query_one("#account-message", Label)

    def on_mount(self) -> None:
        self.table.add_columns("Name", "Account", "Status")
        self.table.loading = True
        self.query_one(Input).focus()
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self) -> None:
        try:
            self.post_message(self.Loaded(self.directory.organization().accounts))
        except Exception as error:
            failure = explain(error, doing="list the organisation's accounts")
            self.post_message(self.Failed(failure))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.table.loading = False
        self.accounts = tuple(sorted(message.accounts, key=lambda a: (a.name.lower(), a.id)))
        self._show(self.query_one(Input).value)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.table.loading = False
        self.table.display = False
        self.message.update(message.error.message)

    @on(Input.Changed)
    def _filter(self, event: Input.Changed) -> None:
        self._show(event.value)

    def _show(self, text: str) -> None:
        wanted = text.strip().lower()
        self.shown = [a for a in self.accounts if wanted in a.name.lower() or wanted in a.id]
        table = self.table
        table.clear()
        for account in self.shown:
            marker = " (current)" if account.id == self.current else ""
            table.add_row(f"{account.name}{marker}", account.id, account.status)
        if self.accounts and not self.shown:
            self.message.update(f"No account matches {text.strip()!r}.")
        elif self.accounts:
            count = len(self.shown)
            self.message.update(f"{count} of {len(self.accounts)} accounts · Enter switches")

    def action_move(self, step: int) -> None:
        table = self.table
        if table.row_count:
            table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + step)))

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self._choose(self.table.cursor_row)

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._choose(event.cursor_row)

    def _choose(self, row: int) -> None:
        if not 0 <= row < len(self.shown):
            return
        account = self.shown[row]
        if account.status != ACTIVE:
            self.message.update(f"{account.label} is {account.status}: only active accounts open.")
            return
        self.dismiss(account)

    def action_cancel(self) -> None:
        self.dismiss(None)
