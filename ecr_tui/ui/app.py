"""The application: who and where, the walk from region to repository, help and profiles."""

from __future__ import annotations

import gc
from collections.abc import Collection, Iterable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.reactive import var
from textual.screen import Screen

from ecr_tui.aws.backend import FALLBACK_REGION_NOTE, Backend
from ecr_tui.aws.errors import AwsError, explain
from ecr_tui.aws.models import Identity
from ecr_tui.aws.organization import DEFAULT_ROLE_NAME
from ecr_tui.policy.safe_text import visible
from ecr_tui.ui.account_switching import AccountSwitcher
from ecr_tui.ui.dialogs.error_modal import ErrorModal
from ecr_tui.ui.messages import AuditEveryAccount, OpenRepositories, ShowRegions
from ecr_tui.ui.profile_switching import ProfileSwitcher
from ecr_tui.ui.repository_loading import ListingFinished, PageLoaded
from ecr_tui.ui.screens.regions import RegionsScreen
from ecr_tui.ui.screens.repositories import RepositoriesScreen
from ecr_tui.ui.theme_memory import ThemeMemory
from ecr_tui.ui.widgets.identity_bar import SessionInfo

if TYPE_CHECKING:
    from ecr_tui.service.backups import BackupStore


class EcrPolicyApp(App[None]):
    """Opens on the regions, or on the repositories when the backend names a region."""

    TITLE = "ecr-tui"
    CSS_PATH = "app.tcss"
    NOTIFICATION_TIMEOUTS: ClassVar[dict[SeverityLevel, float]] = {
        "information": 3,
        "warning": 6,
        "error": 8,
    }
    """Seconds a short toast stays, unless the caller says otherwise; a click removes it."""
    TOAST_LINE = 40
    """Characters on a line of a toast; toasts longer than two lines stay a second per line more."""

    BINDINGS = [
        Binding("f1", "help", "Help", id="help"),
        Binding("question_mark", "help", "Help", show=False, key_display="?", id="help-alt"),
        Binding("f2,p", "switch_profile", "Profile", show=False, id="switch-profile"),
        Binding("O", "switch_account", "Account", show=False, id="switch-account"),
    ]

    session_info: var[SessionInfo | None] = var(None)
    """Who and where, for every IdentityBar."""

    class IdentityLoaded(Message):
        def __init__(self, generation: int, identity: Identity | None, error: AwsError | None):
            super().__init__()
            self.generation = generation
            self.identity = identity
            self.error = error

    def __init__(
        self,
        backend: Backend,
        backups: BackupStore | None = None,
        *,
        role_name: str = DEFAULT_ROLE_NAME,
        external_id: str | None = None,
        theme: str | None = None,
        remember_theme: bool = False,
        trusted_accounts: Collection[str] = (),
    ) -> None:
        super().__init__()
        self._theme_memory = ThemeMemory(self, theme, remember=remember_theme)
        """The theme of config.toml; with `remember_theme`, the one picked is written there."""
        self.backend = backend
        """The backend of the current profile, account and region; screens read it."""
        self.trusted_accounts = tuple(trusted_accounts)
        """Accounts whose access the audit and the policy column do not report (config.toml)."""
        self.accounts = AccountSwitcher(self, role_name=role_name, external_id=external_id)
        self.profiles = ProfileSwitcher(self)
        self.backups = backups
        self.identity: Identity | None = None
        self._identity_generation = 0
        self._announce_identity_failure = True
        self._quit_question: Screen[bool] | None = None

    def on_mount(self) -> None:
        # What exists now lives as long as the app: keep it out of every garbage collection,
        # which would otherwise walk it again and again while thousands of rows are added.
        gc.freeze()
        self._theme_memory.start()
        self.session_info = SessionInfo.of(self.backend)
        if self.backend.settings.region:
            # The regions come back on demand (`r`, Escape): see `_show_regions`.
            # Who is signed in is asked once the list has its first answer, which comes first.
            self.push_screen(RepositoriesScreen(self.backend))
        else:
            self._load_identity()
            self.push_screen(RegionsScreen(self.backend))
            self.note_fallback_region(self.backend)

    def note_fallback_region(self, backend: Backend) -> None:
        """Say so when no region was configured and the default one is used."""
        if backend.region_is_fallback:
            self.notify(f"{FALLBACK_REGION_NOTE[0].upper()}{FALLBACK_REGION_NOTE[1:]}.")

    @on(PageLoaded)
    @on(ListingFinished)
    def _repositories_answered(self, message: PageLoaded | ListingFinished) -> None:
        if self._identity_generation == 0:
            # A listing that failed has put up its error; the same cause needs no second one.
            failed = isinstance(message, ListingFinished) and message.error is not None
            self._load_identity(announce_failure=not failed)

    def on_unmount(self) -> None:
        gc.unfreeze()

    def on_resize(self, event: events.Resize) -> None:
        # Rich asks the terminal for its size on every measurement unless it is told;
        # a table of thousands of rows measures every cell.
        self.console.size = (event.size.width, event.size.height)

    def set_backend(self, backend: Backend) -> None:
        """Make `backend` the current one (same credentials, perhaps another region)."""
        self.backend = backend
        if self.session_info is not None:
            self.session_info = replace(
                self.session_info, region=backend.region, read_only=backend.read_only
            )

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        if any(n.message == message and n.title == title for n in self._notifications):
            return  # said already and still on the screen: once is clear, twice is noise
        if timeout is None:
            lines_more = max(0, len(title) + len(message) - 2 * self.TOAST_LINE) / self.TOAST_LINE
            timeout = self.NOTIFICATION_TIMEOUTS[severity] + lines_more
        message, title = visible(message, keep_lines=True), visible(title)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def show_error(self, title: str, error: AwsError | str) -> None:
        """An error that must be read, in a scrollable, copyable modal."""
        self.push_screen(ErrorModal(title, error if isinstance(error, str) else error.message))

    def load_identity(self) -> None:
        """Ask again who is signed in (another account now)."""
        self._load_identity()

    def _load_identity(self, *, announce_failure: bool = True) -> None:
        self._announce_identity_failure = announce_failure
        self._identity_generation += 1
        self.identity = None
        self._read_identity(self._identity_generation, self.backend)

    @work(thread=True, exclusive=True, exit_on_error=False, group="identity")
    def _read_identity(self, generation: int, backend: Backend) -> None:
        try:
            self.post_message(self.IdentityLoaded(generation, backend.identity(), None))
        except Exception as error:
            failure = explain(error, doing="find out who you are signed in as")
            self.post_message(self.IdentityLoaded(generation, None, failure))

    @on(IdentityLoaded)
    def _identity_loaded(self, message: IdentityLoaded) -> None:
        if message.generation != self._identity_generation or self.session_info is None:
            return
        self.identity = message.identity
        if message.identity is not None:
            identity = message.identity
            self.session_info = replace(
                self.session_info, account=identity.account, arn=identity.arn
            )
            if not self.session_info.account_name:
                self.accounts.fill_name(identity.account)
        elif message.error is not None:
            self.session_info = replace(self.session_info, error=message.error.message)
            if self._announce_identity_failure:
                self.push_screen(ErrorModal("Not signed in", message.error.message))

    @on(OpenRepositories)
    def _open_repositories(self, message: OpenRepositories) -> None:
        self.set_backend(message.backend)
        self.push_screen(RepositoriesScreen(message.backend))

    @on(AuditEveryAccount)
    def _audit_every_account(self, message: AuditEveryAccount) -> None:
        from ecr_tui.ui.screens.organization_audit import OrganizationAuditScreen

        directory = self.accounts.directory
        audit = OrganizationAuditScreen(directory, message.backend, all_regions=message.all_regions)
        self.switch_screen(audit)

    @on(ShowRegions)
    def _show_regions(self, message: ShowRegions) -> None:
        if self._identity_generation == 0:  # left the first list before it answered
            self._load_identity()
        while len(self.screen_stack) > 1 and not isinstance(self.screen, RegionsScreen):
            self.pop_screen()
        if not isinstance(self.screen, RegionsScreen):
            self.push_screen(RegionsScreen(self.backend))

    async def action_quit(self) -> None:
        """Quit at once, unless a screen holds unsaved edits: then ask as Escape does."""
        from ecr_tui.ui.dialogs.confirm import ConfirmModal
        from ecr_tui.ui.unsaved import LEAVE_QUESTION, leave_text, unsaved_of

        held = unsaved_of(self.screen_stack)
        if not held:
            self.exit()
        elif self.screen is not self._quit_question:  # asked already: y or n answers it
            question = ConfirmModal(LEAVE_QUESTION, leave_text(held), yes="Quit", danger=True)
            self._quit_question = question
            self.push_screen(question, lambda yes: self.exit() if yes else None)

    def action_help(self) -> None:
        from ecr_tui.ui.screens.help import HelpScreen, keys_of

        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        rows = keys_of(screen.active_bindings, self.get_key_display)
        name = screen.title or type(screen).__name__.removesuffix("Screen")
        self.push_screen(HelpScreen(name, rows))

    def action_switch_profile(self) -> None:
        self.profiles.switch()

    def action_switch_account(self) -> None:
        self.accounts.open_picker()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "switch_account":
            return isinstance(self.screen, RegionsScreen | RepositoriesScreen)
        return True

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The palette offers every enabled key of the current screen, and the usual ones."""
        from ecr_tui.ui.screens.help import is_listed

        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not active.enabled or not is_listed(active):
                continue
            if binding.description in seen:
                continue
            seen.add(binding.description)
            run = partial(self.run_action, binding.action, active.node)
            yield SystemCommand(binding.description, f"key: {self.get_key_display(binding)}", run)
        for command in super().get_system_commands(screen):
            if command.title not in seen:
                yield command
