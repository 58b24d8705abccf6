"""The ECR action catalog and the console's action presets."""

from __future__ import annotations

from collections.abc import Iterable
from difflib import get_close_matches
from enum import StrEnum
from fnmatch import fnmatchcase

REPOSITORY_ACTIONS: tuple[str, ...] = (
    "BatchCheckLayerAvailability",
    "BatchDeleteImage",
    "BatchGetImage",
    "BatchGetRepositoryScanningConfiguration",
    "CompleteLayerUpload",
    "DeleteLifecyclePolicy",
    "DeleteRepository",
    "DeleteRepositoryPolicy",
    "DescribeImageReplicationStatus",
    "DescribeImageScanFindings",
    "DescribeImageSigningStatus",
    "DescribeImages",
    "DescribeRepositories",
    "GetDownloadUrlForLayer",
    "GetImageCopyStatus",
    "GetLifecyclePolicy",
    "GetLifecyclePolicyPreview",
    "GetRepositoryPolicy",
    "InitiateLayerUpload",
    "ListImages",
    "ListTagsForResource",
    "PutImage",
    "PutImageScanningConfiguration",
    "PutImageTagMutability",
    "PutLifecyclePolicy",
    "SetRepositoryPolicy",
    "StartImageScan",
    "StartLifecyclePolicyPreview",
    "TagResource",
    "UntagResource",
    "UpdateImageStorageClass",
    "UploadLayerPart",
)

REGISTRY_ACTIONS_NAMING_A_REPOSITORY: tuple[str, ...] = (
    "CreateRepository",
    "ReplicateImage",
    "BatchImportUpstreamImage",
)

ACCOUNT_LEVEL_ACTIONS: tuple[str, ...] = (
    "GetAuthorizationToken",
    "DescribeRegistry",
    "GetRegistryPolicy",
    "PutRegistryPolicy",
    "DeleteRegistryPolicy",
    "PutReplicationConfiguration",
    "GetRegistryScanningConfiguration",
    "PutRegistryScanningConfiguration",
    "CreatePullThroughCacheRule",
    "DeletePullThroughCacheRule",
    "DescribePullThroughCacheRules",
    "UpdatePullThroughCacheRule",
    "ValidatePullThroughCacheRule",
    "CreateRepositoryCreationTemplate",
    "DeleteRepositoryCreationTemplate",
    "DescribeRepositoryCreationTemplates",
    "UpdateRepositoryCreationTemplate",
    "GetAccountSetting",
    "PutAccountSetting",
    "GetSigningConfiguration",
    "PutSigningConfiguration",
    "DeleteSigningConfiguration",
    "RegisterPullTimeUpdateExclusion",
    "DeregisterPullTimeUpdateExclusion",
    "ListPullTimeUpdateExclusions",
    "StartReplicationBackfill",
    "StopReplicationBackfill",
    "ListReplicationBackfills",
    "DescribeReplicationBackfillResults",
)

PULL_ONLY: tuple[str, ...] = (
    "ecr:BatchCheckLayerAvailability",
    "ecr:BatchGetImage",
    "ecr:GetDownloadUrlForLayer",
)
PUSH_PULL: tuple[str, ...] = (
    *PULL_ONLY,
    "ecr:PutImage",
    "ecr:InitiateLayerUpload",
    "ecr:UploadLayerPart",
    "ecr:CompleteLayerUpload",
)
ALL_ACTIONS: tuple[str, ...] = ("ecr:*",)

PUSH_ACTIONS = frozenset(
    {"ecr:putimage", "ecr:initiatelayerupload", "ecr:uploadlayerpart", "ecr:completelayerupload"}
)
DELETE_ACTIONS = frozenset({"ecr:batchdeleteimage", "ecr:deleterepository"})
POLICY_ADMIN_ACTIONS = frozenset({"ecr:setrepositorypolicy", "ecr:deleterepositorypolicy"})
WILDCARD_ACTIONS = frozenset({"*", "ecr:*"})


class Preset(StrEnum):
    ALL = "all"
    PUSH_PULL = "push-pull"
    PULL = "pull"

    @property
    def actions(self) -> tuple[str, ...]:
        return {Preset.ALL: ALL_ACTIONS, Preset.PUSH_PULL: PUSH_PULL, Preset.PULL: PULL_ONLY}[self]

    @property
    def label(self) -> str:
        return {Preset.ALL: "All actions", Preset.PUSH_PULL: "Push/Pull", Preset.PULL: "Pull only"}[
            self
        ]


class ActionKind(StrEnum):
    REPOSITORY = "repository"
    WILDCARD = "wildcard"
    REGISTRY = "registry"
    ACCOUNT_LEVEL = "account-level"
    OTHER_SERVICE = "other-service"
    UNKNOWN = "unknown"


_BY_LOWER = {name.lower(): name for name in REPOSITORY_ACTIONS}
_REGISTRY_LOWER = {name.lower() for name in REGISTRY_ACTIONS_NAMING_A_REPOSITORY}
_ACCOUNT_LOWER = {name.lower() for name in ACCOUNT_LEVEL_ACTIONS}


def full_name(action: str) -> str:
    """`BatchGetImage` or `ecr:batchgetimage` -> `ecr:BatchGetImage` (catalog spelling).

    An action of another service (`s3:GetObject`) is returned unchanged."""
    if ":" in action and not action.lower().startswith("ecr:"):
        return action
    name = action.split(":", 1)[1] if action.lower().startswith("ecr:") else action
    return f"ecr:{_BY_LOWER.get(name.lower(), name)}"


def classify_action(action: str) -> ActionKind:
    lowered = action.strip().lower()
    if lowered in WILDCARD_ACTIONS:
        return ActionKind.WILDCARD
    if not lowered.startswith("ecr:"):
        return ActionKind.OTHER_SERVICE
    name = lowered[4:]
    if name in _BY_LOWER:
        return ActionKind.REPOSITORY
    if name in _REGISTRY_LOWER:
        return ActionKind.REGISTRY
    if name in _ACCOUNT_LOWER:
        return ActionKind.ACCOUNT_LEVEL
    if ("*" in name or "?" in name) and expand_action(action):
        return ActionKind.WILDCARD
    return ActionKind.UNKNOWN


def expand_action(action: str) -> frozenset[str]:
    """The lower-cased repository-level actions an action pattern grants."""
    lowered = action.strip().lower()
    if lowered == "*":
        lowered = "ecr:*"
    if not lowered.startswith("ecr:"):
        return frozenset()
    pattern = lowered[4:]
    return frozenset(f"ecr:{name}" for name in _BY_LOWER if fnmatchcase(name, pattern))


def expand_actions(actions: Iterable[str]) -> frozenset[str]:
    granted: set[str] = set()
    for action in actions:
        granted |= expand_action(action)
    return frozenset(granted)


def preset_for(actions: Iterable[str]) -> Preset | None:
    """The console preset whose action set equals `actions` (case-insensitive), if any."""
    given = {a.strip().lower() for a in actions}
    if given & WILDCARD_ACTIONS and given <= WILDCARD_ACTIONS:
        return Preset.ALL
    for preset in (Preset.PULL, Preset.PUSH_PULL):
        if given == {a.lower() for a in preset.actions}:
            return preset
    return None


_EVERY_NAME = {
    name.lower(): name
    for name in (*REPOSITORY_ACTIONS, *REGISTRY_ACTIONS_NAMING_A_REPOSITORY, *ACCOUNT_LEVEL_ACTIONS)
}


def nearest_action(action: str) -> str | None:
    """The ECR action closest to a misspelt `action` (`ecr:BatchGetImages` ->
    `ecr:BatchGetImage`), or None when none is close. Every level is searched: the right
    spelling of a registry or account-level action then earns its own explanation."""
    name = action.strip().lower().removeprefix("ecr:")
    close = get_close_matches(name, list(_EVERY_NAME), n=1, cutoff=0.75)
    return f"ecr:{_EVERY_NAME[close[0]]}" if close else None
