"""add-statement and remove-statement over many repositories: each saved on its own."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner, Result

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.errors import AwsError
from ecr_tui.cli import cli
from ecr_tui.service import planning as bulk

NAMES = [f"payments/svc-{n:02d}" for n in range(12)]
OTHER_WRITER = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Terraform",
            "Effect": "Allow",
            "Principal": {"AWS": "*"},
            "Action": "ecr:BatchGetImage",
        }
    ],
}


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["--region", "us-east-1", *args])


@pytest.fixture
def repositories(ecr: Any) -> list[str]:
    for name in [*NAMES, "web/frontend"]:
        ecr.create_repository(repositoryName=name)
    return NAMES


def sids(ecr: Any, name: str) -> list[str]:
    try:
        text = ecr.get_repository_policy(repositoryName=name)["policyText"]
    except ecr.exceptions.RepositoryPolicyNotFoundException:
        return []
    return [s.get("Sid") for s in json.loads(text)["Statement"]]


def test_match_adds_to_every_matching_repository_and_nothing_else(
    repositories: list[str], ecr: Any
) -> None:
    result = run(
        "add-statement",
        "--match",
        "payments/*",
        "--sid",
        "Pull",
        "-p",
        "444455556666",
        "--actions",
        "pull",
        "--yes",
    )
    assert result.exit_code == 0, result.stderr
    assert all(sids(ecr, name) == ["Pull"] for name in repositories)
    assert sids(ecr, "web/frontend") == []
    assert "Planned changes:" in result.stderr
    assert "(0 -> 1 statement)" in result.stderr
    assert result.stdout.count("\tsaved\t") == 12


def test_one_conflict_and_one_denial_stop_only_themselves(
    repositories: list[str], ecr: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    changed, denied = repositories[3], repositories[7]
    real_save = bulk.save_policy
    real_set = Backend.set_policy

    def other_writer_first(backend: Backend, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.repository == changed:
            ecr.set_repository_policy(repositoryName=changed, policyText=json.dumps(OTHER_WRITER))
        return real_save(backend, request, *args, **kwargs)

    def deny(backend: Backend, repository: str, text: str, **kwargs: Any) -> None:
        if repository == denied:
            raise AwsError("Could not save the policy: access denied (ecr:SetRepositoryPolicy).")
        real_set(backend, repository, text, **kwargs)

    monkeypatch.setattr(bulk, "save_policy", other_writer_first)
    monkeypatch.setattr(Backend, "set_policy", deny)
    result = run(
        "add-statement", *repositories, "--sid", "Pull", "-p", "*", "--actions", "pull", "--yes"
    )
    assert result.exit_code == 4
    lines = dict(line.split("\t", 1) for line in result.stdout.strip().splitlines())
    assert lines[changed].startswith("conflict")
    assert lines[denied].startswith("failed") and "access denied" in lines[denied]
    assert sids(ecr, changed) == ["Terraform"]
    assert sids(ecr, denied) == []
    others = [n for n in repositories if n not in (changed, denied)]
    assert all(sids(ecr, name) == ["Pull"] for name in others)


def test_repositories_that_cannot_take_the_change_are_skipped(
    repositories: list[str], ecr: Any
) -> None:
    run("add-statement", repositories[0], "--sid", "Pull", "-p", "*", "--actions", "pull", "--yes")
    result = run(
        "add-statement",
        repositories[0],
        repositories[1],
        "no-such-repo",
        "--sid",
        "Pull",
        "-p",
        "*",
        "--actions",
        "pull",
        "--yes",
    )
    assert result.exit_code == 4
    assert f"{repositories[0]}: skipped: the policy already has this statement" in result.stderr
    assert "no-such-repo: skipped:" in result.stderr and "does not exist" in result.stderr
    assert sids(ecr, repositories[1]) == ["Pull"]
    lines = dict(line.split("\t", 1) for line in result.stdout.strip().splitlines())
    assert lines[repositories[0]].startswith("unchanged\t")
    assert lines[repositories[1]].startswith("saved\t")
    assert lines["no-such-repo"].startswith("not found\t")


def test_remove_by_sid_across_repositories(repositories: list[str], ecr: Any) -> None:
    run(
        "add-statement",
        "--match",
        "payments/*",
        "--sid",
        "Pull",
        "-p",
        "*",
        "--actions",
        "pull",
        "--yes",
    )
    result = run("remove-statement", "--match", "payments/svc-0*", "--sid", "Pull", "--yes")
    assert result.exit_code == 0, result.stderr
    assert [sids(ecr, name) for name in repositories[:10]] == [[]] * 10
    assert sids(ecr, repositories[10]) == ["Pull"]


def test_a_glob_that_matches_nothing_is_bad_input(repositories: list[str]) -> None:
    result = run("remove-statement", "--match", "nothing/*", "--sid", "Pull", "--yes")
    assert result.exit_code == 2
    assert "no repository matches 'nothing/*'" in result.stderr


def test_without_repositories_or_match_is_bad_input(aws: None) -> None:
    result = run("remove-statement", "--sid", "Pull", "--yes")
    assert result.exit_code == 2
    assert "at least one repository" in result.stderr


def add_pull(*targets: str, principal: str = "*") -> Result:
    return run("add-statement", *targets, "--sid", "Pull", "-p", principal, "-a", "pull", "--yes")


def test_removing_a_sid_some_repositories_lack_is_nothing_to_do_for_them(
    repositories: list[str], ecr: Any
) -> None:
    add_pull(repositories[0])
    result = run("remove-statement", "--match", "payments/*", "--sid", "Pull", "--yes")
    assert result.exit_code == 0, result.stderr
    lines = dict(line.split("\t", 1) for line in result.stdout.strip().splitlines())
    assert len(lines) == len(repositories)
    assert lines[repositories[0]].startswith("deleted\t")
    assert all(lines[name].startswith("unchanged\t") for name in repositories[1:])
    assert "no statement with Sid 'Pull'; nothing to do" in lines[repositories[1]]
    assert all(sids(ecr, name) == [] for name in repositories)


def test_removing_an_absent_sid_from_one_repository_is_nothing_to_do(
    repositories: list[str],
) -> None:
    result = run("remove-statement", repositories[0], "--sid", "Pull", "--yes")
    assert result.exit_code == 0, result.stderr
    assert "nothing to do" in result.stdout


def test_adding_a_statement_that_is_already_there_is_nothing_to_do(
    repositories: list[str], ecr: Any
) -> None:
    add_pull(repositories[0])
    assert add_pull(repositories[0]).exit_code == 0
    different = add_pull(repositories[0], principal="444455556666")
    assert different.exit_code == 2
    assert "already has a statement with Sid 'Pull'" in different.stderr
    assert sids(ecr, repositories[0]) == ["Pull"]


def test_the_exit_code_is_the_highest_of_the_outcomes(repositories: list[str], ecr: Any) -> None:
    first, second = repositories[:2]
    add_pull(first, principal="444455556666")
    refused = add_pull(first, second)
    assert refused.exit_code == 2
    lines = dict(line.split("\t", 1) for line in refused.stdout.strip().splitlines())
    assert lines[first].startswith("refused\t") and lines[second].startswith("saved\t")
    missing = run("remove-statement", first, "no-such-repo", "--sid", "Pull", "--yes")
    assert missing.exit_code == 4
    lines = dict(line.split("\t", 1) for line in missing.stdout.strip().splitlines())
    assert lines["no-such-repo"].startswith("not found\t")
    assert lines[first].startswith("deleted\t")
