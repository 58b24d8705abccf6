"""Validation of a registry policy and the pattern-to-ARN rule, as pure functions."""

from __future__ import annotations

from typing import Any

from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.registry import RegistryScope
from ecr_tui.policy.registry_validate import repository_resource, validate_registry_document
from ecr_tui.policy.validate import Severity

OWN = "123456789012"
ARN = f"arn:aws:ecr:us-east-1:{OWN}:repository/"


def statement(**changes: Any) -> dict[str, Any]:
    base = {
        "Sid": "Pull",
        "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
        "Action": ["ecr:BatchGetImage"],
        "Resource": ARN + "*",
    }
    return {k: v for k, v in {**base, **changes}.items() if v is not None}


def problems(*statements: Any, baseline: Any = None, scope: Any = None) -> list[tuple[str, str]]:
    document = PolicyDocument({"Version": "2012-10-17", "Statement": list(statements)})
    base = None if baseline is None else PolicyDocument({"Statement": baseline})
    found = validate_registry_document(
        document, region="us-east-1", account=OWN, scope=scope, created={0}, baseline=base
    )
    return [(p.severity.value, p.message) for p in found]


def test_one_pattern_is_a_string_several_a_list_in_the_regions_partition() -> None:
    assert repository_resource("us-east-1", OWN, ["*"]) == ARN + "*"
    assert repository_resource("us-east-1", OWN, ["a-*", "b/*", "a-*"]) == [
        ARN + "a-*",
        ARN + "b/*",
    ]
    assert (
        repository_resource("cn-north-1", OWN, ["x"])
        == f"arn:aws-cn:ecr:cn-north-1:{OWN}:repository/x"
    )


def test_a_registry_statement_with_a_repository_arn_and_registry_actions_is_valid() -> None:
    assert problems(statement(Action=["ecr:ReplicateImage", "ecr:CreateRepository"])) == []
    assert problems(statement(Resource=[ARN + "prod-*", ARN + "team/?pi"])) == []


def test_resource_is_required_and_must_be_of_this_registry() -> None:
    [(severity, message)] = problems(statement(Resource=None))
    assert severity == "error" and "needs a Resource" in message
    for other in ("*", f"arn:aws:ecr:us-east-1:{OWN}:repository", ARN.replace(OWN, "1" * 12) + "*"):
        [(severity, message)] = problems(statement(Resource=other))
        assert severity == "error" and "not a repository ARN of this registry" in message


def test_account_level_and_other_service_actions_are_errors() -> None:
    found = problems(statement(Action=["ecr:GetAuthorizationToken", "s3:GetObject"]))
    assert [s for s, _ in found] == ["error", "error"]
    assert "account-level action" in found[0][1]


def test_a_statement_already_live_only_warns() -> None:
    old = statement(Sid="Old", Resource="*")
    assert [s for s, _ in problems(old, baseline=[old])] == [Severity.WARNING.value]


def test_scope_v1_warns_about_what_it_does_not_enforce() -> None:
    [(severity, message)] = problems(statement(), scope=RegistryScope.V1)
    assert severity == "warning" and "ecr:BatchGetImage would have no effect" in message
    assert problems(statement(Action=["ecr:ReplicateImage"]), scope=RegistryScope.V1) == []
    assert problems(statement(), scope=RegistryScope.V2) == []
