"""What happens around a save: confirm the diff, then act on each outcome of the save."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial

from textual.app import App
from textual.timer import Timer

from ecr_tui.aws.errors import AwsError, explain
from ecr_tui.aws.models import LivePolicy
from ecr_tui.policy.diff import unified_diff
from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.edits import rebase
from ecr_tui.policy.equivalence import documents_equivalent
from ecr_tui.policy.organization_boundary import OrganizationBoundary
from ecr_tui.service.backups import BackupStore
from ecr_tui.service.preview import (
    Preview,
    ReadOnly,
    merged_preview,
    preview,
    ranked_by_boundary,
)
from ecr_tui.service.saving import (
    SaveOutcome,
    SaveProgress,
    SaveRequest,
    SaveResult,
    save_policy,
)
from ecr_tui.ui.dialogs.confirm import ConfirmModal
from ecr_tui.ui.dialogs.conflict import ConflictChoice, ConflictScreen
from ecr_tui.ui.dialogs.error_modal import ErrorModal
from ecr_tui.ui.dialogs.save_confirm import SaveConfirm
from ecr_tui.ui.policy_editor import PolicyEditorHost

STILL_WAITING_SECONDS = 3.0
"""While a save takes longer than this, the step it is waiting on is shown, and again as often."""


class SaveFlow:
    """Drives the save dialogs of one policy-editing screen."""

    def __init__(self, screen: PolicyEditorHost) -> None:
        self.screen = screen
        self.phase = "Saving…"
        self._waiting: Timer | None = None
        self._waited = 0.0

    @property
    def app(self) -> App[object]:
        return self.screen.app

    def start(self) -> None:
        """The save dialog, at once; the live policy is read again meanwhile, so a change
        made by someone else since loading shows before anything is confirmed."""
        session = self.screen.session
        if session is None:
            return
        shown = self._preview(lambda: self._session_preview(session.save_request()))
        if shown is None:
            return
        modal = SaveConfirm(shown, checking=True)

        def confirmed(yes: bool | None) -> None:
            if yes and self.screen.session is session:
                self.send(shown.request)

        # What the toasts said came before; they must not cover what this dialog says.
        self.app.clear_notifications()
        self.app.push_screen(modal, confirmed)
        self.screen.run_worker(
            partial(self._read_live, modal),
            thread=True,
            exclusive=True,
            group="policy-live-check",
            exit_on_error=False,
        )

    def _session_preview(self, request: SaveRequest) -> Preview:
        session, target, account = self.screen.session, self.screen.target, self.screen.account
        shown = preview(self.screen.backend, request, target=target, own_account=account)
        shown = session.refine(shown) if session is not None else shown
        return ranked_by_boundary(shown, self._known_boundary())

    def _known_boundary(self) -> OrganizationBoundary | None:
        accounts = getattr(self.app, "accounts", None)
        return accounts.known_boundary() if accounts is not None else None

    def _preview(self, make: Callable[[], Preview]) -> Preview | None:
        """The preview `make` makes, or None once an error dialog says why there is none."""
        try:
            return make()
        except ReadOnly as refusal:
            self.app.notify(str(refusal), title="Read-only", markup=False)
        except AwsError as error:
            self.app.push_screen(ErrorModal("The policy cannot be checked", error.message))
        return None

    def _read_live(self, modal: SaveConfirm) -> None:
        try:
            live: LivePolicy | str = self.screen.target.read(self.screen.backend)
        except Exception as error:
            live = explain(error, doing="read the live policy").message
        self.app.call_from_thread(self._live_read, modal, live)

    def _live_read(self, modal: SaveConfirm, live: LivePolicy | str) -> None:
        session = self.screen.session
        if session is None or modal not in self.app.screen_stack:
            return  # the dialog was closed meanwhile
        if modal is not self.app.screen:  # help is open over it: it must not vanish unseen
            modal.live_checked()
            return
        if isinstance(live, str):
            modal.live_checked(f"{live} Saving checks it again before writing.")
        elif documents_equivalent(live.document, session.baseline):
            modal.live_checked()
        else:
            modal.dismiss(None)
            request = session.save_request()
            message = (
                f"Someone else changed the policy of {session.repository} since it was "
                "loaded. Nothing has been written."
            )
            self._ask_about_conflict(request, message, live.document)

    def _ask_about_conflict(
        self, request: SaveRequest, message: str, live: PolicyDocument | None
    ) -> None:
        """How the live policy differs from the one loaded, and what to do about it."""
        diff = unified_diff(
            request.baseline, live, before_label="policy when loaded", after_label="live policy now"
        )
        rebased = rebase(request.edits, live or PolicyDocument.empty())

        def chosen(choice: ConflictChoice | None) -> None:
            if choice is ConflictChoice.REAPPLY:
                self._confirm_merged(request, live)
            elif choice is ConflictChoice.DISCARD:
                self.screen.load()

        modal = ConflictScreen(message, diff, list(rebased.conflicts))
        self.app.push_screen(modal, chosen)

    def _confirm_merged(self, request: SaveRequest, live: PolicyDocument | None) -> None:
        """My edits re-applied onto the live policy: show that diff and ask before writing."""
        target, account = self.screen.target, self.screen.account
        backend = self.screen.backend
        shown = self._preview(
            lambda: ranked_by_boundary(
                merged_preview(backend, request, live, target=target, own_account=account),
                self._known_boundary(),
            )
        )
        if shown is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.send(shown.request)

        self.app.push_screen(SaveConfirm(shown), confirmed)

    def send(self, request: SaveRequest) -> None:
        """Run the save transaction in a thread worker; `finished` gets the result."""
        self.screen.set_busy(True)
        self.phase, self._waited = "Saving…", 0.0
        self._waiting = self.screen.set_interval(STILL_WAITING_SECONDS, self._still_waiting)
        self.screen.run_worker(
            partial(self._save, request),
            thread=True,
            exclusive=True,
            group="policy-save",
            exit_on_error=False,
        )

    def _save(self, request: SaveRequest) -> None:
        backups = getattr(self.app, "backups", None) or BackupStore()
        progress = SaveProgress(on_phase=partial(self.app.call_from_thread, self._set_phase))
        try:
            result = save_policy(
                self.screen.backend, request, backups, progress=progress, target=self.screen.target
            )
        except Exception as error:
            result = SaveResult(SaveOutcome.FAILED, f"Could not save the policy: {error}")
        self.app.call_from_thread(self.finished, request, result)

    def _set_phase(self, text: str) -> None:
        self.phase = text

    def _still_waiting(self) -> None:
        self._waited += STILL_WAITING_SECONDS
        message = f"{self.phase} (waiting for AWS, {self._waited:.0f} s)"
        self.app.notify(message, title="Saving", timeout=STILL_WAITING_SECONDS, markup=False)

    def finished(self, request: SaveRequest, result: SaveResult) -> None:
        self.screen.set_busy(False)
        if self._waiting is not None:
            self._waiting.stop()
            self._waiting = None
        match result.outcome:
            case SaveOutcome.SAVED | SaveOutcome.DELETED | SaveOutcome.UNCHANGED:
                self._succeeded(result)
            case SaveOutcome.INVALID:
                text = "\n".join(str(p) for p in result.problems) or result.message
                self.app.push_screen(ErrorModal(result.message, text))
            case SaveOutcome.NEEDS_CONFIRMATION:
                self._confirm_lockout(request, result)
            case SaveOutcome.CONFLICT:
                self._conflict(request, result)
            case SaveOutcome.UNCONFIRMED:
                self.app.push_screen(ErrorModal("The save could not be confirmed", result.message))
            case _:
                self.app.push_screen(ErrorModal("The policy was not saved", result.message))

    def _succeeded(self, result: SaveResult) -> None:
        self.app.notify(result.message, title=result.outcome.value.capitalize(), markup=False)
        for warning in result.warnings:
            self.app.notify(warning, severity="warning", markup=False)
        for note in result.notes:
            self.app.notify(note, markup=False)
        if result.rebased is not None and result.rebased.skipped:
            self.app.notify("; ".join(result.rebased.skipped), markup=False)
        if result.read_back is not None:
            self.screen.show_policy(result.read_back)
        else:
            self.screen.load()

    def _confirm_lockout(self, request: SaveRequest, result: SaveResult) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.send(replace(request, force=True))

        text = f"{result.message}\n\nSave it anyway?"
        modal = ConfirmModal("This policy may lock everyone out", text, yes="Save", danger=True)
        self.app.push_screen(modal, answered)

    def _conflict(self, request: SaveRequest, result: SaveResult) -> None:
        live = result.live.document if result.live is not None else None
        self._ask_about_conflict(request, result.message, live)
