"""Helpers for the permissions tests: a repository in moto and its screen opened."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from settling import settle
from textual.pilot import Pilot

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.models import Repository
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.screens.permissions import PermissionsScreen

StoredPolicy = Callable[[str], dict[str, Any] | None]
"""The `stored_policy` fixture: what moto holds for a repository."""

ACCOUNT = "123456789012"
DEPLOYER_ARN = f"arn:aws:iam::{ACCOUNT}:role/ci/deployer"
PULL_ONLY = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "ec2.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
)


def make_iam(iam: Any) -> None:
    """Two users and three roles, some with paths."""
    for name in ("alice", "bob"):
        iam.create_user(UserName=name)
    for name, path in (("deployer", "/ci/"), ("builder", "/ci/"), ("admin", "/")):
        iam.create_role(RoleName=name, Path=path, AssumeRolePolicyDocument=TRUST)


def make_repository(ecr: Any, name: str, policy: dict[str, Any] | str | None = None) -> Repository:
    item = ecr.create_repository(repositoryName=name)["repository"]
    if policy is not None:
        text = policy if isinstance(policy, str) else json.dumps(policy, indent=2)
        ecr.set_repository_policy(repositoryName=name, policyText=text)
    return Repository(
        name=item["repositoryName"],
        uri=item["repositoryUri"],
        arn=item["repositoryArn"],
        registry_id=item["registryId"],
        created=None,
    )


async def open_permissions(
    app: EcrPolicyApp,
    pilot: Pilot[Any],
    backend: Backend,
    repository: Repository,
    statement: int | None = None,
) -> PermissionsScreen:
    await settle(app, pilot)
    screen = PermissionsScreen(backend, repository, statement)
    await app.push_screen(screen)
    await settle(app, pilot)
    assert app.screen is screen
    return screen
