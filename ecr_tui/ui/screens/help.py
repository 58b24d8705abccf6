"""The keys of the current screen, taken from its bindings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer


@dataclass(frozen=True)
class KeyHelp:
    keys: str
    description: str
    enabled: bool


def is_listed(active: ActiveBinding) -> bool:
    """Whether help and the palette list a binding: the program's own (those with an id),
    any the Footer shows, and the App's; not the widgets' cursor keys."""
    binding = active.binding
    if not binding.description or binding.system or binding.action.endswith("command_palette"):
        return False
    return binding.show or binding.id is not None or isinstance(active.node, App)


def keys_of(
    screen_bindings: dict[str, ActiveBinding], key_display: Callable[[Binding], str]
) -> list[KeyHelp]:
    """One row per listed action, every key bound to it shown together."""
    grouped: dict[tuple[int, str], list[str]] = {}
    described: dict[tuple[int, str], tuple[str, bool]] = {}
    for active in screen_bindings.values():
        binding = active.binding
        if not is_listed(active):
            continue
        group = (id(active.node), binding.action)
        grouped.setdefault(group, []).append(key_display(binding))
        if group not in described or binding.show:
            described[group] = (binding.description, active.enabled)
    return [
        KeyHelp(", ".join(keys), described[group][0], described[group][1])
        for group, keys in grouped.items()
    ]


def in_columns(rows: list[KeyHelp], height: int) -> list[list[KeyHelp | None]]:
    """The rows as table lines: one pair of columns, or two side by side when they do not fit
    in `height` lines (read down the left pair, then the right)."""
    if len(rows) <= height:
        return [[row] for row in rows]
    half = (len(rows) + 1) // 2
    return [[rows[i], rows[i + half] if i + half < len(rows) else None] for i in range(half)]


def cells_of(row: KeyHelp | None) -> tuple[Text, Text]:
    if row is None:
        return Text(""), Text("")
    style = "" if row.enabled else "dim"
    return Text(row.keys, style=f"bold {style}".strip()), Text(row.description, style=style)


class HelpScreen(ModalScreen[None]):
    """Lists `rows` (see `keys_of`) for the screen named `screen_name`; dim keys do nothing now."""

    BINDINGS = [
        Binding("escape,f1,question_mark", "close", "Close", id="help-close"),
    ]

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen > #help-keys {
        width: auto;
        min-width: 36;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $accent;
        border-title-style: bold;
        border-subtitle-color: $text-muted;
        background: $surface;
        scrollbar-gutter: auto;
    }
    """

    FRAME_LINES = 5
    """The screen lines help cannot use for keys: its border, its header, the Footer, a spare."""

    def __init__(self, screen_name: str, rows: list[KeyHelp]) -> None:
        super().__init__()
        self.screen_name = screen_name
        self.rows = rows

    def compose(self) -> ComposeResult:
        table: DataTable[Text] = DataTable(
            id="help-keys", cursor_type="none", zebra_stripes=True, cell_padding=1
        )
        table.border_title = f"Keys: {self.screen_name}"
        table.border_subtitle = "esc close · ^p all commands"
        yield table
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        lines = in_columns(self.rows, self.app.size.height - self.FRAME_LINES)
        pairs = max(len(line) for line in lines) if lines else 1
        table.add_columns(*["Key", "Does"] * pairs)
        for line in lines:
            table.add_row(*[cell for row in line for cell in cells_of(row)])
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
