"""Shared fixtures: AWS is always moto, with dummy credentials and no real profile."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from ecr_tui.aws.backend import Backend, BackendSettings
from ecr_tui.service import write_confirm

REGION = "us-east-1"
ACCOUNT = "123456789012"
DUMMY_CREDENTIALS = ("testing", "testing")


@pytest.fixture(autouse=True)
def isolated_environment(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never read the person's AWS config or ecr-tui config, or write into their state directory."""
    home = tmp_path_factory.mktemp("home")
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(home / "aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(home / "aws-credentials"))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", DUMMY_CREDENTIALS[0])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", DUMMY_CREDENTIALS[1])
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("ECR_TUI_STATE_DIR", str(home / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))


NO_WAITING = write_confirm.SavePacing(sleep=lambda seconds: None, random=lambda: 0.5)


@pytest.fixture(autouse=True)
def saves_do_not_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """A save in this process confirms its write without the real settle and backoff waits
    (processes the tests start wait for real)."""
    monkeypatch.setattr(write_confirm, "DEFAULT_PACING", NO_WAITING)


@pytest.fixture
def state_dir() -> Path:
    return Path(os.environ["ECR_TUI_STATE_DIR"])


@pytest.fixture
def aws() -> Iterator[None]:
    """In-process moto for the whole test (threads included)."""
    with mock_aws():
        yield


@pytest.fixture
def backend(aws: None) -> Backend:
    return Backend(BackendSettings(region=REGION, static_credentials=DUMMY_CREDENTIALS))


@pytest.fixture
def ecr(aws: None):
    return boto3.client("ecr", region_name=REGION)


@pytest.fixture
def stored_policy(ecr: Any) -> Callable[[str], dict[str, Any] | None]:
    """Read what moto holds: a repository's policy as JSON data, or None when it has none."""

    def read(repository: str) -> dict[str, Any] | None:
        try:
            text = ecr.get_repository_policy(repositoryName=repository)["policyText"]
        except ecr.exceptions.RepositoryPolicyNotFoundException:
            return None
        data: dict[str, Any] = json.loads(text)
        return data

    return read


@pytest.fixture
def dummy_credentials() -> tuple[str, str]:
    """The access key and secret every test signs with (moto accepts any)."""
    return DUMMY_CREDENTIALS


@pytest.fixture
def two_profiles() -> None:
    """An AWS config with the profiles default (us-east-1) and ops (eu-west-1), both with
    the dummy credentials."""
    home = Path(os.environ["AWS_CONFIG_FILE"]).parent
    (home / "aws-config").write_text(
        "[default]\nregion = us-east-1\n\n[profile ops]\nregion = eu-west-1\n", encoding="utf-8"
    )
    key, secret = DUMMY_CREDENTIALS
    keys = f"aws_access_key_id = {key}\naws_secret_access_key = {secret}\n"
    (home / "aws-credentials").write_text(f"[default]\n{keys}\n[ops]\n{keys}", encoding="utf-8")


@pytest.fixture
def iam(aws: None):
    return boto3.client("iam", region_name=REGION)
