"""What quitting now would lose: the unsaved edits the open screens hold, in one question."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from textual.app import App

from ecr_tui.ui.dialogs.confirm import ConfirmModal

LEAVE_QUESTION = "Leave without saving?"


@dataclass(frozen=True)
class Unsaved:
    """`count` edits not yet saved, and where: "to the policy of web", "in the statement form"."""

    count: int
    where: str


def unsaved_of(screens: Iterable[object]) -> list[Unsaved]:
    """What each screen holds that is not saved, bottom screen first; screens that can hold
    edits have an `unsaved` property (None when there are none)."""
    found = (getattr(screen, "unsaved", None) for screen in screens)
    return [unsaved for unsaved in found if isinstance(unsaved, Unsaved) and unsaved.count]


def edits_phrase(count: int) -> str:
    return f"{count} unsaved edit{'' if count == 1 else 's'}"


def leave_text(held: list[Unsaved]) -> str:
    """'3 unsaved edits will be lost: 2 to the policy of web, 1 in the statement form.'"""
    total = sum(unsaved.count for unsaved in held)
    if len(held) == 1:
        return f"{edits_phrase(total)} {held[0].where} will be lost."
    parts = ", ".join(f"{unsaved.count} {unsaved.where}" for unsaved in held)
    return f"{edits_phrase(total)} will be lost: {parts}."


def confirm_discard(
    app: App[object], title: str, held: list[Unsaved], then: Callable[[], object]
) -> None:
    """Ask `title`, saying what `held` would lose; `then` once the answer is to discard."""

    def answered(discard: bool | None) -> None:
        if discard:
            then()

    app.push_screen(ConfirmModal(title, leave_text(held), yes="Discard", danger=True), answered)
