"""A live, filterable list of the account's IAM users and roles to pick principals from."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, SelectionList, Static
from textual.widgets.selection_list import Selection
from textual.worker import get_current_worker

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.errors import explain
from ecr_tui.aws.models import IamEntity
from ecr_tui.policy.safe_text import visible
from ecr_tui.ui.widgets.iam_chosen import ChosenEntities
from ecr_tui.ui.widgets.iam_entities import (
    count_text,
    entity_from_arn,
    entity_matches,
    in_match_order,
    search_text,
)
from ecr_tui.ui.widgets.paging import ListFilter, focus_now, type_into_filter
from ecr_tui.ui.widgets.toggles import MarkedSelectionList

MATCH_LIMIT = 200
"""The list shows at most this many matches; typing narrows the rest."""
LIST_ROWS = 4
"""Rows of the list in a terminal of BASE_HEIGHT lines; it grows a row per two lines more."""
BASE_HEIGHT = 24


def list_rows(terminal_height: int) -> int:
    return LIST_ROWS + max(terminal_height - BASE_HEIGHT, 0) // 2


def entity_prompt(entity: IamEntity, known: bool = True) -> Content:
    kind = Content.styled(f"{entity.kind.value:<4} ", "$text-muted")
    shown_path = visible(entity.path) if entity.path != "/" else ""
    path = Content.styled(shown_path, "$text-muted")
    name = Content.styled(visible(entity.name), "bold")
    elsewhere = Content("") if known else Content.styled("  (not listed here)", "$text-warning")
    return Content.assemble(kind, path, name, elsewhere)


@dataclass(frozen=True)
class Listed:
    """A listed entity with its prompt and search text, built once when its page arrives."""

    entity: IamEntity
    prompt: Content
    haystack: str

    @classmethod
    def of(cls, entity: IamEntity) -> Listed:
        return cls(entity, entity_prompt(entity), search_text(entity))


class IamFilter(ListFilter):
    """The filter box; Down moves into the list, where Space selects."""

    list_id = "iam-list"
    BINDINGS = [Binding("down", "into_list", "To the list", show=False)]
    down_enters_list = True


class IamSelector(Widget):
    """Users and roles loaded page by page in a worker; the selection survives filtering."""

    DEFAULT_CSS = """
    IamSelector {
        height: auto;
    }
    IamSelector > #iam-filter {
        margin: 0;
    }
    IamSelector > #iam-list {
        height: 4;
        border: none;
    }
    IamSelector > #iam-more {
        color: $text-muted;
        text-style: italic;
    }
    IamSelector > #iam-status {
        color: $text-muted;
        height: auto;
    }
    IamSelector > #iam-chosen-title {
        color: $text-success;
    }
    IamSelector > #iam-chosen {
        height: auto;
        max-height: 5;
        border: none;
    }
    """

    class Changed(Message):
        """The chosen ARNs changed."""

        def __init__(self, selector: IamSelector) -> None:
            super().__init__()
            self.selector = selector

        @property
        def control(self) -> IamSelector:
            return self.selector

    class PageLoaded(Message):
        def __init__(self, entities: list[IamEntity]) -> None:
            super().__init__()
            self.entities = entities

    class LoadEnded(Message):
        def __init__(self, error: str | None) -> None:
            super().__init__()
            self.error = error

    def __init__(
        self, backend: Backend, chosen: Iterable[str] = (), *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.backend = backend
        self.entities: list[IamEntity] = []
        self._listed: dict[str, Listed] = {}
        self.chosen: dict[str, IamEntity | None] = {arn: entity_from_arn(arn) for arn in chosen}
        self.matching = 0
        self.loading_pages = True
        self.error: str | None = None

    @property
    def chosen_arns(self) -> list[str]:
        return list(self.chosen)

    @property
    def filter_text(self) -> str:
        return self.query_one("#iam-filter", Input).value

    def compose(self) -> ComposeResult:
        yield IamFilter(placeholder="Type to filter users and roles", id="iam-filter", compact=True)
        yield MarkedSelectionList[str](id="iam-list", compact=True)
        yield Static(id="iam-more", markup=False)
        yield Static(id="iam-status", markup=False)
        yield Static(id="iam-chosen-title", markup=False)
        yield ChosenEntities(id="iam-chosen", compact=True)

    def on_mount(self) -> None:
        self.fit_to(self.app.size.height)
        self._show_matches()
        self._show_status()
        self._load()

    def fit_to(self, terminal_height: int) -> None:
        """Grow the list with the terminal: more rows to choose from on a taller one."""
        self.query_one("#iam-list").styles.height = list_rows(terminal_height)

    @work(thread=True, exclusive=True, group="iam-entities", exit_on_error=False)
    def _load(self) -> None:
        worker = get_current_worker()
        try:
            for page in self.backend.iam_pages():
                if worker.is_cancelled:
                    return
                self.post_message(self.PageLoaded(page))
        except Exception as error:
            message = explain(error, doing="list the IAM users and roles").message
            self.post_message(self.LoadEnded(message))
            return
        self.post_message(self.LoadEnded(None))

    @on(PageLoaded)
    def _page_loaded(self, message: PageLoaded) -> None:
        message.stop()
        fresh = [Listed.of(e) for e in message.entities if e.arn not in self._listed]
        self.entities.extend(listed.entity for listed in fresh)
        self._listed.update((listed.entity.arn, listed) for listed in fresh)
        self.chosen.update({e.arn: e for e in message.entities if e.arn in self.chosen})
        self._show_matches()
        self._show_status()

    @on(LoadEnded)
    def _load_ended(self, message: LoadEnded) -> None:
        message.stop()
        self.loading_pages = False
        self.error = message.error
        self._show_matches()
        self._show_status()

    @on(Input.Changed, "#iam-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._show_matches()
        self._show_status()

    def on_key(self, event: events.Key) -> None:
        type_into_filter(self.query_one(IamFilter), event)

    @on(Input.Submitted, "#iam-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        focus_now(self.query_one("#iam-list"))

    def _unlisted_chosen(self) -> list[IamEntity]:
        return [
            entity
            for arn, entity in self.chosen.items()
            if entity is not None and arn not in self._listed
        ]

    def _show_matches(self) -> None:
        """Rebuild the list for the current filter: the first MATCH_LIMIT matches, exact
        and prefix matches of the name first, the best one highlighted (or, while the list
        has focus, the one that was)."""
        text = self.filter_text
        words = text.lower().split()
        listing = self.query_one("#iam-list", SelectionList)
        index = listing.highlighted if listing.has_focus else None
        highlighted = listing.get_option_at_index(index).value if index is not None else None
        unlisted = [e for e in self._unlisted_chosen() if entity_matches(e, text)]
        matching = [
            listed.entity
            for listed in self._listed.values()
            if all(word in listed.haystack for word in words)
        ]
        self.matching = len(matching)
        room = max(MATCH_LIMIT - len(unlisted), 0)
        shown = in_match_order(matching, text)[:room]
        listing.clear_options()
        listing.add_options(
            [Selection(entity_prompt(e, False), e.arn, True) for e in unlisted]
            + [Selection(self._listed[e.arn].prompt, e.arn, e.arn in self.chosen) for e in shown]
        )
        self._show_more(len(matching) - len(shown))
        if listing.option_count:
            arns = [e.arn for e in [*unlisted, *shown]]
            listing.highlighted = arns.index(highlighted) if highlighted in arns else 0
        self._show_chosen()

    def _show_more(self, hidden: int) -> None:
        """Say how many matches the list leaves out ("N more — type to narrow")."""
        more = self.query_one("#iam-more", Static)
        more.update(f"{hidden:,} more — type to narrow" if hidden else "")
        more.display = hidden > 0

    @on(SelectionList.SelectionToggled, "#iam-list")
    def _toggled(self, event: SelectionList.SelectionToggled[str]) -> None:
        event.stop()
        arn = event.selection.value
        if arn in self.chosen:
            del self.chosen[arn]
        else:
            listed = self._listed.get(arn)
            self.chosen[arn] = listed.entity if listed is not None else None
        self._show_chosen()
        self.post_message(self.Changed(self))

    @on(ChosenEntities.Removed)
    def _removed(self, message: ChosenEntities.Removed) -> None:
        message.stop()
        self.chosen.pop(message.arn, None)
        if not self.chosen:
            focus_now(self.query_one("#iam-filter"))
        self._show_matches()
        self.post_message(self.Changed(self))

    @on(SelectionList.SelectedChanged, "#iam-list")
    @on(SelectionList.SelectionHighlighted, "#iam-list")
    def _keep_inside(self, event: Message) -> None:
        event.stop()

    def _show_status(self) -> None:
        if self.error is not None:
            text = f"{self.error} Type other ARNs in the account field above."
        else:
            filtered = bool(self.filter_text.strip())
            text = count_text(self.entities, self.matching, filtered, self.loading_pages)
        self.query_one("#iam-status", Static).update(text)

    def _show_chosen(self) -> None:
        title = self.query_one("#iam-chosen-title", Static)
        title.update(f"Selected IAM entities ({len(self.chosen)}) · Delete removes one")
        chosen = self.query_one(ChosenEntities)
        chosen.show(self.chosen)
        title.display = chosen.display = bool(self.chosen)
