"""The backup store cannot be tricked: complete files only, private folders, no symbolic
links, no backup restored where it was not made, no guessing between ids."""

from __future__ import annotations

import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ecr_tui.aws.backend import Backend
from ecr_tui.cli import cli
from ecr_tui.policy.document import PolicyDocument
from ecr_tui.service import backups as backups_module
from ecr_tui.service.backups import BackupChoiceError, BackupStore
from ecr_tui.service.saving import SaveOutcome, SaveRequest, save_policy

REGION = "us-east-1"
ACCOUNT = "123456789012"
REPO = "team/app"
PULL = {
    "Sid": "Pull",
    "Effect": "Allow",
    "Principal": {"AWS": "444455556666"},
    "Action": "ecr:BatchGetImage",
}


def test_a_failed_write_leaves_no_partial_backup_and_stops_the_save(
    backend: Backend, ecr: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ecr.create_repository(repositoryName=REPO)
    store = BackupStore(tmp_path)
    older = store.write(REGION, REPO, '{"older": true}', ACCOUNT)

    def disk_full(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backups_module.os, "fsync", disk_full)
    document = PolicyDocument.empty().with_statements([PULL])
    result = save_policy(backend, SaveRequest(REPO, None, document), store)
    assert result.outcome is SaveOutcome.FAILED
    assert "No space left on device" in result.message
    assert store.list(REGION, REPO, ACCOUNT) == [older]
    left = sorted(p.name for p in older.path.parent.iterdir())
    assert left == sorted([older.path.name, f"{older.id}.origin"])
    with pytest.raises(ecr.exceptions.RepositoryPolicyNotFoundException):
        ecr.get_repository_policy(repositoryName=REPO)


def shared_start(ids: list[str]) -> str:
    length = 0
    while all(len(i) > length and i[length] == ids[0][length] for i in ids):
        length += 1
    return ids[0][:length]


def test_backup_folders_are_private(tmp_path: Path) -> None:
    os.umask(0o022)
    backup = BackupStore(tmp_path).write(REGION, REPO, "{}", ACCOUNT)
    folders = [backup.path.parent, *backup.path.parent.parents]
    inside = [f for f in folders if f.is_relative_to(tmp_path / "backups")]
    assert len(inside) == 4  # backups/, account, region, repository
    assert {stat.S_IMODE(f.stat().st_mode) for f in inside} == {0o700}
    assert stat.S_IMODE(backup.path.stat().st_mode) == 0o600


@pytest.mark.parametrize("linked", ["backups", f"backups/{ACCOUNT}"])
def test_a_symbolically_linked_backup_folder_is_refused(tmp_path: Path, linked: str) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    root = tmp_path / "state"
    link = root / linked
    link.parent.mkdir(parents=True)
    link.symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(OSError, match="symbolic link"):
        BackupStore(root).write(REGION, REPO, "{}", ACCOUNT)
    assert list(elsewhere.iterdir()) == []


def test_ambiguous_or_empty_ids_name_the_candidates(tmp_path: Path) -> None:
    store = BackupStore(tmp_path)
    written = [store.write(REGION, REPO, "{}", ACCOUNT) for _ in range(3)]
    common = shared_start([b.id for b in written])
    assert common
    with pytest.raises(BackupChoiceError) as ambiguous:
        store.find(REGION, REPO, common, ACCOUNT)
    assert all(b.id in str(ambiguous.value) for b in written)
    with pytest.raises(BackupChoiceError) as empty:
        store.find(REGION, REPO, "", ACCOUNT)
    assert all(b.id in str(empty.value) for b in written)
    assert store.find(REGION, REPO, written[0].id, ACCOUNT) == written[0]


@pytest.fixture
def saved_twice(ecr: Any, state_dir: Path) -> list[Path]:
    """Two CLI writes to REPO, so two backups; their paths, oldest first."""
    ecr.create_repository(repositoryName=REPO)
    ecr.create_repository(repositoryName="team/other")
    for sid in ("One", "Two"):
        args = ["add-statement", REPO, "--sid", sid, "-p", "444455556666", "-a", "pull"]
        result = cli_run(*args, "--yes")
        assert result.exit_code == 0, result.stderr
    return sorted(state_dir.glob("backups/**/*.json"))


def cli_run(*args: str) -> Any:
    return CliRunner().invoke(cli, ["--region", REGION, *args])


def stored_sids(ecr: Any, name: str = REPO) -> list[str]:
    text = ecr.get_repository_policy(repositoryName=name)["policyText"]
    return [s["Sid"] for s in json.loads(text)["Statement"]]


def test_restore_with_an_ambiguous_or_empty_backup_id_lists_the_candidates(
    saved_twice: list[Path], ecr: Any
) -> None:
    ids = [p.stem for p in saved_twice]
    for prefix in (shared_start(ids), ""):
        result = cli_run("restore", REPO, "--backup", prefix, "--yes")
        assert result.exit_code == 2
        assert len(result.stderr.strip().splitlines()) == 1
        assert all(backup_id in result.stderr for backup_id in ids), result.stderr
    assert stored_sids(ecr) == ["One", "Two"]


def test_a_backup_copied_into_another_repositorys_folder_is_not_restored(
    saved_twice: list[Path], ecr: Any
) -> None:
    newest = saved_twice[-1]
    other = newest.parents[1] / "team%2Fother"
    other.mkdir(mode=0o700)
    for part in (newest, newest.with_suffix(".origin")):
        (other / part.name).write_bytes(part.read_bytes())
    result = cli_run("restore", "team/other", "--yes")
    assert result.exit_code == 2
    assert "was made for repository 'team/app', not 'team/other'" in result.stderr
    with pytest.raises(ecr.exceptions.RepositoryPolicyNotFoundException):
        ecr.get_repository_policy(repositoryName="team/other")


def test_a_backup_whose_record_names_another_account_or_region_is_not_restored(
    saved_twice: list[Path], ecr: Any
) -> None:
    origin = saved_twice[-1].with_suffix(".origin")
    for what, value in (("account", "999999999999"), ("region", "eu-west-1")):
        record = {"repository": REPO, "region": REGION, "account": ACCOUNT, what: value}
        origin.write_text(json.dumps(record), encoding="utf-8")
        result = cli_run("restore", REPO, "--yes")
        assert result.exit_code == 2
        assert f"was made for {what} {value!r}" in result.stderr
    assert stored_sids(ecr) == ["One", "Two"]


def test_the_demo_keeps_its_backups_in_a_folder_that_goes_with_it(
    state_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    args = ["--demo", "add-statement", "payments/api", "--sid", "Zed", "-p", "444455556666"]
    result = CliRunner().invoke(cli, [*args, "-a", "pull", "--yes"])
    assert result.exit_code == 0, result.stderr
    assert "backup " in result.stdout
    assert not state_dir.exists() or not list(state_dir.rglob("*.json"))
    assert list(tmp_path.iterdir()) == []
