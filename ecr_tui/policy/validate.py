"""Validation: the problems of a document, each with a severity and a plain sentence."""

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
    CONTROL_MESSAGE,
    Check,
    action_checks,
    condition_checks,
    principal_checks,
)
from ecr_tui.policy.element_checks import Severity as Severity  # part of this API, with Problem
from ecr_tui.policy.equivalence import canonical_statement

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
    severity: Severity
    message: str
    statement: int | None = None
    sid: str | None = None

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
            Problem(Severity.ERROR, f"{d}; saving would silently drop one of them")
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
    problems: list[Problem] = []
    size = len(document.to_aws_text())
    if size > MAX_POLICY_CHARS:
        problems.append(
            Problem(
                Severity.ERROR,
                f"the policy is {size:,} characters; ECR accepts at most {MAX_POLICY_CHARS:,}",
            )
        )
    version = document.data.get("Version")
    if version is None:
        problems.append(
            Problem(Severity.WARNING, "there is no Version; AWS then reads it as 2008-10-17")
        )
    elif version not in VERSIONS:
        problems.append(
            Problem(Severity.ERROR, f"Version {version!r} is not 2012-10-17 or 2008-10-17")
        )
    statement = document.data.get("Statement")
    if statement is None:
        problems.append(Problem(Severity.ERROR, "there is no Statement"))
    elif not isinstance(statement, list | dict):
        problems.append(Problem(Severity.ERROR, "Statement must be a list of statements"))
    for key in sorted(set(document.data) - TOP_LEVEL_KEYS):
        problems.append(Problem(Severity.ERROR, f"unknown top-level key {key!r}"))
    return problems


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
        return [Problem(Severity.ERROR, "a statement must be a JSON object", index)]
    sid = statement.get("Sid") if isinstance(statement.get("Sid"), str) else None

    def problem(severity: Severity, message: str) -> Problem:
        return Problem(severity, message, index, sid)

    found = [
        problem(severity, message)
        for severity, message in _sid_checks(statement, is_new, sid_count)
    ]
    for key in sorted(set(statement) - STATEMENT_KEYS):
        found.append(problem(Severity.ERROR, f"unknown key {key!r}"))
    effect = statement.get("Effect")
    if effect not in ("Allow", "Deny"):
        found.append(
            problem(Severity.ERROR, f"Effect must be exactly Allow or Deny, not {effect!r}")
        )
    found += [problem(s, m) for s, m in _exactly_one(statement, "Principal", "NotPrincipal")]
    found += [problem(s, m) for s, m in _exactly_one(statement, "Action", "NotAction")]
    for key in ("Principal", "NotPrincipal"):
        if key in statement:
            found += [problem(s, m) for s, m in principal_checks(statement[key], partition)]
    for key in ("Action", "NotAction"):
        if key in statement:
            found += [problem(s, m) for s, m in action_checks(statement[key])]
    if "Condition" in statement:
        shape = [problem(s, m) for s, m in condition_checks(statement["Condition"])]
        found += shape
        if not any(CONTROL_MESSAGE in p.message for p in shape):
            mistakes = condition_mistakes(statement["Condition"])
            found += [problem(Severity.ERROR, m) for m in mistakes]
    for key in ("Resource", "NotResource"):
        if key in statement:
            found.append(
                problem(
                    Severity.ERROR, f"{key} does not belong in a repository policy (ECR rejects it)"
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
            yield severity, "a new statement needs a Sid"
        return
    if not isinstance(sid, str):
        yield Severity.ERROR, "Sid must be text"
        return
    if CONTROL_CHARACTERS.search(sid):
        yield (
            Severity.ERROR,
            f"Sid {sid!r} contains control characters; use only letters and digits",
        )
        return
    if not SID_PATTERN.match(sid):
        yield severity, f"Sid {sid!r} should use only letters and digits"
    if sid_count[sid] > 1:
        yield severity, f"Sid {sid!r} is used by more than one statement"


def _exactly_one(statement: dict[str, Any], key: str, negated: str) -> Check:
    if key in statement and negated in statement:
        yield Severity.ERROR, f"a statement has either {key} or {negated}, not both"
    elif key not in statement and negated not in statement:
        yield Severity.ERROR, f"the statement has no {key}"
