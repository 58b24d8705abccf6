"""A short-lived advisory lease on a repository's policy, held in one of its tags.

ECR has no conditional write. While one ecr-tui save reads, writes and confirms a policy,
it tags the repository `ecr-tui:policy-lease = <token> <expiry>`; another ecr-tui save that
sees an unexpired lease of someone else's waits for it to go before it reads the policy.
That covers a write held up on the way (which the confirming read of the other writer
cannot see coming). Where the caller may not tag, or two saves take the lease at the same
moment, the confirm-and-re-apply of the save still holds; a lease left by a process that
died expires on its own.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.errors import AwsError, explain

LEASE_TAG = "ecr-tui:policy-lease"
LEASE_SECONDS = 30.0
"""Longer than one save takes: a read timeout, a write and its confirming read."""
POLL_SECONDS = 0.5


def _arn(backend: Backend, repository: str) -> str:
    partition = backend.session.get_partition_for_region(backend.region) or "aws"
    return f"arn:{partition}:ecr:{backend.region}:{backend.account_id()}:repository/{repository}"


def _tag_value(backend: Backend, repository: str) -> str | None:
    try:
        reply = backend.ecr.list_tags_for_resource(resourceArn=_arn(backend, repository))
    except Exception as error:
        raise explain(error, doing="read the tags", repository=repository) from None
    return next((t["Value"] for t in reply.get("tags", []) if t.get("Key") == LEASE_TAG), None)


def _set_tag(backend: Backend, repository: str, value: str | None) -> None:
    """Tag the lease with `value`; None removes it."""
    arn = _arn(backend, repository)
    try:
        if value is None:
            backend.ecr.untag_resource(resourceArn=arn, tagKeys=[LEASE_TAG])
        else:
            backend.ecr.tag_resource(resourceArn=arn, tags=[{"Key": LEASE_TAG, "Value": value}])
    except Exception as error:
        raise explain(error, doing="tag", repository=repository) from None


class LeaseBusy(Exception):
    """Another save held the lease for longer than a lease lasts."""


@dataclass(frozen=True)
class Holder:
    token: str
    expires: float


def parse_lease(value: str | None) -> Holder | None:
    token, _, expires = (value or "").partition(" ")
    try:
        return Holder(token, float(expires)) if token else None
    except ValueError:
        return None


class PolicyLease:
    def __init__(
        self,
        backend: Backend,
        repository: str,
        *,
        sleep: Callable[[float], None],
        random: Callable[[], float],
        clock: Callable[[], float] = time.time,
        on_wait: Callable[[str], None] = lambda text: None,
    ) -> None:
        self.backend = backend
        self.repository = repository
        self.token = secrets.token_hex(8)
        self._sleep, self._random, self._clock, self._on_wait = sleep, random, clock, on_wait
        self._held = False

    def acquire(self) -> None:
        """Take the lease, waiting for someone else's to go; without tag permissions, or
        on any error, carry on without one (the save's confirmation still protects it)."""
        waited = 0.0
        while True:
            try:
                holder = parse_lease(_tag_value(self.backend, self.repository))
            except AwsError:
                return
            now = self._clock()
            if holder is None or holder.token == self.token or holder.expires <= now:
                break
            if waited >= LEASE_SECONDS:
                raise LeaseBusy(
                    f"Nothing was written: another ecr-tui save of {self.repository!r} has "
                    f"been in progress for over {LEASE_SECONDS:.0f} s; try again."
                )
            self._on_wait("Waiting for another ecr-tui save of this policy to finish…")
            pause = POLL_SECONDS * (0.5 + self._random())
            self._sleep(pause)
            waited += pause
        try:
            expires = self._clock() + LEASE_SECONDS
            _set_tag(self.backend, self.repository, f"{self.token} {expires:.0f}")
            self._held = True
        except AwsError:
            return

    def abandon(self) -> None:
        """Leave the lease to expire: after an interrupt, AWS is not asked anything more."""
        self._held = False

    def release(self) -> None:
        """Remove the lease if it is still ours; an error leaves it to expire."""
        if not self._held:
            return
        self._held = False
        try:
            holder = parse_lease(_tag_value(self.backend, self.repository))
            if holder is not None and holder.token == self.token:
                _set_tag(self.backend, self.repository, None)
        except AwsError:
            return
