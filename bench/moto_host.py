"""A moto server in its own process, filled quickly, driven over stdin.

AWS is never inside the program's process, so the benchmarks keep moto out of it too: the
server's CPU work and the program's do not share one interpreter lock. moto's app is served
by `keep_alive_server`, which keeps connections open between requests as AWS does.

Protocol: one JSON object per line on stdin, one JSON reply per line on stdout. The first
line written is {"endpoint": URL, "account": ID}. Operations:
  {"op": "repositories", "region": R, "count": N}  make repositories bench-00000.. exist
  {"op": "principals", "users": U, "roles": R}      make IAM users and roles exist
  {"op": "latency", "ms": M}                        delay every later request by M ms
  {"op": "organization", "members": M}              an organisation of the host's account and
                                                    M member accounts; replies their "accounts"
  "account": ID on "repositories" makes them in that account instead of the host's
End of input stops the server.

moto ignores maxResults and nextToken of DescribeRepositories and returns every
repository at once; the server here pages as AWS does (100 by default, at most 1000), so
"first rows" means what it means against AWS.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import keep_alive_server

from ecr_tui.aws.demo import (
    DEMO_ACCOUNT_ID,
    as_account,
    bypass_proxies_for_loopback,
    silence_server_logging,
)

AWS_DEFAULT_PAGE = 100
AWS_MAX_PAGE = 1000
POLICY_EVERY = 3
"""One repository in this many has a policy (a partner account may pull)."""

PARTNER_PULL_POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PartnerPull",
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
                "Action": [
                    "ecr:BatchCheckLayerAvailability",
                    "ecr:BatchGetImage",
                    "ecr:GetDownloadUrlForLayer",
                ],
            }
        ],
    }
)
ASSUME_ROLE_POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "ec2.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
)
TEAMS = ("platform", "payments", "search", "data", "mobile", "web", "ml", "infra")


def repository_name(index: int) -> str:
    return f"{TEAMS[index % len(TEAMS)]}/bench-{index:05d}"


def page_describe_repositories() -> None:
    """DescribeRepositories pages by maxResults/nextToken, as AWS does."""
    from moto.core.responses import ActionResult
    from moto.ecr.responses import ECRResponse

    unpaged = ECRResponse.describe_repositories

    def describe_repositories(self: ECRResponse) -> ActionResult:
        if self._get_param("repositoryNames"):
            return unpaged(self)
        found = self.ecr_backend.describe_repositories(registry_id=self._get_param("registryId"))
        size = min(int(self._get_param("maxResults") or AWS_DEFAULT_PAGE), AWS_MAX_PAGE)
        start = int(self._get_param("nextToken") or 0)
        reply: dict[str, Any] = {"repositories": found[start : start + size], "failures": []}
        if start + size < len(found):
            reply["nextToken"] = str(start + size)
        return ActionResult(reply)

    ECRResponse.describe_repositories = describe_repositories  # type: ignore[method-assign]


def ensure_repositories(account: str, region: str, count: int) -> int:
    from moto.ecr.models import ecr_backends

    backend = ecr_backends[account][region]
    made = 0
    for index in range(count):
        name = repository_name(index)
        if name in backend.repositories:
            continue
        backend.create_repository(name, None, {}, None, "MUTABLE", [])
        if index % POLICY_EVERY == 0:
            backend.set_repository_policy(account, name, PARTNER_PULL_POLICY)
        made += 1
    return made


def ensure_principals(account: str, users: int, roles: int) -> int:
    from moto.iam.models import iam_backends

    backend = iam_backends[account]["global"]
    have_users = {user.name for user in backend.users.values()}
    have_roles = {role.name for role in backend.roles.values()}
    made = 0
    for index in range(users):
        name = f"user-{index:05d}"
        if name not in have_users:
            backend.create_user("us-east-1", name, f"/{TEAMS[index % len(TEAMS)]}/")
            made += 1
    for index in range(roles):
        name = f"role-{index:05d}"
        if name not in have_roles:
            path = f"/service/{TEAMS[index % len(TEAMS)]}/"
            backend.create_role(name, ASSUME_ROLE_POLICY, path, None, "", [], None)
            made += 1
    return made


def ensure_organization(account: str, members: int) -> list[str]:
    """The host's account as management account of an organisation of `members` more."""
    from moto.organizations.models import organizations_backends

    backend = organizations_backends[account]["aws"]
    if backend.org is None:
        backend.create_organization(region="us-east-1", FeatureSet="ALL")
    for index in range(len(backend.accounts) - 1, members):
        backend.create_account(AccountName=f"member-{index:02d}", Email=f"m{index}@example.com")
    return [found.id for found in backend.accounts]


def list_moto_modules_once() -> None:
    """moto lists its own package directories from disk (about 180 `stat` calls) for every
    request it dispatches; the list never changes, so the host reads it once."""
    from moto import backends

    modules = tuple(backends.list_of_moto_modules())
    backends.list_of_moto_modules = lambda: modules  # type: ignore[assignment]


def serve() -> None:
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

    silence_server_logging()
    bypass_proxies_for_loopback()
    page_describe_repositories()
    list_moto_modules_once()
    account = DEMO_ACCOUNT_ID
    latency_ms = [0.0]
    app = as_account(
        DomainDispatcherApplication(create_backend_app), account, lambda: latency_ms[0] / 1000
    )
    server = keep_alive_server.serve(app)
    host, port = server.server_address[:2]
    print(json.dumps({"endpoint": f"http://{host}:{port}", "account": account}), flush=True)
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            command = json.loads(line)
            began = time.perf_counter()
            made: Any = 0
            if command["op"] == "repositories":
                owner = command.get("account") or account
                made = ensure_repositories(owner, command["region"], command["count"])
            elif command["op"] == "organization":
                made = ensure_organization(account, command["members"])
            elif command["op"] == "principals":
                made = ensure_principals(account, command["users"], command["roles"])
            elif command["op"] == "latency":
                latency_ms[0] = float(command["ms"])
            reply = {"made": made, "seconds": time.perf_counter() - began}
            print(json.dumps(reply), flush=True)
    finally:
        server.shutdown()


if __name__ == "__main__":
    serve()
