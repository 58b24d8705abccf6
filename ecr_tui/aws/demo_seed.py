"""A believable account for the demo: repositories in a few regions, their policies as
people wrote them, and the IAM users and roles a policy can name.

Policies are templates: `{account}` and `{region}` in any string are filled in per repository.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
from botocore.config import Config

from ecr_tui.aws.demo_seed_registry import REGISTRY_POLICY, REGISTRY_POLICY_REGIONS
from ecr_tui.policy.actions import PULL_ONLY, PUSH_PULL

DEMO_REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-2")
PARTNER_ACCOUNT = "444455556666"
ORGANIZATION_ID = "o-a1b2c3d4e5"
ORPHANED_PRINCIPAL = "AROAEXAMPLEDELETED01"
PUBLIC_REPOSITORY = "opensource/log-shipper"
ORPHANED_REPOSITORY = "web/admin-console"
CONSOLE_2008_REPOSITORY = "legacy/monolith"

Policy = dict[str, Any]

PARTNER_ROOT = f"arn:aws:iam::{PARTNER_ACCOUNT}:root"
CI_ROLE = "arn:aws:iam::{account}:role/ci/github-actions-deployer"


def _allow(sid: str, principal: Any, actions: Any, condition: Policy | None = None) -> Policy:
    statement = {"Sid": sid, "Effect": "Allow", "Principal": principal, "Action": actions}
    if condition:
        statement["Condition"] = condition
    return statement


def _document(*statements: Policy) -> Policy:
    return {"Version": "2012-10-17", "Statement": list(statements)}


PARTNER_PULL = _allow("PartnerPull", {"AWS": PARTNER_ROOT}, list(PULL_ONLY))
CI_PUSH_PULL = _allow("GitHubActionsPushPull", {"AWS": CI_ROLE}, list(PUSH_PULL))
ORGANIZATION_PULL = _allow(
    "OrganizationPull",
    "*",
    list(PULL_ONLY),
    {"StringEquals": {"aws:PrincipalOrgID": ORGANIZATION_ID}},
)
LAMBDA_PULL = _allow(
    "LambdaECRImageRetrievalPolicy",
    {"Service": "lambda.amazonaws.com"},
    ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
    {"StringLike": {"aws:sourceArn": "arn:aws:lambda:{region}:{account}:function:*"}},
)
SAGEMAKER_PULL = _allow(
    "SageMakerPull",
    {"Service": "sagemaker.amazonaws.com"},
    list(PULL_ONLY),
    {"StringEquals": {"aws:SourceAccount": "{account}"}},
)
IDENTITY_ADMIN = _allow(
    "IdentityTeamAdmin",
    {"AWS": "arn:aws:iam::{account}:role/teams/identity/identity-admin"},
    "ecr:*",
)
DENY_DELETE_OUTSIDE_PIPELINE = {
    "Sid": "DenyDeleteOutsidePipeline",
    "Effect": "Deny",
    "Principal": "*",
    "Action": ["ecr:BatchDeleteImage", "ecr:DeleteRepository"],
    "Condition": {"StringNotLike": {"aws:PrincipalArn": CI_ROLE}},
}

CROSS_ACCOUNT = _document(PARTNER_PULL)
ORGANIZATION = _document(ORGANIZATION_PULL)
LAMBDA = _document(LAMBDA_PULL)
PIPELINE = _document(CI_PUSH_PULL)
PIPELINE_AND_PARTNER = _document(CI_PUSH_PULL, PARTNER_PULL)
BASE_IMAGE = _document(ORGANIZATION_PULL, CI_PUSH_PULL)
INFERENCE = _document(CI_PUSH_PULL, SAGEMAKER_PULL, LAMBDA_PULL)
TEAM_ADMIN = _document(IDENTITY_ADMIN, PARTNER_PULL, DENY_DELETE_OUTSIDE_PIPELINE)
PUBLIC = _document(_allow("PublicPull", "*", list(PULL_ONLY)))
PUBLIC_PUSH = _document(_allow("AllowAll", {"AWS": "*"}, list(PUSH_PULL)))
CODEBUILD = _document(
    _allow("CodeBuildAccess", {"Service": "codebuild.amazonaws.com"}, list(PULL_ONLY))
)
ORPHANED = _document(
    _allow(
        "AdminConsoleRead",
        {"AWS": [ORPHANED_PRINCIPAL, "arn:aws:iam::{account}:role/teams/web/web-admin"]},
        list(PULL_ONLY),
    )
)
CONSOLE_2008 = {
    "Version": "2008-10-17",
    "Statement": [
        _allow(
            "new statement",
            {
                "AWS": [
                    "arn:aws:iam::{account}:user/ci/jenkins",
                    "arn:aws:iam::{account}:role/legacy-ec2-deploy",
                ]
            },
            [*PUSH_PULL, "ecr:DescribeImages", "ecr:ListImages"],
        ),
        _allow(
            "new statement",
            {"AWS": [PARTNER_ROOT]},
            ["ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
        ),
    ],
}

REPOSITORIES: dict[str, tuple[tuple[str, Policy | None], ...]] = {
    "us-east-1": (
        ("payments/api", PIPELINE_AND_PARTNER),
        ("payments/worker", ORGANIZATION),
        ("payments/ledger", None),
        ("payments/fraud-scorer", LAMBDA),
        ("platform/base-images/python", BASE_IMAGE),
        ("platform/base-images/node", ORGANIZATION),
        ("platform/base-images/golang", BASE_IMAGE),
        ("platform/base-images/distroless", ORGANIZATION),
        ("platform/otel-collector", CROSS_ACCOUNT),
        ("platform/ingress-nginx", None),
        ("platform/cert-manager", None),
        ("web/frontend", PIPELINE),
        ("web/storefront-ssr", LAMBDA),
        (ORPHANED_REPOSITORY, ORPHANED),
        ("data/etl-runner", None),
        ("data/spark-jobs", None),
        ("data/airflow", CROSS_ACCOUNT),
        ("ml/inference-gpu", INFERENCE),
        ("ml/feature-store", None),
        ("search/indexer", None),
        ("identity/auth-service", TEAM_ADMIN),
        ("notifications/email-sender", LAMBDA),
        ("notifications/sms-gateway", None),
        ("mobile/api-gateway", PIPELINE),
        (CONSOLE_2008_REPOSITORY, CONSOLE_2008),
        (PUBLIC_REPOSITORY, PUBLIC),
        ("tools/terraform-runner", CODEBUILD),
        ("prod-checkout", None),
        ("prod-search", None),
    ),
    "eu-west-1": (
        ("payments/api", CROSS_ACCOUNT),
        ("payments/worker", None),
        ("web/frontend", PIPELINE),
        ("platform/base-images/python", ORGANIZATION),
        ("data/gdpr-exporter", None),
        ("data/etl-runner", LAMBDA),
        ("search/indexer", None),
        ("analytics/clickhouse", None),
        ("identity/auth-service", None),
    ),
    "ap-southeast-2": (
        ("payments/api", None),
        ("web/frontend", ORGANIZATION),
        ("platform/base-images/python", ORGANIZATION),
        ("mobile/push-service", LAMBDA),
        ("sandbox/experiments", PUBLIC_PUSH),
    ),
}

PEOPLE: dict[str, tuple[str, ...]] = {
    "/": ("alice.nguyen", "bruno.costa", "chen.wei", "dana.okafor", "emil.larsen", "fatima.haddad"),
    "/staff/": ("george.papadopoulos", "hana.suzuki", "ivan.petrov", "julia.schmidt", "sam.taylor"),
    "/teams/payments/": ("kofi.mensah", "lena.fischer", "marco.rossi"),
    "/teams/web/": ("nadia.ali", "oscar.lindqvist", "priya.raman"),
    "/teams/data/": ("uma.krishnan", "victor.alves"),
    "/contractors/": ("quentin.dubois", "rosa.martinez"),
    "/ci/": ("jenkins", "circleci-uploader"),
    "/automation/": ("terraform", "backup-exporter", "grafana-reader"),
}

SERVICE_ROLES: dict[str, tuple[tuple[str, str], ...]] = {
    "/service-role/": (
        ("lambda-fraud-scorer", "lambda"),
        ("lambda-email-sender", "lambda"),
        ("lambda-storefront-ssr", "lambda"),
        ("codebuild-terraform-runner", "codebuild"),
        ("codebuild-base-images", "codebuild"),
        ("AmazonSageMaker-ExecutionRole-inference", "sagemaker"),
    ),
    "/": (
        ("ecsTaskExecutionRole", "ecs-tasks"),
        ("payments-api-task", "ecs-tasks"),
        ("payments-worker-task", "ecs-tasks"),
        ("web-frontend-task", "ecs-tasks"),
        ("search-indexer-task", "ecs-tasks"),
        ("legacy-ec2-deploy", "ec2"),
        ("eks-node-group", "ec2"),
    ),
    "/platform/": (("karpenter-node", "ec2"), ("airflow-worker", "ec2")),
}

PERSON_ROLES: dict[str, tuple[str, ...]] = {
    "/": ("OrganizationAccountAccessRole", "ReadOnly", "Administrator", "BreakGlass"),
    "/teams/payments/": ("payments-developer", "payments-oncall"),
    "/teams/web/": ("web-developer", "web-admin"),
    "/teams/identity/": ("identity-admin",),
    "/teams/data/": ("data-engineer",),
    "/teams/ml/": ("ml-researcher",),
    "/platform/": ("platform-engineer", "security-auditor"),
    "/aws-reserved/sso.amazonaws.com/": (
        "AWSReservedSSO_AdministratorAccess_3f1c2a9b8d7e6f50",
        "AWSReservedSSO_ReadOnlyAccess_9a8b7c6d5e4f3a21",
    ),
}

CI_ROLES = ("github-actions-deployer", "github-actions-base-images")
GITHUB = "token.actions.githubusercontent.com"
GITHUB_TRUST = {
    "Effect": "Allow",
    "Principal": {"Federated": f"arn:aws:iam::{{account}}:oidc-provider/{GITHUB}"},
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {
        "StringEquals": {f"{GITHUB}:aud": "sts.amazonaws.com"},
        "StringLike": {f"{GITHUB}:sub": "repo:example-org/*"},
    },
}


def fill(template: Any, account: str, region: str) -> Any:
    """The template with `{account}` and `{region}` filled in every string."""
    if isinstance(template, str):
        return template.replace("{account}", account).replace("{region}", region)
    if isinstance(template, list):
        return [fill(item, account, region) for item in template]
    if isinstance(template, dict):
        return {key: fill(value, account, region) for key, value in template.items()}
    return template


def policy_text(template: Policy, account: str, region: str) -> str:
    return json.dumps(fill(template, account, region), indent=2)


def _trust(principal: Policy) -> Policy:
    return _document({"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"})


def _roles(account: str) -> list[tuple[str, str, str]]:
    """(path, name, trust policy text) for every demo role."""
    roles = [
        (path, name, _trust({"Service": f"{service}.amazonaws.com"}))
        for path, entries in SERVICE_ROLES.items()
        for name, service in entries
    ]
    roles += [
        (path, name, _trust({"AWS": "arn:aws:iam::{account}:root"}))
        for path, names in PERSON_ROLES.items()
        for name in names
    ]
    roles += [
        ("/ci/", name, {"Version": "2012-10-17", "Statement": [GITHUB_TRUST]}) for name in CI_ROLES
    ]
    return [(path, name, policy_text(trust, account, "")) for path, name, trust in roles]


def seed_demo(endpoint_url: str, account_id: str) -> None:
    """Create the demo repositories, their policies, and the IAM users and roles.

    One call after another: moto answers in a few milliseconds and holds the GIL, so
    threads make seeding slower, not faster.
    """
    session = boto3.Session(
        aws_access_key_id="demo",
        aws_secret_access_key="demo",
        region_name=DEMO_REGIONS[0],
    )
    config = Config(retries={"mode": "standard"})
    for region, repositories in REPOSITORIES.items():
        ecr = session.client("ecr", region_name=region, endpoint_url=endpoint_url, config=config)
        for name, template in repositories:
            ecr.create_repository(repositoryName=name)
            if template is not None:
                text = policy_text(template, account_id, region)
                ecr.set_repository_policy(repositoryName=name, policyText=text)
        if region in REGISTRY_POLICY_REGIONS:
            text = policy_text(REGISTRY_POLICY, account_id, region)
            ecr.put_registry_policy(policyText=text)  # served by demo_registry, as V2 ECR does
    iam = session.client("iam", endpoint_url=endpoint_url, config=config)
    for path, names in PEOPLE.items():
        for name in names:
            iam.create_user(Path=path, UserName=name)
    for path, name, trust in _roles(account_id):
        iam.create_role(Path=path, RoleName=name, AssumeRolePolicyDocument=trust)
