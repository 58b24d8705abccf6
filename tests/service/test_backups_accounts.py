"""Backups are filed by account: one account's backup is never restored into another's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner

from ecr_tui.cli import cli
from ecr_tui.service.backups import BackupStore

REGION = "us-east-1"


def test_find_with_an_account_never_returns_another_accounts_backup(tmp_path: Path) -> None:
    store = BackupStore(tmp_path)
    mine = store.write(
        REGION, "team/app", '{"Version": "2012-10-17", "Statement": []}', "111111111111"
    )
    store.write(REGION, "team/app", '{"Version": "2008-10-17", "Statement": []}', "222222222222")
    assert store.find(REGION, "team/app", account="111111111111") == mine
    assert [b.path for b in store.list(REGION, "team/app", "111111111111")] == [mine.path]
    assert len(store.list(REGION, "team/app")) == 2
    assert store.find(REGION, "team/app", account="333333333333") is None


def test_restore_list_reports_an_unreadable_backup_instead_of_failing(
    ecr: Any, state_dir: Path
) -> None:
    ecr.create_repository(repositoryName="team/app")
    runner = CliRunner()
    args = ["--region", REGION]
    added = runner.invoke(
        cli,
        [*args, "add-statement", "team/app", "--sid", "A", "-p", "*", "--actions", "pull", "--yes"],
    )
    assert added.exit_code == 0, added.stderr
    [backup] = list(state_dir.rglob("*.json"))
    assert "123456789012" in backup.parts
    backup.write_text("{cut short", encoding="utf-8")
    (backup.parent / "notes.json").write_text("{}", encoding="utf-8")
    listing = runner.invoke(cli, [*args, "restore", "team/app", "--list"])
    assert listing.exit_code == 0, listing.stderr
    assert "unreadable" in listing.stdout
    assert "notes" not in listing.stdout
    restore = runner.invoke(cli, [*args, "restore", "team/app", "--yes"])
    assert restore.exit_code == 2
    assert "cannot be read" in restore.stderr
