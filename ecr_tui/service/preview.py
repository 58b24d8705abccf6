"""What a write shows before it is confirmed, made once for the terminal UI and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.policy_target import PolicyTarget, RepositoryTarget
from ecr_tui.policy.audit import Finding, new_findings
from ecr_tui.policy.diff import unified_diff
from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.document_edits import edits_between
from ecr_tui.policy.edits import rebase
from ecr_tui.policy.organization_boundary import OrganizationBoundary, apply_boundary
from ecr_tui.policy.templates import partition_of
from ecr_tui.policy.validate import Problem, Severity, validate_document
from ecr_tui.service.edit_summary import summary
from ecr_tui.service.save_records import SaveRequest, created_indexes

MERGED_SUMMARY = "your edits, re-applied on the live policy"


class ReadOnly(Exception):
    """The program was started read-only: no write is previewed, nothing is written."""

    def __init__(self) -> None:
        super().__init__("read-only mode: refusing to write; nothing was changed")


@dataclass(frozen=True)
class Preview:
    """A write before it is made: what changes, what is wrong with it, and what it sends.

    `request` is what to save once the person confirms; `merged` says the diff is of the
    live policy against the person's edits re-applied onto it.
    """

    request: SaveRequest
    title: str
    diff: str
    problems: tuple[Problem, ...]
    findings: tuple[Finding, ...]
    summary: str
    deleting: bool
    merged: bool = False

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def blocked(self) -> bool:
        """Saving would write nothing: the new policy has errors."""
        return bool(self.errors)

    @property
    def unchanged(self) -> bool:
        """The new policy says what the one it was made from says."""
        return not self.diff


def ranked_by_boundary(shown: Preview, boundary: OrganizationBoundary | None) -> Preview:
    """The preview's findings ranked as the audit ranks them: access from outside the
    organisation above access from inside it."""
    if boundary is None:
        return shown
    ranked = apply_boundary(shown.findings, shown.request.document, boundary)
    return replace(shown, findings=tuple(ranked))


def refuse_if_read_only(backend: Backend) -> None:
    if backend.read_only:
        raise ReadOnly


def preview(
    backend: Backend,
    request: SaveRequest,
    *,
    target: PolicyTarget | None = None,
    own_account: str | None = None,
) -> Preview:
    """The preview of saving `request` onto its baseline. Raises ReadOnly, and AwsError
    when the validation of `target` needs AWS and cannot have it."""
    refuse_if_read_only(backend)
    target = target or RepositoryTarget(request.repository)
    validator = target.validator(backend)
    validate = validator or validate_document
    document, baseline = request.document, request.baseline
    problems = validate(
        document,
        created=request.created,
        baseline=baseline,
        partition=partition_of(backend.region),
    )
    # The audit's checks are those of a repository policy.
    findings = new_findings(baseline, document, own_account) if validator is None else []
    return Preview(
        request=request,
        title=target.title,
        diff=unified_diff(baseline, document if document.statements else None),
        problems=tuple(problems),
        findings=tuple(findings),
        summary=summary(edits_between(baseline or PolicyDocument.empty(), document)),
        deleting=not document.statements,
    )


def merged_preview(
    backend: Backend,
    request: SaveRequest,
    live: PolicyDocument | None,
    *,
    target: PolicyTarget | None = None,
    own_account: str | None = None,
) -> Preview:
    """The preview of `request`'s edits re-applied onto `live`, the policy someone else
    wrote meanwhile; its request saves them with `rebase`."""
    merged = rebase(request.edits, live or PolicyDocument.empty()).document
    onto_live = replace(
        request, baseline=live, document=merged, created=created_indexes(merged, request.edits)
    )
    shown = preview(backend, onto_live, target=target, own_account=own_account)
    return replace(
        shown,
        request=replace(request, rebase=True),
        diff=unified_diff(
            live,
            merged if merged.statements else None,
            before_label="live policy now",
            after_label="merged policy",
        ),
        summary=MERGED_SUMMARY,
        merged=True,
    )
