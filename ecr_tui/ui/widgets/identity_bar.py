"""The two lines at the top of every screen: who is signed in, and where."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import RenderResult
from textual.content import Content
from textual.widget import Widget

from ecr_tui.aws.backend import Backend
from ecr_tui.policy.safe_text import visible


@dataclass(frozen=True)
class SessionInfo:
    """What the identity bar shows; the App holds the current one as `session_info`."""

    profile: str
    region: str
    read_only: bool
    demo: bool = False
    """The demo: the account is made up, and so is the identity signed in."""
    account: str | None = None
    arn: str | None = None
    error: str | None = None
    account_name: str | None = None
    """The account's name in its organisation, when Organizations says it."""

    @classmethod
    def of(cls, backend: Backend) -> SessionInfo:
        """Where a backend is signed in, before its identity is known."""
        return cls(
            profile=backend.settings.profile_label,
            region=backend.region,
            read_only=backend.read_only,
            demo=backend.settings.demo,
        )

    @property
    def account_label(self) -> str:
        if self.account is None:
            return "…"
        return f"{self.account} ({self.account_name})" if self.account_name else self.account

    @property
    def loading(self) -> bool:
        return self.account is None and self.error is None


SEPARATOR = (" │ ", "$text-muted")
DEMO_NOTE = ("(dummy credentials)", "$text-muted")


class IdentityBar(Widget):
    """Follows `app.session_info`; compose one at the top of each full screen."""

    DEFAULT_CSS = """
    IdentityBar {
        dock: top;
        height: 2;
        padding: 0 1;
        background: $panel;
        color: $text;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "session_info", self._session_changed, init=False)

    def _session_changed(self, _info: SessionInfo | None) -> None:
        self.refresh()

    def region_shown(self, info: SessionInfo) -> str:
        """The region of the screen's own backend: a finding opened from an all-regions
        audit is in its region, whatever region the walk started in."""
        region = getattr(getattr(self.screen, "backend", None), "region", None)
        return region if isinstance(region, str) and region else info.region

    def account_shown(self, info: SessionInfo) -> str:
        """The account of the screen's own backend: a finding opened from the every-account
        audit is in its own account, whichever account is signed in to."""
        backend = getattr(self.screen, "backend", None)
        account = getattr(backend, "known_account_id", None)
        if not isinstance(account, str) or not account or account == info.account:
            return info.account_label
        accounts = getattr(self.app, "accounts", None)
        name = accounts.directory.known_names().get(account) if accounts else None
        return f"{account} ({name})" if name else account

    def where(self, info: SessionInfo) -> Content:
        """Profile, account and region on one line. On a narrow terminal the labels go
        first, then the account's name, then the end of the profile: the account and
        the region always show."""
        account = self.account_shown(info)
        number = account.split(" ", 1)[0]
        profile = visible(info.profile)
        width = self.content_size.width

        def line(labelled: bool, account: str, profile: str) -> Content:
            where = Content.assemble(
                ("profile " if labelled else "", "$text-muted"),
                (profile, "bold"),
                SEPARATOR,
                ("account " if labelled else "", "$text-muted"),
                (visible(account), "bold"),
                SEPARATOR,
                ("region " if labelled else "", "$text-muted"),
                (self.region_shown(info), "bold"),
            )
            if info.read_only:
                where = Content.assemble((" READ-ONLY ", "bold reverse $text-warning"), " ", where)
            return where

        for labelled, shown in ((True, account), (False, account), (False, number)):
            candidate = line(labelled, shown, profile)
            if not width or candidate.cell_length <= width:
                return candidate
        room = width - line(False, number, "").cell_length
        return line(False, number, profile[: max(room - 1, 1)] + "…")

    def render(self) -> RenderResult:
        info: SessionInfo | None = getattr(self.app, "session_info", None)
        if info is None:
            return ""
        where = self.where(info)
        if info.error is not None:
            who = Content.assemble(("⚠ ", "bold $error"), (visible(info.error), "$text-error"))
        elif info.arn is None:
            who = Content.styled("signing in…", "$text-muted")
        elif info.demo:
            who = Content.assemble(("as ", "$text-muted"), "demo user ", DEMO_NOTE)
        else:
            who = Content.assemble(("as ", "$text-muted"), visible(info.arn))
        return Content("\n").join([where, who])
