"""Make the README's screenshots: the TUI on the demo account, one SVG per screen.

    .venv/bin/python screenshots/make_screenshots.py [OUTPUT_DIR]

The SVGs go next to this script unless OUTPUT_DIR is given. Running it again gives the
same files: the demo account is always the same, its repositories are created at a
fixed moment, cursors do not blink and notifications are cleared before each shot.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import boto3
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, SelectionList

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.demo import DEMO_CREDENTIALS, DemoServer
from ecr_tui.aws.demo_seed import DEMO_REGIONS
from ecr_tui.ui.app import EcrPolicyApp
from ecr_tui.ui.dialogs.conflict import ConflictScreen
from ecr_tui.ui.dialogs.save_confirm import SaveConfirm
from ecr_tui.ui.screens.audit import AuditScreen
from ecr_tui.ui.screens.help import HelpScreen
from ecr_tui.ui.screens.permissions import PermissionsScreen
from ecr_tui.ui.screens.regions import RegionsScreen
from ecr_tui.ui.screens.registry_permissions import RegistryPermissionsScreen
from ecr_tui.ui.screens.repositories import RepositoriesScreen
from ecr_tui.ui.screens.statement_form import StatementForm

HERE = Path(__file__).resolve().parent
SIZE = (80, 24)  # the terminal nobody has resized
WIDE = (120, 40)  # wide enough for the JSON beside the table and the form
TALL = (120, 40)  # tall enough for the whole new statement in a diff
REGION = DEMO_REGIONS[0]
CREATED = datetime(2025, 3, 14, 12, 0)
SEVERAL_STATEMENTS = "identity/auth-service"
EDITED = "payments/api"
NEW_SID = "PaymentsDevelopersPull"
ROLE_FILTER = "role payments"
ROLE_ARN_END = ":role/teams/payments/payments-developer"
SECOND_WRITER_STATEMENT = {
    "Sid": "AuditorsPull",
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
    "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
}

Shoot = Callable[[str, type[Screen[Any]]], None]


def isolate_environment(state_dir: str) -> None:
    """No AWS settings of the person running it, and backups in a throw-away directory."""
    for name in [n for n in os.environ if n.startswith("AWS_")]:
        del os.environ[name]
    os.environ["ECR_TUI_STATE_DIR"] = state_dir


def freeze_repository_creation_time() -> None:
    """moto stamps each repository with the current time; the Created column needs one
    that does not change from run to run."""
    import moto.ecr.models

    moto.ecr.models.utcnow = lambda: CREATED  # type: ignore[attr-defined]


async def settle(app: EcrPolicyApp, pilot: Pilot[None]) -> None:
    """Let every worker finish and every message they posted be handled."""
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def wait_until(pilot: Pilot[None], ready: Callable[[], bool], what: str) -> None:
    for _ in range(400):
        if ready():
            return
        await pilot.pause(0.05)
    raise RuntimeError(f"Gave up waiting for {what}.")


def shooter(app: EcrPolicyApp, directory: Path, made: list[Path]) -> Shoot:
    def shoot(name: str, expected: type[Screen[Any]]) -> None:
        if not isinstance(app.screen, expected):
            raise RuntimeError(f"{name}: expected {expected.__name__}, not {app.screen!r}.")
        for box in app.screen.query(Input):
            box.cursor_blink = False
        app.clear_notifications()
        path = directory / f"{name}.svg"
        app.save_screenshot(path.name, str(directory))
        made.append(path)

    return shoot


async def shoot_the_walk(app: EcrPolicyApp, pilot: Pilot[None], shoot: Shoot) -> None:
    await settle(app, pilot)
    shoot("regions", RegionsScreen)

    await pilot.press("enter")
    await settle(app, pilot)
    await wait_until(pilot, lambda: "policies" not in status_text(app), "the policy column")
    await pilot.press("down", "down", "down")
    await settle(app, pilot)
    shoot("repositories", RepositoriesScreen)

    await pilot.press("A")
    await settle(app, pilot)
    await wait_until(pilot, lambda: audit_finished(app), "the audit")
    shoot("audit", AuditScreen)
    await pilot.press("escape")
    await settle(app, pilot)

    await pilot.press("g")
    await settle(app, pilot)
    shoot("registry-permissions", RegistryPermissionsScreen)
    await pilot.press("escape")
    await settle(app, pilot)

    await open_repository(app, pilot, SEVERAL_STATEMENTS)
    await pilot.resize_terminal(*WIDE)
    await settle(app, pilot)
    shoot("permissions", PermissionsScreen)
    await pilot.press("f1")
    await settle(app, pilot)
    shoot("help", HelpScreen)
    await pilot.press("escape", "escape")
    await pilot.resize_terminal(*SIZE)
    await settle(app, pilot)


async def shoot_an_edit(app: EcrPolicyApp, pilot: Pilot[None], shoot: Shoot) -> None:
    await open_repository(app, pilot, EDITED)
    await pilot.resize_terminal(*WIDE)
    await pilot.press("a")
    await settle(app, pilot)
    await pilot.press(*NEW_SID, "tab", "tab", "tab", "tab")
    if app.focused is None or app.focused.id != "iam-filter":
        raise RuntimeError(f"The IAM filter should have the focus, not {app.focused!r}.")
    await pilot.press(*ROLE_FILTER, "enter")
    await settle(app, pilot)
    await pilot.press(*["down"] * role_position(app), "space")
    await settle(app, pilot)
    shoot("statement-form", StatementForm)

    await pilot.press("ctrl+s")
    await pilot.resize_terminal(*TALL)
    await settle(app, pilot)
    await pilot.press("ctrl+s")
    await settle(app, pilot)
    shoot("save-confirm", SaveConfirm)

    await pilot.press("escape")
    write_as_someone_else(app.backend)
    await pilot.press("ctrl+s")
    await settle(app, pilot)
    await pilot.press("y")
    await settle(app, pilot)
    shoot("conflict", ConflictScreen)


def role_position(app: EcrPolicyApp) -> int:
    """Where the role to choose is in the filtered IAM list."""
    listing = app.screen.query_one("#iam-list", SelectionList)
    values = [str(listing.get_option_at_index(i).value) for i in range(listing.option_count)]
    return next(i for i, value in enumerate(values) if value.endswith(ROLE_ARN_END))


def audit_finished(app: EcrPolicyApp) -> bool:
    screen = app.screen
    return isinstance(screen, AuditScreen) and not screen.running and screen.findings is not None


def status_text(app: EcrPolicyApp) -> str:
    return str(app.screen.query_one("#repositories-status").render())


async def open_repository(app: EcrPolicyApp, pilot: Pilot[None], name: str) -> None:
    if app.screen.query_one("#repositories-filter", Input).value:
        await pilot.press("escape")  # clears the filter left from the last repository
    await pilot.press("slash", *name, "enter")
    await settle(app, pilot)
    if app.screen.sub_title != name:
        raise RuntimeError(f"{name} did not open; the screen is {app.screen!r}.")


def write_as_someone_else(backend: Backend) -> None:
    """Another person adds a statement while the edit is still unsaved."""
    ecr = boto3.client(
        "ecr",
        region_name=REGION,
        endpoint_url=backend.settings.endpoint_url,
        aws_access_key_id=DEMO_CREDENTIALS[0],
        aws_secret_access_key=DEMO_CREDENTIALS[1],
    )
    live = json.loads(ecr.get_repository_policy(repositoryName=EDITED)["policyText"])
    live["Statement"].append(SECOND_WRITER_STATEMENT)
    ecr.set_repository_policy(repositoryName=EDITED, policyText=json.dumps(live, indent=2))


async def make_screenshots(directory: Path) -> list[Path]:
    made: list[Path] = []
    with DemoServer() as demo:
        app = EcrPolicyApp(Backend(demo.settings()))
        async with app.run_test(size=SIZE) as pilot:
            shoot = shooter(app, directory, made)
            await shoot_the_walk(app, pilot, shoot)
            await shoot_an_edit(app, pilot, shoot)
    return made


def main() -> None:
    directory = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else HERE
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ecr-tui-screenshots-") as state_dir:
        isolate_environment(state_dir)
        freeze_repository_creation_time()
        made = asyncio.run(make_screenshots(directory))
    for path in made:
        print(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)


if __name__ == "__main__":
    main()
