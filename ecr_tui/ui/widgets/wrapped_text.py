"""Text such as JSON or a diff, with long lines folded under their own indentation."""

from __future__ import annotations

from textual.app import RenderResult
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

CONTINUATION_INDENT = 2
"""Cells a folded line's continuation goes further in than the line it continues."""
NARROWEST_CONTINUATION = 8
"""A continuation keeps at least this many cells of text, however deep the indentation."""


def fold_line(line: Content, width: int, *, marker: int = 0) -> list[Content]:
    """`line` cut into pieces of at most `width` cells; the pieces after the first are
    indented past the line's own indentation. The first `marker` characters (a diff's
    `+`/`-`) are repeated at the start of every piece, so each one says what it is."""
    plain = line.plain
    if width <= 0 or len(plain) <= width:
        return [line]
    lead = line[:marker]
    body = plain[marker:]
    indent = min(len(body) - len(body.lstrip(" ")) + CONTINUATION_INDENT, width // 2)
    step = max(width - marker - indent, NARROWEST_CONTINUATION)
    pieces = [line[:width]]
    start = width
    while start < len(plain):
        pieces.append(Content.assemble(lead, " " * indent, line[start : start + step]))
        start += step
    return pieces


def fold(content: Content, width: int, *, marker: int = 0) -> list[Content]:
    """Every line of `content`, folded to `width` cells."""
    return [
        piece for line in content.split("\n") for piece in fold_line(line, width, marker=marker)
    ]


class WrappedText(Widget):
    """Shows all of its text at any width: nothing is cut at the right edge.

    `marker` is the number of leading characters to repeat on folded lines (1 for a diff).
    """

    DEFAULT_CSS = """
    WrappedText {
        height: auto;
    }
    """

    def __init__(
        self, content: Content | str = "", *, marker: int = 0, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.content = Content(content) if isinstance(content, str) else content
        self.marker = marker

    def update(self, content: Content | str) -> None:
        self.content = Content(content) if isinstance(content, str) else content
        self.refresh(layout=True)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return max((line.cell_length for line in self.content.split("\n")), default=0)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(fold(self.content, width, marker=self.marker))

    def render(self) -> RenderResult:
        width = self.content_size.width
        return Content("\n").join(fold(self.content, width, marker=self.marker))
