"""`ecr-tui registry ...` through click's CliRunner, against moto with the registry policy
served as V2 ECR keeps it (the tests' AWS-behaviour layer): what each command prints, what
the registry holds afterwards, and the exit codes."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3
import pytest
from aws_rewrites import RegistryLikeAws, serve_registry_in_every_client
from click.testing import CliRunner, Result

from ecr_tui.cli import cli

OWN = "123456789012"
PARTNER = "444455556666"
ARN = f"arn:aws:ecr:us-east-1:{OWN}:repository/"
PULL = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
REPLICATION = {
    "Sid": "Replication",
    "Effect": "Allow",
    "Principal": {"AWS": f"arn:aws:iam::{PARTNER}:root"},
    "Action": ["ecr:ReplicateImage", "ecr:CreateRepository"],
    "Resource": ARN + "*",
}
POLICY = {"Version": "2012-10-17", "Statement": [REPLICATION]}

Invoke = Callable[..., Result]


@pytest.fixture
def registry(aws: None, monkeypatch: pytest.MonkeyPatch) -> RegistryLikeAws:
    served = serve_registry_in_every_client(monkeypatch)
    ecr = boto3.client("ecr", region_name="us-east-1")
    for name in ("prod-api", "prod-web", "dev-api"):
        ecr.create_repository(repositoryName=name)
    return served


@pytest.fixture
def run(registry: RegistryLikeAws) -> Invoke:
    def invoke(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(cli, ["--region", "us-east-1", *args], input=input)

    return invoke


def held(registry: RegistryLikeAws) -> dict[str, Any] | None:
    text = registry.policies.get("us-east-1")
    return None if text is None else json.loads(text)


def writes(registry: RegistryLikeAws) -> list[str]:
    return [c for c in registry.calls if c in ("PutRegistryPolicy", "DeleteRegistryPolicy")]


def test_show_without_a_policy_prints_the_empty_document(run: Invoke) -> None:
    result = run("registry", "show")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {"Version": "2012-10-17", "Statement": []}


def test_show_prints_exactly_the_document_and_answers_a_query(
    run: Invoke, registry: RegistryLikeAws
) -> None:
    registry.put("us-east-1", POLICY)
    assert json.loads(run("registry", "show").stdout) == POLICY
    queried = run("registry", "show", "--query", "Statement[].Sid")
    assert json.loads(queried.stdout) == ["Replication"]


def test_show_text_lists_the_repositories_each_statement_reaches(
    run: Invoke, registry: RegistryLikeAws
) -> None:
    pull = {**REPLICATION, "Sid": "ProdPull", "Action": PULL, "Resource": ARN + "prod-*"}
    registry.put("us-east-1", {**POLICY, "Statement": [REPLICATION, pull]})
    result = run("registry", "show", "-o", "text")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1].startswith("Scope V2")
    assert f"  Replication: Allow {PARTNER} -> " in result.stdout
    assert "    on *: reaches 3 repositories: dev-api, prod-api, prod-web" in lines
    assert "    on prod-*: reaches 2 repositories: prod-api, prod-web" in lines


def test_add_statement_turns_patterns_into_repository_arns(
    run: Invoke, registry: RegistryLikeAws
) -> None:
    result = run("registry", "add-statement", "--sid", "All", "-p", PARTNER, "-a", "pull", "-y")
    assert result.exit_code == 0, result.stderr
    assert "Saved the registry policy (1 statement; backup" in result.stdout
    assert held(registry)["Statement"] == [
        {
            "Sid": "All",
            "Effect": "Allow",
            "Principal": {"AWS": [f"arn:aws:iam::{PARTNER}:root"]},
            "Action": PULL,
            "Resource": ARN + "*",
        }
    ]
    two = ("-r", "prod-*", "--repositories", "team/*")
    result = run(
        "registry", "add-statement", "--sid", "Two", "-p", PARTNER, "-a", "pull", *two, "-y"
    )
    assert result.exit_code == 0, result.stderr
    assert held(registry)["Statement"][1]["Resource"] == [ARN + "prod-*", ARN + "team/*"]


@pytest.mark.parametrize(
    ("preset", "actions"),
    [
        ("replication", ["ecr:ReplicateImage", "ecr:CreateRepository"]),
        ("pull-through-cache", ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"]),
        ("push-pull", [*PULL, "ecr:PutImage"]),
        ("all", ["ecr:*"]),
        ("replicateimage,BatchGetImage", ["ecr:ReplicateImage", "ecr:BatchGetImage"]),
    ],
)
def test_action_presets(
    run: Invoke, registry: RegistryLikeAws, preset: str, actions: list[str]
) -> None:
    result = run("registry", "add-statement", "--sid", "S", "-p", PARTNER, "-a", preset, "--yes")
    assert result.exit_code == 0, result.stderr
    written = held(registry)["Statement"][0]["Action"]
    assert written[: len(actions)] == actions if preset == "push-pull" else written == actions


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (("-p", PARTNER, "-a", "GetAuthorizationToken"), "account-level action"),
        (("-p", "44445555666", "-a", "pull"), "account ids have exactly 12 digits"),
        (("-p", PARTNER, "-a", "pull", "-r", "prod api"), "is not a repository pattern"),
        (("-p", PARTNER, "-a", "s3:GetObject"), "is not an ECR action"),
        (("--sid", "Replication", "-p", "111122223333", "-a", "pull"), "already has a statement"),
        (("--sid", "Bad-Sid", "-p", PARTNER, "-a", "pull"), "only letters and digits"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(
    run: Invoke, registry: RegistryLikeAws, arguments: tuple[str, ...], said: str
) -> None:
    registry.put("us-east-1", POLICY)
    sid = () if "--sid" in arguments else ("--sid", "New")
    result = run("registry", "add-statement", *sid, *arguments, "--yes")
    assert result.exit_code == 2
    assert said in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.output
    assert held(registry) == POLICY
    assert writes(registry) == []


@pytest.mark.parametrize(
    ("resource", "said"),
    [
        (None, "needs a Resource"),
        ("arn:aws:ecr:us-east-1:111122223333:repository/*", "not a repository ARN of this"),
        ("arn:aws:ecr:eu-west-1:123456789012:repository/*", "not a repository ARN of this"),
        ("*", "not a repository ARN of this registry"),
    ],
)
def test_apply_refuses_a_resource_outside_this_registry(
    run: Invoke, registry: RegistryLikeAws, tmp_path: Path, resource: str | None, said: str
) -> None:
    statement = {k: v for k, v in REPLICATION.items() if k != "Resource"}
    if resource is not None:
        statement["Resource"] = resource
    path = tmp_path / "policy.json"
    path.write_text(json.dumps({"Version": "2012-10-17", "Statement": [statement]}))
    result = run("registry", "apply", str(path), "--yes")
    assert result.exit_code == 2
    assert said in result.stderr
    assert held(registry) is None
    assert writes(registry) == []


def test_apply_from_stdin_writes_the_document(run: Invoke, registry: RegistryLikeAws) -> None:
    result = run("registry", "apply", "-", "--yes", input=json.dumps(POLICY))
    assert result.exit_code == 0, result.stderr
    assert held(registry) == POLICY


def test_removing_the_last_statement_deletes_the_policy(
    run: Invoke, registry: RegistryLikeAws
) -> None:
    registry.put("us-east-1", POLICY)
    result = run("registry", "remove-statement", "--sid", "Replication", "--yes")
    assert result.exit_code == 0, result.stderr
    assert "had no statements left and was deleted" in result.stdout
    assert held(registry) is None
    assert writes(registry) == ["DeleteRegistryPolicy"]


def test_removing_an_unknown_sid_is_nothing_to_do(run: Invoke, registry: RegistryLikeAws) -> None:
    registry.put("us-east-1", POLICY)
    result = run("registry", "remove-statement", "--sid", "Nope", "--yes")
    assert result.exit_code == 0
    assert "no statement with Sid 'Nope'" in result.stdout
    assert writes(registry) == []


def test_read_only_refuses_every_write(
    run: Invoke, registry: RegistryLikeAws, tmp_path: Path
) -> None:
    """Each write is refused once its input is read, with a backup there to restore."""
    registry.put("us-east-1", POLICY)
    saved = run("registry", "add-statement", "--sid", "New", "-p", PARTNER, "-a", "pull", "--yes")
    assert saved.exit_code == 0, saved.stderr
    before, written = held(registry), writes(registry)
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(POLICY))
    for command in (
        ("add-statement", "--sid", "Other", "-p", PARTNER, "-a", "pull", "--yes"),
        ("remove-statement", "--sid", "Replication", "--yes"),
        ("apply", str(path), "--yes"),
        ("restore", "--yes"),
    ):
        result = CliRunner().invoke(cli, ["--read-only", "registry", *command])
        assert result.exit_code == 2, command
        assert "read-only mode" in result.stderr
    assert held(registry) == before
    assert writes(registry) == written


def test_without_a_terminal_a_write_needs_yes(run: Invoke, registry: RegistryLikeAws) -> None:
    result = run("registry", "add-statement", "--sid", "New", "-p", PARTNER, "-a", "pull")
    assert result.exit_code == 2
    assert "pass --yes" in result.stderr
    assert writes(registry) == []


def test_under_scope_v1_a_v2_only_grant_warns(run: Invoke, registry: RegistryLikeAws) -> None:
    registry.scope = "V1"
    result = run("registry", "add-statement", "--sid", "Pull", "-p", PARTNER, "-a", "pull", "-y")
    assert result.exit_code == 0, result.stderr
    assert "would have no effect: under registry policy scope V1" in result.stderr
    assert held(registry)["Statement"][0]["Sid"] == "Pull"
    quiet = run(
        "registry", "add-statement", "--sid", "Rep", "-p", PARTNER, "-a", "replication", "-y"
    )
    assert quiet.exit_code == 0, quiet.stderr
    assert "statement 'Pull': " in quiet.stderr
    assert "statement 'Rep'" not in quiet.stderr


def test_an_unreadable_scope_warns_about_grants_only_v2_enforces(
    run: Invoke, registry: RegistryLikeAws
) -> None:
    registry.scope = None
    result = run("registry", "add-statement", "--sid", "Pull", "-p", PARTNER, "-a", "pull", "-y")
    assert result.exit_code == 0, result.stderr
    assert "statement 'Pull': the registry policy scope could not be read (" in result.stderr
    assert "under V1 only ecr:ReplicateImage" in result.stderr
    assert held(registry)["Statement"][0]["Sid"] == "Pull"
    quiet = run(
        "registry", "add-statement", "--sid", "Rep", "-p", PARTNER, "-a", "replication", "-y"
    )
    assert quiet.exit_code == 0, quiet.stderr
    assert "scope could not be read" not in quiet.stderr


@pytest.fixture
def other_writer_first(registry: RegistryLikeAws, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another writer puts POLICY between the command's read and the save's own read."""
    from ecr_tui.aws import policy_target

    real = policy_target.validate_registry_document

    def validate_then_other_writer(*args: Any, **kwargs: Any) -> Any:
        registry.put("us-east-1", POLICY)
        return real(*args, **kwargs)

    monkeypatch.setattr(policy_target, "validate_registry_document", validate_then_other_writer)


@pytest.mark.usefixtures("other_writer_first")
def test_an_added_statement_is_re_applied_onto_another_writers_change(
    run: Invoke, registry: RegistryLikeAws
) -> None:
    result = run("registry", "add-statement", "--sid", "Pull", "-p", PARTNER, "-a", "pull", "-y")
    assert result.exit_code == 0, result.stderr
    assert "re-applied onto theirs" in result.stderr
    assert [s["Sid"] for s in held(registry)["Statement"]] == ["Replication", "Pull"]


@pytest.mark.usefixtures("other_writer_first")
def test_a_whole_document_over_another_writers_change_exits_3(
    run: Invoke, registry: RegistryLikeAws
) -> None:
    mine = {**POLICY, "Statement": [{**REPLICATION, "Sid": "Mine", "Resource": ARN + "prod-*"}]}
    result = run("registry", "apply", "-", "--yes", input=json.dumps(mine))
    assert result.exit_code == 3
    assert "someone else changed the registry policy" in result.stderr
    assert held(registry) == POLICY
    assert writes(registry) == []


def test_a_write_the_live_policy_does_not_show_is_not_reported_saved(
    run: Invoke, registry: RegistryLikeAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The write is confirmed by reading the policy back: one that never lands is a conflict."""
    registry.put("us-east-1", POLICY)
    kept = dict(registry.policies)
    monkeypatch.setattr(registry, "policies", _Forgetful(kept))
    result = run("registry", "add-statement", "--sid", "Pull", "-p", PARTNER, "-a", "pull", "-y")
    assert result.exit_code == 3
    assert "is not in the live registry policy" in result.stderr
    assert "Saved" not in result.stdout


class _Forgetful(dict):  # type: ignore[type-arg]
    """A registry store whose writes never land."""

    def __setitem__(self, key: Any, value: Any) -> None:
        return


def test_a_backup_is_kept_private_and_restore_puts_it_back(
    run: Invoke, registry: RegistryLikeAws, state_dir: Path
) -> None:
    registry.put("us-east-1", POLICY)
    result = run("registry", "add-statement", "--sid", "Pull", "-p", PARTNER, "-a", "pull", "-y")
    assert result.exit_code == 0, result.stderr
    [backup] = (state_dir / "backups" / OWN / "us-east-1" / "(registry)").glob("*.json")
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert json.loads(backup.read_text()) == POLICY
    listed = run("registry", "restore", "--list")
    assert listed.stdout.startswith(backup.stem) and "1 statement" in listed.stdout
    restored = run("registry", "restore", "--yes")
    assert restored.exit_code == 0, restored.stderr
    assert held(registry) == POLICY


def test_a_repository_backup_is_never_restored_as_the_registry_policy(
    run: Invoke, registry: RegistryLikeAws
) -> None:
    ecr = boto3.client("ecr", region_name="us-east-1")
    ecr.set_repository_policy(repositoryName="prod-api", policyText=json.dumps(POLICY))
    run("remove-statement", "prod-api", "--sid", "Replication", "--yes")
    result = run("registry", "restore", "--yes")
    assert result.exit_code == 2
    assert "no backup of the registry policy" in result.stderr
    assert writes(registry) == []
