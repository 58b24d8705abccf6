"""What the save and statement flows need of a screen that edits one policy."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from textual.app import App
from textual.timer import Timer
from textual.worker import Worker

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.models import LivePolicy
from ecr_tui.aws.policy_target import PolicyTarget
from ecr_tui.policy.statements import StatementView
from ecr_tui.service.edit_session import EditSession


class PolicyEditorHost(Protocol):
    """A screen with an edit session over the policy of a `target` (a repository's, the
    registry's): the flows open their dialogs over it and tell it what changed."""

    @property
    def app(self) -> App[object]: ...

    @property
    def backend(self) -> Backend: ...

    @property
    def session(self) -> EditSession | None:
        """The edits since the policy was read (None until it is)."""
        ...

    @property
    def target(self) -> PolicyTarget:
        """What is read and written."""
        ...

    @property
    def account(self) -> str | None:
        """The account the policy belongs to, when known."""
        ...

    @property
    def current(self) -> StatementView | None:
        """The statement under the cursor."""
        ...

    def run_worker(
        self,
        work: Callable[[], None],
        name: str | None = "",
        group: str = "default",
        description: str = "",
        exit_on_error: bool = True,
        start: bool = True,
        exclusive: bool = False,
        thread: bool = False,
    ) -> Worker[Any]: ...

    def set_interval(self, interval: float, callback: Callable[[], object] | None = None) -> Timer:
        """`callback` every `interval` seconds while the screen is open."""
        ...

    def set_busy(self, busy: bool) -> None:
        """Turn the writes off (and show that AWS is being called) while `busy`."""

    def load(self) -> None:
        """Read the policy again and start a new edit session on it."""

    def show_policy(self, live: LivePolicy) -> None:
        """Start a new edit session on `live`, a policy just read (after a save)."""

    def after_edit(self, note: str = "", *, cursor_at_end: bool = False) -> None:
        """Show the session's working document after an edit; `note` says what was done."""

    def action_save(self) -> None:
        """Start saving the session's edits."""
