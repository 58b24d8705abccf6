"""The preview of a write, the one both front ends show: diff, problems, findings, summary."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aws_rewrites import record_calls

from ecr_tui.aws.backend import Backend, BackendSettings
from ecr_tui.aws.models import LivePolicy
from ecr_tui.aws.policy_target import RegistryTarget
from ecr_tui.policy.document import parse_policy
from ecr_tui.policy.validate import Severity
from ecr_tui.service.edit_session import EditSession
from ecr_tui.service.preview import MERGED_SUMMARY, ReadOnly, merged_preview, preview

OWN = "123456789012"
PULL = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
CROSS_ACCOUNT: dict[str, Any] = {
    "Sid": "CrossAccountPull",
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
    "Action": PULL,
}
NOT_PRINCIPAL: dict[str, Any] = {
    "Sid": "Odd statement",
    "Effect": "Deny",
    "NotPrincipal": {"AWS": f"arn:aws:iam::{OWN}:role/admin"},
    "Action": "ecr:*",
}
EVERYONE: dict[str, Any] = {"Sid": "Everyone", "Effect": "Allow", "Principal": "*", "Action": PULL}


def session_for(*statements: Any) -> EditSession:
    text = json.dumps({"Version": "2008-10-17", "Statement": list(statements)})
    return EditSession(LivePolicy("repo", text, parse_policy(text)))


def test_a_first_policy_is_all_added_lines(backend: Backend) -> None:
    session = EditSession(LivePolicy("repo", None, None))
    session.add({**EVERYONE, "Sid": "Statement1"})
    shown = preview(backend, session.save_request(), own_account=OWN)
    assert "+++ new policy" in shown.diff
    assert not shown.deleting and not shown.blocked and not shown.unchanged
    assert shown.request.document == session.document


def test_new_findings_name_what_the_edits_add(backend: Backend) -> None:
    session = session_for(CROSS_ACCOUNT)
    assert preview(backend, session.save_request(), own_account=OWN).findings == ()
    session.add(EVERYONE)
    checks = {f.check for f in preview(backend, session.save_request(), own_account=OWN).findings}
    assert "public" in checks
    assert "cross-account" not in checks


def test_the_summary_says_who_can_do_what_in_a_line(backend: Backend) -> None:
    session = session_for(CROSS_ACCOUNT, NOT_PRINCIPAL)
    shown = preview(backend, session.save_request())
    assert shown.summary == "" and shown.unchanged
    partner = {
        "Sid": "PartnerPull",
        "Effect": "Allow",
        "Principal": {"AWS": ["444455556666", "arn:aws:iam::444455556666:role/ci/builder"]},
        "Action": PULL,
    }
    session.add(partner)
    said = "adds statement PartnerPull: account 444455556666 and 1 more can pull"
    assert preview(backend, session.save_request()).summary == said
    session.undo()
    session.replace(0, {**CROSS_ACCOUNT, "Effect": "Deny", "Action": "ecr:PutImage"})
    session.delete(1)
    assert preview(backend, session.save_request()).summary == (
        "2 changes: changes statement CrossAccountPull: account 210987654321 cannot PutImage; "
        "removes statement Odd statement"
    )


def test_removing_every_statement_is_a_deletion(backend: Backend) -> None:
    session = session_for(CROSS_ACCOUNT)
    session.delete(0)
    shown = preview(backend, session.save_request())
    assert shown.deleting
    assert '-      "Sid": "CrossAccountPull",' in shown.diff


def test_an_arn_of_another_partition_blocks_the_write(backend: Backend) -> None:
    session = session_for(CROSS_ACCOUNT)
    session.add(
        {**CROSS_ACCOUNT, "Sid": "China", "Principal": {"AWS": f"arn:aws-cn:iam::{OWN}:root"}}
    )
    shown = preview(backend, session.save_request())
    assert shown.blocked
    assert any("aws-cn partition" in p.message for p in shown.errors)


def test_the_merged_preview_shows_the_edits_on_the_live_policy(backend: Backend) -> None:
    session = session_for(CROSS_ACCOUNT)
    session.add(EVERYONE)
    live = parse_policy(json.dumps({"Version": "2012-10-17", "Statement": [NOT_PRINCIPAL]}))
    shown = merged_preview(backend, session.save_request(), live, own_account=OWN)
    assert shown.merged and shown.request.rebase
    assert shown.summary == MERGED_SUMMARY
    assert "--- live policy now" in shown.diff and "+++ merged policy" in shown.diff
    assert '+      "Sid": "Everyone",' in shown.diff
    assert "public" in {f.check for f in shown.findings}


def test_a_registry_policy_is_checked_as_one_and_has_no_repository_findings(
    backend: Backend,
) -> None:
    session = EditSession(LivePolicy("registry", None, None))
    session.add(EVERYONE)
    shown = preview(backend, session.save_request(), target=RegistryTarget())
    assert shown.title == "the registry policy"
    assert shown.findings == ()
    assert shown.blocked
    assert any("Resource" in p.message for p in shown.errors)
    assert all(p.severity is Severity.ERROR for p in shown.errors)


def test_read_only_refuses_before_anything_is_read(aws: None) -> None:
    backend = Backend(
        BackendSettings(region="us-east-1", static_credentials=("t", "t"), read_only=True)
    )
    log = record_calls(backend.ecr)
    session = session_for(CROSS_ACCOUNT)
    session.add(EVERYONE)
    with pytest.raises(ReadOnly, match="read-only mode"):
        preview(backend, session.save_request())
    assert log.calls == []
