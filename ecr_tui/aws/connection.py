"""How a backend reaches AWS: its settings, the botocore session, and each client's config."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ecr_tui.aws.errors import explain

if TYPE_CHECKING:
    from botocore.config import Config
    from botocore.session import Session

DEFAULT_REGION = "us-east-1"
RETRIES = {"mode": "adaptive", "max_attempts": 5}
MAX_POOL_CONNECTIONS = 32
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 20.0
"""Seconds; AWS answers a policy call in well under one. 0 waits for ever, as in the AWS CLI."""
SILENCE_REMEMBERED = 30.0
"""Seconds a command gives up on an endpoint that never answered, once it failed to."""


@dataclass(frozen=True)
class BackendSettings:
    profile: str | None = None
    region: str | None = None
    endpoint_url: str | None = None
    read_only: bool = False
    demo: bool = False
    static_credentials: tuple[str, str] | None = None
    connect_timeout: float = CONNECT_TIMEOUT
    read_timeout: float = READ_TIMEOUT
    silence_remembered: float = SILENCE_REMEMBERED
    """Seconds an endpoint that never answered is not asked again (0: always asked)."""

    @property
    def profile_label(self) -> str:
        if self.demo:
            return "demo"
        return self.profile or "default"


def open_session(settings: BackendSettings) -> Session:
    """A botocore session: boto3's own layer adds nothing used here and costs start-up time."""
    try:
        from botocore.session import Session

        session = Session()
        if settings.static_credentials:
            key, secret = settings.static_credentials
            session.set_credentials(key, secret)
            session.set_config_variable("region", settings.region or DEFAULT_REGION)
            return session
        if settings.profile is not None:
            session.set_config_variable("profile", settings.profile)
        if settings.region:
            session.set_config_variable("region", settings.region)
        session.get_scoped_config()
        return session
    except Exception as error:
        raise explain(error, doing="open the AWS session", profile=settings.profile) from None


def client_config(settings: BackendSettings, region: str) -> Config:
    """Adaptive retries, a pool for the workers, and the settings' timeouts (0: none)."""
    from botocore.config import Config

    options: dict[str, Any] = {
        "region_name": region,
        "retries": RETRIES,
        "max_pool_connections": MAX_POOL_CONNECTIONS,
        "connect_timeout": settings.connect_timeout or None,
        "read_timeout": settings.read_timeout or None,
    }
    return Config(**options)


def environment_region() -> str | None:
    """`AWS_REGION`, which the AWS CLI and the other SDKs read first and botocore ignores."""
    return os.environ.get("AWS_REGION", "").strip() or None
