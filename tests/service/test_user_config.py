"""The config file: where it lives, what it may say, and keeping the theme in it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ecr_tui.service.config import ConfigError, UserConfig, config_path, load_config, remember_theme


@pytest.fixture
def path() -> Path:
    return config_path()


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_it_lives_in_the_xdg_config_home() -> None:
    assert config_path() == Path(os.environ["XDG_CONFIG_HOME"]) / "ecr-tui" / "config.toml"


def test_no_file_is_an_empty_config() -> None:
    assert load_config() == UserConfig()


def test_every_key_is_read(path: Path) -> None:
    write(
        path,
        '# mine\ntrusted_accounts = ["111122223333", "444455556666"]\n'
        'output = "json"\ntheme = "textual-light"\n',
    )
    assert load_config() == UserConfig(
        trusted_accounts=("111122223333", "444455556666"), output="json", theme="textual-light"
    )


def test_invalid_toml_names_the_line(path: Path) -> None:
    write(path, 'output = "json"\ntheme = textual-light\n')
    with pytest.raises(ConfigError) as caught:
        load_config()
    message = str(caught.value)
    assert message.startswith(f"{path}: not valid TOML")
    assert "line 2" in message
    assert "\n" not in message


def test_a_file_cut_short_names_its_last_line(path: Path) -> None:
    write(path, 'output = "json"\ntrusted_accounts = ["111122223333",\n')
    with pytest.raises(ConfigError) as caught:
        load_config()
    assert "at the end of the file, line 2" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('theme = "x"\n\ntrusted_accounts = ["1234"]\n', "line 3: trusted_accounts '1234' is not"),
        ('trusted_accounts = "111122223333"\n', "line 1: trusted_accounts must be a list"),
        ('output = "yaml"\n', "line 1: output must be one of json, text, table, csv"),
        ("theme = 3\n", "line 1: theme must be a non-empty string"),
        ('organization_role = "my role"\n', "line 1: organization_role must be an IAM role"),
        ("external_id = 7\n", "line 1: external_id must be a non-empty string"),
    ],
)
def test_a_wrong_value_names_the_line(path: Path, text: str, expected: str) -> None:
    write(path, text)
    with pytest.raises(ConfigError) as caught:
        load_config()
    assert expected in str(caught.value)


def test_unknown_keys_warn_with_their_line_and_the_rest_is_used(path: Path) -> None:
    write(path, 'output = "csv"\ncolour = "blue"\n[profiles.ops]\nregion = "x"\n')
    config = load_config()
    assert config.output == "csv"
    assert len(config.warnings) == 2
    assert "line 2: unknown key 'colour' is ignored" in config.warnings[0]
    assert "line 3: unknown key 'profiles'" in config.warnings[1]


def test_an_unreadable_file_is_one_sentence(path: Path) -> None:
    write(path, "")
    path.write_bytes(b"theme = '\xff'\n")
    with pytest.raises(ConfigError) as caught:
        load_config()
    assert "cannot be read (not UTF-8 text)" in str(caught.value)


def test_remembering_a_theme_creates_the_file(path: Path) -> None:
    assert not path.exists()
    remember_theme("nord")
    assert path.read_text(encoding="utf-8") == 'theme = "nord"\n'
    assert load_config().theme == "nord"


def test_remembering_a_theme_changes_only_its_line(path: Path) -> None:
    original = (
        "# my settings\n"
        'trusted_accounts = ["111122223333"]  # the audit account\n'
        'theme = "nord"\n'
        'output = "json"\n'
    )
    write(path, original)
    remember_theme("textual-light")
    assert path.read_text(encoding="utf-8") == original.replace('"nord"', '"textual-light"')


def test_a_new_theme_line_goes_before_any_table(path: Path) -> None:
    write(path, 'output = "json"\n\n[future]\nkey = 1')
    remember_theme("gruvbox")
    text = path.read_text(encoding="utf-8")
    assert text == 'output = "json"\n\ntheme = "gruvbox"\n[future]\nkey = 1'
    assert load_config().theme == "gruvbox"


def test_the_organisation_keys_are_read(path: Path) -> None:
    write(path, 'organization_role = "AuditReader"\nexternal_id = "x-123"\n')
    config = load_config()
    assert (config.organization_role, config.external_id) == ("AuditReader", "x-123")
