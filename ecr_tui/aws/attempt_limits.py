"""Which attempts of a call botocore may make: none after a read timeout, none to an endpoint
that has never answered once it failed to, none past a deadline."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from ecr_tui.aws.errors import AwsError

_TIMED_OUT = "ecr_tui_read_timed_out"


class EndpointSilence:
    """Which endpoints (scheme and host) have answered, and which timed out before ever
    answering: those are not asked again (an endpoint that answered once may have lost one
    reply, and is asked again, for instance to read back a write) for `remembered` seconds."""

    def __init__(self, remembered: float) -> None:
        self.remembered = remembered
        self._lock = threading.Lock()
        self._answered: set[str] = set()
        self._silent: dict[str, tuple[Exception, float]] = {}

    def answered(self, url: str) -> None:
        with self._lock:
            self._answered.add(_endpoint(url))
            self._silent.pop(_endpoint(url), None)

    def timed_out(self, url: str, error: Exception) -> None:
        with self._lock:
            if self.remembered > 0 and _endpoint(url) not in self._answered:
                self._silent.setdefault(_endpoint(url), (error, time.monotonic()))

    def silence_of(self, url: str) -> Exception | None:
        with self._lock:
            found = self._silent.get(_endpoint(url))
            if found is None:
                return None
            error, since = found
            if time.monotonic() - since > self.remembered:
                del self._silent[_endpoint(url)]
                return None
            return error


def _endpoint(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def limit_attempts(
    client: Any, deadline: Callable[[], float | None], silence: EndpointSilence | None = None
) -> None:
    """An endpoint that accepted a request and never answered is not asked again, one that
    never answered any request is given up on after its first timeout, and no attempt
    starts after `deadline()` (a `time.monotonic()` value; None: no limit)."""
    from botocore.exceptions import ConnectTimeoutError, ReadTimeoutError

    silence = silence or EndpointSilence(0.0)

    def note_timeout(
        caught_exception: Any = None, request_dict: Any = None, response: Any = None, **_: Any
    ) -> None:
        url = (request_dict or {}).get("url", "")
        if response is not None:
            silence.answered(url)
        if isinstance(caught_exception, ConnectTimeoutError | ReadTimeoutError):
            silence.timed_out(url, caught_exception)
        if isinstance(caught_exception, ReadTimeoutError) and request_dict is not None:
            request_dict["context"][_TIMED_OUT] = caught_exception

    def refuse_late_attempt(request: Any, **_: Any) -> None:
        context = getattr(request, "context", None) or {}
        if (timed_out := context.get(_TIMED_OUT)) is not None:
            raise timed_out
        if (silent := silence.silence_of(getattr(request, "url", "") or "")) is not None:
            raise silent
        limit = deadline()
        if limit is not None and time.monotonic() > limit:
            raise AwsError(
                "Stopped: AWS did not finish answering within the command's time limit; "
                "check the network and --endpoint-url.",
                "Deadline",
            )

    client.meta.events.register("needs-retry", note_timeout)
    client.meta.events.register("request-created", refuse_late_attempt)
