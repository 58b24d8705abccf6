"""Local backups of the policy text as it was before each write (mode 0600)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import platformdirs

from ecr_tui.policy.document import PolicyDocument, parse_policy

NO_POLICY_TEXT = '{"Version": "2012-10-17", "Statement": []}\n'
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
BACKUP_ID = re.compile(r"^\d{8}T\d{6}Z")


def default_state_dir() -> Path:
    override = os.environ.get("ECR_TUI_STATE_DIR")
    return Path(override) if override else platformdirs.user_state_path("ecr-tui")


@dataclass(frozen=True)
class Backup:
    id: str
    path: Path
    repository: str
    region: str

    @property
    def created(self) -> datetime:
        return datetime.strptime(self.id[:16], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)

    def read(self) -> PolicyDocument:
        return parse_policy(self.path.read_text(encoding="utf-8"))


class BackupStore:
    """Backups under `<state dir>/backups/<account>/<region>/<repository>/<id>.json`.

    Filed by account, so a backup can never be restored into another account's repository.
    """

    def __init__(self, root: Path | None = None) -> None:
        self.root = (root or default_state_dir()) / "backups"

    def _folders(self, region: str, repository: str, account: str | None) -> list[Path]:
        tail = Path(_UNSAFE.sub("_", region)) / repository.replace("/", "%2F")
        if account is not None:
            return [self.root / _UNSAFE.sub("_", account) / tail]
        return sorted(folder / tail for folder in self.root.glob("*") if folder.is_dir())

    def write(
        self, region: str, repository: str, text: str | None, account: str = "unknown-account"
    ) -> Backup:
        """Keep `text` (None = there was no policy) before it is overwritten."""
        [folder] = self._folders(region, repository, account)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ-%f")
        backup_id, attempt = stamp, 0
        while True:
            path = folder / f"{backup_id}.json"
            try:
                descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                break
            except FileExistsError:
                attempt += 1
                backup_id = f"{stamp}-{attempt}"
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text if text is not None else NO_POLICY_TEXT)
        return Backup(backup_id, path, repository, region)

    def list(self, region: str, repository: str, account: str | None = None) -> list[Backup]:
        """Backups of one repository (of one account, or of any when None), newest first."""
        found = [
            Backup(path.stem, path, repository, region)
            for folder in self._folders(region, repository, account)
            for path in folder.glob("*.json")
            if BACKUP_ID.match(path.stem)
        ]
        return sorted(found, key=lambda b: b.id, reverse=True)

    def find(
        self,
        region: str,
        repository: str,
        backup_id: str | None = None,
        account: str | None = None,
    ) -> Backup | None:
        backups = self.list(region, repository, account)
        if backup_id is None:
            return backups[0] if backups else None
        return next((b for b in backups if b.id == backup_id or b.id.startswith(backup_id)), None)
