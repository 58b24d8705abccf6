"""The backend's IAM calls: the users and roles a principal can be chosen from."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from ecr_tui.aws.models import IamEntity, IamKind

T = TypeVar("T")


class IamCalls:
    """Mixed into the backend, whose IAM client and error sentences it uses."""

    if TYPE_CHECKING:

        @property
        def iam(self) -> Any: ...

        def _call(self, call: Callable[[], T], doing: str, repository: str | None = None) -> T: ...

    def iam_pages(self) -> Iterator[list[IamEntity]]:
        """IAM users, then roles, page by page; each page sorted by path and name."""
        for kind, operation, key in (
            (IamKind.USER, "list_users", "Users"),
            (IamKind.ROLE, "list_roles", "Roles"),
        ):
            pages = iter(self.iam.get_paginator(operation).paginate())
            while True:
                page = self._call(partial(next, pages, None), f"list IAM {key.lower()}")
                if page is None:
                    break
                entities = [
                    IamEntity(
                        kind, item[f"{kind.value.capitalize()}Name"], item["Path"], item["Arn"]
                    )
                    for item in page.get(key, [])
                ]
                yield sorted(entities, key=lambda e: (e.path, e.name.lower()))

    def list_iam_entities(self) -> list[IamEntity]:
        found = [entity for page in self.iam_pages() for entity in page]
        return sorted(found, key=lambda e: (e.kind, e.path, e.name.lower()))
