"""The demo backend: moto's server inside this process, seeded with a believable account.

Nothing it does may reach the terminal (the TUI owns it): request logs, server errors
and moto's own logging are all swallowed.
"""

from __future__ import annotations

import atexit
import logging
import os
import socket
import time
import urllib.request
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeAlias

from ecr_tui.aws.backend import BackendSettings
from ecr_tui.aws.demo_organization import seed_organization
from ecr_tui.aws.demo_registry import RegistryPolicies, with_registry_policies
from ecr_tui.aws.demo_seed import seed_demo
from ecr_tui.aws.errors import AwsError

if TYPE_CHECKING:
    from types import TracebackType

DEMO_ACCOUNT_ID = "210987654321"
DEMO_CREDENTIALS = ("demo", "demo")
LOOPBACK = "127.0.0.1"
TEMPORARY_KEY_PREFIX = "ASIA"
PORT_VARIABLE = "ECR_TUI_DEMO_PORT"
STOP_POLL_SECONDS = 0.1
QUIET_LOGGERS = ("werkzeug", "moto", "flask_cors")
PROFILE_VARIABLES = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE")
PROXY_VARIABLES = (
    "http_proxy",
    "HTTP_PROXY",
    "https_proxy",
    "HTTPS_PROXY",
    "all_proxy",
    "ALL_PROXY",
)

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def bypass_proxies_for_loopback() -> None:
    """Requests to the demo must never go through a proxy the environment names."""
    if not any(os.environ.get(n) for n in PROXY_VARIABLES):
        return
    for name in ("no_proxy", "NO_PROXY"):
        entries = [e.strip() for e in os.environ.get(name, "").split(",") if e.strip()]
        if LOOPBACK not in entries:
            os.environ[name] = ",".join([*entries, LOOPBACK])


def forget_profile_selection() -> None:
    """The demo never uses a profile; moto, running in this process, would still fail on
    a profile named in the environment that does not exist."""
    for name in PROFILE_VARIABLES:
        os.environ.pop(name, None)


def demo_port_from_environment() -> int:
    """The port ECR_TUI_DEMO_PORT names, for tools that talk to a running demo; 0 (any free
    port) when it is unset."""
    text = os.environ.get(PORT_VARIABLE, "").strip()
    if not text:
        return 0
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise AwsError(f"{PORT_VARIABLE} must be a port number from 1 to 65535, not {text!r}.")
    return int(text)


def silence_server_logging() -> None:
    """Keep the server's loggers from printing, and from Flask adding a stderr handler."""
    for name in QUIET_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())
        logger.propagate = False


class DemoServer:
    """moto on 127.0.0.1, seeded on start, stopped on exit.

    It listens on `port`, else on the port ECR_TUI_DEMO_PORT names, else on a free one.

    moto keeps its state per process, so the demo starts from a reset, and two demo
    servers running at once in one process would share their repositories.
    """

    def __init__(
        self,
        *,
        latency_ms: float = 0.0,
        account_id: str | None = None,
        seed: bool = True,
        port: int | None = None,
    ) -> None:
        # moto prefers MOTO_ACCOUNT_ID to the per-request account header when it is set.
        self.account_id = account_id or os.environ.get("MOTO_ACCOUNT_ID") or DEMO_ACCOUNT_ID
        self.latency_ms = latency_ms
        self.seed = seed
        self.port = port
        self.start_seconds = 0.0
        self.seed_seconds = 0.0
        self._server: Any = None
        self._endpoint_url: str | None = None
        self._seeding = False
        self.registry_policies = RegistryPolicies()

    @property
    def endpoint_url(self) -> str:
        if self._endpoint_url is None:
            raise RuntimeError("The demo server has not been started.")
        return self._endpoint_url

    @property
    def running(self) -> bool:
        return self._server is not None

    def settings(self, region: str | None = None, read_only: bool = False) -> BackendSettings:
        """Settings for a Backend on this server: dummy credentials, never a real profile."""
        return BackendSettings(
            endpoint_url=self.endpoint_url,
            region=region,
            demo=True,
            static_credentials=DEMO_CREDENTIALS,
            read_only=read_only,
        )

    def start(self) -> DemoServer:
        if self._server is not None:
            return self
        began = time.perf_counter()
        port = self.port if self.port is not None else demo_port_from_environment()
        silence_server_logging()
        bypass_proxies_for_loopback()
        forget_profile_selection()
        server = _quiet_moto_server(self._wrap, port)
        server.start()
        self._server = server
        atexit.register(self.stop)
        _, port = server.get_host_and_port()
        self._endpoint_url = f"http://{LOOPBACK}:{port}"
        try:
            self._reset()
            if self.seed:
                self._seed()
        except Exception as error:
            self.stop()
            if isinstance(error, AwsError):
                raise
            first_line = (str(error).splitlines() or [type(error).__name__])[0]
            raise AwsError(f"The demo could not start: {first_line}") from None
        self.start_seconds = time.perf_counter() - began
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        atexit.unregister(self.stop)
        server.stop()

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def _reset(self) -> None:
        self.registry_policies.clear()
        request = urllib.request.Request(f"{self.endpoint_url}/moto-api/reset", method="POST")
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(request, timeout=10) as reply:
            reply.read()

    def _seed(self) -> None:
        began = time.perf_counter()
        self._seeding = True
        try:
            seed_demo(self.endpoint_url, self.account_id)
            seed_organization(self.endpoint_url, self.account_id)
        finally:
            self._seeding = False
        self.seed_seconds = time.perf_counter() - began

    def _wrap(self, app: WsgiApp) -> WsgiApp:
        registry = with_registry_policies(app, self.registry_policies, self.account_id)
        return as_account(registry, self.account_id, self._latency_seconds)

    def _latency_seconds(self) -> float:
        return 0.0 if self._seeding else self.latency_ms / 1000


def as_account(app: WsgiApp, account_id: str, latency_seconds: Callable[[], float]) -> WsgiApp:
    """`app` with every request run as `account_id`, after `latency_seconds()` of delay.

    Requests signed with an assumed role's temporary credentials are left to moto, which
    runs them in the role's account: that is how the demo's other accounts are reached.
    """

    def account_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if not _signed_with_temporary_credentials(environ):
            environ["HTTP_X_MOTO_ACCOUNT_ID"] = account_id
        if (delay := latency_seconds()) > 0:
            time.sleep(delay)
        return app(environ, start_response)

    return account_app


def _signed_with_temporary_credentials(environ: dict[str, Any]) -> bool:
    """True for a SigV4 request whose access key is an STS one (`ASIA...`)."""
    authorization = environ.get("HTTP_AUTHORIZATION", "")
    _, _, rest = authorization.partition("Credential=")
    return rest.startswith(TEMPORARY_KEY_PREFIX)


def _quiet_moto_server(wrap: Callable[[WsgiApp], WsgiApp], port: int = 0) -> Any:
    """moto's threaded server on a loopback port (0: a free one), every log and error swallowed.

    The socket is bound here rather than in the server's thread, where werkzeug would
    print a failure to stderr and end the thread.
    """
    try:
        from moto.moto_server import werkzeug_app
        from moto.moto_server.threaded_moto_server import ThreadedMotoServer
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
        from werkzeug.serving import ThreadedWSGIServer, WSGIRequestHandler
    except ImportError:
        raise AwsError(
            "The demo needs moto's server: pip install 'ecr-tui[demo]'", "DemoUnavailable"
        ) from None
    # moto 5.2.5 and later serve with their own handler, earlier ones with werkzeug's.
    if TYPE_CHECKING:
        RequestHandler: TypeAlias = WSGIRequestHandler
    else:
        RequestHandler = getattr(werkzeug_app, "MotoRequestHandler", WSGIRequestHandler)

    class QuietRequestHandler(RequestHandler):
        def log(self, type: str, message: str, *args: Any) -> None:
            pass

    class QuietWsgiServer(ThreadedWSGIServer):
        def log(self, type: str, message: str, *args: Any) -> None:
            pass

        def handle_error(self, request: Any, client_address: Any) -> None:
            pass

    class QuietMotoServer(ThreadedMotoServer):
        def __init__(self, wsgi_server: QuietWsgiServer) -> None:
            super().__init__(ip_address=LOOPBACK, port=wsgi_server.port, verbose=False)
            self._ready_server = wsgi_server

        def _server_entry(self) -> None:
            self._server = self._ready_server
            self._server_ready_event.set()
            self._server.serve_forever(poll_interval=STOP_POLL_SECONDS)

    app = wrap(DomainDispatcherApplication(create_backend_app))
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        if port:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((LOOPBACK, port))
        listener.listen(128)
        wsgi_server = QuietWsgiServer(
            LOOPBACK, 0, app, handler=QuietRequestHandler, fd=listener.fileno()
        )
    except OSError as error:
        where = f"{LOOPBACK}:{port}" if port else LOOPBACK
        raise AwsError(f"The demo server could not listen on {where}: {error}") from None
    finally:
        listener.close()
    return QuietMotoServer(wsgi_server)
