"""The demo backend: moto's server in-process, seeded, silent, and gone afterwards."""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.demo import DEMO_ACCOUNT_ID, DemoServer, bypass_proxies_for_loopback
from ecr_tui.aws.demo_seed import (
    CONSOLE_2008_REPOSITORY,
    DEMO_REGIONS,
    ORGANIZATION_ID,
    ORPHANED_PRINCIPAL,
    ORPHANED_REPOSITORY,
    PUBLIC_REPOSITORY,
    REPOSITORIES,
)
from ecr_tui.aws.models import IamKind
from ecr_tui.policy.actions import PULL_ONLY
from ecr_tui.policy.document import parse_policy


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoServer]:
    with DemoServer() as server:
        yield server


@pytest.fixture
def backend(demo: DemoServer) -> Backend:
    return Backend(demo.settings())


def port_is_open(endpoint_url: str) -> bool:
    address = urlsplit(endpoint_url)
    try:
        with socket.create_connection((address.hostname, address.port), timeout=1):
            return True
    except OSError:
        return False


def test_listens_on_loopback_with_dummy_credentials(demo: DemoServer) -> None:
    address = urlsplit(demo.endpoint_url)
    assert address.hostname == "127.0.0.1"
    assert address.port and port_is_open(demo.endpoint_url)
    settings = demo.settings(region="eu-west-1", read_only=True)
    assert settings.demo and settings.read_only
    assert settings.region == "eu-west-1"
    assert settings.static_credentials == ("demo", "demo")
    assert settings.profile is None


def test_identity_is_the_demo_account(backend: Backend) -> None:
    identity = backend.identity()
    assert identity.account == DEMO_ACCOUNT_ID == "210987654321"
    assert backend.region == "us-east-1"


def test_lists_the_seeded_repositories_sorted(backend: Backend, demo: DemoServer) -> None:
    repositories = backend.list_repositories()
    names = [r.name for r in repositories]
    assert names == sorted(name for name, _ in REPOSITORIES["us-east-1"])
    assert len(names) >= 20
    assert {r.registry_id for r in repositories} == {demo.account_id}
    assert all(f":{demo.account_id}:repository/" in r.arn for r in repositories)


def test_every_demo_region_has_repositories(backend: Backend) -> None:
    total = 0
    for region in DEMO_REGIONS:
        names = [r.name for r in backend.with_region(region).list_repositories()]
        assert names == sorted(name for name, _ in REPOSITORIES[region])
        assert names
        total += len(names)
    assert len(DEMO_REGIONS) >= 2
    assert total >= 40


def test_the_public_repository_lets_everyone_pull(backend: Backend) -> None:
    live = backend.get_policy(PUBLIC_REPOSITORY)
    assert live.exists and live.document is not None
    (statement,) = live.document.statements
    assert statement["Principal"] == "*"
    assert statement["Action"] == list(PULL_ONLY)
    assert "Condition" not in statement
    assert live.text == json.dumps(live.document.data, indent=2)


def test_the_orphaned_principal_is_kept_as_its_unique_id(backend: Backend) -> None:
    live = backend.get_policy(ORPHANED_REPOSITORY)
    assert live.text is not None
    (statement,) = parse_policy(live.text).statements
    assert ORPHANED_PRINCIPAL in statement["Principal"]["AWS"]


def test_the_2008_console_policy_keeps_its_style(backend: Backend) -> None:
    live = backend.get_policy(CONSOLE_2008_REPOSITORY)
    assert live.text is not None
    document = parse_policy(live.text)
    assert document.version == "2008-10-17"
    assert [s["Sid"] for s in document.statements] == ["new statement", "new statement"]
    assert all(isinstance(s["Principal"]["AWS"], list) for s in document.statements)


def test_the_common_statements_are_present(backend: Backend, demo: DemoServer) -> None:
    statements = []
    for region in DEMO_REGIONS:
        regional = backend.with_region(region)
        for repository in regional.list_repositories():
            live = regional.get_policy(repository.name)
            if live.document is not None:
                statements += live.document.statements
    text = json.dumps(statements)
    assert "arn:aws:iam::444455556666:root" in text
    assert ORGANIZATION_ID in text
    assert f"arn:aws:lambda:eu-west-1:{demo.account_id}:function:*" in text
    assert f"arn:aws:iam::{demo.account_id}:role/ci/github-actions-deployer" in text
    assert "{account}" not in text and "{region}" not in text
    without_policy = [n for names in REPOSITORIES.values() for n, policy in names if not policy]
    assert without_policy


def test_iam_users_and_roles_have_paths(backend: Backend, demo: DemoServer) -> None:
    entities = backend.list_iam_entities()
    assert len(entities) >= 50
    kinds = {e.kind for e in entities}
    assert kinds == {IamKind.USER, IamKind.ROLE}
    paths = {e.path for e in entities}
    assert {"/", "/ci/", "/service-role/", "/teams/payments/"} <= paths
    deployer = next(e for e in entities if e.name == "github-actions-deployer")
    assert deployer.arn == f"arn:aws:iam::{demo.account_id}:role/ci/github-actions-deployer"
    role = backend.iam.get_role(RoleName="github-actions-deployer")["Role"]
    trust = role["AssumeRolePolicyDocument"]
    assert trust["Statement"][0]["Action"] == "sts:AssumeRoleWithWebIdentity"


def test_starts_serves_and_stops_with_nothing_on_the_terminal(
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AWS_PROFILE", "no-such-profile")
    with DemoServer() as server:
        backend = Backend(server.settings())
        backend.list_repositories()
        backend.get_policy("payments/ledger")
        # An action moto does not know makes the server fail the request internally.
        request = urllib.request.Request(
            server.endpoint_url,
            data=b"{}",
            method="POST",
            headers={
                "X-Amz-Target": "AmazonEC2ContainerRegistry_V20150921.NoSuchAction",
                "Content-Type": "application/x-amz-json-1.1",
                "Authorization": "AWS4-HMAC-SHA256 Credential=demo/20260101/us-east-1/ecr/x",
            },
        )
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(request, timeout=10)
        endpoint = server.endpoint_url
        assert port_is_open(endpoint)
    assert not port_is_open(endpoint)
    assert not server.running
    assert server.seed_seconds <= server.start_seconds
    out, err = capfd.readouterr()
    assert out == ""
    assert err == ""
    assert not [r for r in caplog.records if r.name.startswith(("werkzeug", "moto", "flask"))]


def test_injected_latency_delays_each_call(demo: DemoServer, backend: Backend) -> None:
    backend.identity()
    demo.latency_ms = 250
    try:
        began = time.perf_counter()
        assert backend.identity().account == demo.account_id
        assert time.perf_counter() - began >= 0.25
    finally:
        demo.latency_ms = 0
    assert DemoServer(latency_ms=40).latency_ms == 40


def test_a_proxy_in_the_environment_is_bypassed(
    demo: DemoServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed_port = "http://127.0.0.1:9"
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", closed_port)
    monkeypatch.setenv("http_proxy", closed_port)
    bypass_proxies_for_loopback()
    assert Backend(demo.settings()).identity().account == demo.account_id


def test_an_unstarted_server_has_no_endpoint() -> None:
    server = DemoServer(seed=False)
    with pytest.raises(RuntimeError):
        server.settings()
    server.stop()
    assert not server.running


def test_the_demo_registry_policy_keeps_v2_actions_and_says_its_scope(
    backend: Backend, demo: DemoServer
) -> None:
    document = backend.get_registry_policy()
    assert document is not None
    sids = {s["Sid"]: s for s in document.statements}
    assert set(sids) == {"ReplicationFromBuildAccount", "DataSciencePullMl"}
    assert sids["DataSciencePullMl"]["Action"] == list(PULL_ONLY)
    assert sids["DataSciencePullMl"]["Resource"].endswith(f":{demo.account_id}:repository/ml/*")
    assert backend.get_registry_policy_scope() == "V2"
    assert backend.with_region("eu-west-1").get_registry_policy() is None


def test_the_demo_answers_registry_calls_as_v2_ecr(demo: DemoServer) -> None:
    region = backend_in(demo, "ap-southeast-2")
    ecr = region.ecr
    statement = {
        "Sid": "Push",
        "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::999988887777:root"},
        "Action": ["ecr:PutImage"],
        "Resource": "*",
    }
    text = json.dumps({"Version": "2012-10-17", "Statement": [statement]})
    try:
        assert ecr.put_registry_policy(policyText=text)["policyText"] == text
        assert ecr.get_registry_policy()["policyText"] == text
        setting = ecr.put_account_setting(name="REGISTRY_POLICY_SCOPE", value="V1")
        assert setting["value"] == "V1"
        assert region.get_registry_policy_scope() == "V1"
        with pytest.raises(ecr.exceptions.InvalidParameterException):
            ecr.put_registry_policy(policyText="not json")
    finally:
        ecr.put_account_setting(name="REGISTRY_POLICY_SCOPE", value="V2")
        ecr.delete_registry_policy()
    with pytest.raises(ecr.exceptions.RegistryPolicyNotFoundException):
        ecr.get_registry_policy()


def backend_in(demo: DemoServer, region: str) -> Backend:
    return Backend(demo.settings(region=region))
