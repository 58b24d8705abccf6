"""ECR_TUI_DEMO_PORT, which lets a tool (like the end-to-end test) reach a running demo."""

from __future__ import annotations

import pytest

from ecr_tui.aws.demo import PORT_VARIABLE, DemoServer, demo_port_from_environment
from ecr_tui.aws.errors import AwsError


def test_unset_or_blank_means_any_free_port(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PORT_VARIABLE, raising=False)
    assert demo_port_from_environment() == 0
    monkeypatch.setenv(PORT_VARIABLE, " ")
    assert demo_port_from_environment() == 0


def test_a_port_number_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PORT_VARIABLE, "45678")
    assert demo_port_from_environment() == 45678


@pytest.mark.parametrize("value", ["http", "-1", "0", "65536", "80.5"])
def test_anything_else_stops_the_demo_before_it_listens(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv(PORT_VARIABLE, value)
    server = DemoServer(seed=False)
    with pytest.raises(AwsError, match=PORT_VARIABLE):
        server.start()
    assert not server.running
