"""A readable unified diff of two policy documents."""

from __future__ import annotations

import difflib

from ecr_tui.policy.document import PolicyDocument


def _lines(document: PolicyDocument | None) -> list[str]:
    if document is None:
        return []
    return document.to_json().splitlines(keepends=False)


def unified_diff(
    before: PolicyDocument | None,
    after: PolicyDocument | None,
    *,
    before_label: str = "live policy",
    after_label: str = "new policy",
    context: int = 3,
) -> str:
    """The diff as text; both sides are laid out the same way first, so only content
    differences show (not how AWS happened to format the stored text)."""
    lines = difflib.unified_diff(
        _lines(before),
        _lines(after),
        fromfile=before_label if before is not None else f"{before_label} (none)",
        tofile=after_label if after is not None else f"{after_label} (none)",
        n=context,
        lineterm="",
    )
    return "\n".join(lines)
