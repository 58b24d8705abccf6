"""A WSGI server that keeps connections open between requests, as AWS does.

moto's own server (werkzeug's) sends `Connection: close` on every response and drains
the socket after it, so each request costs a new TCP connection and a new thread on
both sides: CPU that AWS never takes from the client's machine. This one reads each
body by its Content-Length and answers with one, then waits for the next request on the
same connection. Enough for botocore talking to moto; not a general server.
"""

from __future__ import annotations

import io
import socket
import sys
import threading
from collections.abc import Callable, Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
LOOPBACK = "127.0.0.1"
NOT_FORWARDED = frozenset({"content-length", "connection", "transfer-encoding", "keep-alive"})


def serve(app: WsgiApp) -> ThreadingHTTPServer:
    """Serve `app` on a free loopback port in a daemon thread; the caller shuts it down."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def setup(self) -> None:
            super().setup()
            # Headers and body go out as two writes; without this, Nagle's algorithm holds
            # the body back until the client's delayed ACK, 40 ms later.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def handle_one_request(self) -> None:
            try:
                super().handle_one_request()
            except ConnectionError:
                self.close_connection = True

        def __getattr__(self, name: str) -> Any:
            if name.startswith("do_"):
                return self._run
            raise AttributeError(name)

        def _run(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            reply: list[Any] = []

            def start_response(status: str, headers: list[tuple[str, str]], *_: Any) -> Any:
                reply[:] = [status, headers]
                return lambda data: None

            chunks = app(self._environ(body), start_response)
            try:
                payload = b"".join(chunks)
            finally:
                getattr(chunks, "close", lambda: None)()
            status, headers = reply
            code, _, reason = status.partition(" ")
            self.send_response(int(code), reason)
            for key, value in headers:
                if key.lower() not in NOT_FORWARDED:
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)

        def _environ(self, body: bytes) -> dict[str, Any]:
            path, _, query = self.path.partition("?")
            host, port = self.server.server_address[:2]
            environ: dict[str, Any] = {
                "REQUEST_METHOD": self.command,
                "SCRIPT_NAME": "",
                "PATH_INFO": unquote(path),
                "QUERY_STRING": query,
                "SERVER_NAME": str(host),
                "SERVER_PORT": str(port),
                "SERVER_PROTOCOL": self.request_version,
                "REMOTE_ADDR": self.client_address[0],
                "CONTENT_TYPE": self.headers.get("Content-Type", ""),
                "CONTENT_LENGTH": str(len(body)),
                "wsgi.version": (1, 0),
                "wsgi.url_scheme": "http",
                "wsgi.input": io.BytesIO(body),
                "wsgi.errors": sys.stderr,
                "wsgi.multithread": True,
                "wsgi.multiprocess": False,
                "wsgi.run_once": False,
            }
            for key, value in self.headers.items():
                name = "HTTP_" + key.upper().replace("-", "_")
                if name not in ("HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH"):
                    environ[name] = f"{environ[name]},{value}" if name in environ else value
            return environ

    server = ThreadingHTTPServer((LOOPBACK, 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
