"""Shared fixtures: AWS is always moto, with dummy credentials and no real profile."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

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
def iam(aws: None):
    return boto3.client("iam", region_name=REGION)
