"""Semantic equality: tolerant of how AWS rewrites a policy, strict about what it grants."""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from policy_strategies import aws_pretty, aws_rewrite, policies, statements

from ecr_tui.policy.document import PolicyDocument, parse_policy
from ecr_tui.policy.equivalence import documents_equivalent, statements_equivalent

ACCOUNT = "123456789012"
WRITTEN: dict[str, Any] = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "CrossAccountPull",
            "Effect": "Allow",
            "Principal": {"AWS": [ACCOUNT, "arn:aws:iam::210987654321:role/ci"]},
            "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        },
        {
            "Sid": "OrgPull",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "ecr:BatchGetImage",
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": ["o-abc123"]}},
        },
    ],
}

# The same policy as AWS hands it back from GetRepositoryPolicy.
AS_AWS_RETURNS_IT = """{
  "Version" : "2012-10-17",
  "Statement" : [ {
    "Sid" : "OrgPull",
    "Effect" : "Allow",
    "Principal" : "*",
    "Action" : "ecr:BatchGetImage",
    "Condition" : {
      "StringEquals" : {
        "aws:PrincipalOrgID" : "o-abc123"
      }
    }
  }, {
    "Sid" : "CrossAccountPull",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : [ "arn:aws:iam::210987654321:role/ci", "arn:aws:iam::123456789012:root" ]
    },
    "Action" : [ "ecr:getdownloadurlforlayer", "ecr:BatchGetImage" ]
  } ]
}"""


def written() -> PolicyDocument:
    return PolicyDocument(copy.deepcopy(WRITTEN))


def test_what_aws_returns_is_equivalent_to_what_was_written() -> None:
    assert documents_equivalent(written(), parse_policy(AS_AWS_RETURNS_IT))
    assert documents_equivalent(parse_policy(AS_AWS_RETURNS_IT), written())


def test_no_policy_and_an_empty_document_are_the_same() -> None:
    assert documents_equivalent(None, None)
    assert documents_equivalent(None, PolicyDocument.empty())
    assert documents_equivalent(PolicyDocument.empty("2008-10-17"), None)
    assert documents_equivalent(None, parse_policy('{"Version": "2012-10-17"}'))
    assert not documents_equivalent(None, written())
    assert not documents_equivalent(written(), None)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("*", {"AWS": "*"}),
        ("*", {"AWS": ["*"]}),
        ({"AWS": ACCOUNT}, {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}),
        ({"AWS": ACCOUNT}, {"AWS": f"arn:aws-cn:iam::{ACCOUNT}:root"}),
        ({"AWS": [ACCOUNT, ACCOUNT]}, {"AWS": ACCOUNT}),
        (
            {"Service": ["a.amazonaws.com", "b.amazonaws.com"]},
            {"Service": ["b.amazonaws.com", "a.amazonaws.com"]},
        ),
        ({"AWS": "x", "Service": "s"}, {"Service": ["s"], "AWS": ["x"]}),
    ],
)
def test_principal_forms_that_mean_the_same(left: Any, right: Any) -> None:
    statement = {"Effect": "Allow", "Action": "ecr:*"}
    assert statements_equivalent(
        {**statement, "Principal": left}, {**statement, "Principal": right}
    )


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ({"Bool": {"aws:SecureTransport": True}}, {"Bool": {"aws:SecureTransport": "true"}}),
        ({"NumericLessThan": {"k": 10}}, {"NumericLessThan": {"k": ["10"]}}),
        (
            {"StringEquals": {"aws:SourceAccount": "1"}},
            {"StringEquals": {"AWS:sourceaccount": ["1"]}},
        ),
        ({"StringLike": {"k": ["a", "b"]}}, {"StringLike": {"k": ["b", "a", "a"]}}),
    ],
)
def test_condition_forms_that_mean_the_same(left: Any, right: Any) -> None:
    statement = {"Effect": "Allow", "Principal": "*", "Action": "ecr:*"}
    assert statements_equivalent(
        {**statement, "Condition": left}, {**statement, "Condition": right}
    )


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(policy: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = policy
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[last] = value

    return change


def _delete(path: str) -> Callable[[dict[str, Any]], None]:
    def change(policy: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = policy
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        del target[last]

    return change


STRICT_CHANGES: dict[str, Callable[[dict[str, Any]], None]] = {
    "effect": _set("Statement.0.Effect", "Deny"),
    "effect case": _set("Statement.0.Effect", "allow"),
    "principal removed": _set("Statement.0.Principal.AWS", [ACCOUNT]),
    "principal added": _set(
        "Statement.0.Principal.AWS", [ACCOUNT, "arn:aws:iam::210987654321:role/ci", "111111111111"]
    ),
    "principal account": _set(
        "Statement.0.Principal.AWS", ["123456789013", "arn:aws:iam::210987654321:role/ci"]
    ),
    "principal case": _set(
        "Statement.0.Principal.AWS", [ACCOUNT, "arn:aws:iam::210987654321:role/CI"]
    ),
    "service principal": _set("Statement.0.Principal", {"Service": ACCOUNT}),
    "everybody": _set("Statement.0.Principal", "*"),
    "negated principal": lambda p: p["Statement"][1].update(
        NotPrincipal=p["Statement"][1].pop("Principal")
    ),
    "action removed": _set("Statement.0.Action", ["ecr:BatchGetImage"]),
    "action added": _set("Statement.1.Action", ["ecr:BatchGetImage", "ecr:PutImage"]),
    "action wildcard": _set("Statement.1.Action", "ecr:*"),
    "negated action": lambda p: p["Statement"][1].update(NotAction=p["Statement"][1].pop("Action")),
    "condition removed": _delete("Statement.1.Condition"),
    "condition value": _set("Statement.1.Condition.StringEquals.aws:PrincipalOrgID", "o-other"),
    "condition value case": _set(
        "Statement.1.Condition.StringEquals.aws:PrincipalOrgID", "O-ABC123"
    ),
    "condition operator": _set(
        "Statement.1.Condition", {"StringLike": {"aws:PrincipalOrgID": "o-abc123"}}
    ),
    "condition added": _set("Statement.0.Condition", {"Bool": {"aws:SecureTransport": "true"}}),
    "sid changed": _set("Statement.0.Sid", "CrossAccountPull2"),
    "sid case": _set("Statement.0.Sid", "crossaccountpull"),
    "sid removed": _delete("Statement.0.Sid"),
    "resource added": _set("Statement.0.Resource", "*"),
    "unknown key added": _set("Statement.0.Extra", 1),
    "statement removed": lambda p: p["Statement"].pop(),
    "statement duplicated": lambda p: p["Statement"].append(copy.deepcopy(p["Statement"][0])),
    "version": _set("Version", "2008-10-17"),
    "id added": _set("Id", "policy"),
}


@pytest.mark.parametrize("change", STRICT_CHANGES.values(), ids=STRICT_CHANGES.keys())
def test_every_change_to_what_is_granted_is_seen(change: Callable[[dict[str, Any]], None]) -> None:
    data = copy.deepcopy(WRITTEN)
    change(data)
    changed = PolicyDocument(data)

    assert not documents_equivalent(written(), changed)
    assert not documents_equivalent(changed, written())
    assert not documents_equivalent(parse_policy(AS_AWS_RETURNS_IT), changed)


def test_statements_equivalent_handles_non_objects() -> None:
    assert statements_equivalent("x", "x")
    assert not statements_equivalent("x", {"Effect": "Allow"})
    assert not statements_equivalent(None, {})


@settings(max_examples=100, deadline=None)
@given(left=policies(), right=policies())
def test_equivalence_is_reflexive_and_symmetric(
    left: dict[str, Any], right: dict[str, Any]
) -> None:
    left_document = PolicyDocument(left)
    right_document = PolicyDocument(right)

    assert documents_equivalent(left_document, PolicyDocument(copy.deepcopy(left)))
    assert documents_equivalent(left_document, right_document) == documents_equivalent(
        right_document, left_document
    )
    for statement in left_document.statements:
        assert statements_equivalent(statement, copy.deepcopy(statement))


@settings(max_examples=150, deadline=None)
@given(policy=policies(), seed=st.integers(0, 2**32 - 1))
def test_aws_rewrites_keep_a_policy_equivalent(policy: dict[str, Any], seed: int) -> None:
    rewritten = aws_rewrite(policy, random.Random(seed))
    returned = parse_policy(aws_pretty(rewritten))

    assert documents_equivalent(PolicyDocument(policy), returned)
    assert documents_equivalent(returned, PolicyDocument(policy))


@settings(max_examples=100, deadline=None)
@given(statement=statements(), seed=st.integers(0, 2**32 - 1))
def test_aws_rewrites_keep_a_statement_equivalent(statement: dict[str, Any], seed: int) -> None:
    rewritten = aws_rewrite({"Statement": [statement]}, random.Random(seed))["Statement"]
    rewritten = rewritten[0] if isinstance(rewritten, list) else rewritten

    assert statements_equivalent(statement, json.loads(aws_pretty(rewritten)))


@settings(max_examples=100, deadline=None)
@given(statement=statements())
def test_a_different_effect_is_never_equivalent(statement: dict[str, Any]) -> None:
    changed = {**statement, "Effect": "Deny" if statement["Effect"] == "Allow" else "Allow"}

    assert not statements_equivalent(statement, changed)
