"""Plain records the AWS layer hands to the CLI and the UI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from ecr_tui.policy.document import PolicyDocument


@dataclass(frozen=True)
class Repository:
    name: str
    uri: str
    arn: str
    registry_id: str
    created: datetime | None


class IamKind(StrEnum):
    USER = "user"
    ROLE = "role"


@dataclass(frozen=True)
class IamEntity:
    kind: IamKind
    name: str
    path: str
    arn: str

    @property
    def path_and_name(self) -> str:
        return f"{self.path}{self.name}"


@dataclass(frozen=True)
class Identity:
    account: str
    arn: str


@dataclass(frozen=True)
class LivePolicy:
    """The policy as read from AWS; `document` is None when the repository has none."""

    repository: str
    text: str | None
    document: PolicyDocument | None

    @property
    def exists(self) -> bool:
        return self.text is not None
