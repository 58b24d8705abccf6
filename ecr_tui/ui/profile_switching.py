"""Switching the app to another AWS profile: the picker, then the regions of that profile."""

from __future__ import annotations

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.errors import explain
from ecr_tui.ui.switching_host import SwitchingHost
from ecr_tui.ui.widgets.identity_bar import SessionInfo

DEMO_PROFILE_NOTE = (
    "The demo has no AWS profiles, so there is no profile to switch to: O switches between "
    "its made-up organisation's accounts. Run ecr-tui without --demo to use your profiles."
)
STATIC_PROFILE_NOTE = (
    "The credentials were given directly, not by a profile, so there is no profile to switch to."
)
ELSEWHERE_PROFILE_NOTE = (
    "Switch profile from the regions, repositories or permissions screen: finish or leave "
    "this one first."
)


class ProfileSwitcher:
    """One per app: says why there is no profile to switch to, or offers the profiles."""

    def __init__(self, app: SwitchingHost) -> None:
        self.app = app

    def switch(self) -> None:
        """Offer the profiles, once the current screen may be left."""
        from ecr_tui.ui.screens.permissions import PermissionsScreen
        from ecr_tui.ui.screens.regions import RegionsScreen
        from ecr_tui.ui.screens.repositories import RepositoriesScreen

        app = self.app
        settings = app.backend.settings
        screen = app.screen
        if settings.demo:
            app.notify(DEMO_PROFILE_NOTE, title="Profile", markup=False)
        elif settings.static_credentials:
            app.notify(STATIC_PROFILE_NOTE, title="Profile", markup=False)
        elif isinstance(screen, PermissionsScreen) and screen.session and screen.session.dirty:
            screen._confirm_discard("Switch profile and discard your edits?", self._pick)
        elif isinstance(screen, RegionsScreen | RepositoriesScreen | PermissionsScreen):
            self._pick()
        else:
            app.notify(ELSEWHERE_PROFILE_NOTE, title="Profile", markup=False)

    def _pick(self) -> None:
        from ecr_tui.ui.screens.profile_picker import ProfilePicker

        self.app.push_screen(ProfilePicker(self.app.backend), self._chosen)

    def _chosen(self, profile: str | None) -> None:
        backend = self.app.backend
        if profile is None or profile == (backend.settings.profile or "default"):
            return

        def open_profile() -> None:
            try:
                opened = backend.with_profile(profile).connect()
            except Exception as error:
                failure = explain(error, doing=f"open the profile {profile!r}", profile=profile)
                self.app.call_from_thread(self.app.show_error, f"Profile {profile}", failure)
                return
            self.app.call_from_thread(self._opened, opened)

        self.app.run_worker(
            open_profile, thread=True, exclusive=True, group="profile", exit_on_error=False
        )

    def _opened(self, backend: Backend) -> None:
        from ecr_tui.ui.screens.regions import RegionsScreen

        app = self.app
        while len(app.screen_stack) > 1:
            app.pop_screen()
        app.backend = backend
        app.accounts.reset(backend)
        app.session_info = SessionInfo.of(backend)
        app.load_identity()
        app.push_screen(RegionsScreen(backend))
        app.notify(f"Switched to the profile {backend.settings.profile_label}.", markup=False)
        app.note_fallback_region(backend)
