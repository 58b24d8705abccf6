"""One question before a change to many repositories: what happens to each, and why some not."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Static

from ecr_tui.aws.backend import Backend
from ecr_tui.policy.edit_makers import EditMaker
from ecr_tui.policy.safe_text import visible
from ecr_tui.service.planning import Plan, SkipReason, plan_changes
from ecr_tui.ui.widgets.identity_bar import IdentityBar
from ecr_tui.ui.widgets.paging import JumpingTable
from ecr_tui.ui.widgets.progress_row import ProgressRow


@dataclass(frozen=True)
class BulkChange:
    """`title` says what the change is ("Add statement Pull"); `make_edits` makes it;
    `warning` is the worst audit finding of what is added ("" when none)."""

    title: str
    make_edits: EditMaker
    warning: str = ""


def plan_text(plan: Plan) -> str:
    if plan.skipped is not None:
        return f"skip: {plan.skipped}"
    if plan.after == 0:
        return f"{plan.changes} ({plan.before} → 0 statements: the policy is deleted)"
    return f"{plan.changes} ({plan.before} → {plan.after} statements)"


class BulkConfirm(Screen[list[Plan] | None]):
    """Reads every repository's policy, shows the plan for each, and asks once.

    Dismisses with every plan (skipped ones included) when the person says yes, else None.
    """

    TITLE = "Confirm"
    CSS_PATH = "bulk.tcss"
    AUTO_FOCUS = "#bulk-table"
    BINDINGS = [
        Binding("y", "confirm", "Write", id="bulk-confirm-yes"),
        Binding("n,escape", "cancel", "Cancel", id="bulk-confirm-no"),
    ]

    class Planned(Message):
        def __init__(self, plan: Plan) -> None:
            super().__init__()
            self.plan = plan

    class AllPlanned(Message):
        def __init__(self, plans: list[Plan]) -> None:
            super().__init__()
            self.plans = plans

    def __init__(self, backend: Backend, repositories: list[str], change: BulkChange) -> None:
        super().__init__()
        self.backend = backend
        self.repositories = repositories
        self.change = change
        self.plans: list[Plan] | None = None
        self.read = 0

    def compose(self) -> ComposeResult:
        count = len(self.repositories)
        title = f"{self.change.title} · {count} repositor{'y' if count == 1 else 'ies'}"
        yield IdentityBar()
        yield Label(title, classes="screen-title", markup=False)
        yield ProgressRow(id="bulk-progress")
        yield JumpingTable[Text](id="bulk-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="bulk-detail", markup=False)
        yield Static(self.change.warning, id="bulk-warning", markup=False)
        yield Static("", id="bulk-note", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#bulk-table", DataTable)
        table.add_column("Repository", key="repository")
        table.add_column("Plan", key="plan")
        self.query_one(ProgressRow).show("Reading the policies", 0, len(self.repositories))
        self.query_one("#bulk-warning").display = bool(self.change.warning)
        self._plan()

    @work(thread=True, exclusive=True, exit_on_error=False, group="bulk-plan")
    def _plan(self) -> None:
        plans = plan_changes(
            self.backend,
            self.repositories,
            self.change.make_edits,
            on_plan=lambda plan: self.post_message(self.Planned(plan)),
        )
        self.post_message(self.AllPlanned(plans))

    @on(Planned)
    def _planned(self, message: Planned) -> None:
        self.read += 1
        self.query_one(ProgressRow).show("Reading the policies", self.read, len(self.repositories))

    @on(AllPlanned)
    def _all_planned(self, message: AllPlanned) -> None:
        self.plans = message.plans
        table = self.query_one("#bulk-table", DataTable)
        warning = self.app.theme_variables.get("text-warning", "")
        for plan in message.plans:
            style = "dim" if plan.skip_reason is SkipReason.UNCHANGED else warning
            text = Text(visible(plan_text(plan)), style=style if plan.skipped else "")
            table.add_row(Text(visible(plan.repository)), text, key=plan.repository)
        writable = sum(plan.writable for plan in message.plans)
        skipped = len(message.plans) - writable
        summary = f"{writable} to write" + (f" · {skipped} skipped" if skipped else "")
        self.query_one(ProgressRow).finish(summary)
        if writable:
            which = "it" if writable == 1 else f"the {writable} repositories, each on its own"
            note = f"y writes {which} (with a conflict check and a backup). Escape cancels."
        else:
            note = "Nothing to write. Escape goes back."
        self.query_one("#bulk-note", Static).update(note)
        self._show_highlighted()
        self.refresh_bindings()

    @on(DataTable.RowHighlighted)
    def _show_highlighted(self) -> None:
        """The whole plan of the highlighted repository, which the table may cut short."""
        table = self.query_one("#bulk-table", DataTable)
        if self.plans and 0 <= table.cursor_row < len(self.plans):
            plan = self.plans[table.cursor_row]
            self.query_one("#bulk-detail", Static).update(f"{plan.repository}: {plan_text(plan)}")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "confirm":
            if self.backend.read_only:
                return False
            return (self.plans is not None and any(plan.writable for plan in self.plans)) or None
        return True

    def action_confirm(self) -> None:
        if self.plans is not None and any(plan.writable for plan in self.plans):
            self.dismiss(self.plans)

    def action_cancel(self) -> None:
        self.workers.cancel_group(self, "bulk-plan")
        self.dismiss(None)
