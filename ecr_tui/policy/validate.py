"""Validation: the problems of a document, each with a severity, a stable code and a plain
sentence."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, replace
from typing import Any

from ecr_tui.policy.builder import SID_PATTERN
from ecr_tui.policy.condition_checks import condition_mistakes
from ecr_tui.policy.document import MAX_POLICY_CHARS, PolicyDocument
from ecr_tui.policy.element_checks import (
    CONTROL_CHARACTERS,
    Check,
    action_checks,
    condition_checks,
    principal_checks,
)
from ecr_tui.policy.element_checks import Severity as Severity  # part of this API, with Problem
from ecr_tui.policy.equivalence import canonical_statement
from ecr_tui.policy.problem_codes import ProblemCode

VERSIONS = ("2012-10-17", "2008-10-17")
TOP_LEVEL_KEYS = frozenset({"Version", "Id", "Statement"})
STATEMENT_KEYS = frozenset(
    {
        "Sid",
        "Effect",
        "Principal",
        "NotPrincipal",
        "Action",
        "NotAction",
        "Condition",
        "Resource",
        "NotResource",
    }
)


@dataclass(frozen=True)
class Problem:
    """`code` says what kind of problem it is; `key`, for a problem of the document as a
    whole, the top-level key it is about (when that key is in the document)."""

    severity: Severity
    code: ProblemCode
    message: str
    statement: int | None = None
    sid: str | None = None
    key: str | None = None

    @property
    def where(self) -> str:
        if self.statement is None:
            return "policy"
        return f"statement {self.sid!r}" if self.sid else f"statement {self.statement + 1}"

    def __str__(self) -> str:
        return f"{self.severity.value}: {self.where}: {self.message}"


def errors(problems: Collection[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]


def validate_document(
    document: PolicyDocument,
    *,
    created: Collection[int] = (),
    baseline: PolicyDocument | None = None,
    partition: str | None = None,
) -> list[Problem]:
    """Every problem of `document`.

    `created` are the indexes of statements this tool made: their Sid must be present,
    alphanumeric and unique (for others an odd Sid is only a warning). Statements equal to
    one in `baseline` (the live policy) are untouched, so a Resource there only warns.
    With `partition` (the session's), a principal ARN of another partition is an error.
    """
    problems: list[Problem] = []
    if document.duplicate_keys:
        problems += [
            Problem(
                Severity.ERROR,
                ProblemCode.DUPLICATE_KEY,
                f"{d}; saving would silently drop one of them",
            )
            for d in document.duplicate_keys
        ]
    problems += _document_level(document)
    untouched = (
        {canonical_statement(s) for s in baseline.statements} if baseline is not None else set()
    )
    statements = document.statements
    sid_counts = Counter(
        s["Sid"] for s in statements if isinstance(s, dict) and isinstance(s.get("Sid"), str)
    )
    for index, statement in enumerate(statements):
        problems += _statement_problems(
            statement,
            index,
            is_new=index in created,
            is_untouched=canonical_statement(statement) in untouched,
            sid_count=sid_counts,
            partition=partition,
        )
    return problems


def _document_level(document: PolicyDocument) -> list[Problem]:
    problems = size_problems(document)
    version = document.data.get("Version")
    if version is None:
        problems.append(
            Problem(
                Severity.WARNING,
                ProblemCode.VERSION_MISSING,
                "there is no Version; AWS then reads it as 2008-10-17",
            )
        )
    elif version not in VERSIONS:
        problems.append(
            Problem(
                Severity.ERROR,
                ProblemCode.VERSION_INVALID,
                f"Version {version!r} is not 2012-10-17 or 2008-10-17",
                key="Version",
            )
        )
    statement = document.data.get("Statement")
    if statement is None:
        problems.append(
            Problem(Severity.ERROR, ProblemCode.STATEMENT_MISSING, "there is no Statement")
        )
    elif not isinstance(statement, list | dict):
        problems.append(
            Problem(
                Severity.ERROR,
                ProblemCode.STATEMENT_NOT_LIST,
                "Statement must be a list of statements",
                key="Statement",
            )
        )
    for key in sorted(set(document.data) - TOP_LEVEL_KEYS):
        problems.append(
            Problem(
                Severity.ERROR,
                ProblemCode.UNKNOWN_TOP_LEVEL_KEY,
                f"unknown top-level key {key!r}",
                key=key,
            )
        )
    return problems


def size_problems(document: PolicyDocument) -> list[Problem]:
    """The document's problem when its text is longer than ECR accepts."""
    size = len(document.to_aws_text())
    if size <= MAX_POLICY_CHARS:
        return []
    return [
        Problem(
            Severity.ERROR,
            ProblemCode.POLICY_TOO_LONG,
            f"the policy is {size:,} characters; ECR accepts at most {MAX_POLICY_CHARS:,}",
        )
    ]


def _statement_problems(
    statement: Any,
    index: int,
    *,
    is_new: bool,
    is_untouched: bool,
    sid_count: Counter[Any],
    partition: str | None = None,
) -> list[Problem]:
    if not isinstance(statement, dict):
        return [
            Problem(
                Severity.ERROR,
                ProblemCode.STATEMENT_NOT_OBJECT,
                "a statement must be a JSON object",
                index,
            )
        ]
    sid = statement.get("Sid") if isinstance(statement.get("Sid"), str) else None

    def problems(checks: Check) -> list[Problem]:
        return [Problem(s, code, m, index, sid) for s, code, m in checks]

    found = problems(_sid_checks(statement, is_new, sid_count))
    found += problems(_key_checks(statement))
    found += problems(_exactly_one(statement, "Principal", "NotPrincipal"))
    found += problems(_exactly_one(statement, "Action", "NotAction"))
    for key in ("Principal", "NotPrincipal"):
        if key in statement:
            found += problems(principal_checks(statement[key], partition))
    for key in ("Action", "NotAction"):
        if key in statement:
            found += problems(action_checks(statement[key], key=key))
    if "Condition" in statement:
        shape = problems(condition_checks(statement["Condition"]))
        found += shape
        if not any(p.code is ProblemCode.CONDITION_CONTROL_CHARACTERS for p in shape):
            mistakes = condition_mistakes(statement["Condition"])
            found += [Problem(Severity.ERROR, c, m, index, sid) for c, m in mistakes]
    for key in ("Resource", "NotResource"):
        if key in statement:
            found.append(
                Problem(
                    Severity.ERROR,
                    ProblemCode.RESOURCE_NOT_ALLOWED,
                    f"{key} does not belong in a repository policy (ECR rejects it)",
                    index,
                    sid,
                )
            )
    if is_untouched:
        return [replace(p, severity=Severity.WARNING) for p in found]
    return found


def _sid_checks(statement: dict[str, Any], is_new: bool, sid_count: Counter[Any]) -> Check:
    severity = Severity.ERROR if is_new else Severity.WARNING
    sid = statement.get("Sid")
    if sid is None or sid == "":
        if is_new:
            yield severity, ProblemCode.SID_MISSING, "a new statement needs a Sid"
        return
    if not isinstance(sid, str):
        yield Severity.ERROR, ProblemCode.SID_NOT_TEXT, "Sid must be text"
        return
    if CONTROL_CHARACTERS.search(sid):
        yield (
            Severity.ERROR,
            ProblemCode.SID_CONTROL_CHARACTERS,
            f"Sid {sid!r} contains control characters; use only letters and digits",
        )
        return
    if not SID_PATTERN.match(sid):
        yield (
            severity,
            ProblemCode.SID_NOT_ALPHANUMERIC,
            f"Sid {sid!r} should use only letters and digits",
        )
    if sid_count[sid] > 1:
        yield (
            severity,
            ProblemCode.SID_DUPLICATE,
            f"Sid {sid!r} is used by more than one statement",
        )


def _key_checks(statement: dict[str, Any]) -> Check:
    for key in sorted(set(statement) - STATEMENT_KEYS):
        yield Severity.ERROR, ProblemCode.UNKNOWN_KEY, f"unknown key {key!r}"
    effect = statement.get("Effect")
    if effect not in ("Allow", "Deny"):
        yield (
            Severity.ERROR,
            ProblemCode.EFFECT_INVALID,
            f"Effect must be exactly Allow or Deny, not {effect!r}",
        )


def _exactly_one(statement: dict[str, Any], key: str, negated: str) -> Check:
    if key in statement and negated in statement:
        yield (
            Severity.ERROR,
            ProblemCode.ELEMENT_AND_NEGATION,
            f"a statement has either {key} or {negated}, not both",
        )
    elif key not in statement and negated not in statement:
        yield Severity.ERROR, ProblemCode.ELEMENT_MISSING, f"the statement has no {key}"
