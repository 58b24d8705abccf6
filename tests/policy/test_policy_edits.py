"""Edit operations: apply, undo-friendly identification, and rebase onto a newer live policy."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from policy_strategies import console_statements, statements

from ecr_tui.policy.builder import unique_sid
from ecr_tui.policy.document import PolicyDocument, parse_policy
from ecr_tui.policy.edits import (
    AddStatement,
    DeleteStatement,
    Edit,
    EditConflict,
    ReplaceStatement,
    apply_edit,
    apply_edits,
    rebase,
)
from ecr_tui.policy.equivalence import canonical_statement, documents_equivalent

PULL = {
    "Sid": "Pull",
    "Effect": "Allow",
    "Principal": {"AWS": "111111111111"},
    "Action": "ecr:BatchGetImage",
}
PUSH = {
    "Sid": "Push",
    "Effect": "Allow",
    "Principal": {"AWS": "222222222222"},
    "Action": "ecr:PutImage",
}
LAMBDA = {
    "Sid": "LambdaECRImageRetrievalPolicy",
    "Effect": "Allow",
    "Principal": {"Service": "lambda.amazonaws.com"},
    "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
}


def doc(*statements: Any) -> PolicyDocument:
    return PolicyDocument({"Version": "2012-10-17", "Statement": list(statements)})


def test_add_replace_delete() -> None:
    document = doc(PULL)
    added = apply_edit(document, AddStatement(PUSH))
    assert added.statements == [PULL, PUSH]

    wider = {**PUSH, "Action": ["ecr:PutImage", "ecr:InitiateLayerUpload"]}
    replaced = apply_edit(added, ReplaceStatement(PUSH, wider, 1))
    assert replaced.statements == [PULL, wider]

    deleted = apply_edit(replaced, DeleteStatement(PULL, 0))
    assert deleted.statements == [wider]
    assert document.statements == [PULL]


def test_edits_keep_the_rest_of_the_document() -> None:
    document = parse_policy(
        '{"Id": "x", "Version": "2008-10-17", "Statement": {"Sid": "A", "Effect": "Allow", '
        '"Principal": "*", "Action": "ecr:ListImages"}}'
    )
    original = document.statements[0]
    replaced = apply_edit(document, ReplaceStatement(original, {**original, "Effect": "Deny"}, 0))

    data = json.loads(replaced.to_json())
    assert list(data) == ["Id", "Version", "Statement"]
    assert data["Version"] == "2008-10-17"
    assert data["Statement"] == {**original, "Effect": "Deny"}
    assert apply_edit(replaced, DeleteStatement(data["Statement"], 0)).statements == []


def test_statement_is_found_by_content_not_position() -> None:
    document = doc(PUSH, PULL)

    assert apply_edit(document, DeleteStatement(PULL, 0)).statements == [PUSH]
    as_aws_wrote_it = {
        "Action": ["ECR:batchgetimage"],
        "Principal": {"AWS": "arn:aws:iam::111111111111:root"},
        "Effect": "Allow",
        "Sid": "Pull",
    }
    assert apply_edit(doc(as_aws_wrote_it), DeleteStatement(PULL, 0)).statements == []


def test_statements_without_sid_are_told_apart_by_content() -> None:
    first = {k: v for k, v in PULL.items() if k != "Sid"}
    second = {k: v for k, v in PUSH.items() if k != "Sid"}
    document = doc(first, second)

    replaced = apply_edit(document, ReplaceStatement(second, {**second, "Effect": "Deny"}, 1))
    assert replaced.statements == [first, {**second, "Effect": "Deny"}]


def test_duplicate_sids_are_told_apart_by_content() -> None:
    same_sid = {**PUSH, "Sid": "Pull"}
    document = doc(PULL, same_sid)

    assert apply_edit(document, DeleteStatement(same_sid, 0)).statements == [PULL]
    assert apply_edit(document, DeleteStatement(PULL, 1)).statements == [same_sid]


def test_identical_statements_are_told_apart_by_position() -> None:
    document = doc(PULL, PUSH, PULL)
    changed = {**PULL, "Effect": "Deny"}

    assert apply_edit(document, ReplaceStatement(PULL, changed, 2)).statements == [
        PULL,
        PUSH,
        changed,
    ]
    assert apply_edit(document, ReplaceStatement(PULL, changed, 0)).statements == [
        changed,
        PUSH,
        PULL,
    ]
    # After a shift, the nearest copy to the old position is taken.
    assert apply_edit(doc(PUSH, PULL, PUSH, PUSH, PULL), DeleteStatement(PULL, 3)).statements == [
        PUSH,
        PULL,
        PUSH,
        PUSH,
    ]


def test_an_edit_whose_statement_is_gone_conflicts() -> None:
    with pytest.raises(EditConflict, match="statement 'Push'"):
        apply_edit(doc(PULL), DeleteStatement(PUSH, 1))
    with pytest.raises(EditConflict, match="no longer in the policy"):
        apply_edit(doc(PULL), ReplaceStatement({**PULL, "Effect": "Deny"}, PULL, 0))


def test_describe() -> None:
    assert AddStatement(PULL).describe() == "add statement 'Pull'"
    assert ReplaceStatement(PULL, PUSH, 0).describe() == "edit statement 'Pull'"
    assert DeleteStatement({"Effect": "Allow"}, 0).describe() == "delete a statement without Sid"
    assert DeleteStatement("odd", 0).describe() == "delete a statement without Sid"


def test_apply_edits_in_order() -> None:
    edits: list[Edit] = [AddStatement(PUSH), DeleteStatement(PULL, 0), AddStatement(LAMBDA)]

    assert apply_edits(doc(PULL), edits).statements == [PUSH, LAMBDA]
    assert apply_edits(doc(PULL), []).statements == [PULL]


def test_rebase_onto_a_policy_that_gained_a_lambda_statement_keeps_both() -> None:
    edits: list[Edit] = [
        AddStatement(PUSH),
        ReplaceStatement(PULL, {**PULL, "Action": ["ecr:BatchGetImage", "ecr:ListImages"]}, 0),
    ]
    result = rebase(edits, doc(LAMBDA, PULL))

    assert result.clean
    assert result.conflicts == [] and result.skipped == []
    assert result.document.statements == [
        LAMBDA,
        {**PULL, "Action": ["ecr:BatchGetImage", "ecr:ListImages"]},
        PUSH,
    ]


def test_rebase_reports_a_statement_changed_on_both_sides() -> None:
    mine = ReplaceStatement(PULL, {**PULL, "Action": "ecr:*"}, 0)
    theirs = doc({**PULL, "Principal": {"AWS": "333333333333"}}, LAMBDA)
    result = rebase([mine], theirs)

    assert not result.clean
    assert result.conflicts == ["edit statement 'Pull': someone else changed that statement"]
    assert result.document.statements == theirs.statements


def test_rebase_reports_an_edit_of_a_statement_they_removed() -> None:
    result = rebase([ReplaceStatement(PULL, {**PULL, "Effect": "Deny"}, 0)], doc(LAMBDA))

    assert result.conflicts == ["edit statement 'Pull': someone else removed that statement"]


def test_rebase_reports_a_delete_of_a_statement_they_changed() -> None:
    result = rebase([DeleteStatement(PULL, 0)], doc({**PULL, "Effect": "Deny"}))

    assert result.conflicts == ["delete statement 'Pull': someone else changed that statement"]


def test_a_statement_deleted_on_both_sides_is_skipped() -> None:
    result = rebase([DeleteStatement(PULL, 0)], doc(LAMBDA))

    assert result.clean
    assert result.skipped == ["delete statement 'Pull': someone else already removed it"]
    assert result.document.statements == [LAMBDA]

    no_sid = {k: v for k, v in PULL.items() if k != "Sid"}
    assert rebase([DeleteStatement(no_sid, 1)], doc(LAMBDA)).clean


def test_the_same_change_on_both_sides_is_skipped() -> None:
    changed = {**PULL, "Effect": "Deny"}
    result = rebase([ReplaceStatement(PULL, changed, 0)], doc(changed))
    assert result.clean and result.skipped and result.document.statements == [changed]

    added = rebase([AddStatement(PUSH)], doc(PULL, PUSH))
    assert added.clean and added.skipped and added.document.statements == [PULL, PUSH]


def test_an_added_sid_that_they_also_used_conflicts() -> None:
    result = rebase([AddStatement(PUSH)], doc({**LAMBDA, "Sid": "Push"}))

    assert result.conflicts == [
        "add statement 'Push': the live policy now has another statement with that Sid"
    ]


def test_rebase_onto_an_empty_live_policy() -> None:
    result = rebase([AddStatement(PUSH)], PolicyDocument.empty())

    assert result.clean
    assert result.document.statements == [PUSH]


def _multiset(document: PolicyDocument) -> list[str]:
    return sorted(canonical_statement(s) for s in document.statements)


@st.composite
def sessions(draw: st.DrawFn) -> tuple[PolicyDocument, list[Edit]]:
    """A baseline and the edits a person made on it, one after the other."""
    baseline = doc(*draw(st.lists(st.one_of(statements(), console_statements()), max_size=4)))
    current = baseline
    edits: list[Edit] = []
    for _ in range(draw(st.integers(0, 4))):
        size = len(current.statements)
        kind = draw(st.sampled_from(["add", "replace", "delete"] if size else ["add"]))
        edit: Edit
        if kind == "add":
            # As the form does it: a new statement gets a Sid nobody uses yet.
            sid = unique_sid(current.statements)
            edit = AddStatement({**draw(console_statements()), "Sid": sid})
        else:
            position = draw(st.integers(0, size - 1))
            original = current.statements[position]
            if kind == "replace":
                edit = ReplaceStatement(original, draw(console_statements()), position)
            else:
                edit = DeleteStatement(original, position)
        current = apply_edit(current, edit)
        edits.append(edit)
    return baseline, edits


@settings(max_examples=120, deadline=None)
@given(session=sessions(), theirs=console_statements(), where=st.integers(0, 10))
def test_rebase_onto_an_unrelated_addition_keeps_both(
    session: tuple[PolicyDocument, list[Edit]], theirs: dict[str, Any], where: int
) -> None:
    baseline, edits = session
    theirs = {**theirs, "Sid": "LiveWriter" + str(theirs["Sid"])}
    mentioned = [*baseline.statements]
    for edit in edits:
        mentioned += [edit.statement] if isinstance(edit, AddStatement) else [edit.original]
        if isinstance(edit, ReplaceStatement):
            mentioned.append(edit.statement)
    assume(all(canonical_statement(s) != canonical_statement(theirs) for s in mentioned))
    live_statements = baseline.statements
    live_statements.insert(where % (len(live_statements) + 1), theirs)
    live = baseline.with_statements(live_statements)

    result = rebase(edits, live)

    assert result.clean, result.conflicts
    mine = apply_edits(baseline, edits)
    assert _multiset(result.document) == sorted([*_multiset(mine), canonical_statement(theirs)])


@settings(max_examples=60, deadline=None)
@given(session=sessions())
def test_rebase_onto_the_unchanged_baseline_is_apply_edits(
    session: tuple[PolicyDocument, list[Edit]],
) -> None:
    baseline, edits = session
    result = rebase(edits, baseline)

    assert result.clean, result.conflicts
    assert documents_equivalent(result.document, apply_edits(baseline, edits))
