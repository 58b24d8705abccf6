"""Which attempts of a call botocore may make: none after a read timeout, none past a deadline."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from ecr_tui.aws.errors import AwsError

_TIMED_OUT = "ecr_tui_read_timed_out"


def limit_attempts(client: Any, deadline: Callable[[], float | None]) -> None:
    """An endpoint that accepted a request and never answered is not asked again, and no
    attempt starts after `deadline()` (a `time.monotonic()` value; None: no limit)."""

    def note_read_timeout(caught_exception: Any = None, request_dict: Any = None, **_: Any) -> None:
        from botocore.exceptions import ReadTimeoutError

        if isinstance(caught_exception, ReadTimeoutError) and request_dict is not None:
            request_dict["context"][_TIMED_OUT] = caught_exception

    def refuse_late_attempt(request: Any, **_: Any) -> None:
        context = getattr(request, "context", None) or {}
        if (timed_out := context.get(_TIMED_OUT)) is not None:
            raise timed_out
        limit = deadline()
        if limit is not None and time.monotonic() > limit:
            raise AwsError(
                "Stopped: AWS did not finish answering within the command's time limit; "
                "check the network and --endpoint-url.",
                "Deadline",
            )

    client.meta.events.register("needs-retry", note_read_timeout)
    client.meta.events.register("request-created", refuse_late_attempt)
