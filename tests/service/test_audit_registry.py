"""Auditing against moto with the registry policy served as V2 ECR does: the registry is
read once per region, its grants reach repositories without a policy of their own, V1
enforces only the registry actions, and an unreadable scope or policy is said."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aws_rewrites import RegistryLikeAws, fail_calls, serve_registry_like_aws
from registry_policies import OWN, PARTNER, PULL, REGISTRY_POLICY

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.errors import AwsError
from ecr_tui.policy.checks import Source
from ecr_tui.policy.organization_boundary import OrganizationBoundary
from ecr_tui.policy.registry import RegistryScope
from ecr_tui.service.audit_runner import audit_one, audit_repositories, read_registry, rows_of


@pytest.fixture
def registry(backend: Backend) -> RegistryLikeAws:
    served = serve_registry_like_aws(backend.session)
    for name in ("prod-api", "prod-worker", "dev-api"):
        backend.ecr.create_repository(repositoryName=name)
    return served


def put_registry_policy(backend: Backend, document: dict[str, Any]) -> None:
    backend.ecr.put_registry_policy(policyText=json.dumps(document))


def rows(backend: Backend) -> list[tuple[str, str, str, str, str]]:
    audits = audit_repositories(backend, backend.list_repositories())
    return [
        (r.repository, r.statement, r.check, r.severity.value, r.source) for r in rows_of(audits)
    ]


def test_the_test_layer_stores_what_moto_refuses(
    backend: Backend, registry: RegistryLikeAws
) -> None:
    put_registry_policy(backend, REGISTRY_POLICY)
    assert json.loads(registry.policies["us-east-1"]) == REGISTRY_POLICY
    assert backend.get_registry_policy_scope() == "V2"


def test_v2_grants_reach_repositories_without_a_policy(
    backend: Backend, registry: RegistryLikeAws
) -> None:
    put_registry_policy(backend, REGISTRY_POLICY)
    assert rows(backend) == [
        ("(registry)", "Replication", "cross-account", "medium", Source.REGISTRY),
        ("prod-api", "ProdPull", "cross-account", "medium", Source.REGISTRY),
        ("prod-worker", "ProdPull", "cross-account", "medium", Source.REGISTRY),
    ]
    assert registry.calls.count("GetRegistryPolicy") == 1
    assert registry.calls.count("GetAccountSetting") == 1


def test_both_policies_of_one_repository_are_listed_with_their_source(
    backend: Backend, registry: RegistryLikeAws
) -> None:
    put_registry_policy(backend, REGISTRY_POLICY)
    own = {"Sid": "Public", "Effect": "Allow", "Principal": "*", "Action": PULL}
    text = json.dumps({"Version": "2012-10-17", "Statement": [own]})
    backend.ecr.set_repository_policy(repositoryName="prod-api", policyText=text)
    (repository,) = [r for r in backend.list_repositories() if r.name == "prod-api"]
    audit = audit_one(backend, repository)
    assert [(f.check, f.sid, f.source) for f in audit.findings] == [
        ("public", "Public", Source.REPOSITORY),
        ("cross-account", "ProdPull", Source.REGISTRY),
    ]
    assert [f.statement for f in audit.findings] == [0, 1]


def test_under_v1_only_the_registry_actions_count(
    backend: Backend, registry: RegistryLikeAws
) -> None:
    put_registry_policy(backend, REGISTRY_POLICY)
    registry.scope = "V1"
    assert rows(backend) == [
        ("(registry)", "Replication", "cross-account", "medium", Source.REGISTRY),
        ("(registry)", "ProdPull", "registry-scope-v1", "info", Source.REGISTRY),
    ]


def test_an_unreadable_scope_is_said_once_and_v2_assumed(
    backend: Backend, registry: RegistryLikeAws
) -> None:
    put_registry_policy(backend, REGISTRY_POLICY)
    registry.scope = None
    found = rows(backend)
    assert ("(registry)", "(policy)", "registry-scope-assumed", "info", Source.REGISTRY) in found
    assert [r for r in found if r[2] == "registry-scope-assumed"] == [found[1]]
    assert ("prod-api", "ProdPull", "cross-account", "medium", Source.REGISTRY) in found
    policy = read_registry(backend)
    assert policy.scope is RegistryScope.V2
    assert policy.scope_unknown and "ecr:GetAccountSetting" in policy.scope_unknown


def test_without_a_registry_policy_the_scope_is_not_asked(
    backend: Backend, registry: RegistryLikeAws
) -> None:
    assert rows(backend) == []
    assert "GetAccountSetting" not in registry.calls
    assert read_registry(backend).document is None


def test_an_unreadable_registry_policy_is_reported_and_the_rest_audited(backend: Backend) -> None:
    for name in ("prod-api", "prod-worker", "dev-api"):
        backend.ecr.create_repository(repositoryName=name)
    fail_calls(backend.ecr, "GetRegistryPolicy", "AccessDeniedException", "not authorized")
    (audit, *others) = audit_repositories(backend, backend.list_repositories())
    assert audit.registry and audit.error
    assert "registry policy" in audit.error
    assert [a.repository.name for a in others] == ["dev-api", "prod-api", "prod-worker"]
    (row,) = rows_of([audit])
    assert (row.check, row.severity.value, row.source) == ("unreadable", "high", Source.REGISTRY)
    with pytest.raises(AwsError):
        backend.get_registry_policy()


def test_the_other_regions_have_their_own_registry_policy(
    backend: Backend, registry: RegistryLikeAws
) -> None:
    put_registry_policy(backend, REGISTRY_POLICY)
    ireland = backend.with_region("eu-west-1")
    ireland.ecr.create_repository(repositoryName="prod-api")
    assert audit_repositories(ireland, ireland.list_repositories()) == [
        audit_one(ireland, ireland.list_repositories()[0])
    ]
    assert registry.calls.count("GetRegistryPolicy") >= 2


def test_the_organisation_boundary_ranks_the_registry_grants_too(
    backend: Backend, registry: RegistryLikeAws
) -> None:
    put_registry_policy(backend, REGISTRY_POLICY)
    outsider = "444455556666"
    own = {
        "Sid": "OutsiderPull",
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{outsider}:root"},
        "Action": PULL,
    }
    text = json.dumps({"Version": "2012-10-17", "Statement": [own]})
    backend.ecr.set_repository_policy(repositoryName="prod-api", policyText=text)
    boundary = OrganizationBoundary("o-example", {OWN: "platform", PARTNER: "partner"})
    audits = audit_repositories(backend, backend.list_repositories(), boundary=boundary)
    found = {
        (r.repository, r.statement, r.severity.value, r.message, r.source) for r in rows_of(audits)
    }
    outside = "(outside the organisation)"
    assert {
        (
            "prod-api",
            "OutsiderPull",
            "high",
            f"account {outsider} can pull {outside}",
            "repository-policy",
        ),
        (
            "prod-api",
            "ProdPull",
            "medium",
            f"account {PARTNER} (partner) can pull",
            "registry-policy",
        ),
        (
            "prod-worker",
            "ProdPull",
            "medium",
            f"account {PARTNER} (partner) can pull",
            "registry-policy",
        ),
    } <= found
    (replication,) = [r for r in rows_of(audits) if r.statement == "Replication"]
    assert (replication.repository, replication.severity.value) == ("(registry)", "high")
    assert replication.message.endswith(outside)
