"""The messages of the repository list's loading, which also reach the App.

The listing itself is the service's (`ecr_tui.service.repository_listing`); the list screen
turns its callbacks into these messages.
"""

from __future__ import annotations

from textual.message import Message

from ecr_tui.aws.errors import AwsError
from ecr_tui.aws.models import Repository
from ecr_tui.service.repository_listing import Summary


class PageLoaded(Message):
    """A page of repositories, of listing number `generation`."""

    def __init__(self, generation: int, repositories: list[Repository]) -> None:
        super().__init__()
        self.generation = generation
        self.repositories = repositories


class ListingFinished(Message):
    """The listing is done, or failed with `error`."""

    def __init__(self, generation: int, error: AwsError | None = None) -> None:
        super().__init__()
        self.generation = generation
        self.error = error


class PoliciesRead(Message):
    """Policy summaries as they come; `finished` on the last batch."""

    def __init__(self, generation: int, summaries: list[Summary], finished: bool) -> None:
        super().__init__()
        self.generation = generation
        self.summaries = summaries
        self.finished = finished
