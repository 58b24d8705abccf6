"""A whole edited document as edit operations, and where statements are in the text."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from policy_strategies import policies

from ecr_tui.policy.document import PolicyDocument, parse_policy
from ecr_tui.policy.document_edits import edits_between
from ecr_tui.policy.edits import (
    AddStatement,
    DeleteStatement,
    ReplaceStatement,
    SetDocumentValue,
    apply_edits,
    rebase,
)
from ecr_tui.policy.equivalence import statements_equivalent
from ecr_tui.policy.json_lines import document_lines


def statement(sid: str | None, effect: str = "Allow") -> dict[str, Any]:
    found: dict[str, Any] = {"Sid": sid} if sid else {}
    return {**found, "Effect": effect, "Principal": "*", "Action": "ecr:BatchGetImage"}


def document(*statements: Any, version: str = "2012-10-17") -> PolicyDocument:
    return PolicyDocument({"Version": version, "Statement": list(statements)})


def test_unchanged_gives_no_edit() -> None:
    current = document(statement("A"), statement(None))
    assert edits_between(current, document(statement("A"), statement(None))) == []


def test_changes_become_replace_delete_and_add() -> None:
    a, b, c = statement("A"), statement("B"), statement("C")
    current = document(a, b, c)
    target = document(statement("A", "Deny"), c, statement("D"))
    edits = edits_between(current, target)
    assert edits == [
        ReplaceStatement(a, statement("A", "Deny"), 0),
        DeleteStatement(b, 1),
        AddStatement(statement("D")),
    ]
    assert apply_edits(current, edits).statements == target.statements


def test_a_statement_without_sid_edited_in_place_is_a_replace() -> None:
    current = document(statement(None), statement("B"))
    target = document(statement(None, "Deny"), statement("B"))
    assert edits_between(current, target) == [
        ReplaceStatement(statement(None), statement(None, "Deny"), 0)
    ]


def test_moved_statements_stay_and_new_ones_go_at_the_end() -> None:
    current = document(statement("A"), statement("B"))
    target = document(statement("C"), statement("B"), statement("A"))
    edits = edits_between(current, target)
    assert edits == [AddStatement(statement("C"))]
    assert [s["Sid"] for s in apply_edits(current, edits).statements] == ["A", "B", "C"]


def test_version_and_id_changes_are_edits_that_rebase() -> None:
    current = document(statement("A"), version="2008-10-17")
    target = PolicyDocument({"Version": "2012-10-17", "Statement": [statement("A")], "Id": "x"})
    edits = edits_between(current, target)
    assert edits == [
        SetDocumentValue("Version", "2008-10-17", "2012-10-17"),
        SetDocumentValue("Id", None, "x"),
    ]
    assert apply_edits(current, edits).data == target.data
    assert edits[0].describe() == "set Version to '2012-10-17'"
    removal = SetDocumentValue("Id", "x", None)
    assert "Id" not in apply_edits(target, [removal]).data
    assert removal.describe() == "remove Id"

    live = document(statement("A"), statement("Other"), version="2008-10-17")
    rebased = rebase(edits, live)
    assert rebased.clean
    assert rebased.document.data["Version"] == "2012-10-17"
    assert len(rebased.document.statements) == 2
    already = rebase(edits, document(statement("A")))
    assert already.clean and already.skipped
    changed = rebase(edits, PolicyDocument({"Version": "2008-10-17", "Statement": [], "Id": "y"}))
    assert changed.conflicts == ["set Id to 'x': someone else changed Id"]


@settings(max_examples=60, deadline=None)
@given(before=policies(), after=policies())
def test_the_edits_always_reach_the_target_statements(
    before: dict[str, Any], after: dict[str, Any]
) -> None:
    current, target = PolicyDocument(before), PolicyDocument(after)
    result = apply_edits(current, edits_between(current, target))
    remaining = list(result.statements)
    for wanted in target.statements:
        match = next(i for i, s in enumerate(remaining) if statements_equivalent(s, wanted))
        del remaining[match]
    assert remaining == []
    assert {k: v for k, v in result.data.items() if k != "Statement"} == {
        k: v for k, v in target.data.items() if k != "Statement" and v is not None
    }


def test_lines_of_statements_and_keys() -> None:
    text = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Sid": "A", "Effect": "Allow"},
                {"Effect": "Deny", "Condition": {"Bool": {"Sid": "not this"}}},
                "odd",
                {"Effect": "Allow", "Sid": 'C"quoted'},
            ],
        },
        indent=2,
    )
    lines = document_lines(text)
    numbered = text.splitlines()
    assert lines.keys == {"Version": 2, "Statement": 3}
    assert numbered[lines.statements[0] - 1].strip() == '"Sid": "A",'
    assert numbered[lines.statements[1] - 1].strip() == "{"
    assert numbered[lines.statements[2] - 1].strip() == '"odd",'
    assert numbered[lines.statements[3] - 1].strip() == '"Sid": "C\\"quoted"'
    assert lines.statement_line(4) is None


def test_lines_of_odd_documents() -> None:
    assert document_lines('{"Statement": []}').statements == []
    single = document_lines('{\n"Statement": {\n"Effect": "Allow",\n"Sid": "X"}}')
    assert single.statements == [4]
    later = document_lines('{"Statement": [{}],\n"Other": [{"Sid": "no"}, {}]}')
    assert later.statements == [1]
    assert later.keys == {"Statement": 1, "Other": 2}
    assert document_lines("{not json").statements == []
    parsed = parse_policy('{"Statement": [{"Sid": "A"}, {"Sid": "B"}]}')
    assert len(document_lines(parsed.to_json()).statements) == 2
