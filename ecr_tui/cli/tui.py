"""Starting the terminal UI from the command line."""

from __future__ import annotations

from ecr_tui.cli.context import CliContext


def run_tui(cli: CliContext) -> None:
    from ecr_tui.ui.app import EcrPolicyApp

    app = EcrPolicyApp(backend=cli.backend(), backups=cli.backups())
    app.run()
