"""No command prints a credential, signature or token: AWS's error text and --debug."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from aws_rewrites import fail_calls
from click.testing import CliRunner, Result
from moto.server import ThreadedMotoServer

from ecr_tui.aws.backend import Backend
from ecr_tui.cli import cli

REPO = "team/app"
TOKEN = "FAKEIQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+abc/def=="
KEY_ID = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
INVALID_SIGNATURE = (
    "The request signature we calculated does not match the signature you provided. Check "
    "your AWS Secret Access Key and signing method.\n\nThe Canonical String for this request "
    "should have been\n'POST\n/\n\nhost:api.ecr.us-east-1.amazonaws.com\n"
    f"x-amz-date:20260101T000000Z\nx-amz-security-token:{TOKEN}\n\n"
    "host;x-amz-date;x-amz-security-token\n3b0c5d'"
)
SIGNATURE_VALUE = re.compile(r"(?i)signature\s*[=:]\s*[0-9a-f]{16}")
PULL = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]

Invoke = Callable[..., Result]


@pytest.fixture
def rejecting_signatures(monkeypatch: pytest.MonkeyPatch, ecr: Any) -> None:
    """Every ECR client the CLI makes answers with AWS's InvalidSignatureException."""
    ecr.create_repository(repositoryName=REPO)
    make_client = Backend._new_client

    def new_client(backend: Backend, service: str) -> Callable[[], Any]:
        create = make_client(backend, service)

        def rejecting() -> Any:
            client = create()
            if service == "ecr":
                for operation in ("GetRepositoryPolicy", "DescribeRepositories"):
                    fail_calls(client, operation, "InvalidSignatureException", INVALID_SIGNATURE)
            return client

        return rejecting

    monkeypatch.setattr(Backend, "_new_client", new_client)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["--region", "us-east-1", *args])


@pytest.mark.parametrize(
    "args",
    [("show", REPO), ("show", REPO, "-o", "text"), ("audit",), ("audit", REPO, "-o", "csv")],
    ids=["show", "show-text", "audit", "audit-csv"],
)
def test_a_rejected_signature_never_prints_the_token(
    rejecting_signatures: None, args: tuple[str, ...]
) -> None:
    result = run(*args)
    assert result.exit_code == 4, result.output
    assert TOKEN[:12] not in result.stdout + result.stderr
    assert "AWS rejected the signature of the request" in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.fixture
def moto_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def debug_run(endpoint: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env |= {
        "AWS_ACCESS_KEY_ID": KEY_ID,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_SESSION_TOKEN": TOKEN,
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    }
    command = [sys.executable, "-m", "ecr_tui", "--debug", "--endpoint-url", endpoint]
    return subprocess.run(
        [*command, "--region", "us-east-1", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_debug_prints_the_request_log_without_secrets(moto_endpoint: str) -> None:
    ecr = boto3.client(
        "ecr",
        region_name="us-east-1",
        endpoint_url=moto_endpoint,
        aws_access_key_id="seed",
        aws_secret_access_key="seed",
    )
    ecr.create_repository(repositoryName=REPO)
    statement = {"Sid": "Pull", "Effect": "Allow", "Principal": {"AWS": "111122223333"}}
    document = {"Version": "2012-10-17", "Statement": [statement | {"Action": PULL}]}
    ecr.set_repository_policy(repositoryName=REPO, policyText=json.dumps(document))
    for args in (("show", REPO), ("audit",)):
        result = debug_run(moto_endpoint, *args)
        assert result.returncode == 0, result.stderr[-2000:]
        log = result.stderr
        assert "botocore.endpoint" in log and "GetRepositoryPolicy" in log
        assert "CanonicalRequest" in log and "x-amz-security-token:<redacted>" in log
        assert "Credential=AKIA<redacted>" in log
        for secret in (SECRET_KEY, TOKEN, TOKEN[:12], KEY_ID):
            assert secret not in log
        assert SIGNATURE_VALUE.search(log) is None
        assert json.loads(result.stdout) if args[0] == "show" else result.stdout
