"""Checkboxes, radio buttons and selection lists whose state reads without colour.

Textual draws the same mark for on and off (▐X▌) and tells them apart by colour alone;
these draw the mark only when on (▐X▌ / ▐ ▌, ▐●▌ / ▐ ▌), so the state shows on a
monochrome terminal and in a plain-text capture of the screen too.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Checkbox, RadioButton, SelectionList
from textual.widgets.option_list import OptionDoesNotExist
from textual.widgets.selection_list import SelectionType

OFF = " "


class MarkedCheckbox(Checkbox):
    @property  # type: ignore[override]
    def BUTTON_INNER(self) -> str:
        return "X" if self.value else OFF


class MarkedRadioButton(RadioButton):
    @property  # type: ignore[override]
    def BUTTON_INNER(self) -> str:
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
