"""A save is done only when the live policy shows it: other writers, lost replies, silence."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aws_faults import before_sending, drop_reply, never_answer
from aws_rewrites import fail_calls, record_calls

from ecr_tui.aws.backend import Backend, BackendSettings
from ecr_tui.policy.document import PolicyDocument, parse_policy
from ecr_tui.policy.edits import AddStatement, Edit, apply_edits
from ecr_tui.service.backups import BackupStore
from ecr_tui.service.saving import (
    SaveOutcome,
    SavePacing,
    SaveProgress,
    SaveRequest,
    SaveResult,
    created_indexes,
    save_policy,
)

REPO = "app"
PULL = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
OURS = {"Sid": "OursPull", "Effect": "Allow", "Principal": {"AWS": "210987654321"}, "Action": PULL}
THEIRS = {
    "Sid": "TheirsPull",
    "Effect": "Allow",
    "Principal": {"AWS": "111122223333"},
    "Action": PULL,
}
NEW_ROLE = "arn:aws:iam::123456789012:role/just-created"
INVALID_POLICY = (
    "Invalid parameter at 'PolicyText' failed to satisfy constraint: "
    "'Invalid repository policy provided'"
)
PROPAGATION = (0.01, 0.02, 0.03)


def text(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def request(*edits: Edit, baseline: PolicyDocument | None = None) -> SaveRequest:
    document = apply_edits(baseline or PolicyDocument.empty(), edits)
    return SaveRequest(REPO, baseline, document, edits, created_indexes(document, edits))


def live_sids(ecr: Any) -> list[str]:
    try:
        stored = ecr.get_repository_policy(repositoryName=REPO)["policyText"]
    except ecr.exceptions.RepositoryPolicyNotFoundException:
        return []
    return [s["Sid"] for s in parse_policy(stored).statements]


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def phases() -> list[str]:
    return []


@pytest.fixture
def save(backend: Backend, ecr: Any, sleeps: list[float], phases: list[str]):
    ecr.create_repository(repositoryName=REPO)
    pacing = SavePacing(
        sleep=sleeps.append, random=lambda: 0.0, settle=0.25, propagation_delays=PROPAGATION
    )

    def run(save_request: SaveRequest) -> SaveResult:
        progress = SaveProgress(on_phase=phases.append)
        return save_policy(backend, save_request, BackupStore(), pacing=pacing, progress=progress)

    return run


def test_a_write_is_confirmed_by_reading_it_back_after_a_settle_delay(
    save, backend: Backend, ecr: Any, sleeps: list[float], phases: list[str]
) -> None:
    log = record_calls(backend.ecr)
    result = save(request(AddStatement(OURS)))
    assert result.outcome is SaveOutcome.SAVED, result.message
    assert log.operations == [
        "ListTagsForResource",
        "TagResource",
        "GetRepositoryPolicy",
        "SetRepositoryPolicy",
        "GetRepositoryPolicy",
        "ListTagsForResource",
        "UntagResource",
    ], "lease, read just before the write, write, confirm, release"
    assert sleeps == [0.25]
    assert any("Confirming" in phase for phase in phases)
    assert live_sids(ecr) == ["OursPull"]


def test_a_write_another_writer_overwrote_is_re_applied_onto_theirs(
    save, backend: Backend, ecr: Any, sleeps: list[float]
) -> None:
    def other_writer_lands_late() -> None:
        ecr.set_repository_policy(repositoryName=REPO, policyText=text(THEIRS))

    before_sending(backend.ecr, "GetRepositoryPolicy", other_writer_lands_late, skip=1)
    result = save(request(AddStatement(OURS)))
    assert result.outcome is SaveOutcome.SAVED, result.message
    assert sorted(live_sids(ecr)) == ["OursPull", "TheirsPull"]
    assert any("re-applied onto theirs" in note for note in result.notes)
    assert len(sleeps) == 3, "settle, backoff, settle"


def test_a_change_overwritten_every_time_is_a_conflict_not_a_success(
    save, backend: Backend, ecr: Any
) -> None:
    def other_writer() -> None:
        ecr.set_repository_policy(repositoryName=REPO, policyText=text(THEIRS))

    log = record_calls(backend.ecr)
    before_sending(backend.ecr, "GetRepositoryPolicy", other_writer, skip=1, times=100)
    result = save(request(AddStatement(OURS)))
    assert result.outcome is SaveOutcome.CONFLICT
    assert not result.ok
    assert result.message.startswith("Our change is not in the live policy of 'app'")
    assert "add statement 'OursPull' is missing" in result.message
    assert len(log.of("SetRepositoryPolicy")) == SavePacing().rewrites + 1
    assert live_sids(ecr) == ["TheirsPull"]


def test_a_write_whose_reply_was_lost_but_landed_is_a_success_with_a_note(
    save, backend: Backend, ecr: Any
) -> None:
    drop_reply(backend.ecr, "SetRepositoryPolicy")
    result = save(request(AddStatement(OURS)))
    assert result.outcome is SaveOutcome.SAVED, result.message
    assert result.notes == (
        "AWS's answer to the write was lost, but the live policy has the change.",
    )
    assert live_sids(ecr) == ["OursPull"]


def test_a_write_with_an_unclear_failure_that_did_not_land_fails_and_can_be_rerun(
    save, backend: Backend, ecr: Any
) -> None:
    fail_calls(backend.ecr, "SetRepositoryPolicy", "ServerException", "internal", times=1)
    failed = save(request(AddStatement(OURS)))
    assert failed.outcome is SaveOutcome.FAILED
    assert "internal error" in failed.message
    assert live_sids(ecr) == []
    again = save(request(AddStatement(OURS)))
    assert again.outcome is SaveOutcome.SAVED, again.message


def test_an_unanswered_write_that_did_not_land_fails_after_reading_back(
    save, backend: Backend, ecr: Any
) -> None:
    silent = never_answer(backend.ecr, "SetRepositoryPolicy")
    result = save(request(AddStatement(OURS)))
    assert result.outcome is SaveOutcome.FAILED
    assert silent.count == 1, "a read timeout is not retried"
    assert "did not answer in time" in result.message
    assert live_sids(ecr) == []


def test_an_unanswered_write_is_sent_once_and_unconfirmed_when_nothing_can_be_read(
    save, backend: Backend, ecr: Any
) -> None:
    silent = never_answer(backend.ecr, "SetRepositoryPolicy")
    fail_calls(backend.bounded().ecr, "GetRepositoryPolicy", "ServerException", "internal")
    result = save(request(AddStatement(OURS)))
    assert result.outcome is SaveOutcome.UNCONFIRMED
    assert silent.count == 1, "a read timeout is not retried"
    assert "did not answer in time" in result.message
    assert result.backup is not None
    assert f"`ecr-tui restore app --backup {result.backup.id}`" in result.message
    assert "\n" not in result.message


@pytest.mark.parametrize(
    ("principal", "expected_sleeps"),
    [({"AWS": NEW_ROLE}, [*PROPAGATION]), ("*", []), ({"AWS": "210987654321"}, [])],
    ids=["new-role-waits", "everybody-at-once", "account-at-once"],
)
def test_an_invalid_policy_is_retried_only_for_a_principal_iam_may_still_be_creating(
    save, backend: Backend, ecr: Any, sleeps: list[float], principal: Any, expected_sleeps
) -> None:
    failures = fail_calls(
        backend.ecr, "SetRepositoryPolicy", "InvalidParameterException", INVALID_POLICY
    )
    result = save(request(AddStatement({**OURS, "Principal": principal})))
    assert result.outcome is SaveOutcome.FAILED
    assert "rejected the policy as invalid" in result.message
    assert sleeps == expected_sleeps
    assert failures.count == len(expected_sleeps) + 1
    assert live_sids(ecr) == []


def test_a_role_the_live_policy_already_grants_is_no_reason_to_wait_on_an_invalid_policy(
    save, backend: Backend, ecr: Any, sleeps: list[float]
) -> None:
    role_pull = {**THEIRS, "Principal": {"AWS": NEW_ROLE}}
    ecr.set_repository_policy(repositoryName=REPO, policyText=text(role_pull))
    failures = fail_calls(
        backend.ecr, "SetRepositoryPolicy", "InvalidParameterException", INVALID_POLICY
    )
    baseline = parse_policy(text(role_pull))
    result = save(request(AddStatement(OURS), baseline=baseline))
    assert result.outcome is SaveOutcome.FAILED
    assert "rejected the policy as invalid" in result.message
    assert sleeps == [], "ECR accepted that role before, so IAM is not still creating it"
    assert failures.count == 1
    assert live_sids(ecr) == ["TheirsPull"]


def test_nothing_is_started_past_the_deadline(save, backend: Backend, ecr: Any) -> None:
    backend.start_deadline(-1)
    log = record_calls(backend.ecr)
    result = save(request(AddStatement(OURS)))
    assert result.outcome is SaveOutcome.FAILED
    assert "time limit" in result.message
    assert log.of("SetRepositoryPolicy") == []
    assert live_sids(ecr) == []


def test_a_save_waits_out_another_saves_lease_and_never_claims_a_change_it_did_not_keep(
    save, backend: Backend, ecr: Any, dummy_credentials: tuple[str, str]
) -> None:
    other = Backend(BackendSettings(region="us-east-1", static_credentials=dummy_credentials))
    pacing = SavePacing(sleep=lambda seconds: None, random=lambda: 0.5)
    during: list[SaveResult] = []

    def other_save_runs_start_to_finish() -> None:
        theirs = request(AddStatement(THEIRS))
        during.append(save_policy(other, theirs, BackupStore(), pacing=pacing))

    before_sending(backend.ecr, "SetRepositoryPolicy", other_save_runs_start_to_finish)
    held = save(request(AddStatement(OURS)))
    assert held.outcome is SaveOutcome.SAVED, held.message
    [blocked] = during
    assert blocked.outcome is SaveOutcome.CONFLICT
    assert "another ecr-tui save of 'app' has been in progress" in blocked.message
    assert live_sids(ecr) == ["OursPull"]
    arn = ecr.describe_repositories(repositoryNames=[REPO])["repositories"][0]["repositoryArn"]
    assert ecr.list_tags_for_resource(resourceArn=arn)["tags"] == []


def test_without_tag_permissions_a_save_goes_ahead_without_a_lease(
    save, backend: Backend, ecr: Any
) -> None:
    denied = fail_calls(backend.ecr, "ListTagsForResource", "AccessDeniedException", "denied")
    result = save(request(AddStatement(OURS)))
    assert result.outcome is SaveOutcome.SAVED, result.message
    assert denied.count == 1
    assert live_sids(ecr) == ["OursPull"]
