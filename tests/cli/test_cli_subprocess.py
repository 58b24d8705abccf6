"""The installed program as a person runs it: a real process on the demo backend."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ecr_tui.aws.demo import DEMO_ACCOUNT_ID
from ecr_tui.aws.demo_seed import PUBLIC_REPOSITORY
from ecr_tui.aws.demo_seed_registry import DATA_SCIENCE_ACCOUNT, REPLICATION_SOURCE_ACCOUNT


def run_program(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    return subprocess.run(
        [sys.executable, "-m", "ecr_tui", "--demo", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_show_on_the_demo_prints_the_document_and_nothing_else() -> None:
    result = run_program("show", PUBLIC_REPOSITORY)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    document = json.loads(result.stdout)
    assert document["Statement"][0]["Principal"] == "*"


def test_a_write_in_a_subprocess_succeeds_and_keeps_the_demos_backup_out_of_the_state_dir(
    state_dir: Path,
) -> None:
    result = run_program(
        "add-statement",
        "payments/api",
        "--sid",
        "AuditorsPull",
        "-p",
        "111122223333",
        "--actions",
        "pull",
        "--yes",
    )
    assert result.returncode == 0, result.stderr
    assert "Saved the policy of 'payments/api'" in result.stdout
    assert "; backup 20" in result.stdout
    assert not list(state_dir.rglob("*.json"))


def test_bad_input_in_a_subprocess_is_one_line_and_exit_2() -> None:
    result = run_program(
        "add-statement", "payments/api", "--sid", "X", "-p", "12", "--actions", "pull"
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "exactly 12 digits" in result.stderr
    assert "Traceback" not in result.stderr


def test_audit_fails_on_critical_in_the_demo() -> None:
    result = run_program("audit", "--fail-on", "critical", "--output", "json")
    assert result.returncode == 1, result.stderr
    rows = json.loads(result.stdout)
    assert {"repository": PUBLIC_REPOSITORY, "check": "public"}.items() <= rows[0].items()


def test_the_demo_audit_shows_who_the_registry_policy_lets_in() -> None:
    result = run_program("--region", "us-east-1", "audit", "--output", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    from_registry = {
        (r["repository"], r["statement"], r["check"], r["severity"])
        for r in rows
        if r["source"] == "registry-policy"
    }
    # both accounts are outside the demo's organisation, so the boundary ranks them HIGH
    assert from_registry == {
        ("(registry)", "ReplicationFromBuildAccount", "cross-account", "high"),
        ("ml/feature-store", "DataSciencePullMl", "cross-account", "high"),
        ("ml/inference-gpu", "DataSciencePullMl", "cross-account", "high"),
    }
    pull = next(
        r
        for r in rows
        if r["repository"] == "ml/feature-store" and r["source"] == "registry-policy"
    )
    assert pull["message"] == f"account {DATA_SCIENCE_ACCOUNT} can pull (outside the organisation)"
    assert pull["account"] == DEMO_ACCOUNT_ID
    replication = next(r for r in rows if r["repository"] == "(registry)")
    assert replication["message"].startswith(f"account {REPLICATION_SOURCE_ACCOUNT} can replicate")
    assert replication["message"].endswith("(outside the organisation)")
    assert replication["account"] == DEMO_ACCOUNT_ID
