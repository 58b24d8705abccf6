"""Local backups of the policy text as it was before each write (mode 0600)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import platformdirs

from ecr_tui.policy.document import PolicyDocument, parse_policy

NO_POLICY_TEXT = '{"Version": "2012-10-17", "Statement": []}\n'
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
BACKUP_ID = re.compile(r"^\d{8}T\d{6}Z")
ORIGIN_SUFFIX = ".origin"
"""Beside each `<id>.json`, `<id>.origin` records the repository, region and account."""
LISTED_CANDIDATES = 10


class BackupFolderError(OSError):
    """The backup folder cannot be trusted (a symbolic link); nothing was written."""


class BackupChoiceError(ValueError):
    """A backup id prefix that names no single backup; the message lists the candidates."""


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

    def made_elsewhere(self, region: str, repository: str, account: str) -> str | None:
        """Why this backup must not be restored into `repository` in `region` of `account`
        (it was made for another one), or None. Backups without a record are judged by the
        folder they are filed in."""
        try:
            origin = json.loads(self.path.with_suffix(ORIGIN_SUFFIX).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            origin = None
        if not isinstance(origin, dict):
            return f"backup {self.id} has an unreadable record of where it was made"
        for what, expected in (
            ("repository", repository),
            ("region", region),
            ("account", account),
        ):
            if origin.get(what) != expected:
                return (
                    f"backup {self.id} was made for {what} {origin.get(what)!r}, "
                    f"not {expected!r}; refusing to restore it here"
                )
        return None


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
        """Keep `text` (None = there was no policy) before it is overwritten.

        The text goes to a temporary file first and is renamed into place, so a failed
        write never leaves a partial backup that would be listed as the newest."""
        [folder] = self._folders(region, repository, account)
        self._private_folders(folder)
        origin = json.dumps({"repository": repository, "region": region, "account": account})
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ-%f")
        backup_id, attempt = stamp, 0
        while True:
            origin_path = folder / f"{backup_id}{ORIGIN_SUFFIX}"
            try:
                descriptor = os.open(origin_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                break
            except FileExistsError:
                attempt += 1
                backup_id = f"{stamp}-{attempt}"
        path = folder / f"{backup_id}.json"
        partial = None
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(origin)
            handle_fd, partial = tempfile.mkstemp(dir=folder, prefix=".partial-", suffix=".tmp")
            with os.fdopen(handle_fd, "w", encoding="utf-8") as handle:
                handle.write(text if text is not None else NO_POLICY_TEXT)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(partial, path)
        except BaseException:
            for leftover in (partial, origin_path):
                if leftover is not None:
                    with contextlib.suppress(OSError):
                        os.unlink(leftover)
            raise
        return Backup(backup_id, path, repository, region)

    def _private_folders(self, folder: Path) -> None:
        """Make every folder from the backups root down to `folder`, mode 0700; refuse any
        that is a symbolic link (backups would land wherever it points)."""
        parts = folder.relative_to(self.root).parts
        for depth in range(len(parts) + 1):
            level = self.root.joinpath(*parts[:depth])
            if level.is_symlink():
                raise BackupFolderError(
                    f"the backup folder {level} is a symbolic link; refusing to write through it"
                )
            level.mkdir(mode=0o700, parents=depth == 0, exist_ok=True)
            with contextlib.suppress(OSError):
                os.chmod(level, 0o700)

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
        """The newest backup, or the one whose id is or starts with `backup_id`; raises
        BackupChoiceError when `backup_id` is empty or starts more than one id."""
        backups = self.list(region, repository, account)
        if backup_id is None:
            return backups[0] if backups else None
        if not backup_id.strip():
            listed = f"; the backups are {_candidates(backups)}" if backups else ""
            raise BackupChoiceError(f"an empty backup id names no backup{listed}")
        exact = [b for b in backups if b.id == backup_id]
        matches = exact or [b for b in backups if b.id.startswith(backup_id)]
        if len(matches) > 1:
            raise BackupChoiceError(
                f"{backup_id!r} starts {len(matches)} backup ids ({_candidates(matches)}); "
                "give more of the id"
            )
        return matches[0] if matches else None


def _candidates(backups: list[Backup]) -> str:
    shown = ", ".join(b.id for b in backups[:LISTED_CANDIDATES])
    more = len(backups) - LISTED_CANDIDATES
    return f"{shown} and {more} more" if more > 0 else shown
