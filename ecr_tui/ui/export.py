"""Copying and writing what a screen shows: one way for every screen, with a sentence each."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.screen import Screen

from ecr_tui.ui.clipboard import copy_text, write_text_file
from ecr_tui.ui.dialogs.confirm import ConfirmModal
from ecr_tui.ui.dialogs.text_input import path_prompt


def copy_and_tell(screen: Screen[Any], text: str) -> None:
    screen.notify(copy_text(screen.app, text), markup=False)


def ask_and_write(
    screen: Screen[Any], title: str, default: str, text_for: Callable[[str], str | None]
) -> None:
    """Ask for a path, then write `text_for(path)` there (nothing when it gives None).
    An existing file is only overwritten once the person says so."""

    def write(path: str) -> None:
        text = text_for(path)
        if text is not None:
            screen.notify(write_text_file(path, text), markup=False)

    def chosen(path: str | None) -> None:
        if path is None:
            return
        target = Path(path).expanduser()
        if not target.exists():
            write(path)
            return
        confirm = ConfirmModal(
            "Overwrite the file?",
            f"{target} already exists and will be replaced.",
            yes="Overwrite",
            danger=True,
        )
        screen.app.push_screen(confirm, lambda yes: write(path) if yes else None)

    screen.app.push_screen(path_prompt(title, default), chosen)
