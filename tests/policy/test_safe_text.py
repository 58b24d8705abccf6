"""Control and bidi characters from AWS are shown visibly, never passed to a terminal."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecr_tui.policy.safe_text import is_visible, json_visible, visible
from ecr_tui.policy.statements import view_statement

OSC52_COPY = "\x1b]52;c;aGFja2Vk\x07"
CLEAR_SCREEN = "\x1b[2J"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (f"Pull{OSC52_COPY}", "Pull\\x1b]52;c;aGFja2Vk\\x07"),
        (CLEAR_SCREEN, "\\x1b[2J"),
        ("a\x00b\x7fc", "a\\x00b\\x7fc"),
        ("\x9b2J\x85", "\\x9b2J\\x85"),
        ("abc\u202egnp.exe", "abc\\u202egnp.exe"),
        ("\u2066x\u2069\u200f", "\\u2066x\\u2069\\u200f"),
        ("line\nnext\ttab\rback", "line\\nnext\\ttab\\rback"),
        ("Ünïcødé 日本 ✓", "Ünïcødé 日本 ✓"),
    ],
)
def test_controls_are_written_as_escapes(text: str, shown: str) -> None:
    assert visible(text) == shown


def test_multi_line_text_keeps_its_lines_and_tabs() -> None:
    assert visible(f"one\n\ttwo{CLEAR_SCREEN}", keep_lines=True) == "one\n\ttwo\\x1b[2J"


@given(st.text())
def test_nothing_unsafe_survives(text: str) -> None:
    shown = visible(text)
    assert is_visible(shown)
    assert all(ch.isprintable() or ch == " " for ch in shown if ord(ch) < 0xA0)


@given(st.dictionaries(st.text(), st.text()))
def test_json_stays_the_same_document(data: dict[str, str]) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    safe = json_visible(text)
    assert json.loads(safe) == data
    assert is_visible(safe.replace("\n", ""))


@pytest.mark.parametrize(
    "statement",
    [
        {"Sid": f"Pull{OSC52_COPY}", "Effect": "Allow", "Principal": "*", "Action": "ecr:*"},
        {
            "Sid": "Pull",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "ecr:BatchGetImage",
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": f"o-{CLEAR_SCREEN}"}},
        },
    ],
)
def test_a_statement_with_controls_is_edited_as_escaped_json_only(
    statement: dict[str, object],
) -> None:
    view = view_statement(statement, 0)
    assert view.form_input is None
    assert view.not_form_editable_because == "it holds control characters"
