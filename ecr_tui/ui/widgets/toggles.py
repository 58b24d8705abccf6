"""Checkboxes, radio buttons and selection lists whose state reads without colour, and
radio sets whose arrow keys choose.

Textual draws the same mark for on and off (▐X▌) and tells them apart by colour alone;
these draw the mark only when on (▐X▌ / ▐ ▌, ▐●▌ / ▐ ▌), so the state shows on a
monochrome terminal and in a plain-text capture of the screen too.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from textual.binding import Binding, BindingType
from textual.strip import Strip
from textual.widgets import Checkbox, RadioButton, RadioSet, SelectionList
from textual.widgets.option_list import OptionDoesNotExist
from textual.widgets.selection_list import SelectionType

OFF = " "


class MarkedCheckbox(Checkbox):
    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # Textual reads it per instance
        return "X" if self.value else OFF


class MarkedRadioButton(RadioButton):
    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # Textual reads it per instance
        return "●" if self.value else OFF


class MarkedSelectionList(SelectionList[SelectionType]):
    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        if selection.value in self.selected:
            return strip
        # The line is: left half-block, the mark, right half-block, a space, the prompt.
        segments = list(strip)
        if len(segments) < 2:
            return strip
        mark = segments[1]
        segments[1] = Segment(OFF * len(mark.text), mark.style, mark.control)
        return Strip(segments, strip.cell_length)


class ChoiceSet(RadioSet):
    """Arrow keys, Home and End choose, as radio buttons do in a browser: what is
    highlighted is what is chosen, so leaving with Tab keeps it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,right", "choose(1)", "Next option", show=False),
        Binding("up,left", "choose(-1)", "Previous option", show=False),
        Binding("home", "choose_at(0)", "First option", show=False),
        Binding("end", "choose_at(-1)", "Last option", show=False),
    ]

    def on_mount(self) -> None:
        # The set highlights its first button on mounting; start from the chosen one.
        for _ in range(max(self.pressed_index, 0)):
            self.action_next_button()

    @property
    def buttons(self) -> list[RadioButton]:
        return list(self.query_children(RadioButton))

    def action_choose(self, step: int) -> None:
        count = len(self.buttons)
        if self.pressed_index < 0:
            self.action_choose_at(0 if step > 0 else -1)
        elif count:
            self.action_choose_at((self.pressed_index + step) % count)

    def action_choose_at(self, index: int) -> None:
        """Press the button at `index` (negative counts from the end); the set then
        highlights it and posts `RadioSet.Changed`."""
        buttons = self.buttons
        if buttons:
            buttons[index].value = True
