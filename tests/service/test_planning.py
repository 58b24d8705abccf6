"""Planning a change: one repository is a plan of one, checked the same as many."""

from __future__ import annotations

from typing import Any

from ecr_tui.aws.backend import Backend, BackendSettings
from ecr_tui.aws.models import LivePolicy
from ecr_tui.policy.document import PolicyDocument, parse_policy
from ecr_tui.policy.edit_makers import adding, removing
from ecr_tui.policy.validate import Severity
from ecr_tui.service.planning import SkipReason, plan_change, plan_for
from tests.conftest import DUMMY_CREDENTIALS

PULL = {"Sid": "Pull", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"}
OTHER_PARTITION = {**PULL, "Principal": {"AWS": "arn:aws-cn:iam::444455556666:root"}}


def live(*statements: dict[str, Any]) -> LivePolicy:
    if not statements:
        return LivePolicy("web", None, None)
    document = PolicyDocument.empty().with_statements(list(statements))
    return LivePolicy("web", document.to_json(), document)


def test_a_plan_says_what_the_policy_becomes() -> None:
    plan = plan_for(live(), adding(PULL))
    assert plan.writable and plan.skip_reason is None
    assert plan.document is not None and plan.document.statements == [PULL]
    assert (plan.before, plan.after, plan.changes) == (0, 1, "add statement 'Pull'")
    assert plan.created == frozenset({0})


def test_nothing_to_do_and_a_refusal_are_skips_with_their_reason() -> None:
    unchanged = plan_for(live(PULL), adding(PULL))
    assert unchanged.skip_reason is SkipReason.UNCHANGED and not unchanged.writable
    refused = plan_for(live(PULL, PULL), removing("Pull"))
    assert refused.skip_reason is SkipReason.REFUSED and refused.document is None
    assert refused.skipped == "2 statements have Sid 'Pull'; edit this policy on its own"


def test_a_plan_refused_for_its_errors_keeps_the_document_and_every_problem() -> None:
    plan = plan_for(live(), adding(OTHER_PARTITION), partition="aws")
    assert plan.skip_reason is SkipReason.REFUSED and not plan.writable
    assert plan.document is not None and plan.document.statements == [OTHER_PARTITION]
    assert "aws-cn partition" in (plan.skipped or "")
    assert [p.severity for p in plan.problems].count(Severity.ERROR) == 1


def test_without_a_validator_the_caller_checks_the_document() -> None:
    plan = plan_for(live(), adding(OTHER_PARTITION), partition="aws", validate=None)
    assert plan.writable and plan.problems == ()


def test_a_stored_policy_with_duplicate_keys_is_refused() -> None:
    text = '{"Version": "2012-10-17", "Version": "2012-10-17", "Statement": []}'
    plan = plan_for(LivePolicy("web", text, parse_policy(text)), adding(PULL))
    assert plan.skip_reason is SkipReason.REFUSED
    assert "duplicate JSON keys" in (plan.skipped or "")


def test_planning_in_a_region_checks_principals_against_its_partition(aws: None, ecr: Any) -> None:
    ecr.create_repository(repositoryName="web")
    backend = Backend(BackendSettings(region="us-east-1", static_credentials=DUMMY_CREDENTIALS))
    plan = plan_change(backend, "web", adding(OTHER_PARTITION))
    assert plan.skip_reason is SkipReason.REFUSED and "aws-cn partition" in (plan.skipped or "")
    missing = plan_change(backend, "no-such-repo", adding(PULL))
    assert missing.skip_reason is SkipReason.MISSING and missing.live is None
