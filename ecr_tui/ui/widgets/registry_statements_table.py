"""The registry policy's statements as a table: who, what, and which repositories."""

from __future__ import annotations

from textual.content import Content

from ecr_tui.policy.registry_statements import (
    RegistryPreset,
    patterns_of,
    registry_preset_of,
)
from ecr_tui.policy.safe_text import visible
from ecr_tui.policy.statements import StatementView
from ecr_tui.service.registry_session import RegistrySession
from ecr_tui.ui.widgets.statements_table import (
    CHANGED_MARK,
    StatementsTable,
    action_cell,
    clip,
)

ACTIONS_WIDTH = 12
REPOSITORIES_WIDTH = 16
SID_MIN_WIDTH = 10
PRINCIPALS_MIN_WIDTH = 12
SHORT_LABELS = {
    RegistryPreset.REPLICATION: "Replication",
    RegistryPreset.PULL_THROUGH_CACHE: "Pull-through",
    RegistryPreset.PULL: "Pull only",
    RegistryPreset.PUSH_PULL: "Push/Pull",
}
COLUMNS: tuple[tuple[str, str, int | None], ...] = (
    ("sid", "Sid", None),
    ("effect", "Effect", 6),
    ("principals", "Principals", None),
    ("actions", "Actions", ACTIONS_WIDTH),
    ("repositories", "Repositories", REPOSITORIES_WIDTH),
    ("cond", "Cond", 4),
)
FIXED_WIDTH = sum(w or 0 for _, _, w in COLUMNS) + 2 * len(COLUMNS) + 1


def registry_action_cell(view: StatementView) -> str:
    preset = None if view.negated_action else registry_preset_of(view.actions)
    if preset is not None:
        return SHORT_LABELS[preset]
    return clip(action_cell(view), ACTIONS_WIDTH)


def repositories_cell(view: StatementView, session: RegistrySession) -> str:
    """`prod-* · 3`: the patterns of this registry, and how many repositories they match."""
    patterns = patterns_of(view.raw, session.region, session.account)
    count = f" · {len(session.reach_of(view.raw)):,}"
    if patterns is None:
        shown = "NotResource" if isinstance(view.raw, dict) and "NotResource" in view.raw else "?"
    else:
        shown = ", ".join(patterns)
    return clip(shown, REPOSITORIES_WIDTH - len(count)) + count


class RegistryStatementsTable(StatementsTable):
    """Sid, Effect, principals, actions as a preset, repositories reached, conditions."""

    session: RegistrySession | None = None
    """Set once the registry policy is read: what the repository column counts from."""

    COLUMN_LAYOUT = COLUMNS

    def widths(self, views: list[StatementView], width: int) -> tuple[int, int]:
        room = max(width - FIXED_WIDTH, SID_MIN_WIDTH + PRINCIPALS_MIN_WIDTH)
        longest = max((len(visible(v.sid or "(no Sid)")) for v in views), default=0)
        sid_width = min(
            max(longest + len(CHANGED_MARK), SID_MIN_WIDTH), room - PRINCIPALS_MIN_WIDTH
        )
        return sid_width, room - sid_width

    def cells_after_principals(self, view: StatementView) -> list[Content]:
        assert self.session is not None
        return [
            Content(registry_action_cell(view)),
            Content(visible(repositories_cell(view, self.session))),
            Content.styled("yes", "$text-accent") if view.conditions else Content(""),
        ]

    def show(self, views: list[StatementView], changed: set[int], width: int) -> None:
        """Nothing until the registry policy is read: the repositories column needs it."""
        if self.session is not None:
            super().show(views, changed, width)
