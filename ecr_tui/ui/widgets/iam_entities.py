"""Which IAM users and roles a filter matches, in what order, and how the count reads."""

from __future__ import annotations

from collections.abc import Iterable

from ecr_tui.aws.models import IamEntity, IamKind
from ecr_tui.policy.principals import PrincipalKind, classify


def entity_from_arn(arn: str) -> IamEntity | None:
    """The user or role an ARN names, when it names one."""
    principal = classify("AWS", arn)
    if principal.kind is PrincipalKind.USER:
        return IamEntity(IamKind.USER, principal.name or "", principal.path, arn)
    if principal.kind is PrincipalKind.ROLE:
        return IamEntity(IamKind.ROLE, principal.name or "", principal.path, arn)
    return None


def search_text(entity: IamEntity) -> str:
    """What the filter searches: the entity's kind, path and name, in lower case."""
    return f"{entity.kind.value} {entity.path_and_name}".lower()


def entity_matches(entity: IamEntity, text: str) -> bool:
    """True when every word typed appears in the entity's kind, path and name."""
    haystack = search_text(entity)
    return all(word in haystack for word in text.lower().split())


def match_rank(entity: IamEntity, text: str) -> int:
    """0 when the name (or path and name) is what was typed, 1 when it starts with it, else 2."""
    typed = text.strip().lower()
    if not typed:
        return 2
    names = (entity.name.lower(), entity.path_and_name.lower().lstrip("/"))
    if typed.lstrip("/") in names:
        return 0
    if any(name.startswith(typed.lstrip("/")) for name in names):
        return 1
    return 2


def in_match_order(entities: Iterable[IamEntity], text: str) -> list[IamEntity]:
    """Exact matches of the name first, then names that start with `text`, then the rest;
    each by name, then kind and path."""
    return sorted(
        entities,
        key=lambda e: (match_rank(e, text), e.name.lower(), e.kind.value, e.path),
    )


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"


def count_text(entities: list[IamEntity], matching: int, filtered: bool, loading: bool) -> str:
    """'26 users, 32 roles', or '4 of 58 match' when a filter is typed; '… so far' while
    the pages are still coming."""
    if filtered:
        counted = f"{matching:,} of {len(entities):,} match"
    else:
        users = sum(e.kind is IamKind.USER for e in entities)
        counted = f"{plural(users, 'user')}, {plural(len(entities) - users, 'role')}"
    if loading:
        return f"Loading users and roles… {counted} so far"
    return f"{counted} · ↓ to the list, Space selects"
