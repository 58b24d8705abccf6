"""The reading of one policy into a screen: in a worker, busy meanwhile, and said when it fails."""

from __future__ import annotations

from textual import on, work
from textual.message import Message
from textual.screen import Screen

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.errors import explain
from ecr_tui.aws.models import LivePolicy
from ecr_tui.aws.policy_target import PolicyTarget
from ecr_tui.ui.dialogs.error_modal import ErrorModal


class PolicyReading(Screen[None]):
    """Reads the policy of `target` through `backend` and hands it to `show_policy`.

    While it reads, `#permissions-body` shows the loading indicator and the screen's keys
    are asked again (`busy` turns the writes off)."""

    class PolicyLoaded(Message):
        def __init__(self, live: LivePolicy) -> None:
            super().__init__()
            self.live = live

    class LoadFailed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, backend: Backend, target: PolicyTarget) -> None:
        super().__init__()
        self.backend = backend
        self.target = target
        self.busy = False
        self.announce_load = False

    @property
    def policy_description(self) -> str:
        """The policy as a sentence names it: "the policy of payments/ledger"."""
        raise NotImplementedError

    def show_policy(self, live: LivePolicy) -> None:
        """Start a new edit session on `live`, a policy just read."""
        raise NotImplementedError

    def show_unreadable(self) -> None:
        """Say on the screen that the policy could not be read (a dialog says why)."""

    def set_busy(self, busy: bool) -> None:
        """Show the loading indicator and turn the writes off while AWS is being called."""
        self.busy = busy
        self.query_one("#permissions-body").loading = busy
        self.refresh_bindings()

    def load(self, *, announce: bool = False) -> None:
        """Read the policy again; `announce` says so once it is read."""
        self.announce_load = announce
        self.set_busy(True)
        self._load_policy()

    @work(thread=True, exclusive=True, group="policy-load", exit_on_error=False)
    def _load_policy(self) -> None:
        try:
            live = self.target.read(self.backend)
        except Exception as error:
            self.post_message(self.LoadFailed(explain(error, doing="read the policy").message))
            return
        self.post_message(self.PolicyLoaded(live))

    @on(PolicyLoaded)
    def _policy_loaded(self, message: PolicyLoaded) -> None:
        self.set_busy(False)
        self.show_policy(message.live)
        document = message.live.document
        self.announce_read(len(document.statements) if document else 0)

    def announce_read(self, statements: int) -> None:
        """Say how many statements were read, once, when a reload asked for it."""
        if not self.announce_load:
            return
        self.announce_load = False
        plural = "" if statements == 1 else "s"
        said = f"{statements} statement{plural}" if statements else "no policy"
        self.notify(f"Reloaded {self.policy_description}: {said}.", markup=False)

    @on(LoadFailed)
    def _load_failed(self, message: LoadFailed) -> None:
        self.set_busy(False)
        self.announce_load = False
        self.show_unreadable()
        self.app.push_screen(ErrorModal("The policy could not be read", message.text))
