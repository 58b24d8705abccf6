"""An endpoint that has never answered is given up on after one failed attempt."""

from __future__ import annotations

from typing import Any

import pytest
from aws_faults import never_answer, never_connect

from ecr_tui.aws.backend import Backend, BackendSettings
from ecr_tui.aws.errors import AwsError

REPO = "app"


@pytest.fixture
def repository(ecr: Any) -> str:
    ecr.create_repository(repositoryName=REPO)
    return REPO


def test_an_endpoint_that_never_answered_is_not_asked_again(backend: Backend, repository: str):
    silent = never_answer(backend.ecr, "GetRepositoryPolicy")
    listing = never_answer(backend.ecr, "DescribeRepositories")
    with pytest.raises(AwsError, match="did not answer in time"):
        backend.get_policy(repository)
    with pytest.raises(AwsError, match="did not answer in time"):
        backend.list_repositories()
    assert (silent.count, listing.count) == (1, 0), "the second call never left"


def test_an_endpoint_that_never_accepted_a_connection_is_tried_once(
    backend: Backend, repository: str
) -> None:
    unreachable = never_connect(backend.ecr, "GetRepositoryPolicy")
    with pytest.raises(AwsError, match="did not accept a connection in time"):
        backend.get_policy(repository)
    assert unreachable.count == 1, "not retried with back-off against nobody"


def test_an_endpoint_that_answered_before_is_asked_again_after_a_timeout(
    backend: Backend, repository: str
) -> None:
    assert backend.get_policy(repository).document is None
    listing = never_answer(backend.ecr, "DescribeRepositories")
    with pytest.raises(AwsError, match="did not answer in time"):
        backend.list_repositories()
    assert listing.count == 1
    assert backend.get_policy(repository).document is None, "a lost reply is read back"


def test_a_backend_that_remembers_no_silence_asks_again(aws: None, repository: str) -> None:
    backend = Backend(
        BackendSettings(
            region="us-east-1", static_credentials=("testing", "testing"), silence_remembered=0
        )
    )
    silent = never_answer(backend.ecr, "GetRepositoryPolicy")
    for _ in range(2):
        with pytest.raises(AwsError, match="did not answer in time"):
            backend.get_policy(repository)
    assert silent.count == 2, "the TUI's F5 asks again"


def test_a_quick_read_back_knows_the_endpoint_answered_its_backend(
    backend: Backend, repository: str
) -> None:
    assert backend.get_policy(repository).document is None
    quick = backend.bounded()
    never_answer(quick.ecr, "GetRepositoryPolicy")
    with pytest.raises(AwsError, match="did not answer in time"):
        quick.get_policy(repository)
    assert [r.name for r in quick.list_repositories()] == [REPO]
