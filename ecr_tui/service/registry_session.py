"""The edits made on the registry policy of one region, checked as a registry policy."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ecr_tui.aws.models import LivePolicy, Repository
from ecr_tui.policy.audit import Finding, make_finding, sort_findings, statement_grants
from ecr_tui.policy.checks import Source
from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.document_edits import edits_between
from ecr_tui.policy.edits import AddStatement, Edit, ReplaceStatement
from ecr_tui.policy.equivalence import canonical_statement
from ecr_tui.policy.grants import EVERY_ACTION, Accounts
from ecr_tui.policy.problem_codes import ProblemCode
from ecr_tui.policy.registry import (
    V1_NAMES,
    RegistryPolicy,
    RegistryScope,
    audit_registry,
)
from ecr_tui.policy.registry_statements import (
    RegistryPreset,
    count_text,
    grants_beyond_v1,
    names_text,
    new_statements,
    reached,
    registry_preset_of,
)
from ecr_tui.policy.registry_validate import validate_registry_document
from ecr_tui.policy.statements import view_statement
from ecr_tui.policy.validate import Problem, Severity
from ecr_tui.service.edit_session import EditSession
from ecr_tui.service.edit_summary import grant_phrase, summarize
from ecr_tui.service.preview import Preview
from ecr_tui.service.saving import created_indexes

VERBS_WITHOUT_ON = ("pull", "push", "pull and push")
PRESET_VERBS = {
    RegistryPreset.REPLICATION: "replicate images into this registry",
    RegistryPreset.PULL_THROUGH_CACHE: "fill pull-through cache repositories",
}


class RegistrySession(EditSession):
    """`scope` is None when the account setting could not be read (`scope_unknown` says
    why); `repositories` are the region's, for what each statement reaches."""

    def __init__(
        self,
        live: LivePolicy,
        *,
        region: str,
        account: str,
        scope: RegistryScope | None,
        scope_unknown: str = "",
        repositories: list[Repository] | None = None,
    ) -> None:
        super().__init__(live)
        self.region = region
        self.account = account
        self.scope = scope
        self.scope_unknown = scope_unknown
        self.repositories = list(repositories or [])

    @property
    def arns(self) -> list[tuple[str, str]]:
        return [(r.name, r.arn) for r in self.repositories]

    def reach_of(self, statement: Any) -> list[str]:
        return reached(statement, self.arns)

    @property
    def not_editable_because(self) -> str | None:
        reason = super().not_editable_because
        return reason.replace("`ecr-tui apply`", "`ecr-tui registry apply`") if reason else None

    @property
    def empty_note(self) -> str:
        if self.document.statements:
            return ""
        if self.baseline is None:
            return (
                "This region has no registry policy: only repository policies and IAM grant "
                "access. Press a to add a statement, t for a template."
            )
        return "No statements are left. Press u to undo or Ctrl+S to delete the registry policy."

    def _validate(
        self, document: PolicyDocument, created: set[int] | list[int] | tuple[int, ...]
    ) -> list[Problem]:
        found = validate_registry_document(
            document,
            region=self.region,
            account=self.account,
            scope=self.scope,
            created=created,
            baseline=self.baseline,
        )
        return found + self._scope_unknown_warnings(document)

    def _scope_unknown_warnings(self, document: PolicyDocument) -> list[Problem]:
        """Under an unknown scope, the new statements that take effect only under V2."""
        if self.scope is not None:
            return []
        statements = document.statements
        return [
            Problem(
                Severity.WARNING,
                ProblemCode.SCOPE_UNKNOWN,
                scope_unknown_warning(self.scope_unknown),
                index,
                sid if isinstance(sid := statements[index].get("Sid"), str) else None,
            )
            for index in new_statements(document, self.baseline)
            if grants_beyond_v1(statements[index])
        ]

    def problems(self) -> list[Problem]:
        return self._validate(self.document, created_indexes(self.document, self.edits))

    def document_problems(self, document: PolicyDocument) -> list[Problem]:
        edits = [*self.edits, *edits_between(self.document, document)]
        return self._validate(document, created_indexes(document, edits))

    def problems_with(
        self, statement: Any, index: int | None, *, strict_sid: bool
    ) -> list[Problem]:
        statements = self.statements
        if index is None:
            index = len(statements)
            statements.append(statement)
        else:
            statements[index] = statement
        document = self.document.with_statements(statements)
        found = self._validate(document, {index} if strict_sid else set())
        return [p for p in found if p.statement == index or p.statement is None]

    def refine(self, shown: Preview) -> Preview:
        """The registry's problems (with the scope's warnings), its summary naming presets
        and reach, and its findings with the repositories each new grant reaches."""
        return replace(
            shown,
            problems=tuple(self.problems()),
            findings=tuple(self.new_findings(None)),
            summary=self.summary(),
        )

    def summary(self) -> str:
        """The edits in a line, with registry presets named and the repositories reached:
        "adds statement ProdPull: account 999988887777 can pull 2 repositories"."""
        said = [self._summarize(edit) for edit in self.net_edits]
        return f"{len(said)} changes: {'; '.join(said)}" if len(said) > 1 else "".join(said)

    def _summarize(self, edit: Edit) -> str:
        if not isinstance(edit, AddStatement | ReplaceStatement):
            return summarize(edit)
        verb = "adds" if isinstance(edit, AddStatement) else "changes"
        statement = edit.statement
        phrase = grant_phrase(statement)
        actions = _strings(statement.get("Action")) if isinstance(statement, dict) else []
        preset = registry_preset_of(str(a) for a in actions)
        if preset in PRESET_VERBS:
            head = phrase.rsplit(" can ", 1)[0] if " can " in phrase else phrase
            phrase = f"{head} can {PRESET_VERBS[preset]}"
        elif " can " in phrase and (names := self.reach_of(statement)):
            on = "" if phrase.endswith(VERBS_WITHOUT_ON) else "on "
            phrase += f" {on}{count_text(len(names))}"
        return f"{verb} {phrase}"

    def registry_policy(self, document: PolicyDocument | None) -> RegistryPolicy:
        if self.scope is None:
            return RegistryPolicy(document, RegistryScope.V2, self.scope_unknown or "unknown")
        return RegistryPolicy(document, self.scope)

    def new_findings(self, own_account: str | None) -> list[Finding]:
        """The registry audit's new findings, and for each new or changed grant how many
        repositories it reaches: "account 999988887777 can pull 14 repositories"."""
        own = own_account or self.account
        arns = [arn for _, arn in self.arns]
        before = audit_registry(self.registry_policy(self.baseline), arns, own_account=own)
        known = {(f.check, f.message) for f in before}
        after = audit_registry(self.registry_policy(self.document), arns, own_account=own)
        found = [f for f in after if (f.check, f.message) not in known]
        return sort_findings(found + self._reach_findings(own))

    def _reach_findings(self, own: str) -> list[Finding]:
        untouched = (
            {canonical_statement(s) for s in self.baseline.statements} if self.baseline else set()
        )
        enforced = EVERY_ACTION if self.scope is not RegistryScope.V1 else frozenset()
        accounts = Accounts.of(own)
        found: list[Finding] = []
        for index, statement in enumerate(self.document.statements):
            if not isinstance(statement, dict) or canonical_statement(statement) in untouched:
                continue
            names = self.reach_of(statement)
            if not names:
                continue
            view = view_statement(statement, index)
            entries = statement_grants(view, statement, accounts, registry=True, enforced=enforced)
            for check, text in entries:
                finding = make_finding(check, reach_text(text, names), view, Source.REGISTRY)
                found.append(finding)
        return found


def reach_text(text: str, names: list[str]) -> str:
    """ "account X can pull" -> "account X can pull 14 repositories (a, b, c and 11 more)"."""
    who, can, what = text.partition(" can ")
    counted = f"{count_text(len(names))} ({names_text(names)})"
    if not can:
        return f"{text} on {counted}"
    joiner = " " if what in VERBS_WITHOUT_ON else " on "
    return f"{who} can {what}{joiner}{counted}"


def scope_unknown_warning(reason: str) -> str:
    return (
        f"the registry policy scope could not be read ({reason}): "
        f"under V1 only {V1_NAMES} would take effect"
    )


def _strings(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value] if value is not None else []
