"""Principal kinds and labels, and the console's action presets."""

from __future__ import annotations

import pytest

from ecr_tui.policy.actions import PULL_ONLY, PUSH_PULL, Preset, preset_for
from ecr_tui.policy.principals import PrincipalKind, classify, principals_of
from ecr_tui.policy.statements import view_statement

ACCOUNT = "123456789012"


@pytest.mark.parametrize(
    ("key", "value", "kind", "account", "name", "path"),
    [
        ("AWS", "*", PrincipalKind.EVERYBODY, None, None, "/"),
        ("AWS", "arn:aws:iam::*:root", PrincipalKind.EVERYBODY, None, None, "/"),
        ("AWS", ACCOUNT, PrincipalKind.ACCOUNT, ACCOUNT, None, "/"),
        ("AWS", "012345678901", PrincipalKind.ACCOUNT, "012345678901", None, "/"),
        ("AWS", f"arn:aws:iam::{ACCOUNT}:root", PrincipalKind.ACCOUNT, ACCOUNT, None, "/"),
        ("AWS", f"arn:aws-cn:iam::{ACCOUNT}:root", PrincipalKind.ACCOUNT, ACCOUNT, None, "/"),
        ("AWS", f"arn:aws:iam::{ACCOUNT}:user/alice", PrincipalKind.USER, ACCOUNT, "alice", "/"),
        (
            "AWS",
            f"arn:aws:iam::{ACCOUNT}:user/team/dev/bob",
            PrincipalKind.USER,
            ACCOUNT,
            "bob",
            "/team/dev/",
        ),
        ("AWS", f"arn:aws:iam::{ACCOUNT}:role/deploy", PrincipalKind.ROLE, ACCOUNT, "deploy", "/"),
        (
            "AWS",
            f"arn:aws-us-gov:iam::{ACCOUNT}:role/service-role/builder",
            PrincipalKind.ROLE,
            ACCOUNT,
            "builder",
            "/service-role/",
        ),
        (
            "AWS",
            f"arn:aws:sts::{ACCOUNT}:assumed-role/deploy/session-1",
            PrincipalKind.ASSUMED_ROLE,
            ACCOUNT,
            "deploy",
            "/",
        ),
        ("AWS", "AIDAJQABLZS4A3QDU576Q", PrincipalKind.UNIQUE_ID, None, None, "/"),
        ("AWS", "AROADBQP57FF2AEXAMPLE", PrincipalKind.UNIQUE_ID, None, None, "/"),
        ("Service", "lambda.amazonaws.com", PrincipalKind.SERVICE, None, None, "/"),
        ("Federated", "cognito-identity.amazonaws.com", PrincipalKind.FEDERATED, None, None, "/"),
        ("CanonicalUser", "79a59df900b949e5", PrincipalKind.OTHER, None, None, "/"),
        ("AWS", "12345678901", PrincipalKind.OTHER, None, None, "/"),
        ("AWS", "1234567890123", PrincipalKind.OTHER, None, None, "/"),
        ("AWS", f"{ACCOUNT}\n", PrincipalKind.OTHER, None, None, "/"),
        ("AWS", f"arn:aws:iam::{ACCOUNT}:group/admins", PrincipalKind.OTHER, None, None, "/"),
        ("AWS", "arn:aws:s3:::bucket", PrincipalKind.OTHER, None, None, "/"),
    ],
)
def test_principal_kinds(
    key: str, value: str, kind: PrincipalKind, account: str | None, name: str | None, path: str
) -> None:
    principal = classify(key, value)

    assert (principal.kind, principal.account, principal.name, principal.path) == (
        kind,
        account,
        name,
        path,
    )
    assert principal.value == value
    assert principal.key == key


def test_principal_labels() -> None:
    assert classify("AWS", "*").label == "everybody (*)"
    assert classify("AWS", ACCOUNT).label == f"account {ACCOUNT}"
    role = classify("AWS", f"arn:aws:iam::{ACCOUNT}:role/service-role/builder")
    assert role.label == f"role /service-role/builder ({ACCOUNT})"
    assert classify("AWS", f"arn:aws:iam::{ACCOUNT}:user/alice").label == f"user alice ({ACCOUNT})"
    assert "deleted" in classify("AWS", "AIDAJQABLZS4A3QDU576Q").label
    assert classify("Service", "lambda.amazonaws.com").label == "service lambda.amazonaws.com"


def test_principals_of_every_element_form() -> None:
    assert [p.kind for p in principals_of("*")] == [PrincipalKind.EVERYBODY]
    assert [p.kind for p in principals_of({"AWS": "*"})] == [PrincipalKind.EVERYBODY]
    mixed = principals_of(
        {"Service": "lambda.amazonaws.com", "AWS": [ACCOUNT, "AROADBQP57FF2AEXAMPLE"]}
    )
    assert [p.kind for p in mixed] == [
        PrincipalKind.SERVICE,
        PrincipalKind.ACCOUNT,
        PrincipalKind.UNIQUE_ID,
    ]
    assert [p.kind for p in principals_of(["odd"])] == [PrincipalKind.OTHER]
    assert [p.value for p in principals_of({"AWS": [7]})] == ["7"]


@pytest.mark.parametrize(
    ("actions", "preset"),
    [
        (list(PULL_ONLY), Preset.PULL),
        (list(reversed(PULL_ONLY)), Preset.PULL),
        ([a.upper() for a in PULL_ONLY], Preset.PULL),
        (
            ["ECR:batchgetimage", "ecr:GETDOWNLOADURLFORLAYER", "Ecr:BatchCheckLayerAvailability"],
            Preset.PULL,
        ),
        (list(PUSH_PULL), Preset.PUSH_PULL),
        (sorted(PUSH_PULL, key=str.lower), Preset.PUSH_PULL),
        ([a.lower() for a in PUSH_PULL] + ["ecr:PutImage"], Preset.PUSH_PULL),
        (["ecr:*"], Preset.ALL),
        (["ECR:*"], Preset.ALL),
        (["*"], Preset.ALL),
        (list(PULL_ONLY[:2]), None),
        ([*PULL_ONLY, "ecr:ListImages"], None),
        ([*PULL_ONLY, "ecr:*"], None),
        ([], None),
    ],
)
def test_presets_are_recognised(actions: list[str], preset: Preset | None) -> None:
    assert preset_for(actions) is preset
    view = view_statement({"Effect": "Allow", "Principal": "*", "Action": actions}, 0)
    assert view.preset is (preset if actions else None)
