"""The registry policy: which statements name a repository (wildcards in every part of the
ARN), what they grant on it under scope V2 and V1, and what is reported once for the
registry (statements naming no repository, actions V1 ignores, an unknown scope)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from ecr_tui.policy.checks import CHECKS, Source
from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.registry import (
    NO_REGISTRY_POLICY,
    RegistryPolicy,
    RegistryScope,
    applying_statements,
    audit_registry,
    audit_registry_for_repository,
    resource_matches,
)
from ecr_tui.policy.summary import policy_summary

OWN = "123456789012"
PARTNER = "999988887777"
REPLICATOR = "777788889999"
PULL = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
ARN = f"arn:aws:ecr:us-east-1:{OWN}:repository/"
PROD_API = ARN + "prod-api"
DEV_API = ARN + "dev-api"


def statement(sid: str, principal: Any, actions: Any, **where: Any) -> dict[str, Any]:
    return {"Sid": sid, "Effect": "Allow", "Principal": principal, "Action": actions, **where}


PROD_PULL = statement(
    "ProdPull", {"AWS": f"arn:aws:iam::{PARTNER}:root"}, PULL, Resource=ARN + "prod-*"
)
REPLICATION = statement(
    "Replication",
    {"AWS": f"arn:aws:iam::{REPLICATOR}:root"},
    ["ecr:CreateRepository", "ecr:ReplicateImage"],
    Resource=ARN + "*",
)


def registry(
    *statements: dict[str, Any], scope: RegistryScope = RegistryScope.V2
) -> RegistryPolicy:
    document = PolicyDocument({"Version": "2012-10-17", "Statement": list(statements)})
    return RegistryPolicy(document, scope)


def on(policy: RegistryPolicy, arn: str, **options: Any) -> list[tuple[str, str]]:
    found = audit_registry_for_repository(policy, arn, own_account=OWN, **options)
    assert all(f.source is Source.REGISTRY for f in found)
    return [(f.check, f.message) for f in found]


@pytest.mark.parametrize(
    ("pattern", "arn", "expected"),
    [
        ("*", PROD_API, True),
        (ARN + "*", PROD_API, True),
        (ARN + "prod-*", PROD_API, True),
        (ARN + "prod-*", DEV_API, False),
        (ARN + "prod-ap?", PROD_API, True),
        (ARN + "prod-a?", PROD_API, False),
        (f"arn:aws:ecr:*:{OWN}:repository/prod-api", PROD_API, True),
        (f"arn:aws:ecr:eu-west-1:{OWN}:repository/*", PROD_API, False),
        ("arn:aws:ecr:us-east-1:*:repository/*", PROD_API, True),
        (f"arn:aws:ecr:us-east-1:{PARTNER}:repository/*", PROD_API, False),
        ("arn:aws:ecr:*", PROD_API, True),
        (ARN + "PROD-*", PROD_API, False),
        (ARN + "prod-[a]pi", PROD_API, False),
        (ARN + "team/*", ARN + "team/sub/app", True),
    ],
)
def test_resource_patterns_match_the_whole_arn(pattern: str, arn: str, expected: bool) -> None:
    assert resource_matches(pattern, arn) is expected


def test_a_v2_pull_grant_on_a_prefix_reaches_every_repository_it_names() -> None:
    policy = registry(PROD_PULL)
    assert on(policy, PROD_API) == [("cross-account", f"account {PARTNER} can pull")]
    assert on(policy, DEV_API) == []


def test_not_resource_names_every_other_repository() -> None:
    everything_but_prod = {**PROD_PULL, "NotResource": PROD_PULL["Resource"]}
    del everything_but_prod["Resource"]
    policy = registry(everything_but_prod)
    assert on(policy, PROD_API) == []
    assert [check for check, _ in on(policy, DEV_API)] == ["cross-account"]


def test_a_statement_without_resource_names_no_repository() -> None:
    bare = {k: v for k, v in PROD_PULL.items() if k != "Resource"}
    assert on(registry(bare), PROD_API) == []
    (finding,) = audit_registry(registry(bare), [PROD_API], own_account=OWN)
    assert finding.message.endswith("(it has no Resource, so it applies to no repository)")


def test_public_and_push_grants_from_the_registry_have_their_severity() -> None:
    public = statement("Open", "*", ["ecr:*"], Resource=ARN + "*")
    found = audit_registry_for_repository(registry(public), PROD_API, own_account=OWN)
    assert [f.check for f in found][:3] == ["public", "public-write", "policy-admin"]
    assert found[0].severity is CHECKS["public"].severity
    assert {(f.sid, f.statement) for f in found} == {("Open", 0)}


def test_trusted_accounts_silence_registry_grants() -> None:
    assert on(registry(PROD_PULL), PROD_API, trusted_accounts=[PARTNER]) == []


def test_conditions_in_registry_statements_are_read_like_any_other() -> None:
    org_pull = statement(
        "OrgPull",
        "*",
        PULL,
        Resource=ARN + "*",
        Condition={"StringEquals": {"aws:PrincipalAccount": PARTNER}},
    )
    assert on(registry(org_pull), PROD_API) == [
        ("cross-account", f"account {PARTNER} can pull (named by a condition)")
    ]


def test_registry_actions_are_reported_once_for_the_registry() -> None:
    policy = registry(REPLICATION)
    assert on(policy, PROD_API) == []
    (finding,) = audit_registry(policy, [PROD_API, DEV_API], own_account=OWN)
    assert (finding.check, finding.sid, finding.source) == (
        "cross-account",
        "Replication",
        Source.REGISTRY,
    )
    assert finding.message == (
        f"account {REPLICATOR} can replicate images into and create repositories (on {ARN}*)"
    )


def test_a_statement_naming_no_repository_is_reported_once_for_the_registry() -> None:
    future = statement("FuturePull", "*", PULL, Resource=ARN + "future-*")
    (finding,) = audit_registry(registry(future), [PROD_API, DEV_API], own_account=OWN)
    assert finding.check == "public"
    assert finding.message.endswith(f"(on {ARN}future-*: no such repository exists yet)")
    matched = audit_registry(registry(PROD_PULL), [PROD_API, DEV_API], own_account=OWN)
    assert matched == []


@pytest.mark.parametrize(
    ("resource", "why"),
    [
        (f"arn:aws:ecr:us-east-1:{PARTNER}:repository/prod-*", "another account's repositories"),
        (f"arn:aws:ecr:eu-west-1:{OWN}:repository/prod-*", "another region's repositories"),
        (f"arn:aws:ecr:*:{OWN}:repository/future-*", "no such repository exists yet"),
    ],
)
def test_a_statement_naming_another_registry_says_so(resource: str, why: str) -> None:
    elsewhere = statement("Elsewhere", "*", PULL, Resource=resource)
    (finding,) = audit_registry(registry(elsewhere), [PROD_API, DEV_API], own_account=OWN)
    assert f"(on {resource}: {why}" in finding.message


def test_under_v1_only_replication_pull_through_and_create_are_enforced() -> None:
    policy = registry(PROD_PULL, REPLICATION, scope=RegistryScope.V1)
    assert on(policy, PROD_API) == []
    found = audit_registry(policy, [PROD_API], own_account=OWN)
    assert [(f.check, f.sid) for f in found] == [
        ("cross-account", "Replication"),
        ("registry-scope-v1", "ProdPull"),
    ]
    assert found[1].message.startswith(
        "ecr:BatchCheckLayerAvailability, ecr:BatchGetImage, ecr:GetDownloadUrlForLayer grant "
        "nothing here: under registry policy scope V1 only ecr:ReplicateImage"
    )


def test_an_unreadable_scope_is_said_once_and_v2_assumed() -> None:
    document = registry(PROD_PULL).document
    policy = RegistryPolicy(document, RegistryScope.V2, "access denied to ecr:GetAccountSetting")
    assert on(policy, PROD_API) == [("cross-account", f"account {PARTNER} can pull")]
    (note,) = audit_registry(policy, [PROD_API], own_account=OWN)
    assert note.check == "registry-scope-assumed"
    assert note.message == (
        "access denied to ecr:GetAccountSetting; the audit assumes registry policy scope V2, "
        "AWS's default"
    )


def test_registry_statements_are_checked_for_their_form() -> None:
    odd = statement("pull access", {"AWS": "AROAEXAMPLEDELETED01"}, ["ecr:GetAuthorizationToken"])
    odd["Resource"] = ARN + "*"
    document = PolicyDocument({"Version": "2008-10-17", "Statement": [odd]})
    found = audit_registry(RegistryPolicy(document), [PROD_API], own_account=OWN)
    assert sorted(f.check for f in found) == [
        "orphaned-principal",
        "sid",
        "unknown-action",
        "version",
    ]
    assert "resource-element" not in [f.check for f in found]


def test_no_registry_policy_grants_nothing() -> None:
    assert on(NO_REGISTRY_POLICY, PROD_API) == []
    assert audit_registry(NO_REGISTRY_POLICY, [PROD_API]) == []
    assert applying_statements(NO_REGISTRY_POLICY, PROD_API) == []


def test_the_registry_policy_is_never_changed() -> None:
    policy = registry(PROD_PULL, REPLICATION)
    assert policy.document is not None
    before = copy.deepcopy(policy.document.data)
    audit_registry(policy, [PROD_API], own_account=OWN)
    audit_registry_for_repository(policy, PROD_API, own_account=OWN)
    assert policy.document.data == before


def test_the_summary_marks_a_grant_from_the_registry() -> None:
    grants = audit_registry_for_repository(registry(PROD_PULL), PROD_API, own_account=OWN)
    summary = policy_summary(None, OWN, registry_findings=grants)
    assert (summary.label, summary.from_registry) == ("MEDIUM cross-account (reg)", True)
    own_public = PolicyDocument({"Version": "2012-10-17", "Statement": [statement("P", "*", PULL)]})
    worse = policy_summary(own_public, OWN, registry_findings=grants)
    assert (worse.label, worse.from_registry) == ("CRITICAL public", False)
    assert policy_summary(None, OWN).label == "none"
