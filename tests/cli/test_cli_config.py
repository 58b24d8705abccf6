"""The config file as the CLI uses it: defaults that flags override, one line when it is bad."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner, Result

from ecr_tui.cli import cli
from ecr_tui.service.config import config_path

REPO = "team/app"
PARTNER_PULL = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Partner",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
            "Action": "ecr:BatchGetImage",
        }
    ],
}


@pytest.fixture
def repo(ecr: Any) -> str:
    ecr.create_repository(repositoryName=REPO)
    ecr.set_repository_policy(repositoryName=REPO, policyText=json.dumps(PARTNER_PULL))
    return REPO


def configure(text: str) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["--region", "us-east-1", *args])


def test_the_configured_output_is_the_default(repo: str) -> None:
    configure('output = "json"\n')
    result = run("audit")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["check"] == "cross-account"


def test_a_flag_overrides_the_configured_output(repo: str) -> None:
    configure('output = "json"\n')
    result = run("audit", "--output", "csv")
    assert result.stdout.startswith("region,repository,")


def test_an_output_a_command_lacks_leaves_its_own_default(repo: str) -> None:
    configure('output = "csv"\n')
    assert json.loads(run("show", repo).stdout) == PARTNER_PULL


def test_trusted_accounts_are_not_reported_and_a_flag_replaces_them(repo: str) -> None:
    configure('trusted_accounts = ["444455556666"]\noutput = "json"\n')
    assert json.loads(run("audit").stdout) == []
    flagged = json.loads(run("audit", "--trusted-account", "777788889999").stdout)
    assert [row["check"] for row in flagged] == ["cross-account"]


def test_an_invalid_file_is_exit_2_with_one_line_naming_it(repo: str, ecr: Any) -> None:
    configure('output = "json"\ntrusted_accounts = [1 2]\n')
    result = run("remove-statement", repo, "--sid", "Partner", "--yes")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert str(config_path()) in result.stderr
    assert "line 2" in result.stderr
    assert json.loads(ecr.get_repository_policy(repositoryName=repo)["policyText"])


def test_an_unknown_key_warns_and_the_command_runs(repo: str) -> None:
    configure('outptu = "json"\n')
    result = run("show", repo, "-o", "text")
    assert result.exit_code == 0
    assert "warning:" in result.stderr
    assert "line 1: unknown key 'outptu' is ignored" in result.stderr


def test_registry_show_takes_the_configured_output_and_a_flag_overrides_it(ecr: Any) -> None:
    configure('output = "text"\n')
    result = run("registry", "show")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Registry policy (us-east-1)\n")
    overridden = run("registry", "show", "--output", "json")
    assert json.loads(overridden.stdout) == {"Version": "2012-10-17", "Statement": []}


def test_the_help_of_each_output_option_names_the_config_key() -> None:
    for command in (["show"], ["audit"], ["registry", "show"]):
        result = CliRunner().invoke(cli, [*command, "--help"], terminal_width=200)
        assert "Default: `output` in config.toml" in result.stdout, command


def test_a_command_s_help_is_shown_despite_an_invalid_file() -> None:
    configure("output = \n")
    result = run("show", "--help")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Usage: cli show [OPTIONS] REPOSITORY")
    assert result.stderr.startswith(f"ecr-tui: warning: {config_path()}: not valid TOML")


@pytest.mark.parametrize(
    "words",
    [
        ("add-statement", "team/app", "--sid", "-h", "-p", "111122223333", "-a", "pull"),
        ("registry", "add-statement", "--sid", "--help", "-p", "111122223333"),
    ],
)
def test_a_value_spelt_like_help_does_not_skip_an_invalid_file(words: tuple[str, ...]) -> None:
    configure("output = \n")
    result = run(*words)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"ecr-tui: {config_path()}: not valid TOML"), result.stderr


def test_a_registry_command_s_help_is_shown_despite_an_invalid_file() -> None:
    configure("output = \n")
    result = run("registry", "add-statement", "--help")
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.stdout
