"""Registry policy statements people ask for, as registry form input ready to adjust."""

from __future__ import annotations

from ecr_tui.policy.actions import Preset
from ecr_tui.policy.principals import root_arn
from ecr_tui.policy.registry_statements import RegistryInput, RegistryPreset
from ecr_tui.policy.registry_validate import pattern_problem
from ecr_tui.policy.templates import (
    SEPARATORS,
    Template,
    account_ids,
    check_account_id,
    check_org_id,
    partition_of,
)


def replication_from(accounts: tuple[str, ...], sid: str, region: str) -> RegistryInput:
    """Other accounts replicate images into every repository of this registry."""
    partition = partition_of(region)
    return RegistryInput(
        sid=sid,
        aws_principals=tuple(root_arn(a, partition) for a in accounts),
        preset=None,
        actions=RegistryPreset.REPLICATION.actions,
    )


def organization_replication(org_id: str, sid: str) -> RegistryInput:
    """Every account of one AWS Organization may replicate into this registry."""
    return RegistryInput(
        sid=sid,
        everybody=True,
        preset=None,
        actions=RegistryPreset.REPLICATION.actions,
        conditions={"StringEquals": {"aws:PrincipalOrgID": (check_org_id(org_id),)}},
    )


def pull_on_prefix(answer: str, sid: str, region: str) -> RegistryInput:
    """An account pulls the repositories matching a pattern: `ACCOUNT PATTERN...`."""
    words = [w for w in SEPARATORS.split(answer) if w]
    if not words:
        raise ValueError("give an account id, then repository patterns such as prod-*")
    account = check_account_id(words[0])
    patterns = tuple(words[1:]) or ("*",)
    for pattern in patterns:
        if problem := pattern_problem(pattern):
            raise ValueError(problem)
    return RegistryInput(
        sid=sid,
        aws_principals=(root_arn(account, partition_of(region)),),
        preset=Preset.PULL,
        patterns=patterns,
    )


def pull_through_cache(account: str, sid: str, region: str) -> RegistryInput:
    """The account's own principals may fill pull-through cache repositories."""
    account = check_account_id(account)
    return RegistryInput(
        sid=sid,
        aws_principals=(root_arn(account, partition_of(region)),),
        preset=None,
        actions=RegistryPreset.PULL_THROUGH_CACHE.actions,
    )


REGISTRY_TEMPLATES: tuple[Template, ...] = (
    Template(
        "replication",
        "Cross-account replication",
        "Lets other accounts replicate images here, creating the repositories.",
        "Source account ids",
        "777788889999",
        "CrossAccountReplication",
        False,
        lambda answer, region, sid: replication_from(account_ids(answer), sid, region),
    ),
    Template(
        "organization-replication",
        "Organization-wide replication",
        "Lets every account of one AWS Organization replicate images here.",
        "Organization id",
        "o-a1b2c3d4e5",
        "OrganizationReplication",
        False,
        lambda answer, region, sid: organization_replication(answer, sid),
    ),
    Template(
        "prefix-pull",
        "Pull on a repository prefix",
        "Lets an account pull the repositories matching patterns (scope V2).",
        "Account id, then repository patterns",
        "999988887777 prod-*",
        "PrefixPull",
        False,
        lambda answer, region, sid: pull_on_prefix(answer, sid, region),
    ),
    Template(
        "pull-through-cache",
        "Pull-through cache",
        "Lets the account's own principals fill pull-through cache repositories.",
        "This account's id",
        "123456789012",
        "PullThroughCache",
        True,
        lambda answer, region, sid: pull_through_cache(answer, sid, region),
    ),
)
