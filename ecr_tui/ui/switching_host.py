"""What switching to another profile or account needs of the app, so neither switcher
imports the app that holds it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from textual.screen import Screen

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.errors import AwsError
from ecr_tui.policy.organization_boundary import OrganizationBoundary
from ecr_tui.ui.widgets.identity_bar import SessionInfo


class AccountsHost(Protocol):
    """The app's account switcher, as the profile switcher sees it."""

    def reset(self, backend: Backend) -> None: ...

    def boundary(self) -> OrganizationBoundary | None: ...


class SwitchingHost(Protocol):
    """The app, as the profile and account switchers see it."""

    backend: Backend

    @property
    def accounts(self) -> AccountsHost: ...

    @property
    def session_info(self) -> SessionInfo | None: ...

    @session_info.setter
    def session_info(self, value: SessionInfo | None) -> None: ...

    @property
    def screen(self) -> Screen[object]: ...

    @property
    def screen_stack(self) -> list[Screen[Any]]: ...

    def notify(self, message: str, *, title: str = "", markup: bool = True) -> None: ...

    def push_screen(self, screen: Any, callback: Any = None) -> Any: ...

    def pop_screen(self) -> Any: ...

    def run_worker(
        self,
        work: Callable[[], None],
        name: str | None = ...,
        group: str = ...,
        description: str = ...,
        exit_on_error: bool = ...,
        start: bool = ...,
        exclusive: bool = ...,
        thread: bool = ...,
    ) -> Any: ...

    def call_from_thread(self, callback: Callable[..., Any], *args: Any) -> Any: ...

    def show_error(self, title: str, error: AwsError | str) -> None: ...

    def load_identity(self) -> None: ...

    def note_fallback_region(self, backend: Backend) -> None: ...
