"""Adding and removing statements by Sid: the edits made, and the refusals in one sentence."""

from __future__ import annotations

import pytest

from ecr_tui.policy.document import PolicyDocument
from ecr_tui.policy.edit_makers import CannotChange, NothingToDo, adding, removing
from ecr_tui.policy.edits import apply_edits

PULL = {"Sid": "Pull", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"}
PUSH = {"Sid": "Push", "Effect": "Allow", "Principal": "*", "Action": "ecr:PutImage"}


def policy(*statements: dict[str, object]) -> PolicyDocument:
    return PolicyDocument.empty().with_statements(list(statements))


def test_adding_appends_the_statement_and_names_its_index_as_created() -> None:
    baseline = policy(PUSH)
    edits, created = adding(PULL)(baseline)
    assert created == {1}
    assert [s["Sid"] for s in apply_edits(baseline, edits).statements] == ["Push", "Pull"]


def test_adding_what_is_there_is_nothing_to_do_and_another_with_its_sid_is_refused() -> None:
    with pytest.raises(NothingToDo, match="already has this statement 'Pull'"):
        adding(PULL)(policy(PULL))
    with pytest.raises(CannotChange, match="already has a statement with Sid 'Pull'") as refused:
        adding({**PULL, "Principal": {"AWS": "444455556666"}})(policy(PULL))
    assert not isinstance(refused.value, NothingToDo)


def test_removing_deletes_the_one_statement_with_the_sid() -> None:
    baseline = policy(PUSH, PULL)
    edits, created = removing("Push")(baseline)
    assert created == set()
    assert [s["Sid"] for s in apply_edits(baseline, edits).statements] == ["Pull"]


def test_removing_an_absent_or_repeated_sid_changes_nothing() -> None:
    with pytest.raises(NothingToDo, match="no statement with Sid 'Gone'"):
        removing("Gone")(policy(PULL))
    with pytest.raises(CannotChange, match="2 statements have Sid 'Pull'"):
        removing("Pull")(policy(PULL, PULL))
