"""The save transaction against moto, with AWS's own behaviours layered on top."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aws_rewrites import fail_calls, record_calls, rewrite_reads_like_aws

from ecr_tui.aws.backend import Backend
from ecr_tui.policy.document import MAX_POLICY_CHARS, PolicyDocument, parse_policy
from ecr_tui.policy.edits import AddStatement, DeleteStatement, Edit, ReplaceStatement, apply_edits
from ecr_tui.policy.equivalence import documents_equivalent
from ecr_tui.service.backups import NO_POLICY_TEXT, BackupStore
from ecr_tui.service.saving import (
    SaveOutcome,
    SavePacing,
    SaveRequest,
    SaveResult,
    created_indexes,
    save_policy,
)

REGION = "us-east-1"
REPO = "app"
PULL_ACTIONS = [
    "ecr:BatchCheckLayerAvailability",
    "ecr:BatchGetImage",
    "ecr:GetDownloadUrlForLayer",
]
CROSS_ACCOUNT_PULL = {
    "Sid": "CrossAccountPull",
    "Effect": "Allow",
    "Principal": {"AWS": ["210987654321"]},
    "Action": PULL_ACTIONS,
}
CI_PUSH = {
    "Sid": "CiPush",
    "Effect": "Allow",
    "Principal": {"AWS": ["arn:aws:iam::123456789012:role/ci", "123456789012"]},
    "Action": [*PULL_ACTIONS, "ecr:PutImage"],
}
LAMBDA_PULL = {
    "Sid": "LambdaECRImageRetrievalPolicy",
    "Effect": "Allow",
    "Principal": {"Service": "lambda.amazonaws.com"},
    "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
    "Condition": {
        "StringLike": {"aws:sourceArn": "arn:aws:lambda:us-east-1:123456789012:function:*"}
    },
}
LOCK_OUT = {
    "Sid": "NobodyChangesThis",
    "Effect": "Deny",
    "Principal": "*",
    "Action": ["ecr:SetRepositoryPolicy", "ecr:DeleteRepositoryPolicy"],
}
PRINCIPAL_NOT_FOUND = (
    "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Principal not found'"
)
FAST_RETRIES = (0.01, 0.02, 0.03)


def recorded_pacing(sleeps: list[float]) -> SavePacing:
    """Waits are recorded, not slept; the settle delay is 0 so only retries show."""
    return SavePacing(
        sleep=lambda seconds: sleeps.append(seconds) if seconds else None,
        random=lambda: 0.0,
        settle=0.0,
        propagation_delays=FAST_RETRIES,
    )


def policy(*statements: dict[str, Any]) -> PolicyDocument:
    return PolicyDocument.empty().with_statements(list(statements))


def policy_text(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def request(baseline: PolicyDocument | None, *edits: Edit, **options: Any) -> SaveRequest:
    document = apply_edits(baseline or PolicyDocument.empty(), edits)
    return SaveRequest(REPO, baseline, document, edits, created_indexes(document, edits), **options)


def stored_text(ecr) -> str | None:
    try:
        return ecr.get_repository_policy(repositoryName=REPO)["policyText"]
    except ecr.exceptions.RepositoryPolicyNotFoundException:
        return None


def sids(text: str | None) -> set[str]:
    return {s["Sid"] for s in parse_policy(text).statements} if text else set()


@pytest.fixture
def repository(ecr) -> None:
    ecr.create_repository(repositoryName=REPO)


@pytest.fixture
def store() -> BackupStore:
    return BackupStore()


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def save(backend: Backend, store: BackupStore, sleeps: list[float], repository: None):
    def run(save_request: SaveRequest) -> SaveResult:
        return save_policy(backend, save_request, store, pacing=recorded_pacing(sleeps))

    return run


def test_a_first_policy_is_saved(save, backend: Backend, ecr, store: BackupStore) -> None:
    result = save(request(None, AddStatement(CROSS_ACCOUNT_PULL)))
    assert result.outcome is SaveOutcome.SAVED, result.message
    assert result.ok
    assert result.warnings == ()
    assert documents_equivalent(parse_policy(stored_text(ecr)), policy(CROSS_ACCOUNT_PULL))
    assert result.backup is not None
    assert result.backup.path.read_text() == NO_POLICY_TEXT
    assert store.list(REGION, REPO) == [result.backup]


@pytest.mark.parametrize(
    "bad",
    [
        {**CROSS_ACCOUNT_PULL, "Effect": "allow"},
        {**CROSS_ACCOUNT_PULL, "Action": ["ecr:GetAuthorizationToken"]},
        {**CROSS_ACCOUNT_PULL, "Principal": {"AWS": ["21098765432"]}},
        {**CROSS_ACCOUNT_PULL, "Resource": "*"},
        {**CROSS_ACCOUNT_PULL, "Sid": "new statement"},
    ],
    ids=["effect-case", "account-level-action", "short-account", "resource", "odd-new-sid"],
)
def test_an_invalid_policy_writes_nothing(
    save, backend: Backend, ecr, store: BackupStore, bad: dict[str, Any]
) -> None:
    ecr.set_repository_policy(repositoryName=REPO, policyText=policy_text(LAMBDA_PULL))
    baseline = backend.get_policy(REPO).document
    log = record_calls(backend.ecr)
    result = save(request(baseline, AddStatement(bad)))
    assert result.outcome is SaveOutcome.INVALID
    assert result.problems
    assert log.calls == []
    assert stored_text(ecr) == policy_text(LAMBDA_PULL)
    assert store.list(REGION, REPO) == []


def test_aws_rewriting_on_read_back_is_neither_a_warning_nor_a_conflict(
    save, backend: Backend, ecr, store: BackupStore
) -> None:
    rewrite_reads_like_aws(backend.ecr)
    first = save(request(None, AddStatement(CI_PUSH)))
    assert first.outcome is SaveOutcome.SAVED, first.message
    assert first.warnings == ()

    live = backend.get_policy(REPO)
    assert '"Version" : "2012-10-17"' in (live.text or "")
    # The result holds the policy as AWS rewrote it, not as it was sent.
    assert first.read_back == live
    assert '"AWS" : [ "arn:aws:iam::123456789012:root", "arn:aws:iam::123456789012:role/ci" ]' in (
        live.text or ""
    )
    second = save(request(live.document, AddStatement(CROSS_ACCOUNT_PULL)))
    assert second.outcome is SaveOutcome.SAVED, second.message
    assert second.warnings == ()
    assert second.backup is not None
    assert second.backup.path.read_text() == live.text
    assert sids(stored_text(ecr)) == {"CiPush", "CrossAccountPull"}
    assert '"arn:aws:iam::210987654321:root"' in (backend.get_policy(REPO).text or "")


def test_another_writers_change_is_a_conflict_and_rebasing_keeps_it(
    save, backend: Backend, ecr, store: BackupStore
) -> None:
    ecr.set_repository_policy(repositoryName=REPO, policyText=policy_text(CROSS_ACCOUNT_PULL))
    baseline = backend.get_policy(REPO).document
    other_writer = policy_text(CROSS_ACCOUNT_PULL, LAMBDA_PULL)
    ecr.set_repository_policy(repositoryName=REPO, policyText=other_writer)

    conflict = save(request(baseline, AddStatement(CI_PUSH)))
    assert conflict.outcome is SaveOutcome.CONFLICT
    assert "LambdaECRImageRetrievalPolicy" in conflict.conflict_diff
    assert stored_text(ecr) == other_writer
    assert store.list(REGION, REPO) == []

    rebased = save(request(baseline, AddStatement(CI_PUSH), rebase=True))
    assert rebased.outcome is SaveOutcome.SAVED, rebased.message
    assert rebased.rebased is not None and rebased.rebased.clean
    assert sids(stored_text(ecr)) == {"CrossAccountPull", "LambdaECRImageRetrievalPolicy", "CiPush"}
    assert rebased.backup is not None
    assert rebased.backup.path.read_text() == other_writer


def test_rebasing_an_edit_of_a_statement_the_other_writer_changed_is_a_conflict(
    save, backend: Backend, ecr
) -> None:
    ecr.set_repository_policy(repositoryName=REPO, policyText=policy_text(CROSS_ACCOUNT_PULL))
    baseline = backend.get_policy(REPO).document
    theirs = {**CROSS_ACCOUNT_PULL, "Action": ["ecr:*"]}
    ecr.set_repository_policy(repositoryName=REPO, policyText=policy_text(theirs))
    mine = {**CROSS_ACCOUNT_PULL, "Action": ["ecr:BatchGetImage"]}

    result = save(request(baseline, ReplaceStatement(CROSS_ACCOUNT_PULL, mine, 0), rebase=True))
    assert result.outcome is SaveOutcome.CONFLICT
    assert "CrossAccountPull" in result.message
    assert stored_text(ecr) == policy_text(theirs)


def test_deleting_the_last_statement_deletes_the_policy(
    save, backend: Backend, ecr, store: BackupStore
) -> None:
    before = policy_text(CROSS_ACCOUNT_PULL)
    ecr.set_repository_policy(repositoryName=REPO, policyText=before)
    baseline = backend.get_policy(REPO).document
    result = save(request(baseline, DeleteStatement(CROSS_ACCOUNT_PULL, 0)))
    assert result.outcome is SaveOutcome.DELETED, result.message
    assert stored_text(ecr) is None
    assert result.read_back is not None and not result.read_back.exists
    assert result.backup is not None
    assert result.backup.path.read_text() == before


@pytest.mark.parametrize(
    ("failing_times", "outcome", "expected_sleeps", "stored"),
    [
        (2, SaveOutcome.SAVED, [0.01, 0.02], {"CiPush"}),
        (None, SaveOutcome.FAILED, [*FAST_RETRIES], set()),
    ],
    ids=["propagates", "never-appears"],
)
def test_a_principal_not_yet_propagated_is_retried_a_few_times(
    save, backend: Backend, ecr, sleeps, failing_times, outcome, expected_sleeps, stored
) -> None:
    fail_calls(
        backend.ecr,
        "SetRepositoryPolicy",
        "InvalidParameterException",
        PRINCIPAL_NOT_FOUND,
        times=failing_times,
    )
    result = save(request(None, AddStatement(CI_PUSH)))
    assert result.outcome is outcome, result.message
    assert sleeps == expected_sleeps
    assert sids(stored_text(ecr)) == stored
    if outcome is SaveOutcome.FAILED:
        assert "does not exist (or IAM has not propagated" in result.message


DENIED = "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: " + (
    "ecr:SetRepositoryPolicy on resource: arn:aws:ecr:us-east-1:123456789012:repository/app"
)
EXPIRED = "The security token included in the request is expired"


@pytest.mark.parametrize(
    ("operation", "code", "message", "expected"),
    [
        ("SetRepositoryPolicy", "AccessDeniedException", DENIED, "ecr:SetRepositoryPolicy"),
        ("GetRepositoryPolicy", "ExpiredTokenException", EXPIRED, "expired; refresh them"),
        ("SetRepositoryPolicy", "ExpiredTokenException", EXPIRED, "expired; refresh them"),
        ("GetRepositoryPolicy", "ThrottlingException", "Rate exceeded", "throttling"),
        ("SetRepositoryPolicy", "ServerException", "internal", "internal error"),
    ],
    ids=["access-denied", "expired-on-read", "expired-on-write", "throttled", "server"],
)
def test_an_aws_error_is_a_failed_result_with_one_sentence(
    save, backend: Backend, ecr, sleeps: list[float], operation, code, message, expected
) -> None:
    failures = fail_calls(backend.ecr, operation, code, message)
    result = save(request(None, AddStatement(CI_PUSH)))
    assert result.outcome is SaveOutcome.FAILED
    assert expected in result.message
    assert "\n" not in result.message
    assert failures.count == 1
    assert sleeps == []
    assert stored_text(ecr) is None


def test_a_write_that_cannot_be_read_back_is_not_called_saved(save, backend: Backend, ecr) -> None:
    fail_calls(backend.ecr, "GetRepositoryPolicy", "ServerException", "internal", skip=1)
    result = save(request(None, AddStatement(CI_PUSH)))
    assert result.outcome is SaveOutcome.UNCONFIRMED, result.message
    assert not result.ok
    assert "could not be read back to confirm it" in result.message
    assert result.backup is not None and f"--backup {result.backup.id}" in result.message
    assert sids(stored_text(ecr)) == {"CiPush"}


def test_a_lock_out_needs_confirmation_and_only_then_force_is_sent(
    save, backend: Backend, ecr, store: BackupStore
) -> None:
    log = record_calls(backend.ecr)
    no_deletes = {**LOCK_OUT, "Sid": "NoImageDeletes", "Action": "ecr:BatchDeleteImage"}
    plain_deny = save(request(None, AddStatement(CI_PUSH), AddStatement(no_deletes)))
    assert plain_deny.outcome is SaveOutcome.SAVED, plain_deny.message
    baseline = backend.get_policy(REPO).document
    unconfirmed = save(request(baseline, AddStatement(LOCK_OUT)))
    assert unconfirmed.outcome is SaveOutcome.NEEDS_CONFIRMATION
    assert "ecr:setrepositorypolicy" in unconfirmed.message.lower()
    assert sids(stored_text(ecr)) == {"CiPush", "NoImageDeletes"}
    assert len(store.list(REGION, REPO)) == 1

    confirmed = save(request(baseline, AddStatement(LOCK_OUT), force=True))
    assert confirmed.outcome is SaveOutcome.SAVED, confirmed.message
    assert [call.get("force") for call in log.of("SetRepositoryPolicy")] == [None, True]
    assert sids(stored_text(ecr)) == {"CiPush", "NoImageDeletes", "NobodyChangesThis"}


def test_a_policy_that_already_locks_out_is_not_asked_about_again(save, backend: Backend) -> None:
    first = save(request(None, AddStatement(LOCK_OUT), force=True))
    assert first.outcome is SaveOutcome.SAVED, first.message
    baseline = backend.get_policy(REPO).document
    again = save(request(baseline, AddStatement(CI_PUSH)))
    assert again.outcome is SaveOutcome.SAVED, again.message


def _many_accounts(count: int) -> AddStatement:
    accounts = [str(100_000_000_000 + number) for number in range(count)]
    return AddStatement({**CROSS_ACCOUNT_PULL, "Principal": {"AWS": accounts}})


def test_the_text_sent_never_exceeds_the_size_limit(save, backend: Backend, ecr) -> None:
    log = record_calls(backend.ecr)
    too_long = request(None, _many_accounts(730))
    assert len(too_long.document.to_aws_text()) > 10_900
    result = save(too_long)
    assert result.outcome is SaveOutcome.INVALID
    assert any("10,240" in p.message for p in result.problems)
    assert log.calls == []
    assert stored_text(ecr) is None

    fits_when_compact = request(None, _many_accounts(650))
    assert len(fits_when_compact.document.to_json()) > MAX_POLICY_CHARS
    assert save(fits_when_compact).outcome is SaveOutcome.SAVED
    [sent] = log.of("SetRepositoryPolicy")
    assert len(sent["policyText"]) <= MAX_POLICY_CHARS
