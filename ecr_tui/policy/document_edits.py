"""A whole edited document, turned back into edit operations on the document it came
from, so that a conflicting save can still re-apply them onto the live policy."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.edits import (
    AddStatement,
    DeleteStatement,
    Edit,
    ReplaceStatement,
    SetDocumentValue,
    sid_of,
)

STATEMENT_KEY = "Statement"


def _pair(
    old: list[Any], new: list[Any], pairs: dict[int, int], same: Callable[[Any, Any], bool]
) -> None:
    """Pair each unpaired new statement with the nearest unpaired old one that is `same`."""
    free = [i for i in range(len(old)) if i not in pairs.values()]
    for j, statement in enumerate(new):
        if j in pairs:
            continue
        candidates = [i for i in free if same(old[i], statement)]
        if candidates:
            best = min(candidates, key=lambda i: (abs(i - j), i))
            pairs[j] = best
            free.remove(best)


def statement_pairs(old: list[Any], new: list[Any]) -> dict[int, int]:
    """new index -> old index: equal statements first, then the same Sid, then a
    statement without Sid left at the same place."""
    pairs: dict[int, int] = {}
    _pair(old, new, pairs, lambda a, b: a == b)
    _pair(old, new, pairs, lambda a, b: sid_of(a) is not None and sid_of(a) == sid_of(b))
    for j, statement in enumerate(new):
        taken = set(pairs.values())
        unpaired = j not in pairs and j < len(old) and j not in taken
        if unpaired and sid_of(old[j]) is None and sid_of(statement) is None:
            pairs[j] = j
    return pairs


def edits_between(current: PolicyDocument, target: PolicyDocument) -> list[Edit]:
    """Edits that turn `current` into `target` (statement order aside: new statements
    go at the end)."""
    old, new = current.statements, target.statements
    pairs = statement_pairs(old, new)
    edits: list[Edit] = [
        ReplaceStatement(old[i], new[j], i) for j, i in sorted(pairs.items()) if old[i] != new[j]
    ]
    kept = set(pairs.values())
    edits += [DeleteStatement(old[i], i) for i in reversed(range(len(old))) if i not in kept]
    edits += [AddStatement(new[j]) for j in range(len(new)) if j not in pairs]
    keys = [k for k in dict.fromkeys([*current.data, *target.data]) if k != STATEMENT_KEY]
    edits += [
        SetDocumentValue(k, current.data.get(k), target.data.get(k))
        for k in keys
        if current.data.get(k) != target.data.get(k)
    ]
    return edits
