"""The theme across runs: start in the one of config.toml, keep there the one the user picks."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.theme import Theme

from ecr_tui.service.config import remember_theme


class ThemeMemory:
    """Puts `configured` on `app`, and with `remember`, writes each theme picked later."""

    def __init__(self, app: App[Any], configured: str | None, *, remember: bool) -> None:
        self.app = app
        self.configured = configured
        self.remember = remember
        self._kept = configured

    def start(self) -> None:
        app = self.app
        if self.configured and self.configured in app.available_themes:
            app.theme = self.configured
        elif self.configured:
            app.notify(
                f"The theme {self.configured!r} of config.toml is not known; using {app.theme}.",
                severity="warning",
                markup=False,
            )
        if self.remember:
            app.theme_changed_signal.subscribe(app, self._chosen)

    def _chosen(self, theme: Theme) -> None:
        if theme.name == self._kept:
            return
        # Silent on success: the theme picker changes the theme as it previews each one.
        try:
            remember_theme(theme.name)
        except OSError as error:
            self.app.notify(
                f"The theme could not be remembered: {error.strerror or error}.",
                severity="warning",
                markup=False,
            )
            return
        self._kept = theme.name
