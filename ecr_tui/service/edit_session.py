"""The edits made on one repository's policy, with undo, before they are saved.

The working document is always the live policy it was loaded from (the baseline) with
the edit operations applied, so the same operations can be re-applied onto a newer live
policy when someone else changed it meanwhile.
"""

from __future__ import annotations

import copy
from typing import Any

from ecr_tui.aws.models import LivePolicy
from ecr_tui.policy.builder import SID_PATTERN, unique_sid
from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.document_edits import edits_between
from ecr_tui.policy.edits import (
    AddStatement,
    DeleteStatement,
    Edit,
    ReplaceStatement,
    apply_edits,
)
from ecr_tui.policy.equivalence import statements_equivalent
from ecr_tui.policy.statements import StatementView, view_statements
from ecr_tui.policy.validate import Problem, validate_document
from ecr_tui.service.preview import Preview
from ecr_tui.service.saving import SaveRequest, created_indexes


class EditSession:
    """The live policy of one repository and the edits made on it since it was loaded."""

    def __init__(self, live: LivePolicy) -> None:
        self.live = live
        self.edits: list[Edit] = []
        self._steps: list[tuple[int, str]] = []
        """What each undo step takes back: (number of edits, description)."""
        self._document = self.start_document

    @property
    def repository(self) -> str:
        return self.live.repository

    @property
    def baseline(self) -> PolicyDocument | None:
        return self.live.document

    @property
    def start_document(self) -> PolicyDocument:
        return self.baseline if self.baseline is not None else PolicyDocument.empty()

    @property
    def document(self) -> PolicyDocument:
        """The working document: the baseline with every edit applied."""
        return self._document

    @property
    def statements(self) -> list[Any]:
        return self._document.statements

    @property
    def views(self) -> list[StatementView]:
        return view_statements(self._document.statements)

    @property
    def net_edits(self) -> list[Edit]:
        """What the edits change, taken together: a copy added then deleted is nothing."""
        return edits_between(self.start_document, self._document)

    @property
    def unsaved_count(self) -> int:
        return len(self.net_edits) if self.edits else 0

    @property
    def dirty(self) -> bool:
        """True when saving would change the policy (not merely when edits were made)."""
        return self.unsaved_count > 0

    @property
    def can_undo(self) -> bool:
        return bool(self._steps)

    @property
    def editable(self) -> bool:
        return self.baseline is None or self.baseline.editable

    @property
    def not_editable_because(self) -> str | None:
        if self.editable or self.baseline is None:
            return None
        first = self.baseline.duplicate_keys[0]
        return (
            f"The stored policy has duplicate keys ({first}); saving it from here would "
            "silently drop one of them, so it is shown read-only. Fix it with `ecr-tui apply`."
        )

    @property
    def empty_note(self) -> str:
        """What to say when there is no statement to show ("" when there are some)."""
        if self._document.statements:
            return ""
        if self.baseline is None:
            return "This repository has no policy. Press a to add a statement."
        return "No statements are left. Press u to undo or Ctrl+S to delete the policy."

    def _record(self, edit: Edit) -> Edit:
        self._document = apply_edits(self._document, [edit])
        self.edits.append(edit)
        self._steps.append((1, edit.describe()))
        return edit

    def add(self, statement: dict[str, Any]) -> Edit:
        return self._record(AddStatement(copy.deepcopy(statement)))

    def replace(self, index: int, statement: Any) -> Edit | None:
        """Replace the statement at `index`; None (and no edit) when nothing changed."""
        original = self.statements[index]
        if statement == original:
            return None
        return self._record(ReplaceStatement(original, copy.deepcopy(statement), index))

    def delete(self, index: int) -> Edit:
        return self._record(DeleteStatement(self.statements[index], index))

    def duplicate(self, index: int) -> Edit:
        """Add a copy of the statement at `index` under a new unique alphanumeric Sid."""
        original = self.statements[index]
        if not isinstance(original, dict):
            raise ValueError("only a statement that is a JSON object can be duplicated")
        sid = original.get("Sid")
        base = sid if isinstance(sid, str) and SID_PATTERN.match(sid) else "Statement"
        statement = copy.deepcopy(original)
        statement["Sid"] = unique_sid(self.statements, base=f"{base}Copy")
        return self.add(statement)

    def replace_document(self, document: PolicyDocument) -> list[Edit]:
        """Record the edits that turn the working document into `document`, as one
        undo step; none when nothing changed."""
        edits = edits_between(self._document, document)
        if not edits:
            return []
        self._document = apply_edits(self._document, edits)
        self.edits += edits
        what = edits[0].describe() if len(edits) == 1 else f"{len(edits)} changes"
        self._steps.append((len(edits), f"the document edit ({what})"))
        return edits

    def undo(self) -> str | None:
        """Take back the last step (one edit, or a whole-document edit); say what it was."""
        if not self._steps:
            return None
        count, what = self._steps.pop()
        del self.edits[-count:]
        self._document = apply_edits(self.start_document, self.edits)
        return what

    def new_sid(self) -> str:
        return unique_sid(self.statements)

    def problems(self) -> list[Problem]:
        return validate_document(
            self._document,
            created=created_indexes(self._document, self.edits),
            baseline=self.baseline,
        )

    def document_problems(self, document: PolicyDocument) -> list[Problem]:
        """The problems of `document` if it replaced the working document."""
        edits = [*self.edits, *edits_between(self._document, document)]
        created = created_indexes(document, edits)
        return validate_document(document, created=created, baseline=self.baseline)

    def problems_with(
        self, statement: Any, index: int | None, *, strict_sid: bool
    ) -> list[Problem]:
        """The problems of `statement` if it were placed at `index` (None = appended).

        `strict_sid` applies the rules for a Sid this tool creates (present, alphanumeric,
        unique) instead of only warning about an odd one.
        """
        statements = self.statements
        if index is None:
            index = len(statements)
            statements.append(statement)
        else:
            statements[index] = statement
        document = self._document.with_statements(statements)
        created = {index} if strict_sid else set()
        found = validate_document(document, created=created, baseline=self.baseline)
        return [p for p in found if p.statement == index or p.statement is None]

    def is_untouched(self, index: int) -> bool:
        """True when the statement at `index` is one of the baseline's, unchanged."""
        baseline = self.baseline.statements if self.baseline is not None else []
        statement = self.statements[index]
        return any(statements_equivalent(statement, s) for s in baseline)

    def refine(self, shown: Preview) -> Preview:
        """The preview of saving this session, with what only this kind of session knows."""
        return shown

    def save_request(self, *, force: bool = False, rebase: bool = False) -> SaveRequest:
        return SaveRequest(
            repository=self.repository,
            baseline=self.baseline,
            document=self._document,
            edits=tuple(self.edits),
            created=created_indexes(self._document, self.edits),
            force=force,
            rebase=rebase,
        )
