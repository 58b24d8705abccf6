"""The organisation's accounts and their names, and a backend in any of them through a role.

Accounts come from Organizations (`ListAccounts`, which only the management account or a
delegated administrator may call); another account is reached by assuming a role in it,
with credentials botocore refreshes before they expire. The caller's own account keeps its
own credentials. What was read is kept for the session.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.errors import AwsError, explain
from ecr_tui.aws.models import Identity
from ecr_tui.aws.redaction import remember_secrets
from ecr_tui.policy.organization_boundary import OrganizationBoundary

DEFAULT_ROLE_NAME = "OrganizationAccountAccessRole"
ACTIVE = "ACTIVE"
SESSION_NAME = "ecr-tui"
NOT_IN_ORGANIZATION = "AWSOrganizationsNotInUseException"
NOT_ALLOWED_CODES = frozenset({"AccessDenied", "AccessDeniedException"})


@dataclass(frozen=True)
class Account:
    id: str
    name: str
    status: str
    email: str = ""

    @property
    def label(self) -> str:
        """`444455556666 (partner-shared)`, or the bare id when the name is unknown."""
        return f"{self.id} ({self.name})" if self.name else self.id


@dataclass(frozen=True)
class Organization:
    id: str
    management_account: str
    accounts: tuple[Account, ...]

    @property
    def active(self) -> tuple[Account, ...]:
        return tuple(a for a in self.accounts if a.status == ACTIVE)

    @property
    def names(self) -> dict[str, str]:
        return {a.id: a.name for a in self.accounts}

    @property
    def boundary(self) -> OrganizationBoundary:
        return OrganizationBoundary(self.id, self.names)

    def account(self, account_id: str) -> Account | None:
        return next((a for a in self.accounts if a.id == account_id), None)


def read_organization(backend: Backend) -> Organization:
    """The organisation of the backend's account, every account of it (paginated)."""
    client = backend.organizations
    try:
        described = client.describe_organization()["Organization"]
        accounts: list[Account] = []
        for page in client.get_paginator("list_accounts").paginate():
            accounts += [
                Account(
                    a["Id"],
                    a.get("Name", ""),
                    a.get("Status") or a.get("State", ""),
                    a.get("Email", ""),
                )
                for a in page.get("Accounts", [])
            ]
    except Exception as error:
        raise _organization_error(error, backend) from None
    if not accounts:
        raise _not_management(backend)
    return Organization(described["Id"], described.get("MasterAccountId", ""), tuple(accounts))


def _organization_error(error: Exception, backend: Backend) -> AwsError:
    explained = explain(error, doing="list the organisation's accounts")
    if explained.code in NOT_ALLOWED_CODES:
        return _not_management(backend)
    if explained.code == NOT_IN_ORGANIZATION:
        return AwsError(
            "This account is not in an organisation, so there are no other accounts to list.",
            explained.code,
        )
    return explained


def _not_management(backend: Backend) -> AwsError:
    return AwsError(
        "Only the organisation's management account or a delegated administrator can list "
        f"its accounts, and account {_own_account(backend)} is neither; sign in to one of those.",
        "NotOrganizationAdministrator",
    )


def _own_account(backend: Backend) -> str:
    try:
        return backend.account_id()
    except AwsError:
        return "(unknown)"


def role_arn(partition: str, account_id: str, role_name: str) -> str:
    return f"arn:{partition}:iam::{account_id}:role/{role_name}"


class OrganizationDirectory:
    """The caller's organisation, read once, and one backend per account, made once."""

    def __init__(
        self,
        backend: Backend,
        *,
        role_name: str = DEFAULT_ROLE_NAME,
        external_id: str | None = None,
    ) -> None:
        self.backend = backend
        self.role_name = role_name
        self.external_id = external_id
        self._lock = threading.Lock()
        self._organization: Organization | AwsError | None = None
        self._backends: dict[str, Backend] = {}
        self._identity_lock = threading.Lock()
        self._identity: Identity | None = None

    def organization(self) -> Organization:
        """The organisation; raises the AwsError that said why it cannot be read (kept too)."""
        with self._lock:
            if self._organization is None:
                try:
                    self._organization = read_organization(self.backend)
                except AwsError as error:
                    self._organization = error
            found = self._organization
        if isinstance(found, AwsError):
            raise found
        return found

    def try_organization(self) -> Organization | None:
        try:
            return self.organization()
        except AwsError:
            return None

    def names(self) -> dict[str, str]:
        found = self.try_organization()
        return found.names if found else {}

    def known_organization(self) -> Organization | None:
        """The organisation already read (None before), without asking Organizations or
        waiting for a read under way."""
        found = self._organization
        return found if isinstance(found, Organization) else None

    def known_names(self) -> dict[str, str]:
        """The names already read (none before), without asking Organizations."""
        found = self.known_organization()
        return found.names if found else {}

    def backend_for(self, account_id: str, region: str | None = None) -> Backend:
        """A backend in `account_id` (and `region`, else the caller's): the caller's own, else
        through the role (assumed once)."""
        found = self._account_backend(account_id)
        return found if region in (None, found.region) else found.with_region(region)

    def _account_backend(self, account_id: str) -> Backend:
        if account_id == self._own_identity().account:
            return self.backend
        with self._lock:
            if account_id in self._backends:
                return self._backends[account_id]
        made = self._assume(account_id)
        with self._lock:
            return self._backends.setdefault(account_id, made)

    def _assume(self, account_id: str) -> Backend:
        partition = self._own_identity().arn.split(":")[1] or "aws"
        arn = role_arn(partition, account_id, self.role_name)
        arguments: dict[str, Any] = {"RoleArn": arn, "RoleSessionName": SESSION_NAME}
        if self.external_id:
            arguments["ExternalId"] = self.external_id
        sts = self.backend.sts

        def fetch() -> dict[str, str]:
            try:
                credentials = sts.assume_role(**arguments)["Credentials"]
            except Exception as error:
                raise _assume_error(error, arn, account_id) from None
            return {
                "access_key": credentials["AccessKeyId"],
                "secret_key": credentials["SecretAccessKey"],
                "token": credentials["SessionToken"],
                "expiry_time": credentials["Expiration"].isoformat(),
            }

        session = _session_with(fetch, self.backend.region, self.backend.session)
        return self.backend.for_account(session, account_id)

    def _own_identity(self) -> Identity:
        """Who the directory's credentials are, asked once however many threads ask."""
        with self._identity_lock:
            if self._identity is None:
                self._identity = self.backend.identity()
            return self._identity


def _session_with(fetch: Callable[[], dict[str, str]], region: str, base: Any) -> Any:
    """A botocore session whose credentials come from `fetch`, asked again before expiry.

    It shares `base`'s loader, so the service models are read from disk once, not per account.
    """
    from botocore.credentials import RefreshableCredentials
    from botocore.session import Session

    def fetch_remembered() -> dict[str, str]:
        metadata = fetch()
        remember_secrets(metadata.get("secret_key"), metadata.get("token"))
        return metadata

    credentials = RefreshableCredentials.create_from_metadata(
        metadata=fetch_remembered(), refresh_using=fetch_remembered, method="sts-assume-role"
    )
    session = Session()
    session.register_component("data_loader", base.get_component("data_loader"))
    session.set_config_variable("region", region)
    session._credentials = credentials  # botocore has no public setter for refreshable ones
    return session


def _assume_error(error: Exception, arn: str, account_id: str) -> AwsError:
    explained = explain(error, doing=f"assume {arn}")
    if explained.code in NOT_ALLOWED_CODES:
        return AwsError(
            f"Could not assume {arn}: not allowed; the role must exist in account "
            f"{account_id} and trust your account (pass --role-name if it has another name, "
            "--external-id if its trust policy asks for one).",
            explained.code,
            explained.detail,
        )
    if explained.code == "RegionDisabledException":
        return AwsError(
            f"Could not assume {arn}: STS is not enabled in this region for account "
            f"{account_id}; enable the region or use another one.",
            explained.code,
        )
    return explained
