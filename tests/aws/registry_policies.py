"""The registry policy the registry tests share: replication from one account, pull on prod-*."""

from __future__ import annotations

from typing import Any

OWN = "123456789012"
PARTNER = "999988887777"
REPLICATOR = "777788889999"
PULL = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
ARN = f"arn:aws:ecr:us-east-1:{OWN}:repository/"
REGISTRY_POLICY: dict[str, Any] = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Replication",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{REPLICATOR}:root"},
            "Action": ["ecr:CreateRepository", "ecr:ReplicateImage"],
            "Resource": ARN + "*",
        },
        {
            "Sid": "ProdPull",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{PARTNER}:root"},
            "Action": PULL,
            "Resource": ARN + "prod-*",
        },
    ],
}
