"""The IAM entities chosen so far, to review and remove one by one, as in the console."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ecr_tui.aws.models import IamEntity


def chosen_prompt(arn: str, entity: IamEntity | None) -> Content:
    if entity is None:
        return Content(arn)
    kind = Content.styled(f"{entity.kind.value:<4} ", "$text-muted")
    path = Content.styled(entity.path, "$text-muted") if entity.path != "/" else Content("")
    return Content.assemble(kind, path, Content.styled(entity.name, "bold"))


class ChosenEntities(OptionList):
    """One line per chosen ARN; Delete (or Backspace, or x) removes the highlighted one."""

    BINDINGS = [Binding("delete,backspace,x", "remove", "Remove", id="iam-remove")]

    class Removed(Message):
        def __init__(self, arn: str) -> None:
            super().__init__()
            self.arn = arn

    def show(self, chosen: dict[str, IamEntity | None]) -> None:
        """List `chosen`, keeping the highlight on the same line where there still is one."""
        highlighted = self.highlighted
        self.clear_options()
        self.add_options(Option(chosen_prompt(arn, e), id=arn) for arn, e in chosen.items())
        if self.option_count:
            self.highlighted = min(highlighted or 0, self.option_count - 1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remove":
            return self.highlighted is not None
        return True

    def action_remove(self) -> None:
        if self.highlighted is not None:
            arn = self.get_option_at_index(self.highlighted).id
            if arn is not None:
                self.post_message(self.Removed(arn))
