"""The unified diff shown before a save and on a conflict."""

from __future__ import annotations

from ecr_tui.policy.diff import unified_diff
from ecr_tui.policy.document import PolicyDocument, parse_policy

PULL = {"Sid": "Pull", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"}


def doc(*statements: dict[str, object]) -> PolicyDocument:
    return PolicyDocument({"Version": "2012-10-17", "Statement": list(statements)})


def test_equal_documents_have_an_empty_diff() -> None:
    assert unified_diff(doc(PULL), doc(PULL)) == ""
    assert unified_diff(None, None) == ""


def test_layout_of_the_stored_text_does_not_show() -> None:
    as_aws_wrote_it = parse_policy(
        '{"Version" : "2012-10-17", "Statement" : [ {"Sid" : "Pull", "Effect" : "Allow",'
        ' "Principal" : "*", "Action" : "ecr:BatchGetImage"} ]}'
    )

    assert unified_diff(as_aws_wrote_it, doc(PULL)) == ""


def test_changed_lines_are_marked_and_labelled() -> None:
    diff = unified_diff(
        doc(PULL), doc({**PULL, "Effect": "Deny"}), before_label="live", after_label="mine"
    )
    lines = diff.splitlines()

    assert lines[0] == "--- live"
    assert lines[1] == "+++ mine"
    assert lines[2].startswith("@@")
    assert '-      "Effect": "Allow",' in lines
    assert '+      "Effect": "Deny",' in lines
    assert '       "Sid": "Pull",' in lines


def test_default_labels_and_missing_sides() -> None:
    created = unified_diff(None, doc(PULL))
    assert created.splitlines()[:2] == ["--- live policy (none)", "+++ new policy"]
    assert all(line.startswith(("+", "-", "@")) for line in created.splitlines())
    assert '+      "Sid": "Pull",' in created.splitlines()

    removed = unified_diff(doc(PULL), None)
    assert removed.splitlines()[:2] == ["--- live policy", "+++ new policy (none)"]
    assert '-      "Sid": "Pull",' in removed.splitlines()


def test_context_lines() -> None:
    statements = [{**PULL, "Sid": f"S{n}"} for n in range(5)]
    before = doc(*statements)
    after = doc(*statements[:4], {**statements[4], "Effect": "Deny"})

    narrow = unified_diff(before, after, context=0).splitlines()
    wide = unified_diff(before, after, context=3).splitlines()

    assert len(narrow) == 5
    assert len(wide) > len(narrow)


def test_unicode_is_shown_as_text() -> None:
    diff = unified_diff(doc(PULL), doc({**PULL, "Sid": "Zugriff für alle"}))

    assert '+      "Sid": "Zugriff für alle",' in diff.splitlines()
