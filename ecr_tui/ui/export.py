"""Copying and writing what a screen shows: one way for every screen, with a sentence each."""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from ecr_tui.ui.clipboard import copy_text, write_text_file
from ecr_tui.ui.screens.path_prompt import PathPrompt


def copy_and_tell(screen: Screen[object], text: str) -> None:
    screen.notify(copy_text(screen.app, text), markup=False)


def ask_and_write(
    screen: Screen[object], title: str, default: str, text_for: Callable[[str], str | None]
) -> None:
    """Ask for a path, then write `text_for(path)` there (nothing when it gives None)."""

    def write(path: str | None) -> None:
        text = text_for(path) if path is not None else None
        if path is not None and text is not None:
            screen.notify(write_text_file(path, text), markup=False)

    screen.app.push_screen(PathPrompt(title, default), write)
