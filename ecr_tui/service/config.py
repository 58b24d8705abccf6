"""The user's config file (`config.toml` in the user config dir): read it, check it, keep a theme.

Every key is declared once in `KEYS` with the check its value must pass, so a new key is one
entry there and one field of `UserConfig`.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

APP_NAME = "ecr-tui"
FILE_NAME = "config.toml"
OUTPUT_FORMATS = ("json", "text", "table", "csv")
_ACCOUNT_ID = re.compile(r"^\d{12}$")
_THEME_LINE = re.compile(r"^\s*theme\s*=")
_ROLE_NAME = re.compile(r"^[\w+=,.@-]{1,64}$")


class ConfigError(Exception):
    """The config file cannot be used; the message names the file and the line."""


@dataclass(frozen=True)
class UserConfig:
    """What the config file sets; None or empty where it is silent."""

    trusted_accounts: tuple[str, ...] = ()
    output: str | None = None
    theme: str | None = None
    organization_role: str | None = None
    """The role `audit --all-accounts` and the account picker assume in each account."""
    external_id: str | None = None
    """The external id passed when assuming `organization_role`."""
    warnings: tuple[str, ...] = field(default=(), compare=False)
    """One sentence per thing in the file that was ignored (an unknown key, say)."""


def _accounts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError('must be a list of 12-digit account ids, e.g. ["111122223333"]')
    for item in value:
        if not _ACCOUNT_ID.match(item):
            raise ValueError(f"{item!r} is not a 12-digit account id")
    return tuple(value)


def _output(value: Any) -> str:
    if value not in OUTPUT_FORMATS:
        raise ValueError(f"must be one of {', '.join(OUTPUT_FORMATS)}")
    return str(value)


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a non-empty string")
    return value


def _role_name(value: Any) -> str:
    if not isinstance(value, str) or not _ROLE_NAME.match(value):
        raise ValueError("must be an IAM role name (letters, digits and +=,.@_-, at most 64)")
    return value


KEYS: dict[str, Callable[[Any], Any]] = {
    "trusted_accounts": _accounts,
    "output": _output,
    "theme": _text,
    "organization_role": _role_name,
    "external_id": _text,
}
"""Key -> the check that turns its TOML value into the value of the `UserConfig` field."""


def config_path() -> Path:
    """`$XDG_CONFIG_HOME/ecr-tui/config.toml` (or the platform's user config dir)."""
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / FILE_NAME


def load_config(path: Path | None = None) -> UserConfig:
    """The config at `path` (default: `config_path()`); no file is an empty config."""
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return UserConfig()
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot be read ({_reason(error)})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        where = f"at the end of the file, line {max(1, len(text.splitlines()))}"
        reason = str(error).replace("at end of document", where)
        raise ConfigError(f"{path}: not valid TOML: {reason}") from None
    values: dict[str, Any] = {}
    warnings = []
    for key, value in data.items():
        where = f"{path}, line {_line_of(text, key)}"
        check = KEYS.get(key)
        if check is None:
            known = ", ".join(KEYS)
            warnings.append(f"{where}: unknown key {key!r} is ignored (known: {known})")
            continue
        try:
            values[key] = check(value)
        except ValueError as problem:
            raise ConfigError(f"{where}: {key} {problem}") from None
    return UserConfig(**values, warnings=tuple(warnings))


def remember_theme(theme: str, path: Path | None = None) -> Path:
    """Set `theme = "..."` in the config file, creating it if needed; every other line stays."""
    path = path or config_path()
    try:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    except FileNotFoundError:
        lines = []
    setting = f"theme = {_toml_string(theme)}\n"
    top_level_end = next(
        (index for index, line in enumerate(lines) if line.lstrip().startswith("[")), len(lines)
    )
    for index, line in enumerate(lines[:top_level_end]):
        if _THEME_LINE.match(line):
            lines[index] = setting
            break
    else:
        if top_level_end and not lines[top_level_end - 1].endswith("\n"):
            lines[top_level_end - 1] += "\n"
        lines.insert(top_level_end, setting)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text("".join(lines), encoding="utf-8")
    os.replace(temporary, path)
    return path


def _line_of(text: str, key: str) -> int:
    pattern = re.compile(rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')\s*=")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    header = re.compile(rf"^\s*\[+\s*{re.escape(key)}\s*[\].]")
    for number, line in enumerate(text.splitlines(), start=1):
        if header.match(line):
            return number
    return 1


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _reason(error: Exception) -> str:
    if isinstance(error, OSError):
        return error.strerror or type(error).__name__
    return "not UTF-8 text"
