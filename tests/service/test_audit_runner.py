"""Auditing many repositories at once against moto: every repository is read, a denied
one is reported and the rest go on, results come back in name order, and no more than
`workers` policies are read at the same time."""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from ecr_tui.aws.backend import Backend
from ecr_tui.policy.audit import Severity
from ecr_tui.service.audit_runner import AuditRow, RepositoryAudit, audit_repositories, rows_of

PARTNER = "111122223333"
PULL = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
NAMES = [f"team/app-{n:02}" for n in range(30)]
DENIED = "team/app-13"


def policy(principal: Any, actions: Any = PULL) -> str:
    statement = {"Sid": "S", "Effect": "Allow", "Principal": principal, "Action": actions}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def expected_checks(index: int) -> list[str]:
    """What repository `index` holds: public, cross-account, own-account or no policy."""
    return [["public"], ["cross-account"], [], []][index % 4]


@pytest.fixture
def repositories(ecr: Any) -> list[str]:
    for index, name in enumerate(NAMES):
        ecr.create_repository(repositoryName=name)
        principal = ["*", {"AWS": PARTNER}, {"AWS": "123456789012"}, None][index % 4]
        if principal is not None:
            ecr.set_repository_policy(repositoryName=name, policyText=policy(principal))
    return NAMES


class PolicyReads:
    """Wraps the ECR client's GetRepositoryPolicy: denies one repository, counts calls and
    how many run at once, and can hold callers until `hold_until` of them are inside."""

    def __init__(self, backend: Backend, hold_until: int = 0) -> None:
        self.original: Callable[..., Any] = backend.ecr.get_repository_policy
        self.lock = threading.Lock()
        self.calls: Counter[str] = Counter()
        self.running = 0
        self.peak = 0
        self.hold_until = hold_until
        self.full = threading.Event()

    def __call__(self, **arguments: Any) -> Any:
        name = arguments["repositoryName"]
        with self.lock:
            self.calls[name] += 1
            self.running += 1
            self.peak = max(self.peak, self.running)
            if self.running >= self.hold_until:
                self.full.set()
        try:
            assert self.full.wait(timeout=10), "the pool never ran enough readers at once"
            if name == DENIED:
                raise ClientError(
                    {
                        "Error": {
                            "Code": "AccessDeniedException",
                            "Message": "User: arn:aws:sts::123456789012:assumed-role/auditor/x "
                            "is not authorized to perform: ecr:GetRepositoryPolicy",
                        }
                    },
                    "GetRepositoryPolicy",
                )
            return self.original(**arguments)
        finally:
            with self.lock:
                self.running -= 1


@pytest.fixture
def reads(backend: Backend, monkeypatch: pytest.MonkeyPatch) -> PolicyReads:
    wrapper = PolicyReads(backend)
    monkeypatch.setattr(backend.ecr, "get_repository_policy", wrapper)
    return wrapper


def test_every_repository_is_audited_and_the_denied_one_is_reported(
    backend: Backend, repositories: list[str], reads: PolicyReads
) -> None:
    reported: list[RepositoryAudit] = []
    results = audit_repositories(
        backend, reversed(backend.list_repositories()), workers=4, on_result=reported.append
    )
    assert [r.repository.name for r in results] == sorted(NAMES)
    assert Counter(r.repository.name for r in reported) == Counter(NAMES)
    assert reads.calls == Counter(NAMES)
    for index, result in enumerate(results):
        assert result.region == "us-east-1"
        if result.repository.name == DENIED:
            assert result.findings == ()
            assert result.error is not None and "access denied" in result.error
            assert "ecr:GetRepositoryPolicy" in result.error
            assert result.worst is Severity.HIGH
        else:
            assert result.error is None
            assert [f.check for f in result.findings] == expected_checks(index)


def test_rows_list_the_unreadable_repository_and_only_repositories_with_findings(
    backend: Backend, repositories: list[str], reads: PolicyReads
) -> None:
    rows = rows_of(audit_repositories(backend, backend.list_repositories(), workers=8))
    public = [n for i, n in enumerate(NAMES) if expected_checks(i) == ["public"]]
    partner = [n for i, n in enumerate(NAMES) if expected_checks(i) == ["cross-account"]]
    partner.remove(DENIED)
    assert [row.repository for row in rows] == [*public, DENIED, *partner]
    assert rows[len(public)] == AuditRow(
        "us-east-1",
        DENIED,
        "",
        "unreadable",
        Severity.HIGH,
        rows[len(public)].message,
        "123456789012",
    )
    assert "access denied" in rows[len(public)].message
    assert rows[0].as_dict() == {
        "region": "us-east-1",
        "repository": public[0],
        "statement": "S",
        "check": "public",
        "severity": "critical",
        "message": "anyone on the internet (any AWS account) can pull",
        "account": "123456789012",
        "account_name": "",
        "source": "repository-policy",
    }


def test_trusted_accounts_reach_the_engine(
    backend: Backend, repositories: list[str], reads: PolicyReads
) -> None:
    results = audit_repositories(
        backend, backend.list_repositories(), trusted_accounts=[PARTNER], workers=4
    )
    assert not any(f.check == "cross-account" for r in results for f in r.findings)
    assert [r.repository.name for r in results if r.findings] == NAMES[::4]


@pytest.mark.parametrize("workers", [1, 3, 8])
def test_no_more_than_workers_policies_are_read_at_once(
    backend: Backend, repositories: list[str], reads: PolicyReads, workers: int
) -> None:
    reads.hold_until = workers
    results = audit_repositories(backend, backend.list_repositories(), workers=workers)
    assert len(results) == len(NAMES)
    assert reads.peak == workers


def test_cancelling_stops_early(
    backend: Backend, repositories: list[str], reads: PolicyReads
) -> None:
    stop = threading.Event()
    reported: list[RepositoryAudit] = []

    def report(result: RepositoryAudit) -> None:
        reported.append(result)
        stop.set()

    results = audit_repositories(
        backend, backend.list_repositories(), workers=2, on_result=report, cancelled=stop.is_set
    )
    assert results == reported
    assert len(results) == 1
    assert sum(reads.calls.values()) < len(NAMES)


def test_no_repositories_no_results(backend: Backend) -> None:
    assert audit_repositories(backend, []) == []
    assert rows_of([]) == []


def test_findings_of_statements_sharing_a_sid_say_which_statement(
    backend: Backend, ecr: Any
) -> None:
    shared = {"Sid": "Pull", "Effect": "Allow", "Action": PULL}
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {**shared, "Principal": {"AWS": PARTNER}},
            {**shared, "Principal": "*"},
            {**shared, "Sid": "Own", "Principal": {"AWS": "123456789012"}},
        ],
    }
    ecr.create_repository(repositoryName="team/shared")
    ecr.set_repository_policy(repositoryName="team/shared", policyText=json.dumps(document))
    rows = rows_of(audit_repositories(backend, backend.list_repositories(), workers=1))
    labels = {(row.check, row.statement) for row in rows}
    assert ("public", "#2 Pull") in labels
    assert ("cross-account", "#1 Pull") in labels
    assert not any(row.statement.endswith(" Own") for row in rows)
