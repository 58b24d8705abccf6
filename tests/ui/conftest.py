"""Fixtures for the TUI tests: repositories in moto, and the App over the moto backend."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from textual.widgets import Input, TextArea

from ecr_tui.aws.backend import Backend, BackendSettings
from ecr_tui.ui.app import EcrPolicyApp

PolicyData = dict[str, Any] | None


@pytest.fixture(autouse=True)
def steady_cursors(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cursors that do not blink: where a blink is when a screenshot is taken depends on
    how busy the machine is, and a screenshot must not."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)


@pytest.fixture
def make_repositories(ecr: Any) -> Callable[[dict[str, PolicyData]], None]:
    """Create repositories in moto; each maps to its policy document, or None for none."""

    def make(policies: dict[str, PolicyData]) -> None:
        for name, policy in policies.items():
            ecr.create_repository(repositoryName=name)
            if policy is not None:
                ecr.set_repository_policy(repositoryName=name, policyText=json.dumps(policy))

    return make


@pytest.fixture
def app_factory(backend: Backend) -> Callable[..., EcrPolicyApp]:
    """Build an EcrPolicyApp; over the `backend` fixture unless another is given."""

    def make(over: Backend | None = None, **options: Any) -> EcrPolicyApp:
        return EcrPolicyApp(backend=over or backend, **options)

    return make


@pytest.fixture
def regionless_backend(aws: None, dummy_credentials: tuple[str, str]) -> Backend:
    """A moto backend started without --region: the App opens on the region list."""
    return Backend(BackendSettings(static_credentials=dummy_credentials))
