"""Where things are in a policy's text: the line of each top-level key and statement,
so problems can point at a line."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

STATEMENT_KEY = "Statement"
SID_KEY = "Sid"


@dataclass
class DocumentLines:
    keys: dict[str, int] = field(default_factory=dict)
    """Top-level key -> the line it is on (1-based)."""
    statements: list[int] = field(default_factory=list)
    """For each statement, the line of its Sid, or of its start when it has none."""

    def statement_line(self, index: int) -> int | None:
        return self.statements[index] if 0 <= index < len(self.statements) else None


def _decode(raw: str) -> str:
    try:
        return str(json.loads(f'"{raw}"'))
    except json.JSONDecodeError:
        return raw


class _Scanner:
    """A single pass over JSON text that tracks nesting; best effort on invalid text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found = DocumentLines()
        self.stack: list[str] = []
        self.line = 1
        self.top_key: str | None = None
        self.last_string: str | None = None
        self.statement_depth: int | None = None  # nesting depth of a statement's own keys
        self.expect_statement = False
        self.inside = False  # within the value of the top-level Statement key
        self.has_sid = False

    def run(self) -> DocumentLines:
        index = 0
        while index < len(self.text):
            char = self.text[index]
            if char == "\n":
                self.line += 1
            elif not char.isspace():
                if char not in ",]":
                    self._element_start()
                index = self._token(char, index)
            index += 1
        return self.found

    def _element_start(self) -> None:
        if self.expect_statement and len(self.stack) == 2:
            self.found.statements.append(self.line)
            self.expect_statement = False
            self.has_sid = False

    def _token(self, char: str, index: int) -> int:
        if char == '"':
            end = index + 1
            while end < len(self.text) and self.text[end] != '"':
                end += 2 if self.text[end] == "\\" else 1
            self.last_string = _decode(self.text[index + 1 : end])
            return end
        if char == ":" and self.last_string is not None:
            self._key(self.last_string)
        elif char in "{[":
            self._open(char)
        elif char in "}]" and self.stack:
            self.stack.pop()
            if len(self.stack) < 2:
                self.inside = False
        elif char == "," and self.inside and self.statement_depth == 3 and len(self.stack) == 2:
            self.expect_statement = True
        self.last_string = None
        return index

    def _key(self, key: str) -> None:
        depth = len(self.stack)
        if depth == 1:
            self.found.keys.setdefault(key, self.line)
            self.top_key = key
        elif self.inside and depth == self.statement_depth and key == SID_KEY and not self.has_sid:
            self.found.statements[-1] = self.line
            self.has_sid = True

    def _open(self, char: str) -> None:
        self.stack.append(char)
        if len(self.stack) != 2 or self.top_key != STATEMENT_KEY or self.found.statements:
            return
        self.inside = True
        if char == "[":
            self.statement_depth = 3
            self.expect_statement = True
        else:
            self.statement_depth = 2
            self.found.statements.append(self.line)
            self.has_sid = False


def document_lines(text: str) -> DocumentLines:
    """The lines of the top-level keys and of each statement of a policy's JSON text."""
    return _Scanner(text).run()
