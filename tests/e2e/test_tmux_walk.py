"""The real program in a real terminal: `ecr-tui --demo` in tmux at 80x24, driven by keys
alone, with the saved policy read back through boto3 while the program still runs: the
console's walk, then paging, a Deny chosen by arrow keys, and Ctrl+Q over unsaved edits."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest

from ecr_tui.aws.demo import DEMO_CREDENTIALS, LOOPBACK, PORT_VARIABLE, PROXY_VARIABLES
from ecr_tui.aws.demo_seed import REPOSITORIES
from ecr_tui.policy.actions import PULL_ONLY

ROOT = Path(__file__).resolve().parents[2]
WIDTH, HEIGHT = 80, 24
REGION = "us-east-1"
REPOSITORY = "payments/ledger"
SID = "LedgerAuditPull"
ACCOUNT = "777788889999"
# A loaded two-core machine may take a while to import moto and seed the demo.
START_TIMEOUT = 60.0
STEP_TIMEOUT = 30.0
POLL_SECONDS = 0.1
RECORD_EXIT_STATUS = 'status_file=$1; shift; "$@"; echo "$?" > "$status_file"'


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


@dataclass
class Terminal:
    """One tmux session on a private server, read and typed into like a person would."""

    server: str
    session: str
    env: dict[str, str]
    exit_status: Path

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.server, *args],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=STEP_TIMEOUT,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"tmux {args[0]} failed: {result.stderr.strip()}")
        return result.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session)

    def press(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.session, *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", self.session, "-l", text)

    def pane(self, field: str) -> str:
        return self.tmux("display-message", "-p", "-t", self.session, f"#{{{field}}}").strip()

    def wait_for(self, pattern: str, timeout: float = STEP_TIMEOUT) -> str:
        """Poll the screen until `pattern` (a regular expression) shows; fail with the screen."""
        return self._wait(
            lambda screen: bool(re.search(pattern, screen, re.MULTILINE)),
            f"{pattern!r} never showed",
            timeout,
        )

    def wait_gone(self, pattern: str, timeout: float = STEP_TIMEOUT) -> str:
        """Poll until `pattern` no longer shows (a dialog has closed)."""
        return self._wait(
            lambda screen: not re.search(pattern, screen, re.MULTILINE),
            f"{pattern!r} never went away",
            timeout,
        )

    def wait_for_cursor_on(self, pattern: str, timeout: float = STEP_TIMEOUT) -> str:
        """Poll until the terminal cursor is on the line matching `pattern`.

        The cursor follows the focused text box, so this is how a key that moves the focus
        is known to have been handled: keys sent before that may reach the old widget.
        """

        def cursor_on_line(screen: str) -> bool:
            lines = screen.splitlines()
            row = int(self.pane("cursor_y"))
            return row < len(lines) and re.search(pattern, lines[row]) is not None

        return self._wait(cursor_on_line, f"the cursor never reached {pattern!r}", timeout)

    def _wait(self, ready: Callable[[str], bool], failure: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if ready(screen):
                return screen
            if self.pane("pane_dead") == "1" or time.monotonic() > deadline:
                pytest.fail(f"{failure} on the screen:\n{screen}")
            time.sleep(POLL_SECONDS)

    def wait_until_exited(self, timeout: float = STEP_TIMEOUT) -> str:
        """Poll until the program has ended; its exit status."""
        deadline = time.monotonic() + timeout
        while not (self.exit_status.exists() and self.exit_status.read_text().strip()):
            if time.monotonic() > deadline:
                pytest.fail(f"the program did not quit:\n{self.screen()}")
            time.sleep(POLL_SECONDS)
        return self.exit_status.read_text().strip()


@pytest.fixture
def demo_port() -> int:
    return free_port()


@pytest.fixture
def terminal(tmp_path: Path, demo_port: int, monkeypatch: pytest.MonkeyPatch) -> Iterator[Terminal]:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (.ci/run installs it)")
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    hidden = ("TMUX", "TMUX_PANE")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_") and k not in hidden}
    env["ECR_TUI_STATE_DIR"] = str(tmp_path / "state")
    env[PORT_VARIABLE] = str(demo_port)
    config = tmp_path / "tmux.conf"
    config.write_text("set -g escape-time 0\nset -g remain-on-exit on\n")
    exit_status = tmp_path / "exit-status"
    terminal = Terminal(f"ecr-tui-e2e-{uuid.uuid4().hex[:12]}", "walk", env, exit_status)
    # tmux does not always reap a pane's process, so a shell records the exit status.
    program = [sys.executable, "-m", "ecr_tui", "--demo"]
    command = ["sh", "-c", RECORD_EXIT_STATUS, "sh", str(exit_status), *program]
    terminal.tmux(
        "-f",
        str(config),
        "new-session",
        "-d",
        "-s",
        terminal.session,
        "-x",
        str(WIDTH),
        "-y",
        str(HEIGHT),
        "-c",
        str(ROOT),
        "--",
        *command,
    )
    try:
        yield terminal
    finally:
        subprocess.run(["tmux", "-L", terminal.server, "kill-server"], env=env, check=False)


def read_policy(port: int, repository: str = REPOSITORY) -> dict[str, object]:
    ecr = boto3.client(
        "ecr",
        region_name=REGION,
        endpoint_url=f"http://{LOOPBACK}:{port}",
        aws_access_key_id=DEMO_CREDENTIALS[0],
        aws_secret_access_key=DEMO_CREDENTIALS[1],
    )
    return json.loads(ecr.get_repository_policy(repositoryName=repository)["policyText"])


def test_add_a_pull_only_statement_for_an_account_by_keys_alone(
    terminal: Terminal, demo_port: int
) -> None:
    assert dict(REPOSITORIES[REGION])[REPOSITORY] is None, "the walk needs a policy-less one"

    terminal.wait_for(r"Choose the region", timeout=START_TIMEOUT)
    terminal.wait_for(r"^\s*us-east-1\b[\s\S]*^\s*af-south-1\b")  # the default comes first
    terminal.press("Enter")

    terminal.wait_for(re.escape(REPOSITORY))
    terminal.press("/")
    terminal.wait_for_cursor_on(r"\d+ repositories")  # the filter box shares the count's line
    terminal.type("ledger")
    terminal.wait_for(r"\b1 of \d+ repositories")
    terminal.press("Enter")

    terminal.wait_for(rf"Permissions · {re.escape(REPOSITORY)}")
    terminal.wait_for(r"has no policy\. Press a to add")
    terminal.press("a")

    terminal.wait_for(rf"Add a statement to {re.escape(REPOSITORY)}")
    terminal.wait_for_cursor_on(r"^\s*Sid\b")
    terminal.type(SID)  # replaces the suggested Sid, which is selected
    terminal.wait_for(rf"Sid\s+{SID}\s")
    # Effect Allow and Action Pull only are the form's defaults, as in the console.
    terminal.press("Tab", "Tab", "Tab")  # past Effect and Everybody, to the account numbers
    terminal.wait_for_cursor_on(r"^\s*Accounts\b")
    terminal.type(ACCOUNT)
    terminal.wait_for(rf"Accounts\s+{ACCOUNT}\s")
    terminal.wait_for(r"Ready: Ctrl\+S to add the statement")
    terminal.press("C-s")

    terminal.wait_for(rf"{SID[:12]}.*Allow\s+{ACCOUNT}\s+Pull only")
    terminal.wait_for(r"unsaved \(1\)")
    # A quick double Ctrl+S opens the save dialog; it takes y to confirm, after the diff.
    terminal.press("C-s", "C-s")
    terminal.wait_for(rf"Save the policy of {re.escape(REPOSITORY)}\?")
    terminal.wait_for(rf"Adds statement {SID}: account {ACCOUNT} can pull")
    terminal.wait_for(r"The live policy \(-\) becomes the new one")  # checked, unchanged
    assert "Saved the policy of" not in terminal.screen()
    terminal.press("y")
    terminal.wait_for(r"Saved the policy of")

    document = read_policy(demo_port)
    statements = document["Statement"]
    assert isinstance(statements, list) and len(statements) == 1
    statement = statements[0]
    assert statement["Sid"] == SID
    assert statement["Effect"] == "Allow"
    principals = statement["Principal"]["AWS"]
    assert principals in (f"arn:aws:iam::{ACCOUNT}:root", [f"arn:aws:iam::{ACCOUNT}:root"])
    assert sorted(statement["Action"]) == sorted(PULL_ONLY)
    assert "Condition" not in statement

    terminal.press("C-q")
    assert terminal.wait_until_exited() == "0"
    assert "Traceback" not in terminal.screen()


DENY_SID = "DenyPartnerPull"
PAGED_TO = "payments/worker"
"""The last of the four payments repositories, where PageDown in the filter lands."""


def test_paging_a_deny_chosen_by_arrows_and_ctrl_q_over_unsaved_edits(
    terminal: Terminal, demo_port: int
) -> None:
    terminal.wait_for(r"Choose the region", timeout=START_TIMEOUT)
    before = read_policy(demo_port, PAGED_TO)["Statement"]
    assert isinstance(before, list) and len(before) == 1, "the walk needs one statement there"
    first_sid = before[0]["Sid"]
    terminal.press("Enter")
    terminal.wait_for(re.escape(REPOSITORY))
    terminal.press("/")
    terminal.wait_for_cursor_on(r"\d+ repositories")
    terminal.type("payments")
    terminal.wait_for(r"\b4 of \d+ repositories")
    terminal.press("PageDown")  # pages the list while the filter box has the focus
    terminal.press("Enter")
    terminal.wait_for(rf"Permissions · {re.escape(PAGED_TO)}")
    terminal.wait_for(rf"{first_sid}: Allow")
    terminal.press("a")

    terminal.wait_for(rf"Add a statement to {re.escape(PAGED_TO)}")
    terminal.wait_for_cursor_on(r"^\s*Sid\b")
    terminal.type(DENY_SID)
    terminal.wait_for(rf"Sid\s+{DENY_SID}\s")
    terminal.press("Tab", "Right")  # the arrow chooses Deny; Tab onward keeps it
    terminal.wait_for(r"Effect\s+▐ ▌ Allow\s+▐●▌ Deny")
    terminal.press("Tab", "Tab")
    terminal.wait_for_cursor_on(r"^\s*Accounts\b")
    terminal.type(ACCOUNT)
    terminal.wait_for(r"Ready: Ctrl\+S to add the statement")
    terminal.press("C-q")  # a half-typed statement: asked first
    terminal.wait_for(r"Leave without saving\?")
    terminal.wait_for(r"1 unsaved edit in the new statement will be lost")
    terminal.press("n")
    terminal.wait_gone(r"Leave without saving\?")
    terminal.wait_for_cursor_on(r"^\s*Accounts\b")
    terminal.press("C-s")

    terminal.wait_for(rf"{DENY_SID[:12]}.*Deny\s+{ACCOUNT}\s+Pull only")
    terminal.wait_for(rf"{DENY_SID}: Deny account {ACCOUNT}")
    terminal.press("Home")  # Home, then End, jump in the table of statements
    terminal.wait_for(rf"{first_sid}: Allow")
    terminal.press("End")
    terminal.wait_for(rf"{DENY_SID}: Deny account {ACCOUNT}")
    terminal.press("C-q")
    terminal.wait_for(r"Leave without saving\?")
    terminal.wait_for(rf"1 unsaved edit to the policy of {re.escape(PAGED_TO)} will be lost")
    terminal.press("n")
    terminal.wait_gone(r"Leave without saving\?")
    terminal.wait_for(r"unsaved \(1\)")
    assert not terminal.exit_status.exists()

    terminal.press("C-s", "C-s")
    terminal.wait_for(r"The live policy \(-\) becomes the new one")
    terminal.press("y")
    terminal.wait_for(r"Saved the policy of")
    statements = read_policy(demo_port, PAGED_TO)["Statement"]
    assert isinstance(statements, list)
    added = [s for s in statements if s.get("Sid") == DENY_SID]
    assert len(added) == 1 and added[0]["Effect"] == "Deny"
    assert added[0]["Principal"]["AWS"] in (
        f"arn:aws:iam::{ACCOUNT}:root",
        [f"arn:aws:iam::{ACCOUNT}:root"],
    )

    terminal.press("C-q")  # nothing unsaved now: quits at once
    assert terminal.wait_until_exited() == "0"
    assert "Traceback" not in terminal.screen()


SOURCE_ACCOUNT = "444455556666"
PROD_SID = "ProdPull"
PROD_PULLER = "999988887777"
PROD_REPOSITORIES = ("prod-checkout", "prod-search")


def read_registry_policy(port: int) -> dict[str, object]:
    ecr = boto3.client(
        "ecr",
        region_name=REGION,
        endpoint_url=f"http://{LOOPBACK}:{port}",
        aws_access_key_id=DEMO_CREDENTIALS[0],
        aws_secret_access_key=DEMO_CREDENTIALS[1],
    )
    return json.loads(ecr.get_registry_policy()["policyText"])


def test_registry_permissions_replication_and_a_pull_on_prod_by_keys_alone(
    terminal: Terminal, demo_port: int
) -> None:
    names = dict(REPOSITORIES[REGION])
    assert all(name in names for name in PROD_REPOSITORIES), "the walk needs prod-* ones"
    terminal.wait_for(r"Choose the region", timeout=START_TIMEOUT)
    terminal.press("Enter")
    terminal.wait_for(re.escape(REPOSITORY))
    terminal.press("g")
    terminal.wait_for(rf"Registry permissions · {REGION}")
    terminal.wait_for(r"Scope V2: every ECR action")
    terminal.wait_for(r"ReplicationFro.*Replication\s+\* · \d+")

    terminal.press("t")  # cross-account replication is the first registry template
    terminal.wait_for(r"Cross-account replication")
    terminal.press("Tab")
    terminal.wait_for_cursor_on(r"e\.g\. 777788889999")
    terminal.type(SOURCE_ACCOUNT)
    terminal.wait_for(rf"█ {SOURCE_ACCOUNT}\s")
    terminal.press("Enter")
    terminal.wait_for(r"Add a statement to the registry policy")
    terminal.wait_for(r"Ready: Ctrl\+S to add the statement")
    terminal.press("C-s")
    terminal.wait_for(rf"CrossAccountR.*Allow\s+{SOURCE_ACCOUNT}\s+Replication\s+\* · ")

    terminal.press("a")
    terminal.wait_for(r"Add a statement to the registry policy")
    terminal.wait_for_cursor_on(r"^\s*Sid\b")
    terminal.type(PROD_SID)
    terminal.wait_for(rf"Sid\s+{PROD_SID}\s")
    terminal.press("Tab", "Tab", "Tab")
    terminal.wait_for_cursor_on(r"^\s*Accounts\b")
    terminal.type(PROD_PULLER)
    terminal.wait_for(rf"Accounts\s+{PROD_PULLER}\s")
    terminal.press("Tab", "Tab", "Tab", "Tab")  # past IAM's filter and list, and Services
    terminal.wait_for_cursor_on(r"^\s*Patterns\b")
    terminal.type("prod-*")  # replaces the suggested *, which is selected
    terminal.wait_for(r"matches 2 repositories: prod-checkout, prod-search")
    terminal.press("C-s")
    terminal.wait_for(rf"{PROD_SID}\s+Allow\s+{PROD_PULLER}\s+Pull only\s+prod-\* · 2")
    terminal.wait_for(r"unsaved \(2\)")

    terminal.press("C-s")
    terminal.wait_for(r"Save the registry policy\?")
    terminal.wait_for(r"The live policy \(-\) becomes the new one")
    terminal.wait_for(rf"{PROD_SID}: account {PROD_PULLER} can pull 2 repositories")
    terminal.press("y")
    terminal.wait_for(r"Saved the registry policy")
    terminal.wait_gone(r"unsaved \(")

    statements = read_registry_policy(demo_port)["Statement"]
    assert isinstance(statements, list)
    by_sid = {s["Sid"]: s for s in statements}
    arn = f"arn:aws:ecr:{REGION}:"
    replication = by_sid["CrossAccountReplication"]
    assert replication["Action"] == ["ecr:ReplicateImage", "ecr:CreateRepository"]
    assert replication["Resource"].startswith(arn) and replication["Resource"].endswith("/*")
    pull = by_sid[PROD_SID]
    assert sorted(pull["Action"]) == sorted(PULL_ONLY)
    assert pull["Principal"] == {"AWS": [f"arn:aws:iam::{PROD_PULLER}:root"]}
    assert pull["Resource"].endswith(":repository/prod-*")

    terminal.press("Escape")
    terminal.wait_gone(r"Registry permissions ·")
    terminal.press("A")
    terminal.wait_for(r"Audit · us-east-1")
    for repository in PROD_REPOSITORIES:
        terminal.wait_for(rf"{repository}\s+reg:{PROD_SID}\s+cross-account")
    terminal.press("C-q")
    assert terminal.wait_until_exited() == "0"
    assert "Traceback" not in terminal.screen()
