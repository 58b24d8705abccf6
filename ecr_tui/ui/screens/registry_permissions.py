"""Registry permissions: the one registry policy of a region, with the repositories each
statement covers; edited and saved as a repository's policy is."""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Label, Static

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.errors import AwsError, explain
from ecr_tui.aws.models import LivePolicy, Repository
from ecr_tui.aws.policy_target import RegistryTarget
from ecr_tui.aws.registry_calls import REGISTRY_POLICY_KEY
from ecr_tui.policy.registry import V1_NAMES, RegistryScope
from ecr_tui.policy.registry_statements import (
    actions_label,
    count_text,
    names_text,
    patterns_of,
    registry_form_problem,
)
from ecr_tui.policy.safe_text import visible
from ecr_tui.policy.statements import StatementView
from ecr_tui.service.registry_session import RegistrySession
from ecr_tui.ui.export import ask_and_write
from ecr_tui.ui.registry_statement_flow import RegistryStatementFlow
from ecr_tui.ui.save_flow import SaveFlow
from ecr_tui.ui.screens.permissions import READ_ONLY_NOTE, PermissionsScreen
from ecr_tui.ui.unsaved import Unsaved
from ecr_tui.ui.widgets.identity_bar import IdentityBar
from ecr_tui.ui.widgets.key_footer import KeyFooter
from ecr_tui.ui.widgets.registry_statements_table import RegistryStatementsTable
from ecr_tui.ui.widgets.statements_table import StatementsTable
from ecr_tui.ui.widgets.wrapped_text import WrappedText


def registry_record(region: str, account: str) -> Repository:
    """The registry where the permissions screen expects a repository: named as the
    registry policy's backups are, its URI the registry's host."""
    return Repository(
        name=REGISTRY_POLICY_KEY,
        uri=f"{account}.dkr.ecr.{region}.amazonaws.com",
        arn=f"arn:aws:ecr:{region}:{account}:repository/*",
        registry_id=account,
        created=None,
    )


def scope_text(scope: RegistryScope | None, unknown: str) -> Content:
    if scope is RegistryScope.V2:
        return Content.assemble(
            Content.styled("Scope V2", "bold"),
            ": every ECR action here is enforced on the repositories it names.",
        )
    if scope is RegistryScope.V1:
        return Content.assemble(
            Content.styled("Scope V1", "bold $text-warning"),
            f": only {V1_NAMES.replace('ecr:', '')} are enforced.",
        )
    return Content.assemble(
        Content.styled("Scope unknown", "bold $text-warning"),
        visible(f" ({unknown}): V2, AWS's default, would enforce every action; V1 only "),
        "replication, pull-through cache and CreateRepository.",
    )


@dataclass(frozen=True)
class RegistryRead:
    live: LivePolicy
    account: str
    scope: RegistryScope | None
    scope_unknown: str
    repositories: list[Repository]


class RegistryPermissionsScreen(PermissionsScreen):
    """The registry policy of the backend's region. `repositories` are the region's when
    the list has them all (else they are listed here); `account` the registry's, if known."""

    TITLE = "Registry permissions"

    class RegistryLoaded(Message):
        def __init__(self, read: RegistryRead) -> None:
            super().__init__()
            self.read = read

    def __init__(
        self,
        backend: Backend,
        repositories: list[Repository] | None = None,
        account: str | None = None,
    ) -> None:
        super().__init__(backend, registry_record(backend.region, account or ""))
        self.known_repositories = repositories
        self.registry_session: RegistrySession | None = None
        self.last_read: RegistryRead | None = None
        self.changed_registry = False
        """True once the registry policy read again differs from the one first shown."""
        self.statement_flow = RegistryStatementFlow(self)
        self.save_flow = SaveFlow(self)
        self.target = RegistryTarget()

    def compose(self) -> ComposeResult:
        yield IdentityBar()
        with Horizontal(id="permissions-head"):
            title = f"Registry permissions · {self.backend.region}"
            yield Label(title, classes="screen-title", markup=False)
            yield Label("", id="dirty-marker")
        yield Label("Reading the registry policy scope…", id="repository-uri")
        yield Label(
            "One policy for all repositories: replication, pull-through cache and grants.",
            id="login-note",
        )
        with Horizontal(id="permissions-body"):
            with Vertical(id="statements-pane"):
                yield RegistryStatementsTable(id="statements")
                yield Static("", id="empty-note")
            with VerticalScroll(id="json-pane"):
                yield WrappedText(id="json-text")
        yield Static("", id="statement-detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = f"registry · {self.backend.region}"
        self.query_one("#statements").focus()
        self.load()

    @work(thread=True, exclusive=True, group="policy-load", exit_on_error=False)
    def _load_policy(self) -> None:
        backend = self.backend
        try:
            live = backend.read_registry_policy()
            account = self.repository.registry_id or backend.account_id()
            repositories = self.known_repositories
            if repositories is None:
                repositories = backend.list_repositories()
        except Exception as error:
            text = explain(error, doing="read the registry policy").message
            self.post_message(self.LoadFailed(text))
            return
        scope: RegistryScope | None = None
        unknown = ""
        try:
            value = backend.get_registry_policy_scope()
            scope = RegistryScope(value)
        except AwsError as error:
            unknown = error.message.rstrip(".")
        except ValueError:
            unknown = "AWS answered an unknown scope"
        read = RegistryRead(live, account, scope, unknown, list(repositories))
        self.post_message(self.RegistryLoaded(read))

    def show_policy(self, live: LivePolicy) -> None:
        """The registry policy a save wrote and read back, with the scope and repositories
        read before it."""
        if self.last_read is None:
            self.load()
        else:
            self.post_message(self.RegistryLoaded(replace(self.last_read, live=live)))

    @on(RegistryLoaded)
    def _registry_loaded(self, message: RegistryLoaded) -> None:
        read = self.last_read = message.read
        self.set_busy(False)
        if self.session is not None and self.session.live.text != read.live.text:
            self.changed_registry = True
        self.repository = registry_record(self.backend.region, read.account)
        self.target = RegistryTarget(read.scope)
        self.registry_session = RegistrySession(
            read.live,
            region=self.backend.region,
            account=read.account,
            scope=read.scope,
            scope_unknown=read.scope_unknown,
            repositories=read.repositories,
        )
        self.session = self.registry_session
        self.query_one(RegistryStatementsTable).session = self.registry_session
        self.query_one("#repository-uri", Label).update(scope_text(read.scope, read.scope_unknown))
        self.show_session()
        self.announce_read(len(self.registry_session.statements))

    @property
    def policy_description(self) -> str:
        return "the registry policy"

    def show_session(self) -> None:
        super().show_session()
        session = self.session
        if session is not None and session.baseline is None and self.backend.read_only:
            note = f"This region has no registry policy. {READ_ONLY_NOTE}"
            self.query_one("#empty-note", Static).update(note)

    def json_only_because(self, statement: object) -> str | None:
        session = self.registry_session
        if session is None:
            return None
        return registry_form_problem(statement, session.region, session.account)

    def _show_detail(self) -> None:
        detail = self.query_one("#statement-detail", Static)
        session = self.registry_session
        view = self.query_one(StatementsTable).current
        if session is None or view is None or session.not_editable_because:
            super()._show_detail()
            return
        detail.update(self.registry_detail(view, session))

    def registry_detail(self, view: StatementView, session: RegistrySession) -> Content:
        """Who may do what (a registry preset by its name), then the repositories reached."""
        who = ("NOT " if view.negated_principal else "") + (
            ", ".join(p.label for p in view.principals) or "nobody"
        )
        what = actions_label(view.actions) if not view.negated_action else None
        if what is None:
            negated = "NOT " if view.negated_action else ""
            what = negated + ", ".join(a.removeprefix("ecr:") for a in view.actions)
        parts = [
            Content.styled(visible(view.title), "bold"),
            Content(visible(f": {view.effect} {who} · {what}")),
        ]
        if view.conditions:
            parts.append(Content.styled(" · with conditions", "$text-accent"))
        if not session.is_untouched(view.index):
            parts.append(Content.styled(" · unsaved change", "$text-warning"))
        if (reason := self.json_only_because(view.raw)) is not None:
            parts.append(Content.styled(visible(f" · JSON only: {reason}"), "$text-warning"))
        patterns = patterns_of(view.raw, session.region, session.account)
        names = session.reach_of(view.raw)
        reach = f"{count_text(len(names))}: {names_text(names)}" if names else "no repository yet"
        on = f"on {', '.join(patterns)}" if patterns is not None else "reaches"
        parts.append(Content(visible(f" · {on} → {reach}")))
        return Content.assemble(*parts)

    def action_reload(self) -> None:
        if self.session is None or not self.session.dirty:
            self.load(announce=True)
            return
        self._confirm_discard("Reload and discard your edits?", lambda: self.load(announce=True))

    @property
    def unsaved(self) -> Unsaved | None:
        if self.session is None or not self.session.dirty:
            return None
        return Unsaved(
            self.session.unsaved_count, f"to the registry policy of {self.backend.region}"
        )

    def action_write_file(self) -> None:
        if self.session is not None:
            text = self.session.document.to_json()
            default = f"./registry-policy-{self.backend.region}.json"
            ask_and_write(self, "Write the registry policy JSON to a file", default, lambda _: text)
