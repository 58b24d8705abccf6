"""The CLI through click's CliRunner, against in-process moto."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from ecr_tui.cli import cli

REPO = "team/app"
ROLE = "arn:aws:iam::123456789012:role/ci/deployer"
PULL = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]

Invoke = Callable[..., Result]


@pytest.fixture
def run(aws: None) -> Invoke:
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(cli, ["--region", "us-east-1", *args], input=input)

    return invoke


@pytest.fixture
def repo(ecr: Any) -> str:
    ecr.create_repository(repositoryName=REPO)
    return REPO


def stored(ecr: Any, name: str = REPO) -> dict[str, Any] | None:
    try:
        return json.loads(ecr.get_repository_policy(repositoryName=name)["policyText"])
    except ecr.exceptions.RepositoryPolicyNotFoundException:
        return None


def test_show_without_policy_prints_an_empty_document(run: Invoke, repo: str) -> None:
    result = run("show", repo)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"Version": "2012-10-17", "Statement": []}


def test_show_prints_exactly_the_stored_document(run: Invoke, repo: str, ecr: Any) -> None:
    text = (
        '{"Version": "2008-10-17", "Statement": [{"Action": "ecr:BatchGetImage",'
        ' "Sid": "new statement", "Principal": {"AWS": "*"}, "Effect": "Allow"}]}'
    )
    ecr.set_repository_policy(repositoryName=repo, policyText=text)
    result = run("show", repo)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json.loads(text)
    assert list(json.loads(result.stdout)["Statement"][0]) == [
        "Action",
        "Sid",
        "Principal",
        "Effect",
    ]


def test_show_text_summarises_statements(run: Invoke, repo: str) -> None:
    run("add-statement", repo, "--sid", "Pull", "-p", "444455556666", "--actions", "pull", "--yes")
    result = run("show", repo, "--output", "text")
    assert result.exit_code == 0
    assert "Pull: Allow 444455556666 -> Pull only" in result.stdout


def test_show_text_keeps_the_iam_path_of_a_role(run: Invoke, repo: str) -> None:
    run("add-statement", repo, "--sid", "Ci", "-p", ROLE, "--actions", "pull", "--yes")
    result = run("show", repo, "--output", "text")
    assert result.exit_code == 0
    assert "Ci: Allow role/ci/deployer -> Pull only" in result.stdout


def test_add_statement_writes_the_console_shape(run: Invoke, repo: str, ecr: Any) -> None:
    result = run(
        "add-statement",
        repo,
        "--sid",
        "Pull",
        "-p",
        ROLE,
        "-p",
        "444455556666",
        "--actions",
        "pull",
        "--yes",
    )
    assert result.exit_code == 0, result.stderr
    assert stored(ecr) == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "Pull",
                "Effect": "Allow",
                "Principal": {"AWS": [ROLE, "arn:aws:iam::444455556666:root"]},
                "Action": PULL,
            }
        ],
    }


def test_add_statement_with_condition_and_service(run: Invoke, repo: str, ecr: Any) -> None:
    result = run(
        "add-statement",
        repo,
        "--sid",
        "LambdaPull",
        "-p",
        "lambda.amazonaws.com",
        "--actions",
        "BatchGetImage,ecr:GetDownloadUrlForLayer",
        "-c",
        "StringLike:aws:sourceArn=arn:aws:lambda:us-east-1:123456789012:function:*",
        "--yes",
    )
    assert result.exit_code == 0, result.stderr
    statement = stored(ecr)["Statement"][0]
    assert statement["Principal"] == {"Service": ["lambda.amazonaws.com"]}
    assert statement["Action"] == ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    assert statement["Condition"] == {
        "StringLike": {"aws:sourceArn": "arn:aws:lambda:us-east-1:123456789012:function:*"}
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sid", "Pull", "-p", "12345", "--actions", "pull"], "exactly 12 digits"),
        (
            ["--sid", "Pull", "-p", "arn:aws:iam::123:user/x", "--actions", "pull"],
            "not a principal",
        ),
        (["--sid", "Pull", "-p", "*", "--actions", "GetAuthorizationToken"], "account-level"),
        (["--sid", "Pull", "-p", "*", "--actions", "FlyToTheMoon"], "not a repository-level"),
        (["--sid", "new statement", "-p", "*", "--actions", "pull"], "letters and digits"),
        (["--sid", "Pull", "-p", "*", "--actions", "pull", "-c", "nonsense"], "OPERATOR:KEY=VALUE"),
        (["--sid", "Pull", "--actions", "pull"], "Missing option"),
        (["--sid", "Pull", "-p", "*", "--actions", "pull", "--effect", "allow"], "Invalid value"),
    ],
)
def test_bad_input_is_refused_with_one_line(
    run: Invoke, repo: str, ecr: Any, args: list[str], message: str
) -> None:
    result = run("add-statement", repo, *args, "--yes")
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert stored(ecr) is None


def test_a_sid_that_exists_is_refused(run: Invoke, repo: str, ecr: Any) -> None:
    run("add-statement", repo, "--sid", "Pull", "-p", "*", "--actions", "pull", "--yes")
    result = run("add-statement", repo, "--sid", "Pull", "-p", "*", "--actions", "all", "--yes")
    assert result.exit_code == 2
    assert "already has a statement with Sid 'Pull'" in result.stderr
    assert len(stored(ecr)["Statement"]) == 1


def test_remove_last_statement_deletes_the_policy(run: Invoke, repo: str, ecr: Any) -> None:
    run("add-statement", repo, "--sid", "Pull", "-p", "*", "--actions", "pull", "--yes")
    result = run("remove-statement", repo, "--sid", "Pull", "--yes")
    assert result.exit_code == 0, result.stderr
    assert "deleted" in result.stdout
    assert stored(ecr) is None


def test_remove_unknown_sid_is_nothing_to_do(run: Invoke, repo: str, ecr: Any) -> None:
    result = run("remove-statement", repo, "--sid", "Nope", "--yes")
    assert result.exit_code == 0, result.stderr
    assert "no statement with Sid 'Nope'; nothing to do" in result.stdout
    assert stored(ecr) is None


def test_apply_keeps_odd_sids_with_a_warning(run: Invoke, repo: str, ecr: Any) -> None:
    document = {
        "Version": "2008-10-17",
        "Statement": [
            {
                "Sid": "new statement",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "ecr:BatchGetImage",
            }
        ],
    }
    result = run("apply", repo, "-", "--yes", input=json.dumps(document))
    assert result.exit_code == 0, result.stderr
    assert "warning" in result.stderr and "new statement" in result.stderr
    assert stored(ecr) == document


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[]", "top level must be a JSON object"),
        (
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Effect": "Deny",'
            ' "Principal": "*", "Action": "ecr:*"}]}',
            "appears twice",
        ),
        (
            '{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Principal": "*",'
            ' "Action": "ecr:*"}]}',
            "exactly Allow or Deny",
        ),
        (
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",'
            ' "Action": "ecr:*", "Resource": "*"}]}',
            "Resource",
        ),
        (
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecr:*"}]}',
            "no Principal",
        ),
    ],
)
def test_apply_refuses_bad_documents(
    run: Invoke, repo: str, ecr: Any, text: str, message: str
) -> None:
    result = run("apply", repo, "-", "--yes", input=text)
    assert result.exit_code == 2
    assert message in result.stderr
    assert stored(ecr) is None


def test_apply_refuses_an_oversized_policy(run: Invoke, repo: str, ecr: Any) -> None:
    accounts = [f"{n:012d}" for n in range(1, 800)]
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "Many",
                "Effect": "Allow",
                "Principal": {"AWS": accounts},
                "Action": "ecr:BatchGetImage",
            }
        ],
    }
    result = run("apply", repo, "-", "--yes", input=json.dumps(document))
    assert result.exit_code == 2
    assert "at most 10,240" in result.stderr
    assert stored(ecr) is None


def test_missing_repository_is_an_aws_error(run: Invoke, aws: None) -> None:
    result = run("show", "does-not-exist")
    assert result.exit_code == 4
    assert "does not exist" in result.stderr


def test_read_only_refuses_every_write(run: Invoke, repo: str, ecr: Any) -> None:
    """Each write is refused once its input is read, with a backup there to restore."""
    saved = run("add-statement", repo, "--sid", "A", "-p", "*", "--actions", "pull", "--yes")
    assert saved.exit_code == 0, saved.stderr
    before = stored(ecr)
    runner = CliRunner()
    for args in (
        ["add-statement", repo, "--sid", "B", "-p", "*", "--actions", "pull", "--yes"],
        ["remove-statement", repo, "--sid", "A", "--yes"],
        ["apply", repo, "-", "--yes"],
        ["restore", repo, "--yes"],
    ):
        result = runner.invoke(cli, ["--region", "us-east-1", "--read-only", *args], input="{}")
        assert result.exit_code == 2, args
        assert "read-only mode: refusing to write; nothing was changed" in result.stderr
    assert stored(ecr) == before


def test_read_only_refuses_a_write_to_many_repositories_before_planning(
    run: Invoke, repo: str, ecr: Any
) -> None:
    ecr.create_repository(repositoryName="team/other")
    runner = CliRunner()
    statement = ["--sid", "B", "-p", "*", "--actions", "pull", "--yes"]
    for targets in ([repo, "team/other"], ["--match", "*"]):
        for command in ("add-statement", "remove-statement"):
            options = statement if command == "add-statement" else ["--sid", "B", "--yes"]
            args = ["--region", "us-east-1", "--read-only", command, *targets, *options]
            result = runner.invoke(cli, args)
            assert result.exit_code == 2, (args, result.stderr)
            assert (
                result.stderr == "ecr-tui: read-only mode: refusing to write; nothing was changed\n"
            )
            assert result.stdout == ""
    assert stored(ecr) is None
    assert "policyText" not in _policy_or_empty(ecr, "team/other")


def test_without_a_terminal_writes_need_yes(run: Invoke, repo: str, ecr: Any) -> None:
    result = run("add-statement", repo, "--sid", "Pull", "-p", "*", "--actions", "pull")
    assert result.exit_code == 2
    assert "--yes" in result.stderr
    assert stored(ecr) is None


def test_on_a_terminal_the_diff_is_shown_and_asked(
    run: Invoke, repo: str, ecr: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ecr_tui.cli.writes._interactive", lambda: True)
    declined = run(
        "add-statement", repo, "--sid", "Pull", "-p", "*", "--actions", "pull", input="n\n"
    )
    assert declined.exit_code == 2
    assert '+      "Sid": "Pull",' in declined.stderr
    assert stored(ecr) is None
    accepted = run(
        "add-statement", repo, "--sid", "Pull", "-p", "*", "--actions", "pull", input="y\n"
    )
    assert accepted.exit_code == 0
    assert stored(ecr)["Statement"][0]["Sid"] == "Pull"


LAMBDA_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "LambdaECRImageRetrievalPolicy",
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "ecr:BatchGetImage",
        }
    ],
}


@pytest.fixture
def other_writer_before_the_write(ecr: Any, repo: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another writer sets LAMBDA_POLICY between the program's last read and its write."""
    from ecr_tui.service import saving as save

    real_validate = save.validate_document

    def validate_then_other_writer(*args: Any, **kwargs: Any) -> Any:
        ecr.set_repository_policy(repositoryName=repo, policyText=json.dumps(LAMBDA_POLICY))
        return real_validate(*args, **kwargs)

    monkeypatch.setattr(save, "validate_document", validate_then_other_writer)


@pytest.mark.usefixtures("other_writer_before_the_write")
def test_an_added_statement_is_re_applied_onto_another_writers_change(
    run: Invoke, repo: str, ecr: Any
) -> None:
    result = run("add-statement", repo, "--sid", "Pull", "-p", "*", "--actions", "pull", "--yes")
    assert result.exit_code == 0, result.stderr
    assert "re-applied onto theirs" in result.stderr
    assert [s["Sid"] for s in stored(ecr)["Statement"]] == ["LambdaECRImageRetrievalPolicy", "Pull"]


@pytest.mark.usefixtures("other_writer_before_the_write")
def test_a_whole_document_over_another_writers_change_exits_3_and_keeps_theirs(
    run: Invoke, repo: str, ecr: Any, tmp_path: Path
) -> None:
    mine = tmp_path / "policy.json"
    mine.write_text(
        json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {"Sid": "Pull", "Effect": "Allow", "Principal": "*", "Action": "ecr:*"}
                ],
            }
        )
    )
    result = run("apply", repo, str(mine), "--yes")
    assert result.exit_code == 3
    assert "someone else changed" in result.stderr
    assert stored(ecr) == LAMBDA_POLICY


def test_restore_puts_back_the_previous_policy(
    run: Invoke, repo: str, ecr: Any, state_dir: Path
) -> None:
    run("add-statement", repo, "--sid", "First", "-p", "*", "--actions", "pull", "--yes")
    first = stored(ecr)
    run("add-statement", repo, "--sid", "Second", "-p", "*", "--actions", "all", "--yes")
    listing = run("restore", repo, "--list")
    assert listing.exit_code == 0
    assert len(listing.stdout.strip().splitlines()) == 2
    result = run("restore", repo, "--yes")
    assert result.exit_code == 0, result.stderr
    assert stored(ecr) == first
    assert any(state_dir.rglob("*.json"))


def test_restore_without_backups_is_bad_input(run: Invoke, repo: str) -> None:
    result = run("restore", repo, "--yes")
    assert result.exit_code == 2
    assert "no any backup" not in result.stderr
    assert "restore --list" in result.stderr


def test_listing_no_backups_says_so_and_prints_nothing(run: Invoke, repo: str) -> None:
    result = run("restore", repo, "--list")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.startswith(f"ecr-tui: there is no backup of {repo!r} in ")


def test_a_condition_without_a_key_is_bad_input(run: Invoke, repo: str, ecr: Any) -> None:
    result = run(
        "add-statement",
        repo,
        "--sid",
        "Ok1",
        "-p",
        "*",
        "--actions",
        "pull",
        "-c",
        "ForAnyValue:StringEquals=x",
        "--yes",
    )
    assert result.exit_code == 2
    assert "has no key" in result.stderr
    assert stored(ecr) is None


def test_a_write_that_makes_a_repository_public_warns_even_with_yes(
    run: Invoke, repo: str, ecr: Any
) -> None:
    result = run("add-statement", repo, "--sid", "Pub", "-p", "*", "--actions", "pull", "--yes")
    assert result.exit_code == 0, result.stderr
    assert "warning: new critical: Pub: anyone on the internet" in result.stderr


def test_a_write_that_lets_another_account_in_says_so_as_the_save_dialog_does(
    run: Invoke, repo: str, ecr: Any
) -> None:
    args = ("add-statement", repo, "--sid", "Partner", "-p", "444455556666", "--actions", "pull")
    result = run(*args, "--yes")
    assert result.exit_code == 0, result.stderr
    assert "warning: new medium: Partner: account 444455556666 can pull" in result.stderr


def test_an_invalid_repository_name_is_bad_input(run: Invoke, aws: None) -> None:
    result = run("show", "x")
    assert result.exit_code == 2
    assert "is not a repository name" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_show_prints_a_document_with_duplicate_keys_as_stored(
    run: Invoke, repo: str, ecr: Any
) -> None:
    text = (
        '{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", '
        '"Effect": "Deny", "Principal": "*", "Action": "ecr:BatchGetImage"}]}'
    )
    ecr.set_repository_policy(repositoryName=repo, policyText=text)
    result = run("show", repo)
    assert result.exit_code == 0
    assert result.stdout.strip() == text
    assert "appears twice" in result.stderr


def _policy_or_empty(ecr: Any, name: str) -> dict[str, Any]:
    try:
        return dict(ecr.get_repository_policy(repositoryName=name))
    except ecr.exceptions.RepositoryPolicyNotFoundException:
        return {}
