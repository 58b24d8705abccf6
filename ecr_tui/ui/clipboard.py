"""Copying text out of the program: the terminal's clipboard, the local one, or a file."""

from __future__ import annotations

from pathlib import Path

import pyperclip
from textual.app import App


def _copy_locally(text: str) -> bool:
    """Try the local clipboard; headless machines fail in many ways, all of them caught."""
    try:
        pyperclip.copy(text)
    except Exception:
        return False
    return True


def copy_text(app: App[object], text: str) -> str:
    """Copy `text` through the terminal (OSC 52, works over SSH) and the local clipboard.

    Returns a sentence for the person saying what happened.
    """
    app.copy_to_clipboard(text)
    size = f"{len(text):,} characters"
    if _copy_locally(text):
        return f"Copied {size} to the clipboard."
    return (
        f"Sent {size} to the terminal's clipboard (OSC 52). No local clipboard was found; "
        "if nothing was copied, your terminal ignores OSC 52: write the text to a file instead."
    )


def write_text_file(path: str | Path, text: str) -> str:
    """Write `text` to `path` (a leading ~ is expanded).

    Returns a sentence saying where it went, or why it could not be written.
    """
    target = Path(path).expanduser()
    try:
        target.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except OSError as error:
        return f"Could not write {target}: {error.strerror or error}."
    return f"Wrote {len(text):,} characters to {target.resolve()}."
