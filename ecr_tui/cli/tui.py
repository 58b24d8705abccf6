"""Starting the terminal UI from the command line."""

from __future__ import annotations

from ecr_tui.aws.organization import DEFAULT_ROLE_NAME
from ecr_tui.cli.context import CliContext


def run_tui(cli: CliContext) -> None:
    from ecr_tui.ui.app import EcrPolicyApp

    backend = cli.backend(connect=False)
    if backend.settings.region is None:
        # The region comes from the profile, which is read now so a bad one is reported here.
        backend = cli.backend(note_region=False)
    # Otherwise the session and the clients are made by the first screen's worker,
    # after the first frame is on the terminal.
    config = cli.config
    app = EcrPolicyApp(
        backend=backend,
        backups=cli.backups(),
        theme=config.theme,
        remember_theme=True,
        role_name=config.organization_role or DEFAULT_ROLE_NAME,
        external_id=config.external_id,
        trusted_accounts=config.trusted_accounts,
    )
    app.run()
