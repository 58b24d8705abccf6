"""What a save reads and writes: a repository's policy or the region's registry policy."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Protocol

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.lease import PolicyLease
from ecr_tui.aws.models import LivePolicy
from ecr_tui.aws.registry_calls import REGISTRY_POLICY_KEY
from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.registry import RegistryScope
from ecr_tui.policy.registry_validate import validate_registry_document
from ecr_tui.policy.validate import Problem

Validator = Callable[..., list[Problem]]


class Lease(Protocol):
    def acquire(self) -> None: ...
    def release(self) -> None: ...
    def abandon(self) -> None: ...


class NoLease:
    """The registry has no tags to hold a lease in; the save's confirmation protects it."""

    def acquire(self) -> None:
        return

    def release(self) -> None:
        return

    def abandon(self) -> None:
        return


class PolicyTarget(Protocol):
    @property
    def key(self) -> str:
        """The name backups are filed under (a repository name, or REGISTRY_POLICY_KEY)."""
        ...

    @property
    def title(self) -> str:
        """How messages name the policy: "the policy of 'payments/api'"."""
        ...

    @property
    def destination(self) -> str:
        """Where a write goes, for a question: "'payments/api'", "the registry"."""
        ...

    @property
    def show_command(self) -> str: ...

    @property
    def restore_command(self) -> str: ...

    def read(self, backend: Backend) -> LivePolicy: ...
    def write(self, backend: Backend, text: str, *, force: bool) -> None: ...
    def delete(self, backend: Backend) -> None: ...
    def lease(self, backend: Backend, **pacing: object) -> Lease: ...
    def validator(self, backend: Backend) -> Validator | None:
        """The validation of this kind of policy (None: the repository policy's)."""
        ...


@dataclass(frozen=True)
class RepositoryTarget:
    key: str

    @property
    def title(self) -> str:
        return f"the policy of {self.key!r}"

    @property
    def destination(self) -> str:
        return repr(self.key)

    @property
    def show_command(self) -> str:
        return f"ecr-tui show {self.key}"

    @property
    def restore_command(self) -> str:
        return f"ecr-tui restore {self.key}"

    def read(self, backend: Backend) -> LivePolicy:
        return backend.get_policy(self.key)

    def write(self, backend: Backend, text: str, *, force: bool) -> None:
        backend.set_policy(self.key, text, force=force)

    def delete(self, backend: Backend) -> None:
        backend.delete_policy(self.key)

    def lease(self, backend: Backend, **pacing: object) -> Lease:
        return PolicyLease(backend, self.key, **pacing)  # type: ignore[arg-type]

    def validator(self, backend: Backend) -> Validator | None:
        return None


@dataclass(frozen=True)
class RegistryTarget:
    """The registry policy of the backend's region; validated against its region, account
    and scope (read once, when the save validates)."""

    scope: RegistryScope | None = None
    key: str = REGISTRY_POLICY_KEY
    destination: str = "the registry"
    show_command: str = "ecr-tui registry show"
    restore_command: str = "ecr-tui registry restore"

    @property
    def title(self) -> str:
        return "the registry policy"

    def read(self, backend: Backend) -> LivePolicy:
        return backend.read_registry_policy()

    def write(self, backend: Backend, text: str, *, force: bool) -> None:
        backend.put_registry_policy(text)

    def delete(self, backend: Backend) -> None:
        backend.delete_registry_policy()

    def lease(self, backend: Backend, **pacing: object) -> Lease:
        return NoLease()

    def validator(self, backend: Backend) -> Validator | None:
        region, account = backend.region, backend.account_id()

        def validate(
            document: PolicyDocument,
            *,
            created: Collection[int] = (),
            baseline: PolicyDocument | None = None,
            partition: str | None = None,
        ) -> list[Problem]:
            return validate_registry_document(
                document,
                region=region,
                account=account,
                scope=self.scope,
                created=created,
                baseline=baseline,
                partition=partition,
            )

        return validate
