"""Edits of the registry policy: validated as a registry policy, summarised with what
each grant reaches, and the new findings of a save with their repositories counted."""

from __future__ import annotations

from typing import Any

from ecr_tui.aws.models import LivePolicy, Repository
from ecr_tui.aws.registry_calls import REGISTRY_POLICY_KEY
from ecr_tui.policy.actions import PULL_ONLY
from ecr_tui.policy.problem_codes import ProblemCode
from ecr_tui.policy.registry import RegistryScope
from ecr_tui.policy.validate import Severity
from ecr_tui.service.registry_session import RegistrySession

REGION, ACCOUNT, PARTNER = "us-east-1", "123456789012", "999988887777"
ARN = f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/"
NAMES = ("prod-api", "prod-web", "dev-api")
PROD_PULL: dict[str, Any] = {
    "Sid": "ProdPull",
    "Effect": "Allow",
    "Principal": {"AWS": f"arn:aws:iam::{PARTNER}:root"},
    "Action": list(PULL_ONLY),
    "Resource": ARN + "prod-*",
}
REPLICATION: dict[str, Any] = {
    "Sid": "Replication",
    "Effect": "Allow",
    "Principal": {"AWS": f"arn:aws:iam::{PARTNER}:root"},
    "Action": ["ecr:ReplicateImage", "ecr:CreateRepository"],
    "Resource": ARN + "*",
}


def session(scope: RegistryScope | None = RegistryScope.V2) -> RegistrySession:
    repositories = [Repository(n, "", ARN + n, ACCOUNT, None) for n in NAMES]
    return RegistrySession(
        LivePolicy(REGISTRY_POLICY_KEY, None, None),
        region=REGION,
        account=ACCOUNT,
        scope=scope,
        scope_unknown="AccessDenied" if scope is None else "",
        repositories=repositories,
    )


def test_a_new_grant_is_reported_with_the_repositories_it_reaches() -> None:
    edits = session()
    edits.add(PROD_PULL)
    messages = [f.message for f in edits.new_findings(None)]
    assert f"account {PARTNER} can pull 2 repositories (prod-api, prod-web)" in messages
    assert edits.summary() == f"adds statement ProdPull: account {PARTNER} can pull 2 repositories"
    assert [p for p in edits.problems() if p.severity is Severity.ERROR] == []


def test_replication_is_summarised_by_its_preset() -> None:
    edits = session()
    edits.add(REPLICATION)
    assert edits.summary() == (
        f"adds statement Replication: account {PARTNER} can replicate images into this registry"
    )


def test_a_statement_without_resource_is_an_error_in_a_registry_policy() -> None:
    edits = session()
    without = {k: v for k, v in PROD_PULL.items() if k != "Resource"}
    errors = [p.message for p in edits.problems_with(without, None, strict_sid=True)]
    assert any("needs a Resource" in e for e in errors)


def test_v1_and_an_unknown_scope_warn_only_about_what_v1_does_not_enforce() -> None:
    v1 = session(RegistryScope.V1)
    said = [p.message for p in v1.problems_with(PROD_PULL, None, strict_sid=True)]
    assert any("would have no effect: under registry policy scope V1" in m for m in said)
    unknown = session(None)
    found = unknown.problems_with(PROD_PULL, None, strict_sid=True)
    said = [p.message for p in found if p.code is ProblemCode.SCOPE_UNKNOWN]
    assert any("scope could not be read (AccessDenied)" in m for m in said)
    said = [p.message for p in unknown.problems_with(REPLICATION, None, strict_sid=True)]
    assert not any("scope could not be read" in m for m in said)
