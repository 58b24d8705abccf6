"""A loopback HTTP proxy in front of a moto server that delays, drops or never answers calls.

For tests and benchmarks that run the program as a process, where botocore hooks cannot
reach. Every request is forwarded to `upstream` unless a rule for its operation (the
`X-Amz-Target` suffix, or `Action=` of a query-protocol body) says otherwise:

- `Rule(delay=S)`: wait S seconds, then forward.
- `Rule(forward=True, answer=False)`: forward (the call takes effect), then never answer.
- `Rule(forward=False, answer=False)`: neither forward nor answer: a silent endpoint.

`latency` delays every request. `arrived(operation)` is an event set when such a request
came in, and `answered`/`held` count what happened. `close()` lets every held request go
(with the connection closed and no reply).
"""

from __future__ import annotations

import http.client
import threading
import time
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


@dataclass(frozen=True)
class Rule:
    delay: float = 0.0
    forward: bool = True
    answer: bool = True
    times: int | None = None
    """Apply to this many requests of the operation (None: all)."""


def operation_of(headers: dict[str, str], body: bytes) -> str:
    target = headers.get("x-amz-target", "")
    if target:
        return target.rsplit(".", 1)[-1]
    found = parse_qs(body.decode("utf-8", "replace")).get("Action", [""])
    return found[0]


class FaultProxy:
    def __init__(self, upstream: str, rules: dict[str, Rule] | None = None) -> None:
        self.upstream = urlsplit(upstream)
        self.rules = dict(rules or {})
        self.latency = 0.0
        self.answered: Counter[str] = Counter()
        self.held: Counter[str] = Counter()
        self.arrivals: list[tuple[str, float]] = []
        """(operation, `time.perf_counter()`) of every request, in order of arrival."""
        self._applied: Counter[str] = Counter()
        self._arrived: dict[str, threading.Event] = {}
        self._lock = threading.Lock()
        self._release = threading.Event()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _any(self) -> None:
                proxy._handle(self)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _any

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def endpoint(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def arrived(self, operation: str) -> threading.Event:
        with self._lock:
            return self._arrived.setdefault(operation, threading.Event())

    def _rule_for(self, operation: str) -> Rule:
        with self._lock:
            rule = self.rules.get(operation)
            if rule is None or (rule.times is not None and self._applied[operation] >= rule.times):
                return Rule()
            self._applied[operation] += 1
            return rule

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in request.headers.items()}
        operation = operation_of(headers, body)
        with self._lock:
            self.arrivals.append((operation, time.perf_counter()))
        self.arrived(operation).set()
        rule = self._rule_for(operation)
        if delay := self.latency + rule.delay:
            time.sleep(delay)
        reply = (
            self._forward(request.command, request.path, headers, body) if rule.forward else None
        )
        if not rule.answer or reply is None:
            with self._lock:
                self.held[operation] += 1
            self._release.wait()
            request.close_connection = True
            return
        status, reply_headers, reply_body = reply
        request.send_response(status)
        for key, value in reply_headers:
            if key.lower() not in HOP_HEADERS:
                request.send_header(key, value)
        request.send_header("Content-Length", str(len(reply_body)))
        request.end_headers()
        request.wfile.write(reply_body)
        with self._lock:
            self.answered[operation] += 1

    def _forward(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        connection = http.client.HTTPConnection(
            self.upstream.hostname, self.upstream.port, timeout=30
        )
        try:
            sent = {k: v for k, v in headers.items() if k not in HOP_HEADERS}
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()

    def close(self) -> None:
        self._release.set()
        self._server.shutdown()
        self._server.server_close()
