"""One write that is only called done once the live policy shows it.

ECR has no compare-and-set: the last writer wins. So after each write the policy is read
again, after a short jittered settle delay in which a concurrent writer's write lands, and
the save's own edits are looked for in it. If another writer overwrote them, the edits are
re-applied onto what is live now and written again, with jittered backoff, a bounded
number of times. A write whose reply never came is read back before anything is decided.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.errors import AwsError
from ecr_tui.aws.models import LivePolicy
from ecr_tui.aws.policy_target import PolicyTarget, RepositoryTarget
from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.edits import Edit
from ecr_tui.policy.write_check import missing_edits, names_new_identity
from ecr_tui.service.backups import Backup

PROPAGATION_RETRY_DELAYS: tuple[float, ...] = (2.0, 4.0, 8.0)
AMBIGUOUS_CODES = frozenset(
    {
        "",
        "Timeout",
        "Deadline",
        "ServerException",
        "InternalFailure",
        "InternalServerError",
        "ServiceUnavailable",
    }
)
"""Failures after which the write may have landed: AWS's answer was lost or unclear."""


@dataclass(frozen=True)
class SavePacing:
    """Every wait of a save. Tests pass a `sleep` that records and a fixed `random`."""

    sleep: Callable[[float], None] = time.sleep
    random: Callable[[], float] = random.random
    settle: float = 0.5
    """The confirming read comes 1 to 2 times this many seconds after the write."""
    backoff: float = 0.3
    """Before the n-th rewrite: up to backoff * 2**n seconds (at most `max_backoff`)."""
    max_backoff: float = 3.0
    rewrites: int = 6
    propagation_delays: tuple[float, ...] = PROPAGATION_RETRY_DELAYS

    def settle_delay(self) -> float:
        return self.settle * (1 + self.random())

    def backoff_delay(self, rewrite: int) -> float:
        top = min(self.max_backoff, self.backoff * 2.0**rewrite)
        return top / 2 + top / 2 * self.random()


DEFAULT_PACING = SavePacing()


@dataclass
class SaveProgress:
    """What a save has done so far, for whoever has to explain an interruption.

    `on_phase` is told each step in words, from the thread that runs the save.
    """

    on_phase: Callable[[str], None] = field(default=lambda text: None)
    write_sent: bool = False
    backup: Backup | None = None
    edits: tuple[Edit, ...] = ()

    def phase(self, text: str) -> None:
        self.on_phase(text)


@dataclass(frozen=True)
class Landed:
    """The live policy shows the edits."""

    live: LivePolicy
    note: str = ""


@dataclass(frozen=True)
class NotLanded:
    """The live policy was read and does not show the edits."""

    live: LivePolicy
    missing: list[str]
    error: AwsError | None = None
    """The write's own failure, when it failed."""


@dataclass(frozen=True)
class Unknown:
    """Neither the write's answer nor the live policy could be had."""

    message: str


WriteOutcome = Landed | NotLanded | Unknown


def send(
    backend: Backend,
    target: PolicyTarget | str,
    document: PolicyDocument,
    *,
    force: bool,
    pacing: SavePacing,
    replacing: PolicyDocument | None = None,
) -> None:
    """SetRepositoryPolicy (DeleteRepositoryPolicy for no statements), or the registry's
    Put/DeleteRegistryPolicy; a user or role IAM may not have propagated yet (one that
    `replacing`, the policy being replaced, does not name) is retried after each of
    `pacing.propagation_delays`."""
    target = RepositoryTarget(target) if isinstance(target, str) else target
    if not document.statements:
        target.delete(backend)
        return
    text = document.to_aws_text()
    may_be_new = names_new_identity(document, replacing)
    for delay in (*pacing.propagation_delays, None):
        try:
            target.write(backend, text, force=force)
            return
        except AwsError as error:
            if delay is None or not (may_be_new and error.may_be_propagation_delay):
                raise
            pacing.sleep(delay)


def write_and_check(
    backend: Backend,
    target: PolicyTarget | str,
    document: PolicyDocument,
    edits: Sequence[Edit],
    *,
    force: bool,
    pacing: SavePacing,
    progress: SaveProgress,
    replacing: PolicyDocument | None = None,
) -> WriteOutcome:
    """Write `document`, wait for the policy to settle, and read whether `edits` are live."""
    target = RepositoryTarget(target) if isinstance(target, str) else target
    progress.phase("Writing the policy…")
    progress.write_sent = True
    try:
        send(backend, target, document, force=force, pacing=pacing, replacing=replacing)
    except AwsError as error:
        if error.code not in AMBIGUOUS_CODES:
            return NotLanded(LivePolicy(target.key, None, None), [], error)
        return _read_after_lost_reply(backend, target, edits, error, progress)
    pacing.sleep(pacing.settle_delay())
    progress.phase("Confirming that the change is in the live policy…")
    try:
        live = target.read(backend)
    except AwsError as error:
        return Unknown(
            f"{target.title[0].upper()}{target.title[1:]} was written but could not be read "
            f"back to confirm it ({error.message})"
        )
    missing = missing_edits(edits, live.document)
    return NotLanded(live, missing) if missing else Landed(live)


def _read_after_lost_reply(
    backend: Backend,
    target: PolicyTarget,
    edits: Sequence[Edit],
    error: AwsError,
    progress: SaveProgress,
) -> WriteOutcome:
    progress.phase("No clear answer to the write; reading the live policy…")
    try:
        live = target.read(backend.bounded())
    except AwsError as unreadable:
        return Unknown(
            f"{error.message} The policy could not be read either ({unreadable.message})"
        )
    missing = missing_edits(edits, live.document)
    if missing:
        return NotLanded(live, missing, error)
    return Landed(live, "AWS's answer to the write was lost, but the live policy has the change.")
