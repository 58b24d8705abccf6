"""A fault layer over one boto3 client: what the network and other writers do to a call.

Like `aws_rewrites`, it hooks botocore's event system, so moto still does the work:

- `before_sending`: run something (another writer's whole save) before a call leaves, as
  if the call had been delayed that long on the way.
- `drop_reply`: the call reaches moto and takes effect, then the caller sees a timeout or
  an AWS error instead of the answer.
- `never_answer`: every attempt of the call times out as a silent endpoint's would, and
  nothing reaches moto.
- `never_connect`: every attempt of the call finds no endpoint accepting a connection.

`aws_rewrites.fail_calls` answers a call with an AWS-shaped error message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError, ConnectTimeoutError, ReadTimeoutError

ENDPOINT = "https://api.ecr.us-east-1.amazonaws.com/"


def _service(client: Any) -> str:
    return client.meta.service_model.service_id.hyphenize()


@dataclass
class Calls:
    """How many times the fault was applied."""

    count: int = 0


def before_sending(
    client: Any, operation: str, action: Callable[[], None], *, times: int = 1, skip: int = 0
) -> Calls:
    """Run `action` before each of the `times` calls of `operation` after the first `skip`
    is sent."""
    calls = Calls()
    seen = Calls()

    def delay(**_: Any) -> None:
        seen.count += 1
        if seen.count > skip and calls.count < times:
            calls.count += 1
            action()

    client.meta.events.register(f"before-call.{_service(client)}.{operation}", delay)
    return calls


def read_timeout() -> ReadTimeoutError:
    return ReadTimeoutError(endpoint_url=ENDPOINT, error="Read timed out. (read timeout=20)")


def aws_error(operation: str, code: str, message: str, status: int = 500) -> ClientError:
    response = {
        "Error": {"Code": code, "Message": message},
        "ResponseMetadata": {"HTTPStatusCode": status},
    }
    return ClientError(response, operation)  # type: ignore[arg-type]


def drop_reply(
    client: Any,
    operation: str,
    error: Callable[[], Exception] = read_timeout,
    *,
    times: int | None = 1,
) -> Calls:
    """The first `times` calls of `operation` (None: all) take effect, but the caller
    gets `error()` instead of the reply."""
    calls = Calls()

    def lose(**_: Any) -> None:
        if times is None or calls.count < times:
            calls.count += 1
            raise error()

    client.meta.events.register(f"after-call.{_service(client)}.{operation}", lose)
    return calls


def never_answer(client: Any, operation: str) -> Calls:
    """Every attempt of `operation` times out; `count` is how many attempts were made."""
    calls = Calls()

    def silent(**_: Any) -> None:
        calls.count += 1
        raise read_timeout()

    client.meta.events.register_first(f"before-send.{_service(client)}.{operation}", silent)
    return calls


def never_connect(client: Any, operation: str) -> Calls:
    """Every attempt of `operation` times out connecting; `count` is how many were made."""
    calls = Calls()

    def unreachable(**_: Any) -> None:
        calls.count += 1
        raise ConnectTimeoutError(endpoint_url=ENDPOINT)

    client.meta.events.register_first(f"before-send.{_service(client)}.{operation}", unreachable)
    return calls
