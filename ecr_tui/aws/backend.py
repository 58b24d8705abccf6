"""The backend: one AWS account and region, with every call the program makes.

Its settings and the session are made in `connection`; its registry and IAM calls are mixed
in from `registry_calls` and `iam_calls`. The botocore session and clients (and botocore's
client machinery) are built at the first call that needs them, so a screen can be on the
terminal while a worker makes them. Clients are made once (they are thread-safe; sessions
are not, hence the lock), so workers share them.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from ecr_tui.aws.attempt_limits import EndpointSilence, limit_attempts
from ecr_tui.aws.connection import (
    CONNECT_TIMEOUT,
    DEFAULT_REGION,
    READ_TIMEOUT,
    SILENCE_REMEMBERED,
    BackendSettings,
    client_config,
    environment_region,
    open_session,
)
from ecr_tui.aws.errors import AwsError, explain
from ecr_tui.aws.iam_calls import IamCalls
from ecr_tui.aws.models import Identity, LivePolicy, Repository
from ecr_tui.aws.redaction import remember_credentials
from ecr_tui.aws.registry_calls import RegistryCalls
from ecr_tui.policy.document import PolicyParseError, parse_policy

if TYPE_CHECKING:
    from botocore.session import Session

__all__ = ["CONNECT_TIMEOUT", "READ_TIMEOUT", "SILENCE_REMEMBERED", "Backend", "BackendSettings"]

FALLBACK_REGION_NOTE = f"no region configured; using {DEFAULT_REGION}"
FIRST_PAGE_SIZE = 100
PAGE_SIZE = 1000
COMMAND_DEADLINE = 60.0
"""No request of one CLI command is started after this many seconds."""
QUICK_READ_TIMEOUTS = (2.0, 3.0)
"""Connect and read timeouts of the one bounded read made after an interrupted write."""

T = TypeVar("T")
_CLIENT_LOCK = threading.RLock()

for noisy in ("botocore", "boto3", "urllib3"):
    logging.getLogger(noisy).setLevel(logging.WARNING)


class Backend(RegistryCalls, IamCalls):
    """One account and region of one session: every call to AWS the program makes."""

    def __init__(self, settings: BackendSettings, session: Session | None = None) -> None:
        self.settings = settings
        self._session = session
        self._region = settings.region or None
        self.region_is_fallback = False
        """True once the region turned out to be nobody's choice but `DEFAULT_REGION`."""
        self._clients: dict[str, Any] = {}
        self._account_id: str | None = None
        self._bounded: Backend | None = None
        self.deadline: float | None = None
        """`time.monotonic()` after which no request is started (None: no limit)."""
        self.silence = EndpointSilence(settings.silence_remembered)

    def start_deadline(self, seconds: float = COMMAND_DEADLINE) -> None:
        self.deadline = time.monotonic() + seconds

    def connect(self) -> Backend:
        """Open the session and the ECR client now, so a bad profile is reported here."""
        self._client("ecr")
        return self

    @property
    def session(self) -> Session:
        with _CLIENT_LOCK:
            if self._session is None:
                self._session = open_session(self.settings)
            return self._session

    @property
    def region(self) -> str:
        """As the AWS CLI chooses it: --region, AWS_REGION, AWS_DEFAULT_REGION, the profile's
        region, else us-east-1."""
        if self._region is None:
            configured = environment_region() or self.session.get_config_variable("region")
            self.region_is_fallback = not configured
            self._region = configured or DEFAULT_REGION
        return self._region

    def _client(self, service: str) -> Any:
        """The client for `service`, made once (the lock is only for making it)."""
        if (made := self._clients.get(service)) is not None:
            return made
        with _CLIENT_LOCK:
            if service not in self._clients:
                create = self._new_client(service)
                self._clients[service] = self._call(create, "create an AWS client")
            return self._clients[service]

    def _new_client(self, service: str) -> Callable[[], Any]:
        def create() -> Any:
            config = client_config(self.settings, self.region)
            client = self.session.create_client(
                service,
                region_name=self.region,
                config=config,
                endpoint_url=self.settings.endpoint_url,
            )
            limit_attempts(client, lambda: self.deadline, self.silence)
            remember_credentials(self.session)
            return client

        return create

    @property
    def ecr(self) -> Any:
        return self._client("ecr")

    @property
    def iam(self) -> Any:
        return self._client("iam")

    @property
    def sts(self) -> Any:
        return self._client("sts")

    def _call(self, call: Callable[[], T], doing: str, repository: str | None = None) -> T:
        try:
            return call()
        except Exception as error:
            raise self._explain(error, doing, repository) from None

    def _explain(self, error: Exception, doing: str, repository: str | None) -> AwsError:
        return explain(error, doing=doing, repository=repository, profile=self.settings.profile)

    def with_region(self, region: str) -> Backend:
        """A backend for another region of the same session and credentials."""
        backend = Backend(replace(self.settings, region=region), self.session)
        backend._account_id = self._account_id
        return backend

    def for_account(self, session: Session, account_id: str) -> Backend:
        """A backend of these settings and region on `session`: another account's credentials."""
        backend = Backend(replace(self.settings, region=self.region), session)
        backend._account_id = account_id
        return backend

    @property
    def organizations(self) -> Any:
        return self._client("organizations")

    def bounded(self) -> Backend:
        """A backend of the same session whose calls give up within a few seconds from now
        (made once, then its deadline restarts at each call of this)."""
        connect, read = QUICK_READ_TIMEOUTS
        with _CLIENT_LOCK:
            if self._bounded is None:
                settings = replace(self.settings, connect_timeout=connect, read_timeout=read)
                self._bounded = Backend(settings, self.session)
                self._bounded.silence = self.silence
        self._bounded._account_id = self._account_id
        self._bounded.start_deadline(connect + read)
        return self._bounded

    def with_profile(self, profile: str | None) -> Backend:
        return Backend(replace(self.settings, profile=profile, region=None))

    @property
    def read_only(self) -> bool:
        return self.settings.read_only

    def regions(self) -> list[str]:
        """The ECR regions of this session's partition, the backend's region first."""
        partition = self.session.get_partition_for_region(self.region) if self.region else "aws"
        found = self.session.get_available_regions("ecr", partition_name=partition) or []
        rest = sorted(r for r in found if r != self.region)
        return [self.region, *rest]

    def region_names(self) -> dict[str, str]:
        """Region code -> the name people know it by, e.g. `Europe (Ireland)`."""
        endpoints = self.session.get_data("endpoints")
        return {
            code: details.get("description", "")
            for partition in endpoints.get("partitions", [])
            for code, details in partition.get("regions", {}).items()
        }

    def available_profiles(self) -> list[str]:
        return sorted(self.session.available_profiles)

    def identity(self) -> Identity:
        reply = self._call(self.sts.get_caller_identity, "find out who you are signed in as")
        identity = Identity(account=reply["Account"], arn=reply["Arn"])
        self._account_id = identity.account
        return identity

    @property
    def known_account_id(self) -> str | None:
        """The account of these credentials when already known, without asking."""
        return self._account_id

    def account_id(self) -> str:
        """The account of these credentials, asked of STS once."""
        return self._account_id or self.identity().account

    def repository_pages(self, first_page: int = FIRST_PAGE_SIZE) -> Iterator[list[Repository]]:
        """Repositories page by page; the first page is small so a list can show it at once."""
        arguments: dict[str, Any] = {"maxResults": first_page}
        while True:
            page = self._call(
                partial(self.ecr.describe_repositories, **arguments),
                "list the repositories",
            )
            yield [_repository(item) for item in page.get("repositories", [])]
            token = page.get("nextToken")
            if not token:
                return
            arguments = {"maxResults": PAGE_SIZE, "nextToken": token}

    def list_repositories(self) -> list[Repository]:
        """Every repository, in as few round trips as AWS allows."""
        found = [repo for page in self.repository_pages(first_page=PAGE_SIZE) for repo in page]
        return sorted(found, key=lambda r: r.name)

    def get_policy(self, repository: str) -> LivePolicy:
        """The live policy; a repository without one gives a LivePolicy with no text."""
        ecr = self.ecr
        try:
            reply = ecr.get_repository_policy(repositoryName=repository)
        except ecr.exceptions.RepositoryPolicyNotFoundException:
            return LivePolicy(repository, None, None)
        except Exception as error:
            raise self._explain(error, "read the policy", repository) from None
        text = reply.get("policyText") or ""
        try:
            document = parse_policy(text)
        except PolicyParseError as error:
            raise AwsError(f"The stored policy of {repository!r} cannot be read: {error}") from None
        return LivePolicy(repository, text, document)

    def set_policy(self, repository: str, text: str, *, force: bool = False) -> None:
        self._refuse_if_read_only()
        arguments: dict[str, Any] = {"repositoryName": repository, "policyText": text}
        if force:
            arguments["force"] = True
        self._call(
            lambda: self.ecr.set_repository_policy(**arguments), "save the policy", repository
        )

    def delete_policy(self, repository: str) -> None:
        self._refuse_if_read_only()
        ecr = self.ecr
        try:
            ecr.delete_repository_policy(repositoryName=repository)
        except ecr.exceptions.RepositoryPolicyNotFoundException:
            return
        except Exception as error:
            raise self._explain(error, "delete the policy", repository) from None

    def _refuse_if_read_only(self) -> None:
        if self.read_only:
            raise AwsError("Read-only mode: nothing was written.", "ReadOnly")


def _repository(item: dict[str, Any]) -> Repository:
    return Repository(
        name=item["repositoryName"],
        uri=item.get("repositoryUri", ""),
        arn=item.get("repositoryArn", ""),
        registry_id=item.get("registryId", ""),
        created=item.get("createdAt"),
    )
