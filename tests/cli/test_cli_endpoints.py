"""Every documented way to point the program at another endpoint, against a moto server."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from click.testing import CliRunner
from moto.server import ThreadedMotoServer

from ecr_tui.aws.backend import Backend, BackendSettings
from ecr_tui.cli import cli

REGION = "eu-west-1"


@pytest.fixture(scope="module")
def moto_url() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    boto3.client(
        "ecr",
        region_name=REGION,
        endpoint_url=url,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    ).create_repository(repositoryName="served/by-moto")
    yield url
    server.stop()


def reaches_moto(*args: str) -> bool:
    """True when `show` finds the repository only the moto server holds."""
    result = CliRunner().invoke(cli, ["--region", REGION, *args, "show", "served/by-moto"])
    assert "Traceback" not in result.output
    return result.exit_code == 0 and json.loads(result.stdout)["Statement"] == []


def test_the_endpoint_url_flag(moto_url: str) -> None:
    assert reaches_moto("--endpoint-url", moto_url)


def test_aws_endpoint_url(moto_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_url)
    assert reaches_moto()


def test_aws_endpoint_url_ecr(moto_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_ECR", moto_url)
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")  # the ECR one wins
    assert reaches_moto()


def test_a_profiles_endpoint_url(moto_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    Path(os.environ["AWS_CONFIG_FILE"]).write_text(
        f"[profile local]\nregion = {REGION}\nendpoint_url = {moto_url}\n"
        "aws_access_key_id = testing\naws_secret_access_key = testing\n",
        encoding="utf-8",
    )
    assert reaches_moto("--profile", "local")


def test_the_flag_beats_the_environment(moto_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_ECR", "http://127.0.0.1:9")
    assert reaches_moto("--endpoint-url", moto_url)


def test_a_services_section_of_the_profile(moto_url: str) -> None:
    Path(os.environ["AWS_CONFIG_FILE"]).write_text(
        f"[profile local]\nregion = {REGION}\nservices = moto\n"
        "aws_access_key_id = testing\naws_secret_access_key = testing\n"
        f"[services moto]\necr =\n  endpoint_url = {moto_url}\n",
        encoding="utf-8",
    )
    assert reaches_moto("--profile", "local")


def endpoints(settings: BackendSettings) -> dict[str, str]:
    """Where each client of a backend with `settings` sends its requests (nothing is sent)."""
    backend = Backend(settings)
    return {name: getattr(backend, name).meta.endpoint_url for name in ("ecr", "iam", "sts")}


def test_iam_and_sts_follow_their_own_variables_and_the_flag_moves_all(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_ECR", "http://127.0.0.1:9001")
    monkeypatch.setenv("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:9002")
    assert endpoints(BackendSettings(region=REGION)) == {
        "ecr": "http://127.0.0.1:9001",
        "iam": "https://iam.amazonaws.com",
        "sts": "http://127.0.0.1:9002",
    }
    flagged = endpoints(BackendSettings(region=REGION, endpoint_url="http://127.0.0.1:9003"))
    assert set(flagged.values()) == {"http://127.0.0.1:9003"}


def test_configured_endpoints_can_be_ignored_as_in_the_aws_cli(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    Path(os.environ["AWS_CONFIG_FILE"]).write_text(
        f"[default]\nregion = {REGION}\nendpoint_url = http://127.0.0.1:9004\n", encoding="utf-8"
    )
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9005")
    monkeypatch.setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    assert endpoints(BackendSettings())["ecr"] == f"https://api.ecr.{REGION}.amazonaws.com"
