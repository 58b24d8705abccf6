"""The statements of a policy as a table: one row per statement."""

from __future__ import annotations

from textual.content import Content

from ecr_tui.policy.principals import PrincipalKind
from ecr_tui.policy.safe_text import visible
from ecr_tui.policy.statements import StatementView
from ecr_tui.ui.widgets.paging import JumpingTable

CHANGED_MARK = "● "
SID_MIN_WIDTH = 12
PRINCIPALS_MIN_WIDTH = 14
ACTIONS_WIDTH = 13
# None: the Sid and the principals share what the fixed columns leave.
COLUMNS: tuple[tuple[str, str, int | None], ...] = (
    ("sid", "Sid", None),
    ("effect", "Effect", 6),
    ("principals", "Principals", None),
    ("actions", "Actions", ACTIONS_WIDTH),
    ("cond", "Cond", 4),
    ("edit", "Edit", 4),
)
# Every fixed column, plus one cell of padding on each side of every column and a scrollbar.
FIXED_WIDTH = sum(w or 0 for _, _, w in COLUMNS) + 2 * len(COLUMNS) + 1


def shared_widths(views: list[StatementView], width: int) -> tuple[int, int]:
    """(Sid, principals) widths: the Sid as long as it needs, while the principals keep
    at least PRINCIPALS_MIN_WIDTH; the principals get the rest."""
    room = max(width - FIXED_WIDTH, SID_MIN_WIDTH + PRINCIPALS_MIN_WIDTH)
    longest = max((len(visible(view.sid or "(no Sid)")) for view in views), default=0)
    sid = min(max(longest + len(CHANGED_MARK), SID_MIN_WIDTH), room - PRINCIPALS_MIN_WIDTH)
    return sid, room - sid


def clip(text: str, width: int) -> str:
    """`text` made visible and cut to `width` cells with an ellipsis."""
    text = visible(text)
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def clip_left(text: str, width: int) -> str:
    """`text` cut from the left, so the end of a path (the name) stays whole."""
    return text if len(text) <= width else "…" + text[len(text) - max(width - 1, 0) :]


def principals_cell(view: StatementView, width: int) -> str:
    summary = view.principal_summary
    paths = (PrincipalKind.USER, PrincipalKind.ROLE)
    if len(view.principals) == 1 and view.principals[0].kind in paths:
        return clip_left(summary, width)
    return clip(summary, width)


def action_cell(view: StatementView) -> str:
    summary = view.action_summary
    if len(summary) > ACTIONS_WIDTH and len(view.actions) > 1:
        summary = ("NOT " if view.negated_action else "") + f"{len(view.actions)} actions"
    return clip(summary, ACTIONS_WIDTH)


def statement_detail(view: StatementView, changed: bool) -> Content:
    negated = "NOT " if view.negated_principal else ""
    who = negated + (", ".join(p.label for p in view.principals) or "nobody")
    if view.preset is not None and not view.negated_action:
        what = view.preset.label
    else:
        what = ("NOT " if view.negated_action else "") + ", ".join(
            a.removeprefix("ecr:") for a in view.actions
        )
    parts = [
        Content.styled(visible(view.title), "bold"),
        Content(visible(f": {view.effect} {who} · {what}")),
    ]
    if view.conditions:
        parts.append(Content.styled(" · with conditions", "$text-accent"))
    if changed:
        parts.append(Content.styled(" · unsaved change", "$text-warning"))
    if view.not_form_editable_because:
        reason = visible(f" · JSON only: {view.not_form_editable_because}")
        parts.append(Content.styled(reason, "$text-warning"))
    return Content.assemble(*parts)


class StatementsTable(JumpingTable[Content]):
    """Sid, Effect, principals, actions, a condition mark, and how it can be edited."""

    DEFAULT_CSS = """
    StatementsTable {
        height: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.views: list[StatementView] = []

    COLUMN_LAYOUT = COLUMNS

    def widths(self, views: list[StatementView], width: int) -> tuple[int, int]:
        """The widths of the Sid and principals columns, which share what is left."""
        return shared_widths(views, width)

    def cells_after_principals(self, view: StatementView) -> list[Content]:
        return [
            Content(action_cell(view)),
            Content.styled("yes", "$text-accent") if view.conditions else Content(""),
            Content("form") if view.form_editable else Content.styled("JSON", "$text-warning"),
        ]

    def show(self, views: list[StatementView], changed: set[int], width: int) -> None:
        """Replace the rows, keeping the cursor on the same row number where possible."""
        row = self.cursor_row
        sid_width, principals_width = self.widths(views, width)
        shared = {"sid": sid_width, "principals": principals_width}
        self.views = views
        self.clear(columns=True)
        for key, label, column_width in self.COLUMN_LAYOUT:
            self.add_column(label, key=key, width=column_width or shared[key])
        for view in views:
            sid = clip(view.sid or "(no Sid)", sid_width - len(CHANGED_MARK))
            mark = Content.styled(CHANGED_MARK, "$text-warning") if view.index in changed else ""
            effect_style = "$text-error" if view.effect == "Deny" else "$text-success"
            self.add_row(
                Content.assemble(mark, Content(sid)),
                Content.styled(visible(view.effect or "?"), effect_style),
                Content(visible(principals_cell(view, principals_width))),
                *self.cells_after_principals(view),
                key=str(view.index),
            )
        if views:
            self.move_cursor(row=min(max(row, 0), len(views) - 1))

    @property
    def current(self) -> StatementView | None:
        if not self.views or self.cursor_row < 0 or self.cursor_row >= len(self.views):
            return None
        return self.views[self.cursor_row]
