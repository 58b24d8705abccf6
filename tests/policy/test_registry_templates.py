"""The registry templates and the registry form's statements: presets, Resource, reach."""

from __future__ import annotations

import pytest

from ecr_tui.policy.actions import PULL_ONLY
from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.registry_statements import (
    RegistryPreset,
    actions_label,
    reached,
    registry_form_input,
    registry_form_problem,
    registry_statement,
)
from ecr_tui.policy.registry_templates import REGISTRY_TEMPLATES
from ecr_tui.policy.registry_validate import validate_registry_document
from ecr_tui.policy.validate import Severity

REGION, ACCOUNT = "us-east-1", "123456789012"
ARN = f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/"
TEMPLATES = {t.key: t for t in REGISTRY_TEMPLATES}


def built(key: str, answer: str) -> dict[str, object]:
    form = TEMPLATES[key].build(answer, REGION, [])
    return registry_statement(form, REGION, ACCOUNT)


def test_cross_account_replication_covers_every_repository() -> None:
    statement = built("replication", "444455556666")
    assert statement == {
        "Sid": "CrossAccountReplication",
        "Effect": "Allow",
        "Principal": {"AWS": ["arn:aws:iam::444455556666:root"]},
        "Action": ["ecr:ReplicateImage", "ecr:CreateRepository"],
        "Resource": ARN + "*",
    }


def test_organisation_wide_replication_is_everybody_narrowed_by_the_org_id() -> None:
    statement = built("organization-replication", "o-a1b2c3d4e5")
    assert statement["Principal"] == "*"
    assert statement["Condition"] == {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}
    assert actions_label(statement["Action"]) == "Replication"  # type: ignore[arg-type]


def test_pull_on_a_prefix_names_the_patterns_given_after_the_account() -> None:
    statement = built("prefix-pull", "999988887777 prod-* team/*")
    assert statement["Action"] == list(PULL_ONLY)
    assert statement["Resource"] == [ARN + "prod-*", ARN + "team/*"]


def test_pull_through_cache_is_for_the_accounts_own_principals() -> None:
    statement = built("pull-through-cache", ACCOUNT)
    assert statement["Principal"] == {"AWS": [f"arn:aws:iam::{ACCOUNT}:root"]}
    assert statement["Action"] == list(RegistryPreset.PULL_THROUGH_CACHE.actions)


@pytest.mark.parametrize(
    ("key", "answer", "said"),
    [
        ("replication", "12345", "exactly 12 digits"),
        ("organization-replication", "org-1", "not an organization id"),
        ("prefix-pull", "999988887777 prod:*", "not a repository pattern"),
        ("prefix-pull", "", "give an account id"),
    ],
)
def test_a_wrong_answer_is_refused_with_a_reason(key: str, answer: str, said: str) -> None:
    with pytest.raises(ValueError, match=said):
        TEMPLATES[key].build(answer, REGION, [])


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_every_template_makes_a_valid_registry_statement(key: str) -> None:
    answers = {"organization-replication": "o-a1b2c3d4e5", "prefix-pull": "999988887777 prod-*"}
    statement = built(key, answers.get(key, "444455556666"))
    document = PolicyDocument({"Version": "2012-10-17", "Statement": [statement]})
    problems = validate_registry_document(document, region=REGION, account=ACCOUNT, created={0})
    assert [p for p in problems if p.severity is Severity.ERROR] == []


def test_the_form_reads_back_what_it_built_and_refuses_a_foreign_resource() -> None:
    statement = built("prefix-pull", "999988887777 prod-*")
    form = registry_form_input(statement, REGION, ACCOUNT)
    assert form is not None and form.patterns == ("prod-*",)
    assert registry_statement(form, REGION, ACCOUNT) == statement
    foreign = {**statement, "Resource": "arn:aws:ecr:eu-west-1:123456789012:repository/*"}
    assert registry_form_input(foreign, REGION, ACCOUNT) is None
    assert "not a list of this registry's repository ARNs" in str(
        registry_form_problem(foreign, REGION, ACCOUNT)
    )


def test_reach_follows_resource_and_not_resource() -> None:
    repositories = [(n, ARN + n) for n in ("prod-api", "prod-web", "dev-api")]
    assert reached({"Resource": ARN + "prod-*"}, repositories) == ["prod-api", "prod-web"]
    assert reached({"NotResource": ARN + "prod-*"}, repositories) == ["dev-api"]
    assert reached({"Action": "ecr:*"}, repositories) == []
