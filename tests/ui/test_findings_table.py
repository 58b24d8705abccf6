"""The rows of the findings table keep the index of the statement each finding is about."""

from __future__ import annotations

from typing import Any

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.models import Repository
from ecr_tui.policy.actions import PULL_ONLY
from ecr_tui.policy.audit import audit_document
from ecr_tui.policy.document import PolicyDocument
from ecr_tui.service.audit_runner import RepositoryAudit
from ecr_tui.ui.widgets.findings_table import finding_rows

PUBLIC: dict[str, Any] = {
    "Sid": "Pull",
    "Effect": "Allow",
    "Principal": "*",
    "Action": list(PULL_ONLY),
}


def test_findings_alike_in_every_word_still_point_at_their_own_statement(
    backend: Backend,
) -> None:
    document = PolicyDocument({"Version": "2012-10-17", "Statement": [PUBLIC, PUBLIC]})
    findings = tuple(audit_document(document, own_account="123456789012"))
    repository = Repository("team/web", "", "", "123456789012", None)
    rows = finding_rows(
        [RepositoryAudit("us-east-1", repository, findings)], {"us-east-1": backend}
    )
    public = [row for row in rows if row.row.check == "public"]
    assert [row.row.statement for row in public] == ["#1 Pull", "#2 Pull"]
    assert len({row.row.message for row in public}) == 1
    assert [row.statement for row in public] == [0, 1]
