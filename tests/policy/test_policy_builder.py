"""build_statement writes exactly what the console wrote; the form reads it back."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from policy_strategies import account_ids, alphanumeric_sids, condition_values

from ecr_tui.policy.actions import REPOSITORY_ACTIONS, Preset, full_name
from ecr_tui.policy.builder import (
    StatementInput,
    build_statement,
    input_from_principal_texts,
    parse_principal_texts,
    unique_sid,
)
from ecr_tui.policy.statements import view_statement

ACCOUNT = "123456789012"
PULL = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
PUSH_PULL = [
    *PULL,
    "ecr:PutImage",
    "ecr:InitiateLayerUpload",
    "ecr:UploadLayerPart",
    "ecr:CompleteLayerUpload",
]


@pytest.mark.parametrize(
    ("preset", "actions"),
    [(Preset.PULL, PULL), (Preset.PUSH_PULL, PUSH_PULL), (Preset.ALL, ["ecr:*"])],
)
def test_presets_build_exactly_the_console_actions(preset: Preset, actions: list[str]) -> None:
    form = StatementInput(sid="S1", aws_principals=(f"arn:aws:iam::{ACCOUNT}:root",), preset=preset)

    assert build_statement(form) == {
        "Sid": "S1",
        "Effect": "Allow",
        "Principal": {"AWS": [f"arn:aws:iam::{ACCOUNT}:root"]},
        "Action": actions,
    }
    assert list(build_statement(form)) == ["Sid", "Effect", "Principal", "Action"]


def test_preset_labels() -> None:
    assert [p.label for p in Preset] == ["All actions", "Push/Pull", "Pull only"]


def test_everybody_is_a_plain_star() -> None:
    statement = build_statement(StatementInput(sid="Public", everybody=True))

    assert statement["Principal"] == "*"


def test_accounts_become_root_arns_and_services_are_kept() -> None:
    everybody, aws, services = input_from_principal_texts(
        [
            f" {ACCOUNT} ",
            "012345678901",
            f"arn:aws:iam::{ACCOUNT}:role/service-role/builder",
            f"arn:aws:sts::{ACCOUNT}:assumed-role/deploy/session",
            "lambda.amazonaws.com",
            ACCOUNT,
        ]
    )
    statement = build_statement(
        StatementInput(sid="S", everybody=everybody, aws_principals=aws, services=services)
    )

    assert statement["Principal"] == {
        "AWS": [
            f"arn:aws:iam::{ACCOUNT}:root",
            "arn:aws:iam::012345678901:root",
            f"arn:aws:iam::{ACCOUNT}:role/service-role/builder",
            f"arn:aws:sts::{ACCOUNT}:assumed-role/deploy/session",
        ],
        "Service": ["lambda.amazonaws.com"],
    }


def test_star_among_principal_texts_means_everybody() -> None:
    assert input_from_principal_texts(["*"]) == (True, (), ())
    assert input_from_principal_texts([ACCOUNT], partition="aws-cn") == (
        False,
        (f"arn:aws-cn:iam::{ACCOUNT}:root",),
        (),
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("12345678901", "exactly 12 digits"),
        ("1234567890123", "exactly 12 digits"),
        ("arn:aws:iam::123:root", "not a principal ARN"),
        (f"arn:aws:iam::{ACCOUNT}:group/admins", "not a principal ARN"),
        ("arn:aws:s3:::bucket", "not a principal ARN"),
        ("alice", "not a principal"),
        ("lambda.amazonaws.org", "not a principal"),
        ("", "not a principal"),
    ],
)
def test_bad_principal_texts_are_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        input_from_principal_texts([ACCOUNT, text])


def test_conditions_use_a_string_for_one_value_and_a_list_for_more() -> None:
    statement = build_statement(
        StatementInput(
            sid="Org",
            everybody=True,
            conditions={
                "StringEquals": {"aws:PrincipalOrgID": ("o-abc123",)},
                "StringLike": {"aws:SourceArn": ("arn:a", "arn:b")},
            },
        )
    )

    assert statement["Condition"] == {
        "StringEquals": {"aws:PrincipalOrgID": "o-abc123"},
        "StringLike": {"aws:SourceArn": ["arn:a", "arn:b"]},
    }
    assert list(statement) == ["Sid", "Effect", "Principal", "Action", "Condition"]


def test_custom_actions_are_spelled_as_the_catalog_and_deduplicated() -> None:
    form = StatementInput(
        sid="C",
        everybody=True,
        preset=None,
        actions=("batchgetimage", "ECR:ListImages", "ecr:BatchGetImage", "ecr:Describe*", "*"),
    )

    assert build_statement(form)["Action"] == [
        "ecr:BatchGetImage",
        "ecr:ListImages",
        "ecr:Describe*",
        "*",
    ]


def test_actions_of_other_services_are_not_made_into_ecr_actions() -> None:
    assert full_name("s3:GetObject") == "s3:GetObject"
    assert full_name("ecr:batchgetimage") == "ecr:BatchGetImage"
    assert full_name("NotInCatalog") == "ecr:NotInCatalog"
    form = StatementInput(sid="C", everybody=True, preset=None, actions=("s3:GetObject",))
    assert build_statement(form)["Action"] == ["s3:GetObject"]


def test_deny_and_empty_sid() -> None:
    statement = build_statement(StatementInput(sid="", effect="Deny", everybody=True))

    assert statement == {"Effect": "Deny", "Principal": "*", "Action": PULL}


def test_unique_sid() -> None:
    assert unique_sid([]) == "Statement1"
    assert unique_sid([{"Sid": "Statement1"}, {"Sid": "Statement3"}, "odd", {}]) == "Statement2"
    assert unique_sid([{"Sid": "Pull1"}], base="Pull") == "Pull2"
    assert unique_sid([{"Sid": ["unhashable"]}, {"Sid": {"x": 1}}]) == "Statement1"


def test_unique_sid_is_alphanumeric_and_new() -> None:
    existing = [{"Sid": f"Statement{n}"} for n in range(1, 50)]
    sid = unique_sid(existing)

    assert sid.isalnum()
    assert sid not in {s["Sid"] for s in existing}


@st.composite
def statement_inputs(draw: st.DrawFn) -> StatementInput:
    everybody = draw(st.booleans())
    aws: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    if not everybody:
        aws = tuple(
            draw(st.lists(account_ids.map(lambda a: f"arn:aws:iam::{a}:root"), unique=True))
        )
        services = tuple(
            draw(
                st.lists(
                    st.sampled_from(["lambda.amazonaws.com", "codebuild.amazonaws.com"]),
                    unique=True,
                    min_size=0 if aws else 1,
                )
            )
        )
    preset = draw(st.sampled_from([*Preset, None]))
    actions: tuple[str, ...] = ()
    if preset is None:
        actions = tuple(
            draw(
                st.lists(
                    st.sampled_from(REPOSITORY_ACTIONS).map(lambda name: f"ecr:{name}"),
                    min_size=1,
                    max_size=5,
                    unique=True,
                )
            )
        )
    conditions = draw(
        st.dictionaries(
            st.sampled_from(["StringEquals", "StringLike", "ArnLike"]),
            st.dictionaries(
                st.sampled_from(["aws:SourceAccount", "aws:SourceArn", "aws:PrincipalOrgID"]),
                st.lists(condition_values, min_size=1, max_size=3).map(tuple),
                min_size=1,
                max_size=2,
            ),
            max_size=2,
        )
    )
    return StatementInput(
        sid=draw(alphanumeric_sids),
        effect=draw(st.sampled_from(["Allow", "Deny"])),
        everybody=everybody,
        aws_principals=aws,
        services=services,
        preset=preset,
        actions=actions,
        conditions=conditions,
    )


@settings(max_examples=150, deadline=None)
@given(form=statement_inputs())
def test_the_form_reads_back_what_it_built(form: StatementInput) -> None:
    statement = build_statement(form)
    read_back = view_statement(statement, 0).form_input

    assert read_back is not None
    assert build_statement(read_back) == statement
    if form.preset is not None:
        # A preset's actions are filled in, so switching to custom actions starts from them.
        assert read_back.actions == form.preset.actions
        assert read_back == replace(form, actions=form.preset.actions)
    else:
        assert read_back.preset is None or set(read_back.preset.actions) == set(form.actions)
        assert read_back == replace(form, preset=read_back.preset)


def test_one_parser_reads_every_principal_and_names_each_mistake() -> None:
    parsed = parse_principal_texts([ACCOUNT, "alice", "lambda.amazonaws.com", "12345"])
    assert parsed.aws == [f"arn:aws:iam::{ACCOUNT}:root"]
    assert parsed.services == ["lambda.amazonaws.com"]
    assert len(parsed.errors) == 2
    assert "'alice' is not a principal" in parsed.errors[0]
    assert "exactly 12 digits" in parsed.errors[1]


def test_a_unique_id_read_back_from_aws_is_kept_only_when_asked() -> None:
    deleted_user = "AIDAJQABLZS4A3QDU576Q"
    assert parse_principal_texts([deleted_user], keep_unique_ids=True).aws == [deleted_user]
    assert parse_principal_texts([deleted_user]).errors
