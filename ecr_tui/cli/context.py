"""What every subcommand shares: settings, the backend (built once, on first use), backups."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ecr_tui.aws.backend import FALLBACK_REGION_NOTE, Backend, BackendSettings
from ecr_tui.aws.errors import BAD_REGION, AwsError
from ecr_tui.cli.exits import CliFailure, Exit
from ecr_tui.service.backups import BackupStore
from ecr_tui.service.config import UserConfig

if TYPE_CHECKING:
    from ecr_tui.aws.demo import DemoServer


@dataclass
class CliContext:
    settings: BackendSettings
    config: UserConfig = field(default_factory=UserConfig)
    _backend: Backend | None = field(default=None, init=False)
    _demo: DemoServer | None = field(default=None, init=False)
    _backups: BackupStore | None = field(default=None, init=False)
    _region_noted: bool = field(default=False, init=False)

    def backend(self, *, connect: bool = True, note_region: bool = True) -> Backend:
        """The backend; with `connect`, its session and ECR client are opened now, so a bad
        profile ends the command here with one sentence, and a region nobody configured is
        stated once on stderr (unless `note_region` is false: the TUI says it itself)."""
        if self._backend is None:
            settings = self.settings
            if settings.demo:
                settings = self._start_demo()
            self._backend = Backend(settings)
        if connect:
            try:
                self._backend.connect()
            except AwsError as error:
                code = Exit.BAD_INPUT if error.code == BAD_REGION else Exit.AWS_ERROR
                raise CliFailure(error.message, code) from None
            if note_region and self._backend.region_is_fallback and not self._region_noted:
                self._region_noted = True
                click.echo(f"ecr-tui: {FALLBACK_REGION_NOTE}", err=True)
        return self._backend

    def _start_demo(self) -> BackendSettings:
        try:
            from ecr_tui.aws.demo import DemoServer
        except ImportError:
            raise CliFailure(
                "the demo needs moto's server: pip install 'ecr-tui[demo]'", Exit.BAD_INPUT
            ) from None
        self._demo = click.get_current_context().with_resource(DemoServer())
        return self._demo.settings(region=self.settings.region, read_only=self.settings.read_only)

    def backups(self) -> BackupStore:
        """The backup store; the demo's lives in a temporary folder removed at exit, so its
        throw-away account never mixes with the person's real backups."""
        if self._backups is None:
            root = None
            if self.settings.demo:
                folder = tempfile.TemporaryDirectory(prefix="ecr-tui-demo-")
                root = Path(click.get_current_context().with_resource(folder))
            self._backups = BackupStore(root)
        return self._backups


pass_cli = click.make_pass_decorator(CliContext)
