"""`ecr-tui --demo registry ...` as a person runs it: a real process on the demo backend,
whose registry policy the demo serves as V2 ECR does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ecr_tui.aws.demo import DEMO_ACCOUNT_ID
from ecr_tui.aws.demo_seed_registry import DATA_SCIENCE_ACCOUNT


def run_program(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    return subprocess.run(
        [sys.executable, "-m", "ecr_tui", "--demo", "--region", "us-east-1", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_show_text_on_the_demo_names_the_repositories_each_grant_reaches() -> None:
    result = run_program("registry", "show", "--output", "text")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert f"DataSciencePullMl: Allow {DATA_SCIENCE_ACCOUNT} -> Pull only" in result.stdout
    assert (
        "    on ml/*: reaches 2 repositories: ml/feature-store, ml/inference-gpu" in result.stdout
    )


def test_a_pull_grant_on_a_prefix_is_written_with_this_registrys_arn(state_dir: Path) -> None:
    result = run_program(
        "registry", "add-statement", "--sid", "ProdPull", "-p", "444455556666",
        "-a", "pull", "--repositories", "prod-*", "--yes",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Saved the registry policy (3 statements; backup 20" in result.stdout
    assert not list(state_dir.rglob("*.json"))


def test_an_account_level_action_in_a_subprocess_is_one_line_and_exit_2() -> None:
    result = run_program(
        "registry", "add-statement", "--sid", "Token", "-p", "444455556666",
        "-a", "ecr:GetAuthorizationToken", "--yes",
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "account-level action" in result.stderr


def test_show_json_on_the_demo_is_the_document() -> None:
    document = json.loads(run_program("registry", "show").stdout)
    arn = f"arn:aws:ecr:us-east-1:{DEMO_ACCOUNT_ID}:repository/"
    assert [s["Resource"] for s in document["Statement"]] == [arn + "*", arn + "ml/*"]
