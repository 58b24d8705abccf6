"""Text from a stored policy that tries to drive the terminal reaches no CLI output raw."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from click.testing import CliRunner, Result

from ecr_tui.cli import cli

REPO = "team/app"
OSC52_COPY = "\x1b]52;c;aGFja2VkIQ==\x07"
CLEAR_SCREEN = "\x1b[2J"
HOSTILE_SID = f"Pull{OSC52_COPY}{CLEAR_SCREEN}"
HOSTILE_ORG = f"o-{CLEAR_SCREEN}abc{OSC52_COPY}"
C1_AND_BIDI = "\x9b2J\u202egnp.exe\x7f"
RAW_CONTROLS = ("\x1b", "\x07", "\x9b", "\u202e", "\x7f")
PUSH = ["ecr:BatchGetImage", "ecr:PutImage", "ecr:InitiateLayerUpload"]

Invoke = Callable[..., Result]


def hostile_policy() -> dict[str, Any]:
    statement = {
        "Sid": HOSTILE_SID,
        "Effect": "Allow",
        "Principal": "*",
        "Action": PUSH,
        "Condition": {"StringEquals": {"aws:PrincipalOrgID": HOSTILE_ORG}},
    }
    other = {
        "Sid": f"Other{C1_AND_BIDI}",
        "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
        "Action": "ecr:BatchGetImage",
    }
    return {"Version": "2012-10-17", "Statement": [statement, other]}


@pytest.fixture
def run(aws: None) -> Invoke:
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(cli, ["--region", "us-east-1", *args])

    return invoke


@pytest.fixture
def hostile(ecr: Any) -> dict[str, Any]:
    document = hostile_policy()
    ecr.create_repository(repositoryName=REPO)
    ecr.set_repository_policy(repositoryName=REPO, policyText=json.dumps(document))
    return document


def assert_no_raw_controls(text: str) -> None:
    for character in RAW_CONTROLS:
        assert character not in text, f"{character!r} reached the output: {text!r}"


def test_show_text_writes_the_controls_visibly(run: Invoke, hostile: dict[str, Any]) -> None:
    result = run("show", REPO, "--output", "text")
    assert result.exit_code == 0, result.stderr
    assert_no_raw_controls(result.stdout + result.stderr)
    assert "Pull\\x1b]52;c;aGFja2VkIQ==\\x07\\x1b[2J" in result.stdout
    assert "Other\\x9b2J\\u202egnp.exe\\x7f" in result.stdout


def test_show_json_is_exactly_the_document_with_escapes(
    run: Invoke, hostile: dict[str, Any]
) -> None:
    result = run("show", REPO)
    assert result.exit_code == 0, result.stderr
    assert_no_raw_controls(result.stdout)
    assert json.loads(result.stdout) == hostile
    assert "\\u001b]52;c;" in result.stdout


def test_show_json_of_a_document_printed_as_stored_escapes_controls(run: Invoke, ecr: Any) -> None:
    stored = (
        '{"Version": "2012-10-17", "Version": "2012-10-17", "Statement": '
        f'[{{"Sid": "Dup{C1_AND_BIDI}", "Effect": "Allow", "Principal": "*", '
        '"Action": "ecr:BatchGetImage"}]}'
    )
    ecr.create_repository(repositoryName=REPO)
    ecr.set_repository_policy(repositoryName=REPO, policyText=stored)
    result = run("show", REPO)
    assert result.exit_code == 0, result.stderr
    assert "printed as stored" in result.stderr
    assert_no_raw_controls(result.stdout + result.stderr)
    assert json.loads(result.stdout) == json.loads(stored)


@pytest.mark.parametrize("output", ["table", "csv"])
def test_audit_writes_the_controls_visibly(
    run: Invoke, hostile: dict[str, Any], output: str
) -> None:
    result = run("audit", "--output", output)
    assert result.exit_code == 0, result.stderr
    assert_no_raw_controls(result.stdout + result.stderr)
    assert "Pull\\x1b]52;c;aGFja2VkIQ==\\x07\\x1b[2J" in result.stdout


def test_audit_csv_cells_hold_the_visible_text(run: Invoke, hostile: dict[str, Any]) -> None:
    rows = list(csv.DictReader(io.StringIO(run("audit", "--output", "csv").stdout)))
    assert {row["statement"] for row in rows} >= {"Pull\\x1b]52;c;aGFja2VkIQ==\\x07\\x1b[2J"}


def test_audit_json_keeps_the_exact_text_as_json_escapes(
    run: Invoke, hostile: dict[str, Any]
) -> None:
    result = run("audit", "--output", "json")
    assert result.exit_code == 0, result.stderr
    assert_no_raw_controls(result.stdout)
    assert HOSTILE_SID in {row["statement"] for row in json.loads(result.stdout)}
