"""A live, filterable list of the account's IAM users and roles to pick principals from."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual import on, work
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
from ecr_tui.aws.models import IamEntity, IamKind
from ecr_tui.policy.principals import PrincipalKind, classify
from ecr_tui.policy.safe_text import visible
from ecr_tui.ui.widgets.toggles import MarkedSelectionList


def entity_from_arn(arn: str) -> IamEntity | None:
    """The user or role an ARN names, when it names one."""
    principal = classify("AWS", arn)
    if principal.kind is PrincipalKind.USER:
        return IamEntity(IamKind.USER, principal.name or "", principal.path, arn)
    if principal.kind is PrincipalKind.ROLE:
        return IamEntity(IamKind.ROLE, principal.name or "", principal.path, arn)
    return None


MATCH_LIMIT = 200
"""The list shows at most this many matches; typing narrows the rest."""


def search_text(entity: IamEntity) -> str:
    """What the filter searches: the entity's kind, path and name, in lower case."""
    return f"{entity.kind.value} {entity.path_and_name}".lower()


def entity_matches(entity: IamEntity, text: str) -> bool:
    """True when every word typed appears in the entity's kind, path and name."""
    haystack = search_text(entity)
    return all(word in haystack for word in text.lower().split())


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


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


class IamFilter(Input):
    """The filter box; Down moves into the list, where Space selects."""

    BINDINGS = [Binding("down", "into_list", "To the list", show=False)]

    def action_into_list(self) -> None:
        if self.parent is not None:
            self.parent.query_one("#iam-list").focus()


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
    IamSelector > #iam-chosen {
        height: auto;
        max-height: 4;
        color: $text-success;
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
        self._more = 0
        self.chosen: dict[str, IamEntity | None] = {arn: entity_from_arn(arn) for arn in chosen}
        self.loading_pages = True
        self.error: str | None = None

    @property
    def chosen_arns(self) -> list[str]:
        return list(self.chosen)

    def compose(self) -> ComposeResult:
        yield IamFilter(placeholder="Type to filter users and roles", id="iam-filter", compact=True)
        yield MarkedSelectionList[str](id="iam-list", compact=True)
        yield Static(id="iam-more", markup=False)
        yield Static(id="iam-status", markup=False)
        yield Static(id="iam-chosen", markup=False)

    def on_mount(self) -> None:
        self._show_matches()
        self._show_status()
        self._load()

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
        if any(listed.entity.arn in self.chosen for listed in fresh):
            self.chosen.update({e.arn: e for e in message.entities if e.arn in self.chosen})
            self._show_matches()
        else:
            words = self.query_one("#iam-filter", Input).value.lower().split()
            matching = [listed for listed in fresh if self._matches(listed, words)]
            listing = self.query_one("#iam-list", SelectionList)
            room = max(MATCH_LIMIT - listing.option_count, 0)
            listing.add_options(
                Selection(listed.prompt, listed.entity.arn, False) for listed in matching[:room]
            )
            self._show_more(self._more + len(matching[room:]))
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

    @on(Input.Submitted, "#iam-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#iam-list").focus()

    def _unlisted_chosen(self) -> list[IamEntity]:
        return [
            entity
            for arn, entity in self.chosen.items()
            if entity is not None and arn not in self._listed
        ]

    @staticmethod
    def _matches(listed: Listed, words: list[str]) -> bool:
        return all(word in listed.haystack for word in words)

    def _show_matches(self) -> None:
        """Rebuild the list for the current filter (the first MATCH_LIMIT matches)."""
        text = self.query_one("#iam-filter", Input).value
        words = text.lower().split()
        listing = self.query_one("#iam-list", SelectionList)
        highlighted = listing.highlighted
        listing.clear_options()
        unlisted = [e for e in self._unlisted_chosen() if entity_matches(e, text)]
        matching = [listed for listed in self._listed.values() if self._matches(listed, words)]
        room = max(MATCH_LIMIT - len(unlisted), 0)
        listing.add_options(
            [Selection(entity_prompt(e, False), e.arn, True) for e in unlisted]
            + [
                Selection(listed.prompt, listed.entity.arn, listed.entity.arn in self.chosen)
                for listed in matching[:room]
            ]
        )
        self._show_more(len(matching[room:]))
        if listing.option_count:
            listing.highlighted = min(highlighted or 0, listing.option_count - 1)
        self._show_chosen()

    def _show_more(self, hidden: int) -> None:
        """Say how many matches the list leaves out ("N more — type to narrow")."""
        self._more = hidden
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

    @on(SelectionList.SelectedChanged, "#iam-list")
    @on(SelectionList.SelectionHighlighted, "#iam-list")
    def _keep_inside(self, event: Message) -> None:
        event.stop()

    def _show_status(self) -> None:
        users = sum(e.kind is IamKind.USER for e in self.entities)
        roles = len(self.entities) - users
        counted = f"{plural(users, 'user')}, {plural(roles, 'role')}"
        if self.error is not None:
            text = f"{self.error} Type other ARNs in the account field above."
        elif self.loading_pages:
            text = f"Loading users and roles… {counted} so far"
        else:
            text = f"{counted} · ↓ to the list, Space selects"
        self.query_one("#iam-status", Static).update(text)

    def _show_chosen(self) -> None:
        names = [
            f"{entity.kind.value} {entity.path_and_name}" if entity is not None else arn
            for arn, entity in self.chosen.items()
        ]
        chosen = self.query_one("#iam-chosen", Static)
        chosen.update(f"Selected ({len(names)}): {', '.join(names)}")
        chosen.display = bool(names)
