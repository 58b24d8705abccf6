"""The keys of the current screen, taken from its bindings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Label


@dataclass(frozen=True)
class KeyHelp:
    keys: str
    description: str
    enabled: bool


def is_listed(active: ActiveBinding) -> bool:
    """Whether help and the palette list a binding: those in the Footer, and the App's own."""
    binding = active.binding
    if not binding.description or binding.system or binding.action.endswith("command_palette"):
        return False
    return binding.show or isinstance(active.node, App)


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


class HelpScreen(ModalScreen[None]):
    """Lists `rows` (see `keys_of`) for the screen named `screen_name`."""

    BINDINGS = [
        Binding("escape,f1,question_mark", "close", "Close", id="help-close"),
    ]

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen > #help-box {
        width: auto;
        min-width: 40;
        max-width: 90%;
        height: auto;
        max-height: 90%;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }
    HelpScreen #help-title {
        text-style: bold;
        margin-bottom: 1;
    }
    HelpScreen DataTable {
        height: auto;
        max-height: 16;
        width: auto;
    }
    HelpScreen #help-hint {
        color: $text-muted;
        margin-top: 1;
    }
    """

    def __init__(self, screen_name: str, rows: list[KeyHelp]) -> None:
        super().__init__()
        self.screen_name = screen_name
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Label(f"Keys: {self.screen_name}", id="help-title", markup=False)
            yield DataTable(id="help-keys", cursor_type="row", zebra_stripes=True)
            yield Label("Escape closes · ctrl+p searches every command", id="help-hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Key", "Does")
        for row in self.rows:
            does = row.description if row.enabled else f"{row.description} (not now)"
            table.add_row(row.keys, does)
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
