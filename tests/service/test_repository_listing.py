"""Listing a region page by page, then each policy's summary; a failure is one sentence."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.errors import AwsError
from ecr_tui.aws.models import Repository
from ecr_tui.service.repository_listing import UNREADABLE, Summary, read_repositories

PUBLIC = {
    "Version": "2012-10-17",
    "Statement": [{"Sid": "Everyone", "Effect": "Allow", "Principal": "*", "Action": "ecr:*"}],
}


def read(backend: Backend, cancelled: Any = lambda: False) -> tuple[Any, ...]:
    pages: list[list[Repository]] = []
    listed: list[AwsError | None] = []
    summaries: list[Summary] = []
    finished = read_repositories(
        backend,
        on_page=pages.append,
        on_listed=listed.append,
        on_summaries=summaries.extend,
        cancelled=cancelled,
    )
    return finished, pages, listed, {name: (summary, error) for name, summary, error in summaries}


def test_pages_come_first_then_every_summary(backend: Backend, ecr: Any) -> None:
    for name in ("web/public", "web/none"):
        ecr.create_repository(repositoryName=name)
    ecr.set_repository_policy(repositoryName="web/public", policyText=json.dumps(PUBLIC))
    finished, pages, listed, summaries = read(backend)
    assert finished and listed == [None]
    assert sorted(r.name for page in pages for r in page) == ["web/none", "web/public"]
    assert set(summaries) == {"web/none", "web/public"}
    assert summaries["web/public"][0] != summaries["web/none"][0]
    assert all(error is None for _, error in summaries.values())


def test_an_unreadable_policy_is_summarised_as_such_with_the_reason(
    backend: Backend, ecr: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    ecr.create_repository(repositoryName="web/secret")

    def denied(repository: str) -> Any:
        raise AwsError("access denied (ecr:GetRepositoryPolicy)")

    monkeypatch.setattr(backend, "get_policy", denied)
    _, _, _, summaries = read(backend)
    assert summaries["web/secret"] == (UNREADABLE, "access denied (ecr:GetRepositoryPolicy)")


def test_a_listing_that_fails_is_reported_once_and_reads_no_policy(
    backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*args: Any, **kwargs: Any) -> Any:
        raise AwsError("The repositories could not be listed: access denied.")
        yield []

    monkeypatch.setattr(backend, "repository_pages", refused)
    finished, pages, listed, summaries = read(backend)
    assert finished and pages == [] and summaries == {}
    assert [str(error) for error in listed] == [
        "The repositories could not be listed: access denied."
    ]


def test_a_cancelled_listing_stops_and_says_so(backend: Backend, ecr: Any) -> None:
    ecr.create_repository(repositoryName="web/one")
    finished, pages, listed, summaries = read(backend, cancelled=lambda: True)
    assert finished is False and pages == [] and listed == [] and summaries == {}
