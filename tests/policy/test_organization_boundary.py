"""The organisation boundary over audit findings: outside ranks above inside, names shown."""

from __future__ import annotations

from typing import Any

from ecr_tui.policy.audit import Severity, audit_document
from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.organization_boundary import (
    OrganizationBoundary,
    apply_boundary,
    name_accounts,
)

OWN = "111111111111"
INSIDE = "222222222222"
OUTSIDE = "333333333333"
BOUNDARY = OrganizationBoundary("o-ours12345", {OWN: "prod", INSIDE: "partner-shared"})
PULL = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]


def document(*statements: dict[str, Any]) -> PolicyDocument:
    return PolicyDocument({"Version": "2012-10-17", "Statement": list(statements)})


def allow(principal: Any, condition: dict[str, Any] | None = None) -> dict[str, Any]:
    statement = {"Sid": "S", "Effect": "Allow", "Principal": principal, "Action": PULL}
    if condition:
        statement["Condition"] = condition
    return statement


def bounded(policy: PolicyDocument, boundary: OrganizationBoundary | None = BOUNDARY) -> list:
    findings = audit_document(policy, own_account=OWN)
    return apply_boundary(findings, policy, boundary)


def checks(findings: list) -> list[tuple[str, Severity]]:
    return [(f.check, f.severity) for f in findings if f.check != "sid"]


def test_an_account_inside_stays_medium_and_is_named() -> None:
    found = bounded(document(allow({"AWS": f"arn:aws:iam::{INSIDE}:root"})))
    assert checks(found) == [("cross-account", Severity.MEDIUM)]
    assert found[0].message == f"account {INSIDE} (partner-shared) can pull"


def test_an_account_outside_is_high() -> None:
    found = bounded(document(allow({"AWS": [INSIDE, OUTSIDE]})))
    assert checks(found) == [("cross-account", Severity.HIGH)]
    assert found[0].message.endswith(f"({OUTSIDE} outside the organisation)")


def test_another_organisation_is_high_and_ours_stays_info() -> None:
    ours = allow("*", {"StringEquals": {"aws:PrincipalOrgID": "o-ours12345"}})
    other = allow("*", {"StringEquals": {"aws:PrincipalOrgID": "o-theirs9876"}})
    assert checks(bounded(document(ours))) == [("conditional-public", Severity.INFO)]
    assert checks(bounded(document(other))) == [("cross-account", Severity.HIGH)]


def test_without_a_boundary_nothing_changes() -> None:
    policy = document(allow({"AWS": OUTSIDE}))
    assert bounded(policy, None) == audit_document(policy, own_account=OWN)


def test_trusted_accounts_give_no_finding_to_raise() -> None:
    policy = document(allow({"AWS": OUTSIDE}))
    findings = audit_document(policy, own_account=OWN, trusted_accounts=[OUTSIDE])
    assert checks(apply_boundary(findings, policy, BOUNDARY, [OUTSIDE])) == []


def test_names_go_on_bare_ids_only() -> None:
    text = f"account {INSIDE} and arn:aws:iam::{INSIDE}:role/x and {OUTSIDE}"
    assert name_accounts(text, BOUNDARY.account_names) == (
        f"account {INSIDE} (partner-shared) and arn:aws:iam::{INSIDE}:role/x and {OUTSIDE}"
    )


def test_an_account_outside_named_by_a_condition_is_high() -> None:
    named = allow("*", {"StringEquals": {"aws:PrincipalAccount": [INSIDE, OUTSIDE]}})
    (finding,) = bounded(document(named))
    assert (finding.check, finding.severity) == ("cross-account", Severity.HIGH)
    assert finding.message == (
        f"accounts {INSIDE} (partner-shared), {OUTSIDE} can pull (named by a condition) "
        f"({OUTSIDE} outside the organisation)"
    )
    inside = allow("*", {"StringEquals": {"aws:PrincipalAccount": INSIDE}})
    assert checks(bounded(document(inside))) == [("cross-account", Severity.MEDIUM)]


def test_a_service_acting_for_an_account_outside_is_high() -> None:
    condition = {"StringEquals": {"aws:SourceAccount": OUTSIDE}}
    (finding,) = bounded(document(allow({"Service": "codebuild.amazonaws.com"}, condition)))
    assert (finding.check, finding.severity) == ("cross-account", Severity.HIGH)
    assert finding.message.endswith("can pull (outside the organisation)")


def test_each_finding_of_a_statement_is_ranked_by_the_accounts_it_names() -> None:
    principal = {"AWS": f"arn:aws:iam::{INSIDE}:root", "Service": "codebuild.amazonaws.com"}
    mixed = allow(principal, {"StringEquals": {"aws:SourceAccount": OUTSIDE}})
    ranked = {f.message.split(" can ")[0]: f.severity for f in bounded(document(mixed))}
    assert ranked == {
        f"account {INSIDE} (partner-shared)": Severity.MEDIUM,
        f"codebuild.amazonaws.com acting for account {OUTSIDE}": Severity.HIGH,
    }


def test_a_literal_star_beside_our_organisation_is_not_another_organisation() -> None:
    ours = allow("*", {"StringEquals": {"aws:PrincipalOrgID": ["o-ours12345", "*"]}})
    assert checks(bounded(document(ours))) == [("conditional-public", Severity.INFO)]


def test_a_service_acting_for_another_organisation_is_high() -> None:
    service = {"Service": "codebuild.amazonaws.com"}
    other = allow(service, {"StringEquals": {"aws:SourceOrgID": "o-theirs1234"}})
    (finding,) = bounded(document(other))
    assert (finding.check, finding.severity) == ("cross-account", Severity.HIGH)
    assert finding.message.endswith("(organisation o-theirs1234 is not this one)")
    ours = allow(service, {"StringEquals": {"aws:SourceOrgID": "o-ours12345"}})
    assert checks(bounded(document(ours))) == [("conditional-public", Severity.INFO)]
