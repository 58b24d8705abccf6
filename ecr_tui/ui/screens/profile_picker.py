"""Choose another profile of the person's AWS config."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, OptionList
from textual.widgets.option_list import Option

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.errors import AwsError, explain


class ProfileList(OptionList):
    BINDINGS = [Binding("enter", "select", "Use profile", id="profile-choose")]


class ProfilePicker(ModalScreen[str | None]):
    """Dismisses with the chosen profile name, or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="profile-cancel"),
    ]

    DEFAULT_CSS = """
    ProfilePicker {
        align: center middle;
    }
    ProfilePicker > #profile-box {
        width: 60;
        max-width: 95%;
        height: auto;
        max-height: 80%;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }
    ProfilePicker #profile-title {
        text-style: bold;
        margin-bottom: 1;
    }
    ProfilePicker OptionList {
        height: auto;
        max-height: 14;
        min-height: 3;
    }
    """

    class ProfilesLoaded(Message):
        def __init__(self, profiles: list[str]) -> None:
            super().__init__()
            self.profiles = profiles

    class ProfilesFailed(Message):
        def __init__(self, error: AwsError) -> None:
            super().__init__()
            self.error = error

    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.backend = backend
        self.current = backend.settings.profile or "default"

    def compose(self) -> ComposeResult:
        with Vertical(id="profile-box"):
            yield Label("Switch to the AWS profile", id="profile-title")
            yield ProfileList(id="profile-list", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).loading = True
        self._load_profiles()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load_profiles(self) -> None:
        try:
            self.post_message(self.ProfilesLoaded(self.backend.available_profiles()))
        except Exception as error:
            self.post_message(self.ProfilesFailed(explain(error, doing="read your AWS profiles")))

    @on(ProfilesLoaded)
    def _show_profiles(self, message: ProfilesLoaded) -> None:
        options = self.query_one(OptionList)
        options.loading = False
        options.focus()
        if not message.profiles:
            options.add_option(Option("No profiles in your AWS config", disabled=True))
            return
        for name in message.profiles:
            marker = "  (current)" if name == self.current else ""
            options.add_option(Option(f"{name}{marker}", id=name))
        if self.current in message.profiles:
            options.highlighted = message.profiles.index(self.current)
        else:
            options.highlighted = 0

    @on(ProfilesFailed)
    def _show_failure(self, message: ProfilesFailed) -> None:
        options = self.query_one(OptionList)
        options.loading = False
        options.add_option(Option(message.error.message, disabled=True))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None and not event.option.disabled:
            self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
