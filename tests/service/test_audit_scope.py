"""The scope of an audit: regions, repositories, and what could not be listed."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.client import BaseClient
from botocore.exceptions import ClientError

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.errors import AwsError
from ecr_tui.aws.models import Repository
from ecr_tui.service.audit_scope import audit_scope


@pytest.fixture
def two_regions(aws: None) -> None:
    boto3.client("ecr", region_name="us-east-1").create_repository(repositoryName="web/public")
    west = boto3.client("ecr", region_name="eu-west-1")
    for name in ("web/partner", "web/none"):
        west.create_repository(repositoryName=name)


def refuse_listing(monkeypatch: pytest.MonkeyPatch, *regions: str) -> None:
    """DescribeRepositories fails in `regions` (everywhere when none), as opt-in regions do."""
    original = BaseClient._make_api_call

    def failing(client: BaseClient, name: str, params: dict[str, Any]) -> Any:
        if name == "DescribeRepositories" and (not regions or client.meta.region_name in regions):
            error = {"Code": "UnrecognizedClientException", "Message": "not enabled"}
            raise ClientError({"Error": error}, name)
        return original(client, name, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", failing)


def names(repositories: list[Repository]) -> list[str]:
    return [repository.name for repository in repositories]


def test_one_region_is_the_whole_region(backend: Backend, two_regions: None) -> None:
    scope = audit_scope(backend)
    assert [(r.region, names(r.chosen)) for r in scope.regions] == [("us-east-1", ["web/public"])]
    assert scope.whole_region and scope.total == 1 and scope.skipped == scope.missing_text == ""


def test_every_region_lists_each_and_names_choose_within_them(
    backend: Backend, two_regions: None
) -> None:
    scope = audit_scope(backend, all_regions=True, names=["web/partner", "web/public"])
    chosen = {r.region: names(r.chosen) for r in scope.regions if r.chosen}
    assert chosen == {"us-east-1": ["web/public"], "eu-west-1": ["web/partner"]}
    west = next(r for r in scope.regions if r.region == "eu-west-1")
    assert sorted(arn.rsplit("/", 1)[-1] for arn in west.every_arn) == ["none", "partner"]
    assert not scope.whole_region and scope.total == 2 and scope.missing == []


def test_a_name_no_region_has_is_missing_in_words(backend: Backend, two_regions: None) -> None:
    one = audit_scope(backend, names=["web/partner"])
    assert one.missing == ["web/partner"] and one.total == 0
    assert one.missing_text == "no repository named 'web/partner' in us-east-1"
    every = audit_scope(backend, all_regions=True, names=["team/nope"])
    assert every.missing_text == "no repository named 'team/nope' in any region"


def test_regions_that_refuse_are_left_out_in_one_sentence(
    backend: Backend, two_regions: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    refuse_listing(monkeypatch, "eu-west-1", "af-south-1")
    scope = audit_scope(backend, all_regions=True)
    assert "eu-west-1" not in [r.region for r in scope.regions]
    assert scope.skipped.startswith("skipped 2 region(s) that could not be listed (")
    assert "af-south-1, eu-west-1" in scope.skipped
    chosen = audit_scope(backend, regions=["us-east-1", "eu-west-1"])
    assert [r.region for r in chosen.regions] == ["us-east-1"]
    assert chosen.skipped.startswith("skipped 1 region(s)")


def test_nothing_listed_anywhere_raises_the_first_failure(
    backend: Backend, two_regions: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    refuse_listing(monkeypatch)
    with pytest.raises(AwsError):
        audit_scope(backend, all_regions=True)
    with pytest.raises(AwsError):
        audit_scope(backend)


def test_a_region_already_listed_is_not_listed_again(
    backend: Backend, two_regions: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    known = backend.list_repositories()
    refuse_listing(monkeypatch)
    scope = audit_scope(backend, known=known)
    assert names(scope.regions[0].chosen) == ["web/public"]
