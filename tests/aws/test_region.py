"""The region is chosen as the AWS CLI chooses it, and the fallback is said out loud."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from botocore.exceptions import NoRegionError
from click.testing import CliRunner

from ecr_tui.aws.backend import Backend, BackendSettings
from ecr_tui.aws.errors import explain
from ecr_tui.cli import cli


def profile_with_region(region: str) -> None:
    Path(os.environ["AWS_CONFIG_FILE"]).write_text(
        f"[default]\nregion = {region}\n", encoding="utf-8"
    )


@pytest.fixture
def no_region(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_DEFAULT_REGION")


def test_aws_region_beats_aws_default_region_and_the_profile(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile_with_region("ap-south-1")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-2")
    monkeypatch.setenv("AWS_REGION", "eu-central-1")
    backend = Backend(BackendSettings())
    assert backend.region == "eu-central-1"
    assert backend.ecr.meta.region_name == "eu-central-1"
    assert not backend.region_is_fallback


def test_the_region_flag_beats_aws_region(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_REGION", "eu-central-1")
    assert Backend(BackendSettings(region="sa-east-1")).region == "sa-east-1"


def test_aws_default_region_beats_the_profile(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    profile_with_region("ap-south-1")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-2")
    assert Backend(BackendSettings()).region == "eu-west-2"


def test_the_profile_region_comes_before_the_fallback(aws: None, no_region: None) -> None:
    profile_with_region("ap-south-1")
    backend = Backend(BackendSettings())
    assert backend.region == "ap-south-1"
    assert not backend.region_is_fallback


def test_with_nothing_configured_the_fallback_is_used_and_flagged(
    aws: None, no_region: None
) -> None:
    backend = Backend(BackendSettings())
    assert backend.region == "us-east-1"
    assert backend.region_is_fallback


def test_the_cli_states_the_fallback_once_on_stderr(aws: None, no_region: None) -> None:
    result = CliRunner().invoke(cli, ["audit", "--output", "json"])
    assert result.exit_code == 0, result.output
    assert result.stderr.count("no region configured; using us-east-1") == 1
    assert result.stdout.strip() == "[]"


def test_the_cli_says_nothing_about_a_configured_region(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    result = CliRunner().invoke(cli, ["audit", "--output", "json"])
    assert result.exit_code == 0, result.output
    assert "no region configured" not in result.stderr


def test_the_region_hint_names_the_variables_that_work() -> None:
    message = explain(NoRegionError(), doing="list the repositories").message
    assert "AWS_REGION or AWS_DEFAULT_REGION" in message
    assert "--region" in message


@pytest.mark.parametrize(
    "setting",
    [
        lambda mp: mp.setenv("AWS_REGION", "eu west 1"),
        lambda mp: mp.setenv("AWS_DEFAULT_REGION", "eu west 1"),
        lambda mp: (mp.delenv("AWS_DEFAULT_REGION"), profile_with_region("eu west 1")),
    ],
    ids=["AWS_REGION", "AWS_DEFAULT_REGION", "profile"],
)
def test_a_malformed_configured_region_is_bad_input_naming_where_to_look(
    aws: None, monkeypatch: pytest.MonkeyPatch, setting: object
) -> None:
    setting(monkeypatch)  # type: ignore[operator]
    result = CliRunner().invoke(cli, ["show", "team/app"])
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [
        "ecr-tui: 'eu west 1' is not a region name (for example us-east-1); check --region, "
        "AWS_REGION, AWS_DEFAULT_REGION and the profile's region in ~/.aws/config."
    ]
