"""The demo account as the management account of an organisation of three named accounts,
each member with a few repositories of its own.

moto draws account and organisation ids at random; while the demo is seeded they are drawn
from the lists here instead, so the demo's accounts have the same numbers every time (the
demo's policies name them).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
from botocore.config import Config

from ecr_tui.aws.demo_seed import ORGANIZATION_ID, PARTNER_ACCOUNT, Policy, policy_text
from ecr_tui.policy.actions import PULL_ONLY, PUSH_PULL

MANAGEMENT_NAME = "platform-prod"
DATA_ACCOUNT = "333322221111"
OUTSIDE_VENDOR = "999900001111"
OUTSIDE_BUILDER = "777766665555"
OTHER_ORGANIZATION_ID = "o-zz9y8x7w6v"
ROLE_NAME = "OrganizationAccountAccessRole"
MEMBERS: tuple[tuple[str, str], ...] = (
    (PARTNER_ACCOUNT, "partner-shared"),
    (DATA_ACCOUNT, "data-analytics"),
)


def _pull(sid: str, principal: Any, condition: Policy | None = None, actions: Any = None) -> Policy:
    statement: Policy = {
        "Sid": sid,
        "Effect": "Allow",
        "Principal": principal,
        "Action": list(actions or PULL_ONLY),
    }
    if condition:
        statement["Condition"] = condition
    return {"Version": "2012-10-17", "Statement": [statement]}


MANAGEMENT_PULL = _pull("PlatformPull", {"AWS": "arn:aws:iam::{management}:root"})
VENDOR_PULL = _pull("VendorDashboardsPull", {"AWS": f"arn:aws:iam::{OUTSIDE_VENDOR}:root"})
BUILDER_PUSH = _pull(
    "ExternalBuilderPush", {"AWS": f"arn:aws:iam::{OUTSIDE_BUILDER}:root"}, actions=PUSH_PULL
)
ORGANIZATION_PULL = _pull(
    "OrganizationPull", "*", {"StringEquals": {"aws:PrincipalOrgID": ORGANIZATION_ID}}
)
OTHER_ORGANIZATION_PULL = _pull(
    "AcquiredCompanyPull", "*", {"StringEquals": {"aws:PrincipalOrgID": OTHER_ORGANIZATION_ID}}
)

MEMBER_REPOSITORIES: dict[str, dict[str, tuple[tuple[str, Policy | None], ...]]] = {
    PARTNER_ACCOUNT: {
        "us-east-1": (
            ("shared/sdk-images", ORGANIZATION_PULL),
            ("shared/partner-drop", BUILDER_PUSH),
            ("shared/mirror", None),
        ),
    },
    DATA_ACCOUNT: {
        "us-east-1": (
            ("analytics/warehouse-loader", MANAGEMENT_PULL),
            ("analytics/dashboards", VENDOR_PULL),
            ("analytics/notebooks", None),
        ),
        "eu-west-1": (("analytics/exports", OTHER_ORGANIZATION_PULL),),
    },
}


@contextmanager
def _drawn_ids(accounts: list[str], organization: str) -> Iterator[None]:
    """moto's random account and organisation ids taken from these, in order."""
    from moto.organizations import utils

    saved = utils.make_random_account_id, utils.make_random_org_id
    pending = iter(accounts)
    utils.make_random_account_id = lambda: next(pending)
    utils.make_random_org_id = lambda: organization
    try:
        yield
    finally:
        utils.make_random_account_id, utils.make_random_org_id = saved


def seed_organization(endpoint_url: str, management_account: str) -> None:
    """Make the management account's organisation, its members and their repositories (moto
    makes the role that CreateAccount makes on AWS)."""
    session = boto3.Session(
        aws_access_key_id="demo", aws_secret_access_key="demo", region_name="us-east-1"
    )
    config = Config(retries={"mode": "standard"})
    organizations = session.client("organizations", endpoint_url=endpoint_url, config=config)
    # moto draws an id for the management account too, before it sets the real one.
    drawn = [management_account, *(account for account, _ in MEMBERS)]
    with _drawn_ids(drawn, ORGANIZATION_ID):
        organizations.create_organization(FeatureSet="ALL")
        for _, name in MEMBERS:
            organizations.create_account(AccountName=name, Email=f"aws+{name}@example.com")
    _name_management_account(management_account)
    sts = session.client("sts", endpoint_url=endpoint_url, config=config)
    for account, regions in MEMBER_REPOSITORIES.items():
        arn = f"arn:aws:iam::{account}:role/{ROLE_NAME}"
        keys = sts.assume_role(RoleArn=arn, RoleSessionName="demo-seed")["Credentials"]
        member = boto3.Session(
            aws_access_key_id=keys["AccessKeyId"],
            aws_secret_access_key=keys["SecretAccessKey"],
            aws_session_token=keys["SessionToken"],
        )
        for region, repositories in regions.items():
            ecr = member.client("ecr", region_name=region, endpoint_url=endpoint_url, config=config)
            for name, template in repositories:
                ecr.create_repository(repositoryName=name)
                if template is not None:
                    text = policy_text(template, account, region)
                    text = text.replace("{management}", management_account)
                    ecr.set_repository_policy(repositoryName=name, policyText=text)


def _name_management_account(account: str) -> None:
    """moto calls the management account `master`; the demo gives it the name people use."""
    from moto.organizations.models import organizations_backends

    for partition in organizations_backends[account].values():
        for found in partition.accounts:
            if found.id == account:
                found.name = MANAGEMENT_NAME
