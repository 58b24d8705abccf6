"""The individual actions of a statement, ticked in a list that filters as you type."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, SelectionList, Static
from textual.widgets.selection_list import Selection

from ecr_tui.ui.widgets.paging import ListFilter, focus_now, type_into_filter
from ecr_tui.ui.widgets.toggles import MarkedSelectionList


class ActionFilter(ListFilter):
    """The filter box; Down or Enter moves into the list, where Space ticks."""

    list_id = "actions-list"
    BINDINGS = [Binding("down", "into_list", "To the list", show=False)]
    down_enters_list = True


def action_matches(label: str, text: str) -> bool:
    """True when every word typed appears in the action's name, in any case."""
    name = label.lower()
    return all(word in name for word in text.lower().split())


class ActionPicker(Widget):
    """`choices` are (label, action, ticked); what is ticked stays ticked while filtered out."""

    DEFAULT_CSS = """
    ActionPicker {
        height: auto;
    }
    ActionPicker > #actions-list {
        height: auto;
        max-height: 8;
        border: none;
    }
    ActionPicker > #actions-count {
        color: $text-muted;
    }
    """

    class Changed(Message):
        """The ticked actions changed."""

        def __init__(self, picker: ActionPicker) -> None:
            super().__init__()
            self.picker = picker

        @property
        def control(self) -> ActionPicker:
            return self.picker

    def __init__(self, choices: list[tuple[str, str, bool]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.choices = [(label, action) for label, action, _ in choices]
        self.ticked = {action: None for _, action, ticked in choices if ticked}
        """In the order ticked, so the statement keeps its actions' order and adds at the end."""

    @property
    def selected(self) -> list[str]:
        return list(self.ticked)

    def compose(self) -> ComposeResult:
        yield ActionFilter(placeholder="Type to filter actions", id="actions-filter", compact=True)
        yield MarkedSelectionList[str](*self._matching(""), id="actions-list", compact=True)
        yield Static(id="actions-count", markup=False)

    def on_mount(self) -> None:
        self._show_count("")

    def _matching(self, text: str) -> list[Selection[str]]:
        return [
            Selection(Content(label), action, action in self.ticked)
            for label, action in self.choices
            if action_matches(label, text)
        ]

    @on(Input.Changed, "#actions-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        listing = self.query_one("#actions-list", SelectionList)
        listing.clear_options()
        listing.add_options(self._matching(event.value))
        if listing.option_count:
            listing.highlighted = 0
        self._show_count(event.value)

    def _show_count(self, text: str) -> None:
        count = self.query_one("#actions-count", Static)
        shown = self.query_one("#actions-list", SelectionList).option_count
        ticked = len(self.ticked)
        if not text.strip():
            count.update(f"{ticked} of {len(self.choices)} ticked · Space ticks")
        elif shown:
            count.update(f"{shown} of {len(self.choices)} match · {ticked} ticked")
        else:
            count.update(f"No action matches · {ticked} ticked")

    def on_key(self, event: events.Key) -> None:
        type_into_filter(self.query_one(ActionFilter), event)

    @on(Input.Submitted, "#actions-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        focus_now(self.query_one("#actions-list"))

    @on(SelectionList.SelectionToggled, "#actions-list")
    def _toggled(self, event: SelectionList.SelectionToggled[str]) -> None:
        event.stop()
        action = event.selection.value
        if action in self.ticked:
            del self.ticked[action]
        else:
            self.ticked[action] = None
        self._show_count(self.query_one("#actions-filter", Input).value)
        self.post_message(self.Changed(self))

    @on(SelectionList.SelectedChanged, "#actions-list")
    @on(SelectionList.SelectionHighlighted, "#actions-list")
    def _keep_inside(self, event: Message) -> None:
        event.stop()
