"""Statements people ask for again and again, as form input ready to adjust and add."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ecr_tui.policy.actions import Preset
from ecr_tui.policy.builder import StatementInput
from ecr_tui.policy.condition_checks import ORG_ID, ORG_ID_TEXT
from ecr_tui.policy.principals import ACCOUNT_ID, root_arn

SEPARATORS = re.compile(r"[,\s]+")
LAMBDA_ACTIONS = ("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer")


def partition_of(region: str) -> str:
    """The ARN partition of a region: aws, aws-cn or aws-us-gov."""
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


def check_account_id(account: str) -> str:
    account = account.strip()
    if not ACCOUNT_ID.match(account):
        raise ValueError(f"{account!r} is not an account id: account ids have exactly 12 digits")
    return account


def check_org_id(org_id: str) -> str:
    org_id = org_id.strip()
    if not ORG_ID.match(org_id):
        raise ValueError(f"{org_id!r} is not an organization id: it is {ORG_ID_TEXT}")
    return org_id


def account_ids(text: str) -> tuple[str, ...]:
    """Account ids separated by commas or spaces; ValueError for a bad one or none."""
    accounts = [check_account_id(word) for word in SEPARATORS.split(text) if word]
    if not accounts:
        raise ValueError("give at least one account id (12 digits)")
    return tuple(dict.fromkeys(accounts))


def cross_account_pull(
    accounts: Iterable[str], *, sid: str = "CrossAccountPull", partition: str = "aws"
) -> StatementInput:
    """Other accounts may pull: each account's root ARN, Pull only."""
    checked = [check_account_id(a) for a in accounts]
    if not checked:
        raise ValueError("give at least one account id (12 digits)")
    principals = tuple(dict.fromkeys(root_arn(a, partition) for a in checked))
    return StatementInput(sid=sid, aws_principals=principals, preset=Preset.PULL)


def organization_pull(org_id: str, *, sid: str = "OrganizationPull") -> StatementInput:
    """Every identity of one AWS Organization may pull: principal *, narrowed by org id."""
    conditions = {"StringEquals": {"aws:PrincipalOrgID": (check_org_id(org_id),)}}
    return StatementInput(sid=sid, everybody=True, preset=Preset.PULL, conditions=conditions)


def lambda_pull(
    region: str, account: str, *, sid: str = "LambdaPull", partition: str | None = None
) -> StatementInput:
    """The Lambda service may fetch images for the account's functions in `region`."""
    account = check_account_id(account)
    partition = partition or partition_of(region)
    functions = f"arn:{partition}:lambda:{region}:{account}:function:*"
    return StatementInput(
        sid=sid,
        services=("lambda.amazonaws.com",),
        preset=None,
        actions=LAMBDA_ACTIONS,
        conditions={"StringLike": {"aws:sourceArn": (functions,)}},
    )


def codebuild_pull(
    region: str, account: str, *, sid: str = "CodeBuildPull", partition: str | None = None
) -> StatementInput:
    """CodeBuild may pull build images, only for the account's projects in `region`."""
    account = check_account_id(account)
    partition = partition or partition_of(region)
    projects = f"arn:{partition}:codebuild:{region}:{account}:project/*"
    return StatementInput(
        sid=sid,
        services=("codebuild.amazonaws.com",),
        preset=Preset.PULL,
        conditions={
            "StringEquals": {"aws:SourceAccount": (account,)},
            "ArnLike": {"aws:SourceArn": (projects,)},
        },
    )


@dataclass(frozen=True)
class Template:
    """A statement template: what it is, what it asks for, and how it is made."""

    key: str
    title: str
    explanation: str
    question: str
    placeholder: str
    base_sid: str
    asks_own_account: bool
    make: Callable[[str, str, str], StatementInput]
    """(answer, region, sid) -> the statement; ValueError when the answer is wrong."""

    def build(self, answer: str, region: str, taken: Iterable[Any] = ()) -> StatementInput:
        """The statement for `answer`, with a Sid no statement in `taken` uses."""
        return self.make(answer, region, free_sid(taken, self.base_sid))


def free_sid(statements: Iterable[Any], base: str) -> str:
    """`base`, or `base2`, `base3`... whichever no statement uses yet."""
    taken = {s.get("Sid") for s in statements if isinstance(s, dict)}
    if base not in taken:
        return base
    number = 2
    while f"{base}{number}" in taken:
        number += 1
    return f"{base}{number}"


TEMPLATES: tuple[Template, ...] = (
    Template(
        "cross-account",
        "Cross-account pull",
        "Lets other AWS accounts pull images; each account still grants its own people.",
        "Account ids",
        "210987654321, 111122223333",
        "CrossAccountPull",
        False,
        lambda answer, region, sid: cross_account_pull(
            account_ids(answer), sid=sid, partition=partition_of(region)
        ),
    ),
    Template(
        "organization",
        "Organization-wide pull",
        "Lets every account of one AWS Organization pull images, and nobody outside it.",
        "Organization id",
        "o-a1b2c3d4e5",
        "OrganizationPull",
        False,
        lambda answer, region, sid: organization_pull(answer, sid=sid),
    ),
    Template(
        "lambda",
        "Lambda pull",
        "Lets Lambda fetch this image for the account's functions in this region.",
        "Account of the functions",
        "123456789012",
        "LambdaPull",
        True,
        lambda answer, region, sid: lambda_pull(region, answer, sid=sid),
    ),
    Template(
        "codebuild",
        "CodeBuild pull",
        "Lets CodeBuild pull this build image, only for the account's projects.",
        "Account of the projects",
        "123456789012",
        "CodeBuildPull",
        True,
        lambda answer, region, sid: codebuild_pull(region, answer, sid=sid),
    ),
)
