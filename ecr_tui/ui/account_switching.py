"""The app's accounts: the name of the one signed in to, and switching to another account of
the organisation through its role (the picker, then the repository list there)."""

from __future__ import annotations

from dataclasses import replace

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.errors import explain
from ecr_tui.aws.organization import DEFAULT_ROLE_NAME, Account, OrganizationDirectory
from ecr_tui.policy.organization_boundary import OrganizationBoundary
from ecr_tui.ui.switching_host import SwitchingHost
from ecr_tui.ui.widgets.identity_bar import SessionInfo


class AccountSwitcher:
    """One per app. The directory is the home credentials' (the profile's, or the demo's):
    every role is assumed from there, and the names it read are kept until the profile changes."""

    def __init__(
        self,
        app: SwitchingHost,
        *,
        role_name: str = DEFAULT_ROLE_NAME,
        external_id: str | None = None,
    ) -> None:
        self.app = app
        self.role_name = role_name
        self.external_id = external_id
        self.directory = self._directory(app.backend)

    def _directory(self, backend: Backend) -> OrganizationDirectory:
        return OrganizationDirectory(
            backend, role_name=self.role_name, external_id=self.external_id
        )

    def reset(self, backend: Backend) -> None:
        """A new profile: another organisation, perhaps."""
        self.directory = self._directory(backend)

    def boundary(self) -> OrganizationBoundary | None:
        """The organisation's boundary, None when Organizations cannot be read (blocks: call it
        from a worker)."""
        organization = self.directory.try_organization()
        return organization.boundary if organization else None

    def known_boundary(self) -> OrganizationBoundary | None:
        """The boundary when the organisation was read already; never waits."""
        organization = self.directory.known_organization()
        return organization.boundary if organization else None

    def fill_name(self, account: str) -> None:
        """Show the account's name in the header once Organizations has said it."""
        directory = self.directory

        def look_up() -> None:
            name = directory.names().get(account)
            if name:
                self.app.call_from_thread(self._named, account, name)

        self.app.run_worker(look_up, thread=True, group="account-name", exit_on_error=False)

    def _named(self, account: str, name: str) -> None:
        info = self.app.session_info
        if info is not None and info.account == account:
            self.app.session_info = replace(info, account_name=name)

    def open_picker(self) -> None:
        from ecr_tui.ui.screens.account_picker import AccountPicker

        current = self.app.session_info.account if self.app.session_info else None
        self.app.push_screen(AccountPicker(self.directory, current), self._chosen)

    def _chosen(self, account: Account | None) -> None:
        if account is None:
            return
        directory, region = self.directory, self.app.backend.region
        self.app.notify(f"Signing in to {account.label}…", markup=False)

        def open_account() -> None:
            try:
                backend = directory.backend_for(account.id, region).connect()
            except Exception as error:
                failure = explain(error, doing=f"open account {account.label}")
                self.app.call_from_thread(self.app.show_error, f"Account {account.label}", failure)
                return
            self.app.call_from_thread(self._opened, backend, account)

        self.app.run_worker(
            open_account, thread=True, exclusive=True, group="account", exit_on_error=False
        )

    def _opened(self, backend: Backend, account: Account) -> None:
        from ecr_tui.ui.screens.repositories import RepositoriesScreen

        app = self.app
        while len(app.screen_stack) > 1:
            app.pop_screen()
        app.backend = backend
        app.session_info = replace(
            SessionInfo.of(backend), account=account.id, account_name=account.name or None
        )
        app.push_screen(RepositoriesScreen(backend))
        app.load_identity()
        app.notify(f"Switched to account {account.label}.", markup=False)
