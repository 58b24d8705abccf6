"""An organisation in moto, and what moto does not do for one.

moto implements CreateOrganization, CreateAccount and ListAccounts, and gives an assumed
role's credentials the role's account; it never refuses AssumeRole, and answers ListAccounts
from any account. The hooks here (botocore event handlers on every client the program makes)
answer as AWS does: AccessDenied for the role of a locked account, or for ListAccounts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from botocore.session import Session

MANAGEMENT = "123456789012"


def create_organization(*names: str) -> dict[str, str]:
    """The caller's account as management account of an organisation with accounts `names`;
    name -> account id (the management account is `master`, as moto names it)."""
    organizations = boto3.client("organizations", region_name="us-east-1")
    organizations.create_organization(FeatureSet="ALL")
    for name in names:
        organizations.create_account(AccountName=name, Email=f"{name}@example.com")
    pages = organizations.get_paginator("list_accounts").paginate()
    return {a["Name"]: a["Id"] for page in pages for a in page["Accounts"]}


def organization_id() -> str:
    client = boto3.client("organizations", region_name="us-east-1")
    return client.describe_organization()["Organization"]["Id"]


def member_client(service: str, account: str, region: str = "us-east-1") -> Any:
    """A client signed in to `account` through the role CreateAccount made there."""
    sts = boto3.client("sts", region_name="us-east-1")
    arn = f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole"
    keys = sts.assume_role(RoleArn=arn, RoleSessionName="test")["Credentials"]
    return boto3.client(
        service,
        region_name=region,
        aws_access_key_id=keys["AccessKeyId"],
        aws_secret_access_key=keys["SecretAccessKey"],
        aws_session_token=keys["SessionToken"],
    )


Hook = Callable[[Any], None]


def hook_every_client(monkeypatch: pytest.MonkeyPatch, hook: Hook) -> None:
    """Run `hook(client)` on every botocore client made from now on."""
    original = Session.create_client

    def create_client(self: Session, *args: Any, **kwargs: Any) -> Any:
        client = original(self, *args, **kwargs)
        hook(client)
        return client

    monkeypatch.setattr(Session, "create_client", create_client)


def _denied(message: str) -> tuple[AWSResponse, dict[str, Any]]:
    parsed = {
        "Error": {"Code": "AccessDenied", "Message": message},
        "ResponseMetadata": {"HTTPStatusCode": 403},
    }
    return AWSResponse(None, 403, {}, None), parsed


def lock_accounts(monkeypatch: pytest.MonkeyPatch, *accounts: str) -> list[tuple[str, str | None]]:
    """AssumeRole into any of `accounts` is refused as AWS refuses it; returns (role ARN,
    external id) of every AssumeRole call, in order."""
    asked: list[tuple[str, str | None]] = []

    def hook(client: Any) -> None:
        if client.meta.service_model.service_name != "sts":
            return

        def note(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
            arn = params.get("RoleArn", "")
            asked.append((arn, params.get("ExternalId")))
            context["locked"] = arn.split(":")[4] in accounts

        def answer(context: dict[str, Any], **_: Any) -> Any:
            if context.get("locked"):
                return _denied("User is not authorized to perform: sts:AssumeRole")
            return None

        client.meta.events.register("before-parameter-build.sts.AssumeRole", note)
        client.meta.events.register("before-call.sts.AssumeRole", answer)

    hook_every_client(monkeypatch, hook)
    return asked


def refuse_list_accounts(monkeypatch: pytest.MonkeyPatch) -> None:
    """ListAccounts is refused, as it is for an account that is not the management account
    or a delegated administrator."""

    def hook(client: Any) -> None:
        if client.meta.service_model.service_name == "organizations":
            client.meta.events.register(
                "before-call.organizations.ListAccounts",
                lambda **_: _denied("You don't have permissions to access this resource."),
            )

    hook_every_client(monkeypatch, hook)
