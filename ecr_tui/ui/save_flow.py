"""What happens around a save: confirm the diff, then act on each outcome of the save."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from textual.app import App

from ecr_tui.aws.backups import BackupStore
from ecr_tui.aws.save import SaveOutcome, SaveProgress, SaveRequest, SaveResult, save_policy
from ecr_tui.ui.screens.confirm import ConfirmModal
from ecr_tui.ui.screens.conflict import ConflictChoice, ConflictScreen
from ecr_tui.ui.screens.error_modal import ErrorModal
from ecr_tui.ui.screens.save_confirm import SaveConfirm

if TYPE_CHECKING:
    from textual.timer import Timer

    from ecr_tui.ui.screens.permissions import PermissionsScreen

STILL_WAITING_SECONDS = 3.0
"""While a save takes longer than this, the step it is waiting on is shown, and again as often."""


class SaveFlow:
    """Drives the save dialogs of one permissions screen."""

    def __init__(self, screen: PermissionsScreen) -> None:
        self.screen = screen
        self.phase = "Saving…"
        self._waiting: Timer | None = None
        self._waited = 0.0

    @property
    def app(self) -> App[object]:
        return self.screen.app

    def start(self) -> None:
        session = self.screen.session
        if session is None:
            return
        modal = SaveConfirm(
            session.repository,
            session.diff(),
            session.problems(),
            session.new_findings(self.screen.repository.registry_id or None),
            deleting=not session.document.statements,
            summary=session.summary(),
        )

        def confirmed(yes: bool | None) -> None:
            if yes and self.screen.session is not None:
                self.send(self.screen.session.save_request())

        self.app.push_screen(modal, confirmed)

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
            result = save_policy(self.screen.backend, request, backups, progress=progress)
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
        self.screen.load()

    def _confirm_lockout(self, request: SaveRequest, result: SaveResult) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.send(replace(request, force=True))

        text = f"{result.message}\n\nSave it anyway?"
        modal = ConfirmModal("This policy may lock everyone out", text, yes="Save", danger=True)
        self.app.push_screen(modal, answered)

    def _conflict(self, request: SaveRequest, result: SaveResult) -> None:
        conflicts = list(result.rebased.conflicts) if result.rebased is not None else []

        def chosen(choice: ConflictChoice | None) -> None:
            if choice is ConflictChoice.REAPPLY:
                self.send(replace(request, rebase=True))
            elif choice is ConflictChoice.DISCARD:
                self.screen.load()

        modal = ConflictScreen(result.message, result.conflict_diff, conflicts)
        self.app.push_screen(modal, chosen)
