"""The audit engine: every check of the audit table, each with cases that must and must
not raise it, the sentence that says who gets what, the order, and that the input is
never touched. (Conditions are covered in test_conditions.py.)"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from policy_strategies import policies, statements

from ecr_tui.policy.actions import PULL_ONLY, PUSH_PULL, expand_actions
from ecr_tui.policy.audit import Finding, Severity, audit_document, describe_access, worst
from ecr_tui.policy.checks import CHECKS, Check
from ecr_tui.policy.document import PolicyDocument

OWN = "123456789012"
PARTNER = "111122223333"
OTHER = "444455556666"
ORG = "o-a1b2c3d4e5"
PUSH = ["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload"]
DELETED_ROLE = "AROAEXAMPLEDELETED01"

# The audit table: check id -> severity; the first ten are about what a statement grants.
TABLE = """public critical, public-write critical, not-principal critical, weak-condition high,
conditional-public info, policy-admin high, cross-account medium, wildcard-action medium,
not-action medium, service-no-source medium, orphaned-principal low, resource-element low,
sid info, version info, unknown-action low"""
SEVERITY_OF = {c: Severity(s) for c, s in (row.split() for row in TABLE.split(","))}
GRANT_CHECKS = set(list(SEVERITY_OF)[:10]) | {"inert-condition"}


def test_the_check_registry_agrees_with_the_audit_table() -> None:
    for check, severity in SEVERITY_OF.items():
        assert CHECKS[check].severity is severity


def test_every_check_has_one_registry_entry_with_a_label_and_a_rank_of_its_own() -> None:
    assert [info.id for info in CHECKS.values()] == [check.value for check in Check]
    assert all(check.label and check.label.strip() == check.label for check in Check)
    ranks = [check.info.rank for check in Check]
    assert ranks == list(range(len(Check)))


def allow(principal: Any, actions: Any = PULL_ONLY, **extra: Any) -> dict[str, Any]:
    key = "NotPrincipal" if extra.pop("negated_principal", False) else "Principal"
    return {"Sid": "S", "Effect": "Allow", key: principal, "Action": list(actions), **extra}


def audit(
    *statements: dict[str, Any], version: str | None = "2012-10-17", **options: Any
) -> list[Finding]:
    data: dict[str, Any] = {"Statement": list(statements)}
    if version is not None:
        data["Version"] = version
    return audit_document(PolicyDocument(data), own_account=options.pop("own", OWN), **options)


def checks(findings: list[Finding]) -> list[str]:
    return [f.check for f in findings]


def only(findings: list[Finding], check: str) -> Finding:
    (found,) = [f for f in findings if f.check == check]
    assert found.severity is SEVERITY_OF[check]
    return found


EVERYBODY_FORMS = [
    "*",
    {"AWS": "*"},
    {"AWS": ["*"]},
    {"AWS": [f"arn:aws:iam::{OWN}:root", "*"]},
    {"AWS": "arn:aws:iam::*:root"},
]


@pytest.mark.parametrize("principal", EVERYBODY_FORMS)
def test_public_in_every_form(principal: Any) -> None:
    public = only(audit(allow(principal)), "public")
    assert public.message == "anyone on the internet (any AWS account) can pull"


@pytest.mark.parametrize(
    "actions",
    [[a] for a in PUSH]
    + [
        ["ecr:BatchDeleteImage"],
        ["ecr:DeleteRepository"],
        ["ecr:SetRepositoryPolicy"],
        ["ecr:DeleteRepositoryPolicy"],
        ["ecr:*"],
        ["*"],
        ["ecr:Put*"],
        [*PULL_ONLY, "ecr:putimage"],
    ],
)
def test_public_write(actions: list[str]) -> None:
    findings = audit(allow("*", actions))
    assert {"public", "public-write"} <= set(checks(findings))
    assert only(findings, "public-write").message.startswith("anyone can ")


@pytest.mark.parametrize(
    "actions", [PULL_ONLY, ["ecr:DescribeImages", "ecr:ListImages"], ["ecr:Describe*"]]
)
def test_public_read_is_not_public_write(actions: Any) -> None:
    assert "public-write" not in checks(audit(allow("*", actions)))
    assert "public" in checks(audit(allow("*", actions)))


@pytest.mark.parametrize("principal", [{"AWS": OWN}, {"AWS": f"arn:aws:iam::{PARTNER}:root"}])
def test_named_accounts_are_not_public(principal: Any) -> None:
    assert not {"public", "public-write"} & set(checks(audit(allow(principal, ["ecr:*"]))))


@pytest.mark.parametrize("principal", [*EVERYBODY_FORMS, {"AWS": PARTNER}])
def test_deny_statements_grant_nothing(principal: Any) -> None:
    deny = {**allow(principal, ["ecr:*"]), "Effect": "Deny"}
    assert audit(deny) == []
    negated = {**allow(principal, ["ecr:*"], negated_principal=True), "Effect": "Deny"}
    assert audit(negated) == []


def test_public_not_action_grants_writes_and_policy_admin() -> None:
    statement = {"Sid": "S", "Effect": "Allow", "Principal": "*", "NotAction": "ecr:PutImage"}
    findings = audit(statement)
    assert checks(findings) == ["public", "public-write", "policy-admin", "not-action"]
    assert only(findings, "public").message.endswith("can do anything except ecr:PutImage")


def test_not_principal() -> None:
    findings = audit(allow({"AWS": PARTNER}, ["ecr:*"], negated_principal=True))
    assert checks(findings) == ["not-principal", "policy-admin", "wildcard-action"]
    assert only(findings, "not-principal").message == (
        "everyone except the listed principals can do anything (every ECR action)"
    )
    assert "cross-account" not in checks(findings)


@pytest.mark.parametrize("actions", [["ecr:SetRepositoryPolicy"], ["ecr:DeleteRepositoryPolicy"]])
def test_policy_admin_for_another_account(actions: list[str]) -> None:
    findings = audit(allow({"AWS": f"arn:aws:iam::{PARTNER}:role/ops"}, actions))
    admin = only(findings, "policy-admin")
    assert admin.message == f"account {PARTNER} can change or delete this policy"


def test_policy_admin_for_everybody() -> None:
    admin = only(audit(allow("*", ["*"])), "policy-admin")
    assert admin.message == "anyone can change or delete this policy"


def test_policy_admin_within_the_own_account_is_fine() -> None:
    role = f"arn:aws:iam::{OWN}:role/admin"
    assert checks(audit(allow({"AWS": role}, ["ecr:*"]))) == ["wildcard-action"]


def test_a_trusted_account_is_still_outside_for_policy_admin() -> None:
    findings = audit(allow({"AWS": PARTNER}, ["ecr:*"]), trusted_accounts=[PARTNER])
    assert checks(findings) == ["policy-admin", "wildcard-action"]


def test_pull_is_not_policy_admin() -> None:
    assert checks(audit(allow({"AWS": PARTNER}))) == ["cross-account"]


@pytest.mark.parametrize(
    "principal",
    [
        PARTNER,
        f"arn:aws:iam::{PARTNER}:root",
        f"arn:aws:iam::{PARTNER}:user/ci/jenkins",
        f"arn:aws:iam::{PARTNER}:role/service-role/deployer",
        f"arn:aws:sts::{PARTNER}:assumed-role/deployer/session",
    ],
)
def test_cross_account(principal: str) -> None:
    cross = only(audit(allow({"AWS": principal})), "cross-account")
    assert cross.message == f"account {PARTNER} can pull"


def test_cross_account_says_who_can_push() -> None:
    cross = only(audit(allow({"AWS": PARTNER}, PUSH)), "cross-account")
    assert cross.message == f"account {PARTNER} can push"
    pushers = only(audit(allow({"AWS": [OTHER, PARTNER, OWN]}, PUSH_PULL)), "cross-account")
    assert pushers.message == f"accounts {PARTNER}, {OTHER} can pull and push"


def test_trusted_accounts_silence_cross_account() -> None:
    both = allow({"AWS": [PARTNER, f"arn:aws:iam::{OTHER}:root"]})
    assert only(audit(both, trusted_accounts=[PARTNER]), "cross-account").message == (
        f"account {OTHER} can pull"
    )
    assert audit(both, trusted_accounts=[PARTNER, OTHER]) == []


def test_the_own_account_is_always_trusted() -> None:
    own = allow({"AWS": [OWN, f"arn:aws:iam::{OWN}:role/ci"]}, PUSH_PULL)
    assert audit(own) == []
    assert checks(audit(own, own=None)) == ["cross-account"]


@pytest.mark.parametrize("action", ["ecr:*", "*", "ECR:*"])
def test_wildcard_action(action: str) -> None:
    found = only(audit(allow({"AWS": OWN}, [action])), "wildcard-action")
    assert found.message == f"{action} grants every action"


@pytest.mark.parametrize("actions", [PULL_ONLY, ["ecr:Batch*"]])
def test_named_actions_are_not_a_wildcard(actions: Any) -> None:
    assert audit(allow({"AWS": OWN}, actions)) == []


def test_not_action() -> None:
    statement = {"Sid": "S", "Effect": "Allow", "Principal": {"AWS": OWN}, "NotAction": PUSH}
    assert checks(audit(statement)) == ["not-action"]
    assert audit({**statement, "Effect": "Deny"}) == []


@pytest.mark.parametrize("principal", [{"Service": "codebuild.amazonaws.com"}])
def test_service_without_source(principal: Any) -> None:
    found = only(audit(allow(principal)), "service-no-source")
    assert found.message.startswith("codebuild.amazonaws.com can pull on behalf of any account")
    condition = {"StringEquals": {"aws:SourceAccount": OWN}}
    assert audit(allow(principal, Condition=condition)) == []


@pytest.mark.parametrize("effect", ["Allow", "Deny"])
def test_orphaned_principal(effect: str) -> None:
    statement = {**allow({"AWS": [DELETED_ROLE, f"arn:aws:iam::{OWN}:role/ci"]}), "Effect": effect}
    found = only(audit(statement), "orphaned-principal")
    assert DELETED_ROLE in found.message
    assert audit(allow({"AWS": f"arn:aws:iam::{OWN}:role/ci"})) == []


@pytest.mark.parametrize("key", ["Resource", "NotResource"])
def test_resource_element(key: str) -> None:
    found = only(audit(allow({"AWS": OWN}, **{key: "*"})), "resource-element")
    assert found.statement == 0


@pytest.mark.parametrize(
    ("sids", "messages"),
    [
        ([None], ["the statement has no Sid"]),
        ([""], ["the statement has no Sid"]),
        (["pull-access"], ["Sid 'pull-access' is not alphanumeric"]),
        (["Pull", "Pull"], ["Sid 'Pull' is used by more than one statement"] * 2),
        (
            ["new statement", "new statement"],
            ["Sid 'new statement' is not alphanumeric", "Sid 'new statement' is used by more"] * 2,
        ),
        ([["A"]], ["Sid ['A'] is not alphanumeric"]),
        (["Pull", "Push"], []),
    ],
)
def test_sid(sids: list[Any], messages: list[str]) -> None:
    statements = [{**allow({"AWS": OWN}), "Sid": sid} for sid in sids]
    for statement in statements:
        if statement["Sid"] is None:
            del statement["Sid"]
    findings = audit(*statements)
    assert all(f.check == "sid" and f.severity is Severity.INFO for f in findings)
    assert len(findings) == len(messages)
    for finding, message in zip(findings, messages, strict=True):
        assert finding.message.startswith(message)


@pytest.mark.parametrize(("version", "what"), [("2008-10-17", "Version 2008-10-17"), (None, "no")])
def test_version(version: str | None, what: str) -> None:
    found = only(audit(allow({"AWS": OWN}), version=version), "version")
    assert found.message.startswith(f"the policy has {what}")
    assert (found.statement, found.statement_label) == (None, "(policy)")
    assert audit(allow({"AWS": OWN}), version="2012-10-17") == []


def test_no_policy_and_no_statements_have_no_findings() -> None:
    assert audit_document(None) == []
    assert audit(version="2008-10-17") == []


@pytest.mark.parametrize(
    "action",
    ["ecr:GetAuthorizationToken", "ecr:ReplicateImage", "s3:GetObject", "ecr:NoSuchThing"],
)
def test_unknown_action(action: str) -> None:
    found = only(audit(allow({"AWS": OWN}, ["ecr:BatchGetImage", action])), "unknown-action")
    assert found.message == f"{action} is not a repository-level ECR action"


def test_unknown_actions_alone_grant_nothing_to_report() -> None:
    assert checks(audit(allow("*", ["s3:GetObject"]))) == ["unknown-action"]


@pytest.mark.parametrize("action", ["ecr:batchgetimage", "ecr:Describe*", "ecr:*", "*"])
def test_known_actions_are_not_unknown(action: str) -> None:
    assert "unknown-action" not in checks(audit(allow({"AWS": OWN}, [action])))


@pytest.mark.parametrize(
    ("actions", "sentence"),
    [
        (PULL_ONLY, "pull"),
        (["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], "pull"),
        (PUSH_PULL, "pull and push"),
        (PUSH, "push"),
        (["ecr:*"], "do anything (every ECR action)"),
        ([*PULL_ONLY, "ecr:BatchDeleteImage"], "pull and delete images or the repository"),
        (["ecr:DescribeImages"], "call ecr:DescribeImages"),
        (["ecr:Describe*"], "call 5 ECR actions"),
        ([], "do nothing"),
    ],
)
def test_describe_access(actions: list[str], sentence: str) -> None:
    assert describe_access(expand_actions(actions)) == sentence


def test_findings_are_sorted_worst_first_and_labelled() -> None:
    findings = audit(
        {**allow({"AWS": OWN}), "Sid": "pull access"},
        allow({"AWS": PARTNER}),
        {"Effect": "Allow", "Principal": "*", "Action": "ecr:*"},
        version="2008-10-17",
    )
    ranks = [f.severity.rank for f in findings]
    assert ranks == sorted(ranks, reverse=True)
    assert findings[0].check == "public" and findings[0].statement_label == "#3"
    assert {f.statement_label for f in findings if f.check == "cross-account"} == {"S"}
    assert worst(findings) is Severity.CRITICAL
    assert worst([]) is None


def test_the_input_is_never_changed() -> None:
    data = {
        "Version": "2008-10-17",
        "Statement": [
            allow("*", ["ecr:*"], Condition={"StringLike": {"aws:PrincipalOrgID": ["o-*"]}}),
            allow({"AWS": [PARTNER, DELETED_ROLE]}, PUSH_PULL, Resource=["*"]),
            {"Effect": "Allow", "NotPrincipal": {"AWS": OWN}, "NotAction": ["ecr:PutImage"]},
            allow({"Service": ["lambda.amazonaws.com"]}, ["ecr:BatchGetImage"]),
        ],
    }
    document = PolicyDocument(data)
    before = copy.deepcopy(data)
    audit_document(document, own_account=OWN, trusted_accounts=[PARTNER])
    assert data == before
    assert document.data is data


@settings(max_examples=150, deadline=None)
@given(policies(), st.lists(st.from_regex(r"\A[0-9]{12}\Z"), max_size=2))
def test_any_policy_is_audited_without_change_and_by_the_table(
    data: dict[str, Any], trusted: list[str]
) -> None:
    before = copy.deepcopy(data)
    findings = audit_document(PolicyDocument(data), own_account=OWN, trusted_accounts=trusted)
    assert data == before
    ranks = [f.severity.rank for f in findings]
    assert ranks == sorted(ranks, reverse=True)
    for finding in findings:
        assert finding.severity is CHECKS[finding.check].severity
        assert finding.message


@settings(max_examples=100, deadline=None)
@given(statements())
def test_deny_statements_never_produce_grant_findings(statement: dict[str, Any]) -> None:
    statement = {**statement, "Effect": "Deny"}
    findings = audit(statement)
    assert not GRANT_CHECKS & set(checks(findings))


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.sampled_from(["*", "Allow", "ecr:*"])),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["Sid", "Effect", "Principal", "AWS", "Action"]), inner),
    ),
    max_leaves=10,
)


@settings(max_examples=150, deadline=None)
@given(json_values, json_values)
def test_malformed_documents_never_crash_the_audit(statements: Any, version: Any) -> None:
    findings = audit_document(PolicyDocument({"Version": version, "Statement": statements}))
    assert all(f.severity is CHECKS[f.check].severity for f in findings)
