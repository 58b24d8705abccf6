"""Local backups: written before every write, private, listed newest first, restorable."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aws_rewrites import record_calls, rewrite_reads_like_aws

from ecr_tui.aws.backend import Backend
from ecr_tui.policy.document import PolicyDocument, parse_policy
from ecr_tui.policy.equivalence import documents_equivalent
from ecr_tui.service import backups as backups_module
from ecr_tui.service.backups import NO_POLICY_TEXT, BackupStore
from ecr_tui.service.saving import SaveOutcome, SaveRequest, save_policy

REGION = "us-east-1"
REPO = "team/app"
PULL = {
    "Sid": "CrossAccountPull",
    "Effect": "Allow",
    "Principal": {"AWS": "210987654321"},
    "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
}
PUSH = {**PULL, "Sid": "CiPush", "Action": ["ecr:PutImage", *PULL["Action"]]}


def policy(*statements: dict[str, Any]) -> PolicyDocument:
    return PolicyDocument.empty().with_statements(list(statements))


@pytest.fixture
def store() -> BackupStore:
    return BackupStore()


@pytest.fixture
def repository(ecr) -> None:
    ecr.create_repository(repositoryName=REPO)


def save(backend: Backend, store: BackupStore, new: PolicyDocument) -> SaveOutcome:
    baseline = backend.get_policy(REPO).document
    return save_policy(backend, SaveRequest(REPO, baseline, new), store).outcome


def test_a_backup_is_private_and_holds_the_text_verbatim(
    store: BackupStore, state_dir: Path
) -> None:
    text = '{\n  "Version" : "2012-10-17",\n  "Statement" : [ ]\n}'
    backup = store.write(REGION, REPO, text)
    assert backup.path.read_text(encoding="utf-8") == text
    assert stat.S_IMODE(backup.path.stat().st_mode) == 0o600
    assert backup.path.is_relative_to(state_dir)
    assert backup.repository == REPO and backup.region == REGION
    assert abs((datetime.now(UTC) - backup.created).total_seconds()) < 60


def test_no_policy_is_kept_as_the_empty_document(store: BackupStore) -> None:
    backup = store.write(REGION, REPO, None)
    assert backup.path.read_text(encoding="utf-8") == NO_POLICY_TEXT
    assert backup.read().statements == []
    assert json.loads(NO_POLICY_TEXT) == {"Version": "2012-10-17", "Statement": []}


def test_backups_are_listed_newest_first_and_found_by_id_prefix(store: BackupStore) -> None:
    written = [store.write(REGION, REPO, f'{{"n": {n}}}') for n in range(3)]
    store.write(REGION, "other", "{}")
    listed = store.list(REGION, REPO)
    assert listed == list(reversed(written))
    assert store.find(REGION, REPO) == written[-1]
    assert store.find(REGION, REPO, written[0].id) == written[0]
    assert store.find(REGION, REPO, written[1].id[:-1]) in written
    assert store.find(REGION, REPO, "19990101") is None
    assert store.list(REGION, "never-saved") == []
    assert store.find(REGION, "never-saved") is None


def test_backups_in_the_same_instant_do_not_collide(
    store: BackupStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    class FrozenClock(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> datetime:  # type: ignore[override]
            return datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)

    monkeypatch.setattr(backups_module, "datetime", FrozenClock)
    first = store.write(REGION, REPO, '{"n": 1}')
    second = store.write(REGION, REPO, '{"n": 2}')
    assert first.id != second.id
    assert store.list(REGION, REPO) == [second, first]
    assert first.path.read_text() == '{"n": 1}'


def test_the_backup_exists_before_the_policy_is_written(
    backend: Backend, ecr, store: BackupStore, repository: None
) -> None:
    before = json.dumps({"Version": "2012-10-17", "Statement": [PULL]})
    ecr.set_repository_policy(repositoryName=REPO, policyText=before)
    seen_at_write: list[list[str]] = []

    def look(**_: Any) -> None:
        seen_at_write.append([b.path.read_text() for b in store.list(REGION, REPO)])

    backend.ecr.meta.events.register("before-call.ecr.SetRepositoryPolicy", look)
    assert save(backend, store, policy(PULL, PUSH)) is SaveOutcome.SAVED
    assert seen_at_write == [[before]]


def test_the_backup_of_an_aws_rewritten_policy_is_its_text_verbatim(
    backend: Backend, ecr, store: BackupStore, repository: None
) -> None:
    rewrite_reads_like_aws(backend.ecr)
    ecr.set_repository_policy(repositoryName=REPO, policyText=json.dumps(policy(PULL).data))
    live_text = backend.get_policy(REPO).text
    assert save(backend, store, policy(PULL, PUSH)) is SaveOutcome.SAVED
    [backup] = store.list(REGION, REPO)
    assert backup.path.read_text() == live_text
    assert '"arn:aws:iam::210987654321:root"' in backup.path.read_text()


def test_no_backup_when_nothing_is_written(
    backend: Backend, ecr, store: BackupStore, repository: None
) -> None:
    ecr.set_repository_policy(repositoryName=REPO, policyText=json.dumps(policy(PULL).data))
    baseline = backend.get_policy(REPO).document
    log = record_calls(backend.ecr)
    outcomes = [
        save(backend, store, policy(PULL)),
        save(backend, store, policy({**PULL, "Effect": "allow"})),
    ]
    ecr.set_repository_policy(repositoryName=REPO, policyText=json.dumps(policy(PUSH).data))
    stale = save_policy(backend, SaveRequest(REPO, baseline, policy(PULL, PUSH)), store)
    assert outcomes == [SaveOutcome.UNCHANGED, SaveOutcome.INVALID]
    assert stale.outcome is SaveOutcome.CONFLICT
    assert store.list(REGION, REPO) == []
    assert not {"SetRepositoryPolicy", "DeleteRepositoryPolicy"} & set(log.operations)


def test_a_backup_that_cannot_be_written_stops_the_save(
    backend: Backend, ecr, repository: None, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    result = save_policy(backend, SaveRequest(REPO, None, policy(PULL)), BackupStore(root=blocker))
    assert result.outcome is SaveOutcome.FAILED
    assert "backup" in result.message
    with pytest.raises(ecr.exceptions.RepositoryPolicyNotFoundException):
        ecr.get_repository_policy(repositoryName=REPO)


def test_restoring_a_backup_goes_through_the_save(
    backend: Backend, ecr, store: BackupStore, repository: None
) -> None:
    assert save(backend, store, policy(PULL)) is SaveOutcome.SAVED
    assert save(backend, store, policy(PULL, PUSH)) is SaveOutcome.SAVED
    newest, oldest = store.list(REGION, REPO)
    assert oldest.read().statements == []
    assert documents_equivalent(newest.read(), policy(PULL))

    restored = save(backend, store, newest.read())
    assert restored is SaveOutcome.SAVED
    stored = ecr.get_repository_policy(repositoryName=REPO)["policyText"]
    assert documents_equivalent(parse_policy(stored), policy(PULL))
    assert save(backend, store, oldest.read()) is SaveOutcome.DELETED
    assert len(store.list(REGION, REPO)) == 4
