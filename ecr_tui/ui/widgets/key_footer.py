"""The footer of the full screens: keys that do not fit are left out whole, never cut in half.

Below ROOMY_WIDTH columns it leaves out the palette key (Ctrl+P still works and F1 lists
it), so a screen's main keys and F1 fit in 80 columns.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer

HELP_ACTION = "help"
MORE = "More"
"""The help key's description when keys were left out (as wide as "Help")."""
PALETTE_CLASS = "-command-palette"
ROOMY_WIDTH = 120
PALETTE_FRAME = 2
"""The palette key's left border and right padding."""


def key_width(key_display: str, description: str, compact: bool = False) -> int:
    """Cells one key takes: " key " then "description " (compact: "key description ")."""
    frame = 1 if compact else 2
    return cell_len(key_display) + frame + (cell_len(description) + 1 if description else 0)


def width_of(widget: Widget, compact: bool = False) -> int:
    """The width of a footer key; anything else the Footer yields counts as nothing."""
    key_display = getattr(widget, "key_display", None)
    if not isinstance(key_display, str):
        return 0
    width = key_width(key_display, str(getattr(widget, "description", "")), compact)
    return width + PALETTE_FRAME if widget.has_class(PALETTE_CLASS) else width


def is_help(widget: Widget) -> bool:
    return getattr(widget, "action", None) == HELP_ACTION


class KeyFooter(Footer):
    """Shows the keys in binding order while they fit; the help key and palette always do.

    Keys left out stay in help (F1) and the command palette; the help key then reads
    "More", so that nothing disappears unannounced. Bindings should therefore
    come in order of importance: the focused widget's first, then the screen's.
    """

    def __init__(self) -> None:
        super().__init__()
        self._composed_width = 0

    def compose(self) -> ComposeResult:
        # Before its first layout the footer has no size; it will span the terminal.
        width = self.size.width or self.app.size.width
        self.set_reactive(Footer.show_command_palette, width >= ROOMY_WIDTH)
        widgets = list(super().compose())
        self._composed_width = width
        if not width:
            yield from widgets
            return
        compact = self.compact

        def always(widget: Widget) -> bool:
            return is_help(widget) or widget.has_class(PALETTE_CLASS)

        room = width - sum(width_of(w, compact) for w in widgets if always(w))
        fits = True
        shown: list[Widget] = []
        for widget in widgets:
            if not always(widget):
                fits = fits and width_of(widget, compact) <= room
                if not fits:
                    continue
                room -= width_of(widget, compact)
            shown.append(widget)
        if not fits:
            # Keys were left out: the help key says there are more, in the same width.
            for widget in shown:
                if is_help(widget):
                    widget.description = MORE  # type: ignore[attr-defined]
        yield from shown

    async def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._composed_width:
            await self.recompose()
