"""Text from AWS made safe to show: control and bidi characters become visible escapes."""

from __future__ import annotations

import re

_BIDI_AND_SEPARATORS = "\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI_AND_SEPARATORS}]")
_UNSAFE_KEEPING_LINES = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI_AND_SEPARATORS}]")
_UNSAFE_IN_JSON = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI_AND_SEPARATORS}]")


_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    character = match.group()
    if character in _NAMED:
        return _NAMED[character]
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def visible(text: str, *, keep_lines: bool = False) -> str:
    """`text` with every C0, DEL, C1 and bidi control shown as `\\x1b`, `\\n` or `\\u202e`, so
    nothing in it can move the cursor, clear the screen or reach the clipboard.
    With `keep_lines`, line feeds and tabs stay as they are (for multi-line text)."""
    pattern = _UNSAFE_KEEPING_LINES if keep_lines else _UNSAFE
    return pattern.sub(_escape, text)


def is_visible(text: str) -> bool:
    """Whether `text` holds none of the characters `visible` would escape."""
    return _UNSAFE.search(text) is None


def json_visible(text: str) -> str:
    """JSON text with the same controls written as `\\u001b` escapes: inside a string this
    is the same JSON value, so the document shown is exactly the document stored. JSON's
    own whitespace (space, tab, CR, LF) is kept."""
    return _UNSAFE_IN_JSON.sub(_json_escape, text)
