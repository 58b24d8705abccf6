"""Step 1 of the walk: choose the region."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.errors import AwsError, explain
from ecr_tui.ui.dialogs.error_modal import ErrorModal
from ecr_tui.ui.messages import OpenRepositories
from ecr_tui.ui.widgets.identity_bar import IdentityBar
from ecr_tui.ui.widgets.key_footer import KeyFooter
from ecr_tui.ui.widgets.paging import ListFilter


def matching_regions(
    regions: list[str], text: str, names: dict[str, str] | None = None
) -> list[str]:
    """The regions whose code or name contains every word typed, in their original order."""
    words = text.lower().split()
    names = names or {}

    def searchable(region: str) -> str:
        return f"{region} {names.get(region, '')}".lower()

    return [region for region in regions if all(word in searchable(region) for word in words)]


class RegionFilter(ListFilter):
    """The filter box; Enter opens the highlighted region, in the order keys were typed."""

    list_id = "region-list"
    BINDINGS = [
        Binding("enter", "submit", "Open region", id="region-open"),
        # Enter typed before the program has the terminal arrives as ctrl+j (a newline).
        Binding("ctrl+j", "submit", show=False),
    ]


class RegionsScreen(Screen[None]):
    """The partition's ECR regions, the backend's region first and highlighted."""

    CSS_PATH = "regions.tcss"

    BINDINGS = [
        Binding("up", "move(-1)", "Previous", show=False),
        Binding("down", "move(1)", "Next", show=False),
        Binding("escape", "clear_filter", "Clear filter", id="region-clear-filter"),
    ]

    class RegionsLoaded(Message):
        def __init__(self, regions: list[str], names: dict[str, str] | None = None) -> None:
            super().__init__()
            self.regions = regions
            self.names = names or {}

    class BackendReady(Message):
        def __init__(self, backend: Backend) -> None:
            super().__init__()
            self.backend = backend

    class Failed(Message):
        def __init__(self, title: str, error: AwsError) -> None:
            super().__init__()
            self.title = title
            self.error = error

    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.backend = backend
        self.regions: list[str] = []
        self.region_names: dict[str, str] = {}
        self.shown: list[str] = []
        self.listed = False
        self.open_when_listed = False
        """Enter came before the list: open the highlighted region once it is listed."""

    def compose(self) -> ComposeResult:
        yield IdentityBar()
        with Vertical(id="regions-body"):
            yield Label("Choose the region of the repository", classes="screen-title")
            yield RegionFilter(
                placeholder="Type to filter regions (code or name, e.g. ireland)",
                id="region-filter",
                compact=True,
            )
            regions = OptionList(id="region-list", markup=False)
            regions.can_focus = False
            yield regions
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(OptionList).loading = True
        self.query_one(Input).focus()
        self._load_regions()

    @work(thread=True, exclusive=True, exit_on_error=False, group="regions")
    def _load_regions(self) -> None:
        try:
            regions = self.backend.regions()
            self.post_message(self.RegionsLoaded(regions, self.backend.region_names()))
        except Exception as error:
            failure = explain(error, doing="list the regions")
            self.post_message(self.Failed("The regions could not be listed", failure))
            self.post_message(self.RegionsLoaded([self.backend.region]))

    @on(RegionsLoaded)
    def _regions_loaded(self, message: RegionsLoaded) -> None:
        self.regions = message.regions
        self.region_names = message.names
        self.listed = True
        self.query_one(OptionList).loading = False
        self._show(matching_regions(self.regions, self.query_one(Input).value, self.region_names))
        if self.open_when_listed:
            self.open_when_listed = False
            self.open_region()

    def _show(self, regions: list[str]) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(
            Option(f"{region:<16} {self.region_names.get(region, '')}", id=region)
            for region in regions
        )
        self.shown = regions
        if regions:
            options.highlighted = 0

    @on(Input.Changed, "#region-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._show(matching_regions(self.regions, event.value, self.region_names))
        self.refresh_bindings()

    @on(Input.Submitted, "#region-filter")
    @on(OptionList.OptionSelected)
    def _chosen(self, event: Input.Submitted | OptionList.OptionSelected) -> None:
        event.stop()
        self.open_region()

    @property
    def highlighted_region(self) -> str | None:
        options = self.query_one(OptionList)
        if options.highlighted is None or not self.shown:
            return None
        return self.shown[options.highlighted]

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if not self.shown:
            return
        current = options.highlighted or 0
        options.highlighted = max(0, min(len(self.shown) - 1, current + step))

    def open_region(self) -> None:
        if not self.listed:
            self.open_when_listed = True
            return
        if self.query_one(OptionList).loading:
            return
        region = self.highlighted_region
        if region is None:
            self.notify("No region matches the filter.", severity="warning")
            return
        if region == self.backend.region:
            self.post_message(OpenRepositories(self.backend))
            return
        self.query_one(OptionList).loading = True
        self._connect_region(region)

    @work(thread=True, exclusive=True, exit_on_error=False, group="open-region")
    def _connect_region(self, region: str) -> None:
        try:
            self.post_message(self.BackendReady(self.backend.with_region(region)))
        except Exception as error:
            failure = explain(error, doing=f"connect to {region}")
            self.post_message(self.Failed(f"Could not open {region}", failure))

    @on(BackendReady)
    def _backend_ready(self, message: BackendReady) -> None:
        self.query_one(OptionList).loading = False
        self.post_message(OpenRepositories(message.backend))

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.open_when_listed = False
        self.query_one(OptionList).loading = False
        self.app.push_screen(ErrorModal(message.title, message.error.message))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            return any(box.value for box in self.query(Input))
        return True

    def action_clear_filter(self) -> None:
        self.query_one(Input).value = ""
