"""Messages that screens post and the App acts on (they bubble from a screen to the App)."""

from __future__ import annotations

from textual.message import Message

from ecr_tui.aws.backend import Backend


class OpenRepositories(Message):
    """Show the repositories of the region `backend` points at; it becomes `app.backend`."""

    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.backend = backend


class ShowRegions(Message):
    """Go back to the region list."""


class AuditEveryAccount(Message):
    """Replace the audit on screen by the audit of every account of the organisation."""

    def __init__(self, backend: Backend, *, all_regions: bool) -> None:
        super().__init__()
        self.backend = backend
        self.all_regions = all_regions
