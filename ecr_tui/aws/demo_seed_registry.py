"""The demo's registry policy: a template, `{account}` and `{region}` filled in per region."""

from __future__ import annotations

from typing import Any

from ecr_tui.policy.actions import PULL_ONLY

REPLICATION_SOURCE_ACCOUNT = "777788889999"
DATA_SCIENCE_ACCOUNT = "999988887777"

# The registry policy (scope V2): another account replicates into this registry, and the
# data science account pulls every ml/ repository, though those have no such statement.
REGISTRY_ARN = "arn:aws:ecr:{region}:{account}:repository/"
REGISTRY_POLICY: dict[str, Any] = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "ReplicationFromBuildAccount",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{REPLICATION_SOURCE_ACCOUNT}:root"},
            "Action": ["ecr:CreateRepository", "ecr:ReplicateImage"],
            "Resource": REGISTRY_ARN + "*",
        },
        {
            "Sid": "DataSciencePullMl",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{DATA_SCIENCE_ACCOUNT}:root"},
            "Action": list(PULL_ONLY),
            "Resource": REGISTRY_ARN + "ml/*",
        },
    ],
}
REGISTRY_POLICY_REGIONS = ("us-east-1",)
