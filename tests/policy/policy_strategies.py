"""Hypothesis strategies that generate repository policies in every form a person or AWS
writes them, plus helpers that compare JSON exactly (key order included)."""

from __future__ import annotations

import json
import random
from typing import Any

from hypothesis import strategies as st

from ecr_tui.policy.actions import (
    ACCOUNT_LEVEL_ACTIONS,
    REGISTRY_ACTIONS_NAMING_A_REPOSITORY,
    REPOSITORY_ACTIONS,
)
from ecr_tui.policy.principals import ACCOUNT_ID, as_list, root_arn

UNICODE = st.characters(codec="utf-8", exclude_categories=("Cs",))
# What the form can show: no control, format (bidi) or line-separator characters.
PRINTABLE = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cf", "Zl", "Zp"))
SID_ALPHABET = st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

account_ids = st.from_regex(r"\A[0-9]{12}\Z")
alphanumeric_sids = st.text(SID_ALPHABET, min_size=1, max_size=12)
odd_sids = st.one_of(
    st.sampled_from(["new statement", "pull-access", "", "Ünïcødé", "a b-c_d", "AllowPull"]),
    st.text(UNICODE, max_size=10),
)
names = st.text(
    st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+=,.@_-"),
    min_size=1,
    max_size=10,
)
paths = st.lists(names, max_size=2).map(lambda parts: "".join(f"{p}/" for p in parts))


def string_or_list(values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A value written as one string, or as a list (possibly of one element)."""
    return st.one_of(values, st.lists(values, min_size=1, max_size=3))


def with_random_case(text: str, rng: random.Random) -> str:
    return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in text)


aws_principal_values = st.one_of(
    st.just("*"),
    account_ids,
    account_ids.map(root_arn),
    st.builds(lambda a, p, n: f"arn:aws:iam::{a}:user/{p}{n}", account_ids, paths, names),
    st.builds(lambda a, p, n: f"arn:aws:iam::{a}:role/{p}{n}", account_ids, paths, names),
    st.builds(lambda a, r, s: f"arn:aws:sts::{a}:assumed-role/{r}/{s}", account_ids, names, names),
    st.from_regex(r"\A(AIDA|AROA)[A-Z0-9]{17}\Z"),
)
service_values = st.sampled_from(
    ["lambda.amazonaws.com", "codebuild.amazonaws.com", "ecs-tasks.amazonaws.com"]
)

principal_elements = st.one_of(
    st.just("*"),
    st.fixed_dictionaries({"AWS": string_or_list(aws_principal_values)}),
    st.fixed_dictionaries({"Service": string_or_list(service_values)}),
    st.fixed_dictionaries(
        {
            "AWS": string_or_list(aws_principal_values),
            "Service": string_or_list(service_values),
        }
    ),
)

action_names = st.one_of(
    st.sampled_from(REPOSITORY_ACTIONS).map(lambda name: f"ecr:{name}"),
    st.sampled_from(["ecr:*", "*", "ecr:Batch*", "ecr:Describe*"]),
    st.sampled_from(REGISTRY_ACTIONS_NAMING_A_REPOSITORY + ACCOUNT_LEVEL_ACTIONS).map(
        lambda name: f"ecr:{name}"
    ),
)

condition_operators = st.sampled_from(
    ["StringEquals", "StringLike", "ArnLike", "StringNotEquals", "ForAnyValue:StringLike"]
)
condition_keys = st.sampled_from(
    ["aws:PrincipalOrgID", "aws:SourceArn", "aws:SourceAccount", "aws:PrincipalTag/team"]
)
condition_values = st.one_of(st.text(PRINTABLE, max_size=8), account_ids)
conditions = st.dictionaries(
    condition_operators,
    st.dictionaries(condition_keys, string_or_list(condition_values), min_size=1, max_size=2),
    min_size=1,
    max_size=2,
)

# Keys are drawn in a random order so that the document's own order must be kept.
OPTIONAL_STATEMENT_PARTS: dict[str, st.SearchStrategy[Any]] = {
    "Sid": st.one_of(alphanumeric_sids, odd_sids),
    "Condition": conditions,
    "Resource": string_or_list(st.just("*")),
    "XUnknown": st.one_of(st.integers(), st.booleans(), st.none(), st.text(UNICODE, max_size=5)),
}


@st.composite
def statements(draw: st.DrawFn, *, negations: bool = True) -> dict[str, Any]:
    parts: dict[str, Any] = {"Effect": draw(st.sampled_from(["Allow", "Deny"]))}
    principal_key = draw(st.sampled_from(["Principal", "NotPrincipal"])) if negations else None
    action_key = draw(st.sampled_from(["Action", "NotAction"])) if negations else None
    parts[principal_key or "Principal"] = draw(principal_elements)
    parts[action_key or "Action"] = draw(string_or_list(action_names))
    for key, strategy in OPTIONAL_STATEMENT_PARTS.items():
        if draw(st.booleans()):
            parts[key] = draw(strategy)
    order = draw(st.permutations(list(parts)))
    return {key: parts[key] for key in order}


@st.composite
def console_statements(draw: st.DrawFn) -> dict[str, Any]:
    """Statements shaped the way the console (and the form) write them."""
    statement: dict[str, Any] = {
        "Sid": draw(alphanumeric_sids),
        "Effect": draw(st.sampled_from(["Allow", "Deny"])),
        "Principal": draw(principal_elements),
        "Action": draw(string_or_list(action_names)),
    }
    if draw(st.booleans()):
        statement["Condition"] = draw(conditions)
    return statement


@st.composite
def policies(
    draw: st.DrawFn, statement_strategy: st.SearchStrategy[Any] | None = None
) -> dict[str, Any]:
    statement_strategy = statement_strategy or statements()
    parts: dict[str, Any] = {}
    if draw(st.integers(0, 9)) > 0:
        parts["Version"] = draw(st.sampled_from(["2012-10-17", "2008-10-17"]))
    if draw(st.booleans()):
        parts["Id"] = draw(st.text(UNICODE, max_size=10))
    if draw(st.integers(0, 4)) == 0:
        parts["Statement"] = draw(statement_strategy)
    else:
        parts["Statement"] = draw(st.lists(statement_strategy, max_size=4))
    order = draw(st.permutations(list(parts)))
    return {key: parts[key] for key in order}


def ordered(text: str) -> Any:
    """The JSON value of `text` with every object as a list of pairs, so that comparing
    two results also compares key order (and sees duplicate keys)."""
    return json.loads(text, object_pairs_hook=list)


def aws_pretty(value: Any) -> str:
    """Text laid out the way AWS re-serialises a stored policy (`"Key" : value`)."""
    return json.dumps(value, indent=2, ensure_ascii=False, separators=(",", " : "))


def aws_rewrite(policy: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """What AWS may do to a stored policy without changing its meaning: reorder
    statements and lists, switch between a one-element list and a string, write a bare
    account id as its root ARN, and change the case of action names."""

    def shape(values: list[Any]) -> Any:
        values = list(values)
        rng.shuffle(values)
        if len(values) == 1 and rng.random() < 0.5:
            return values[0]
        return values

    def account_to_arn(value: Any) -> Any:
        if isinstance(value, str) and ACCOUNT_ID.match(value) and rng.random() < 0.5:
            return root_arn(value)
        return value

    def statement(original: Any) -> Any:
        if not isinstance(original, dict):
            return original
        rewritten = dict(original)
        for key in ("Principal", "NotPrincipal"):
            element = original.get(key)
            if element == "*" and rng.random() < 0.5:
                rewritten[key] = {"AWS": "*"}
            elif isinstance(element, dict):
                rewritten[key] = {
                    k: shape([account_to_arn(v) if k == "AWS" else v for v in as_list(values)])
                    for k, values in element.items()
                }
        for key in ("Action", "NotAction"):
            if key in original:
                rewritten[key] = shape([with_random_case(a, rng) for a in as_list(original[key])])
        condition = original.get("Condition")
        if isinstance(condition, dict):
            rewritten["Condition"] = {
                operator: {k: shape(as_list(v)) for k, v in clauses.items()}
                for operator, clauses in condition.items()
            }
        keys = list(rewritten)
        rng.shuffle(keys)
        return {k: rewritten[k] for k in keys}

    result = dict(policy)
    if "Statement" in policy:
        result["Statement"] = shape([statement(s) for s in as_list(policy["Statement"])])
    return result
