"""The cases of hashicorp/awspolicyequivalence (aws_policy_equivalence_test.go,
TestPolicyEquivalence, named by their `name` and policyTest constants), rewritten as ECR
repository policies, with the verdict AWS's semantics give.

Left out: the s3/sts-only documents' Resource checks (policyTest32, 33, 40: a repository
policy has no Resource), the string account principal (policyTest26: only "*" may be a
string), and the empty or missing Principal cases (policyTest22 to 25: ECR needs a
principal and the validator refuses such a statement). "Casing of Effect" (policyTest20)
differs: Effect is case-sensitive, so "allow" is not "Allow".
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from ecr_tui.policy.document import PolicyDocument, parse_policy
from ecr_tui.policy.equivalence import documents_equivalent

PULL = "ecr:BatchGetImage"
LAMBDA = {"Service": "lambda.amazonaws.com"}
ROLES = [
    f"arn:aws:iam::123456789012:role/{name}"
    for name in (
        "franz-ferdinand",
        "morgan-page",
        "built-by-titan",
        "kristina_sky",
        "maria_becerra",
        "jodie_knight",
    )
]
WINDOW = {
    "DateGreaterThan": {"aws:CurrentTime": "2013-08-16T12:00:00Z"},
    "DateLessThan": {"aws:CurrentTime": "2013-08-16T15:00:00Z"},
    "IpAddress": {"aws:SourceIp": ["192.0.2.0/24", "203.0.113.0/24"]},
}


def allow(**parts: Any) -> dict[str, Any]:
    return {"Sid": "", "Effect": "Allow", "Principal": LAMBDA, "Action": PULL, **parts}


def policy(*statements: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements), **top}


def vpc(operator: str, value: Any) -> dict[str, Any]:
    return allow(Principal="*", Condition={operator: {"aws:SourceVpce": value}})


THREE = [
    allow(Action=["ecr:DescribeImages", "ecr:ListImages"]),
    allow(Action="ecr:BatchGetImage", Condition={"StringLike": {"aws:userid": ["AROA1:*", ""]}}),
    allow(Action="ecr:*", Principal={"AWS": ROLES[0]}),
]

CASES: list[tuple[str, Any, Any, bool]] = [
    ("Identical policy text (policyTest1)", policy(allow()), policy(allow()), True),
    (
        "Action block as single item array versus string (policyTest2)",
        policy(allow()),
        policy(allow(Action=[PULL])),
        True,
    ),
    (
        "..., different action (policyTest3)",
        policy(allow()),
        policy(allow(Action=["ecr:PutImage"])),
        False,
    ),
    (
        "NotAction block on one side (policyTest5)",
        policy(allow()),
        policy({k: v for k, v in allow().items() if k != "Action"} | {"NotAction": PULL}),
        False,
    ),
    (
        "Principal in single item array versus string (policyTest6)",
        policy(allow()),
        policy(allow(Principal={"Service": ["lambda.amazonaws.com"]})),
        True,
    ),
    (
        "Different principal ... (policyTest7)",
        policy(allow(Principal={"Service": "codebuild.amazonaws.com"})),
        policy(allow(Principal={"Service": ["lambda.amazonaws.com"]})),
        False,
    ),
    (
        "String principal (policyTest8)",
        policy(allow(Principal="*")),
        policy(allow(Principal="*")),
        True,
    ),
    (
        "String NotPrincipal (policyTest9)",
        policy({"Effect": "Allow", "NotPrincipal": "*", "Action": PULL}),
        policy({"Action": PULL, "Effect": "Allow", "NotPrincipal": "*"}),
        True,
    ),
    (
        "Different NotPrincipal ... (policyTest10)",
        policy(
            {"Effect": "Allow", "NotPrincipal": {"Service": "ec2.amazonaws.com"}, "Action": PULL}
        ),
        policy(
            {
                "Effect": "Allow",
                "NotPrincipal": {"Service": ["lambda.amazonaws.com"]},
                "Action": PULL,
            }
        ),
        False,
    ),
    (
        "a different Version (policyTest11)",
        policy(allow()),
        {"Version": "2012-06-17", "Statement": [allow()]},
        False,
    ),
    ("Deny versus Allow (policyTest12)", policy(allow(Effect="Deny")), policy(allow()), False),
    (
        "Same Condition (policyTest13)",
        policy(vpc("StringEquals", ["vpce-1"])),
        policy(vpc("StringEquals", ["vpce-1"])),
        True,
    ),
    (
        "Different Condition (policyTest14)",
        policy(vpc("StringNotEquals", ["vpce-1"])),
        policy(vpc("StringEquals", ["vpce-1"])),
        False,
    ),
    (
        "Condition in single string instead of array (policyTest15)",
        policy(vpc("StringEquals", "vpce-1")),
        policy(vpc("StringEquals", ["vpce-1"])),
        True,
    ),
    (
        "Multiple Condition Blocks in one policy (policyTest16)",
        policy(vpc("StringEquals", "vpce-1")),
        policy(allow(Principal="*", Condition=WINDOW)),
        False,
    ),
    (
        "Multiple Condition Blocks, same in both policies (policyTest17)",
        policy(allow(Principal="*", Condition=WINDOW)),
        policy(allow(Principal="*", Condition=copy.deepcopy(WINDOW))),
        True,
    ),
    ("Multiple Statements, Equivalent (policyTest18)", policy(*THREE), policy(*THREE), True),
    (
        "Multiple Statements, missing one from policy 2 (policyTest19)",
        policy(THREE[0], THREE[2], THREE[1]),
        policy(THREE[0], THREE[2]),
        False,
    ),
    (
        "Casing of Effect (policyTest20): AWS differs from the suite",
        policy(allow()),
        policy(allow(Effect="allow")),
        False,
    ),
    (
        "Single Statement vs []Statement (policyTest21, Effect as AWS spells it)",
        {"Version": "2012-10-17", "Statement": allow()},
        policy(allow(Action=[PULL])),
        True,
    ),
    (
        "Principal with map string root IAM user matches account ID (policyTest27)",
        policy(allow(Action="*", Principal={"AWS": "123456789012"})),
        policy(allow(Action="*", Principal={"AWS": "arn:aws:iam::123456789012:root"})),
        True,
    ),
    (
        "Principal with map array single root IAM user matches account ID (policyTest28)",
        policy(allow(Action="*", Principal={"AWS": ["123456789012"]})),
        policy(allow(Action="*", Principal={"AWS": ["arn:aws:iam::123456789012:root"]})),
        True,
    ),
    (
        "Principal with map array multiple root IAM user matches account ID (policyTest29)",
        policy(
            allow(Action="*", Principal={"AWS": ["123456789012", "arn:aws:iam::999999999999:root"]})
        ),
        policy(
            allow(
                Action="*",
                Principal={
                    "AWS": ["arn:aws:iam::123456789012:root", "arn:aws:iam::999999999999:root"]
                },
            )
        ),
        True,
    ),
    (
        "Missing Statement (policyTest30)",
        {"Version": "2012-10-17"},
        {"Version": "2012-10-17"},
        True,
    ),
    (
        "Incorrect Statement type (policyTest31)",
        {"Version": "2012-10-17", "Statement": 42},
        {"Version": "2012-10-17", "Statement": 42},
        True,
    ),
    (
        "Principal order not important (policyTest34a/b)",
        policy(allow(Action="*", Principal={"AWS": ROLES})),
        policy(allow(Action="*", Principal={"AWS": [ROLES[i] for i in (4, 1, 3, 5, 0, 2)]})),
        True,
    ),
    (
        "Differences matter (policyTest34b/c)",
        policy(allow(Action="*", Principal={"AWS": [ROLES[i] for i in (4, 1, 3, 5, 0, 2)]})),
        policy(
            allow(
                Action="*",
                Principal={
                    "AWS": [
                        *(ROLES[i] for i in (4, 1, 3, 5, 0)),
                        "arn:aws:iam::123456789012:role/idina-menzel",
                    ]
                },
            )
        ),
        False,
    ),
    (
        "Boolean condition with and without quotes on single value (policyTest35)",
        policy(allow(Condition={"Bool": {"aws:MultiFactorAuthPresent": True}})),
        policy(allow(Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}})),
        True,
    ),
    (
        "Numeric condition with and without quotes on single value (policyTest36)",
        policy(allow(Condition={"NumericLessThanEquals": {"aws:MultiFactorAuthAge": 100}})),
        policy(allow(Condition={"NumericLessThanEquals": {"aws:MultiFactorAuthAge": "100"}})),
        True,
    ),
    (
        "Numeric condition with and without quotes on array of values (policyTest37)",
        policy(allow(Condition={"NumericEquals": {"aws:MultiFactorAuthAge": [100.01, 200.2]}})),
        policy(allow(Condition={"NumericEquals": {"aws:MultiFactorAuthAge": ["100.01", "200.2"]}})),
        True,
    ),
    (
        "Condition containing empty array (policyTest38)",
        {
            "Id": "ecrpolicy",
            "Statement": [allow(Principal="*", Condition={"ArnEquals": {"aws:SourceArn": []}})],
            "Version": "2012-10-17",
        },
        policy(
            allow(Principal="*", Condition={"ArnEquals": {"aws:SourceArn": []}}), Id="ecrpolicy"
        ),
        True,
    ),
]


@pytest.mark.parametrize(
    ("left", "right", "equivalent"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_awspolicyequivalence_case(left: Any, right: Any, equivalent: bool) -> None:
    first, second = PolicyDocument(copy.deepcopy(left)), PolicyDocument(copy.deepcopy(right))
    assert documents_equivalent(first, second) is equivalent
    assert documents_equivalent(second, first) is equivalent


def test_awspolicyequivalence_invalid_policy_json() -> None:
    """Invalid policy JSON (policyTest0): an error, never a verdict."""
    with pytest.raises(ValueError):
        parse_policy('{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n  ]\n}')
