"""The registry policy's statements that also apply to a repository, shown read-only."""

from __future__ import annotations

from textual import work
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from ecr_tui.aws.backend import Backend
from ecr_tui.aws.errors import explain
from ecr_tui.aws.models import Repository
from ecr_tui.policy.registry import RegistryPolicy, RegistryScope, applying_statements
from ecr_tui.policy.statements import StatementView
from ecr_tui.service.audit_runner import read_registry

TITLE = "Also granted by the registry policy (read-only here):"


def grants_text(registry: RegistryPolicy, views: list[StatementView]) -> str:
    """One line per registry statement: Sid, effect, principals, actions."""
    lines = [TITLE]
    for view in views:
        lines.append(
            f"  {view.title} · {view.effect or '?'} · {view.principal_summary} · "
            f"{view.action_summary}"
        )
    if registry.scope is RegistryScope.V1:
        lines.append(
            "  Scope V1: only ReplicateImage, BatchImportUpstreamImage and CreateRepository apply."
        )
    elif registry.scope_unknown:
        lines.append("  The registry policy scope could not be read: V2 (the default) assumed.")
    return "\n".join(lines)


class RegistryGrants(Static):
    """Hidden until the registry policy is read and names the repository."""

    class Read(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, backend: Backend, repository: Repository, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.backend = backend
        self.repository = repository
        self.display = False

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        self._read(self.backend, self.repository)

    @work(thread=True, exclusive=True, group="registry-grants", exit_on_error=False)
    def _read(self, backend: Backend, repository: Repository) -> None:
        try:
            registry = read_registry(backend)
        except Exception as error:
            failure = explain(error, doing="read the registry policy")
            self.post_message(
                self.Read(f"The registry policy could not be read: {failure.message}")
            )
            return
        views = applying_statements(registry, repository.arn)
        self.post_message(self.Read(grants_text(registry, views) if views else ""))

    def on_registry_grants_read(self, message: Read) -> None:
        message.stop()
        self.update(Content(message.text))
        self.display = bool(message.text)
