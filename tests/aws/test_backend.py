"""The backend against moto, and against botocore's Stubber where moto differs from AWS."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from aws_rewrites import fail_calls, raise_on_call, record_calls
from botocore.exceptions import UnauthorizedSSOTokenError
from botocore.stub import Stubber

from ecr_tui.aws.backend import Backend, BackendSettings
from ecr_tui.aws.errors import AwsError
from ecr_tui.aws.models import IamEntity, IamKind, LivePolicy
from ecr_tui.policy.document import parse_policy
from ecr_tui.service.backups import BackupStore
from ecr_tui.service.saving import SaveOutcome, SaveRequest, save_policy

REGION = "us-east-1"
ACCOUNT = "123456789012"

PULL_POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AllowPull",
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
                "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            }
        ],
    }
)


def _repository_item(name: str) -> dict[str, object]:
    return {
        "repositoryName": name,
        "repositoryArn": f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/{name}",
        "registryId": ACCOUNT,
        "repositoryUri": f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/{name}",
        "createdAt": datetime(2024, 5, 1, tzinfo=UTC),
    }


def _iam_item(kind: str, name: str, path: str = "/") -> dict[str, object]:
    return {
        "Path": path,
        f"{kind}Name": name,
        f"{kind}Id": "AIDA" + name.upper().ljust(17, "X")[:17],
        "Arn": f"arn:aws:iam::{ACCOUNT}:{kind.lower()}{path}{name}",
        "CreateDate": datetime(2024, 5, 1, tzinfo=UTC),
        **({"AssumeRolePolicyDocument": "{}"} if kind == "Role" else {}),
    }


# Regions and identity


def test_regions_put_the_session_default_first(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-2")
    regions = Backend(BackendSettings()).regions()
    assert regions[0] == "eu-west-2"
    assert regions.count("eu-west-2") == 1
    assert {"us-east-1", "ap-southeast-2", "sa-east-1"} <= set(regions)
    assert 30 <= len(regions) <= 45
    assert not any(r.startswith("cn-") for r in regions)


def test_regions_of_a_china_region_are_the_china_partition(backend: Backend) -> None:
    regions = backend.with_region("cn-northwest-1").regions()
    assert regions[0] == "cn-northwest-1"
    assert set(regions) == {"cn-north-1", "cn-northwest-1"}


def test_identity_is_the_account_and_arn_signed_in(backend: Backend) -> None:
    identity = backend.identity()
    assert identity.account == ACCOUNT
    assert identity.arn.startswith(f"arn:aws:sts::{ACCOUNT}:")


def test_clients_use_adaptive_retries(backend: Backend) -> None:
    for client in (backend.ecr, backend.iam, backend.sts):
        assert client.meta.config.retries["mode"] == "adaptive"
        assert client.meta.config.retries["total_max_attempts"] > 1


# Repositories


def test_repositories_are_sorted_by_name(backend: Backend, ecr) -> None:
    for name in ("zeta", "alpha/api", "mid", "alpha"):
        ecr.create_repository(repositoryName=name)
    repositories = backend.list_repositories()
    assert [r.name for r in repositories] == ["alpha", "alpha/api", "mid", "zeta"]
    assert repositories[0].uri.endswith("/alpha")
    assert repositories[0].registry_id == ACCOUNT
    assert repositories[0].created is not None


def test_repositories_of_every_page_are_listed_and_sorted(backend: Backend) -> None:
    with Stubber(backend.ecr) as stubber:
        stubber.add_response(
            "describe_repositories",
            {"repositories": [_repository_item("web"), _repository_item("api")], "nextToken": "p2"},
            {"maxResults": 1000},
        )
        stubber.add_response(
            "describe_repositories",
            {"repositories": [_repository_item("cache"), _repository_item("batch")]},
            {"maxResults": 1000, "nextToken": "p2"},
        )
        names = [r.name for r in backend.list_repositories()]
        stubber.assert_no_pending_responses()
    assert names == ["api", "batch", "cache", "web"]


def test_pages_for_a_list_on_screen_start_small_so_rows_show_at_once(backend: Backend) -> None:
    with Stubber(backend.ecr) as stubber:
        stubber.add_response(
            "describe_repositories",
            {"repositories": [_repository_item("web")], "nextToken": "p2"},
            {"maxResults": 100},
        )
        stubber.add_response(
            "describe_repositories",
            {"repositories": [_repository_item("api")]},
            {"maxResults": 1000, "nextToken": "p2"},
        )
        pages = [[r.name for r in page] for page in backend.repository_pages()]
        stubber.assert_no_pending_responses()
    assert pages == [["web"], ["api"]]


def test_repository_listing_errors_are_one_sentence(backend: Backend) -> None:
    fail_calls(
        backend.ecr,
        "DescribeRepositories",
        "AccessDeniedException",
        "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: "
        "ecr:DescribeRepositories on resource: *",
    )
    with pytest.raises(AwsError) as caught:
        backend.list_repositories()
    assert "ecr:DescribeRepositories" in caught.value.message
    assert "list the repositories" in caught.value.message


# IAM users and roles


def test_iam_pages_stream_users_then_roles_each_page_sorted(backend: Backend) -> None:
    with Stubber(backend.iam) as stubber:
        stubber.add_response(
            "list_users",
            {
                "Users": [_iam_item("User", "zoe"), _iam_item("User", "Bob", "/teams/")],
                "IsTruncated": True,
                "Marker": "u2",
            },
            {},
        )
        pages = backend.iam_pages()
        first = next(pages)
        # The first page is handed out before any other page is requested.
        stubber.assert_no_pending_responses()
        stubber.add_response(
            "list_users",
            {"Users": [_iam_item("User", "amy")], "IsTruncated": False},
            {"Marker": "u2"},
        )
        stubber.add_response(
            "list_roles",
            {
                "Roles": [
                    _iam_item("Role", "deploy", "/service-role/"),
                    _iam_item("Role", "Admin"),
                    _iam_item("Role", "builder"),
                ],
                "IsTruncated": False,
            },
            {},
        )
        rest = list(pages)
        stubber.assert_no_pending_responses()
    assert [(e.kind, e.path, e.name) for e in first] == [
        (IamKind.USER, "/", "zoe"),
        (IamKind.USER, "/teams/", "Bob"),
    ]
    assert [[e.name for e in page] for page in rest] == [["amy"], ["Admin", "builder", "deploy"]]
    assert rest[1][2] == IamEntity(
        IamKind.ROLE, "deploy", "/service-role/", f"arn:aws:iam::{ACCOUNT}:role/service-role/deploy"
    )


def test_iam_entities_from_moto_are_sorted_with_paths(backend: Backend, iam) -> None:
    trust = json.dumps({"Version": "2012-10-17", "Statement": []})
    for name in ("carol", "alice", "bob"):
        iam.create_user(UserName=name)
    iam.create_user(UserName="dave", Path="/teams/payments/")
    for index in range(30):
        iam.create_role(RoleName=f"role{index:02d}", AssumeRolePolicyDocument=trust)
    iam.create_role(RoleName="ci", Path="/service-role/", AssumeRolePolicyDocument=trust)
    pages = list(backend.iam_pages())
    kinds = [entity.kind for page in pages for entity in page]
    assert kinds == sorted(kinds, key=lambda k: k is IamKind.ROLE)  # users, then roles
    for page in pages:
        assert page == sorted(page, key=lambda e: (e.path, e.name.lower()))
    everything = backend.list_iam_entities()
    users = [e for e in everything if e.kind is IamKind.USER]
    roles = [e for e in everything if e.kind is IamKind.ROLE]
    assert [e.path_and_name for e in users] == ["/alice", "/bob", "/carol", "/teams/payments/dave"]
    assert len(roles) == 31
    assert roles[-1].path_and_name == "/service-role/ci"
    assert roles[-1].arn == f"arn:aws:iam::{ACCOUNT}:role/service-role/ci"


# Policies


def test_a_repository_without_policy_has_a_live_policy_without_text(backend: Backend, ecr) -> None:
    ecr.create_repository(repositoryName="plain")
    live = backend.get_policy("plain")
    assert live == LivePolicy("plain", None, None)
    assert not live.exists


def test_set_get_and_delete_a_policy(backend: Backend, ecr) -> None:
    ecr.create_repository(repositoryName="app")
    backend.set_policy("app", PULL_POLICY)
    live = backend.get_policy("app")
    assert live.exists
    assert live.text == PULL_POLICY
    assert live.document is not None
    assert live.document.statements[0]["Sid"] == "AllowPull"
    backend.delete_policy("app")
    with pytest.raises(ecr.exceptions.RepositoryPolicyNotFoundException):
        ecr.get_repository_policy(repositoryName="app")


def test_deleting_a_missing_policy_is_fine(backend: Backend, ecr) -> None:
    ecr.create_repository(repositoryName="app")
    backend.delete_policy("app")
    assert not backend.get_policy("app").exists


def test_force_is_sent_only_when_asked(backend: Backend, ecr) -> None:
    ecr.create_repository(repositoryName="app")
    log = record_calls(backend.ecr)
    backend.set_policy("app", PULL_POLICY)
    backend.set_policy("app", PULL_POLICY, force=True)
    sent = log.of("SetRepositoryPolicy")
    assert "force" not in sent[0]
    assert sent[1]["force"] is True


def test_a_missing_repository_is_one_clear_sentence(backend: Backend) -> None:
    with pytest.raises(AwsError) as caught:
        backend.get_policy("nope")
    assert caught.value.code == "RepositoryNotFoundException"
    assert "'nope'" in caught.value.message
    assert "does not exist" in caught.value.message


def test_read_only_refuses_every_write(aws: None, ecr, dummy_credentials: tuple[str, str]) -> None:
    ecr.create_repository(repositoryName="app")
    ecr.set_repository_policy(repositoryName="app", policyText=PULL_POLICY)
    backend = Backend(
        BackendSettings(region=REGION, static_credentials=dummy_credentials, read_only=True)
    )
    log = record_calls(backend.ecr)
    with pytest.raises(AwsError, match="Read-only"):
        backend.set_policy("app", PULL_POLICY.replace("AllowPull", "Other"))
    with pytest.raises(AwsError, match="Read-only"):
        backend.delete_policy("app")
    saved = save_policy(backend, SaveRequest("app", None, parse_policy(PULL_POLICY)), BackupStore())
    assert saved.outcome is SaveOutcome.FAILED
    assert "Read-only" in saved.message
    assert log.calls == []
    assert ecr.get_repository_policy(repositoryName="app")["policyText"] == PULL_POLICY
    assert backend.get_policy("app").text == PULL_POLICY
    assert BackupStore().list(REGION, "app") == []


def test_errors_name_the_profile_to_log_in_with(
    aws: None, ecr, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    config = tmp_path / "config"
    config.write_text("[profile dev]\nregion = us-east-1\n")
    credentials = tmp_path / "credentials"
    credentials.write_text("[dev]\naws_access_key_id = testing\naws_secret_access_key = testing\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
    ecr.create_repository(repositoryName="app")
    backend = Backend(BackendSettings(profile="dev"))
    raise_on_call(backend.ecr, "GetRepositoryPolicy", UnauthorizedSSOTokenError())
    fail_calls(backend.ecr, "DeleteRepositoryPolicy", "ExpiredTokenException", "expired")
    with pytest.raises(AwsError) as read_error:
        backend.get_policy("app")
    with pytest.raises(AwsError) as delete_error:
        backend.delete_policy("app")
    assert "aws sso login --profile dev" in read_error.value.message
    assert "aws sso login --profile dev" in delete_error.value.message


@pytest.mark.parametrize("first_use", [Backend.connect, Backend.list_repositories])
def test_an_unknown_profile_is_one_sentence_on_first_use(
    aws: None, first_use: Callable[[Backend], object]
) -> None:
    backend = Backend(BackendSettings(profile="missing", region="eu-west-1"))
    with pytest.raises(AwsError) as caught:
        first_use(backend)
    assert "'missing'" in caught.value.message
    assert "\n" not in caught.value.message


def test_an_empty_region_means_the_configured_one(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-2")
    assert Backend(BackendSettings(region="")).region == "eu-west-2"


def test_nothing_of_botocore_is_built_until_a_call_needs_it(aws: None) -> None:
    backend = Backend(BackendSettings(region="eu-west-1"))
    assert backend.region == "eu-west-1"
    assert backend._session is None
    assert backend.list_repositories() == []
    assert backend._session is not None
