"""Shell completion through click's completion API, against in-process moto."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from click.shell_completion import ShellComplete

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.registry_calls import REGISTRY_POLICY_KEY
from ecr_tui.cli import cli, completion
from ecr_tui.service.backups import BackupStore

ACCOUNT = "123456789012"


@pytest.fixture(autouse=True)
def patient(monkeypatch: pytest.MonkeyPatch) -> None:
    """A loaded machine may take more than the real bound; only one test checks the bound."""
    monkeypatch.setattr(completion, "LIVE_SECONDS", 120.0)


def complete(*words: str, incomplete: str = "") -> list[str]:
    completer = ShellComplete(cli, {}, "ecr-tui", "_ECR_TUI_COMPLETE")
    return [item.value for item in completer.get_completions(list(words), incomplete)]


@pytest.fixture
def repositories(ecr: Any) -> list[str]:
    names = ["team/app", "team/web", "other/tool"]
    for name in names:
        ecr.create_repository(repositoryName=name)
    return names


def test_profiles_come_from_the_aws_config() -> None:
    Path(os.environ["AWS_CONFIG_FILE"]).write_text(
        "[default]\nregion = eu-west-1\n[profile ops]\n[profile prod]\n", encoding="utf-8"
    )
    assert complete("--profile") == ["default", "ops", "prod"]
    assert complete("--profile", incomplete="p") == ["prod"]


def test_regions_are_the_ecr_regions() -> None:
    regions = complete("--region", incomplete="eu-west-")
    assert regions[:3] == ["eu-west-1", "eu-west-2", "eu-west-3"]
    assert "cn-north-1" in complete("--region", incomplete="cn-")


def test_output_formats_are_offered() -> None:
    assert complete("audit", "--output") == ["table", "json", "csv"]
    assert complete("show", "x", "-o") == ["json", "text"]


def test_repository_names_come_from_the_live_account(repositories: list[str]) -> None:
    assert complete("show", incomplete="team/") == ["team/app", "team/web"]
    assert complete("--region", "us-east-1", "apply", incomplete="o") == ["other/tool"]


def test_names_already_given_are_not_offered_again(repositories: list[str]) -> None:
    assert complete("audit", "team/app", incomplete="team/") == ["team/web"]


def test_repositories_of_the_region_named_on_the_command_line(repositories: list[str]) -> None:
    boto3.client("ecr", region_name="eu-west-1").create_repository(repositoryName="eu/only")
    assert complete("--region", "eu-west-1", "show") == ["eu/only"]


def test_backup_ids_are_those_of_the_repository_in_this_account(
    repositories: list[str], state_dir: Path
) -> None:
    store = BackupStore()
    mine = store.write("us-east-1", "team/app", None, ACCOUNT)
    store.write("us-east-1", "team/app", None, "999999999999")
    store.write("us-east-1", "team/web", None, ACCOUNT)
    assert complete("restore", "team/app", "--backup") == [mine.id]
    assert complete("restore", "team/app", "--backup", incomplete="1999") == []


def test_registry_backup_ids_are_those_of_the_registry_policy_in_this_account(
    repositories: list[str], state_dir: Path
) -> None:
    store = BackupStore()
    registry = store.write("us-east-1", REGISTRY_POLICY_KEY, None, ACCOUNT)
    store.write("us-east-1", REGISTRY_POLICY_KEY, None, "999999999999")
    store.write("us-east-1", "team/app", None, ACCOUNT)
    assert complete("registry", "restore", "--backup") == [registry.id]
    assert complete("--region", "eu-west-1", "registry", "restore", "--backup") == []


def test_the_demo_offers_its_own_names_without_starting() -> None:
    names = complete("--demo", "show", incomplete="payments/")
    assert names == ["payments/api", "payments/fraud-scorer", "payments/ledger", "payments/worker"]


def test_an_error_offers_nothing(repositories: list[str]) -> None:
    assert complete("--profile", "no-such-profile", "show") == []
    assert complete("--endpoint-url", "http://127.0.0.1:9", "show") == []


@pytest.fixture
def stalled_listing(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """AWS that does not answer until released."""
    release = threading.Event()

    def stalled(self: Backend, first_page: int = 100) -> Iterator[list[Any]]:
        release.wait()
        yield []

    monkeypatch.setattr(Backend, "repository_pages", stalled)
    monkeypatch.setattr(completion, "LIVE_SECONDS", 0.05)
    yield release
    release.set()


def test_a_slow_account_is_given_up_on(aws: None, stalled_listing: threading.Event) -> None:
    assert complete("show") == []
