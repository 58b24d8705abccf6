"""Rejected signatures and `aws login` profiles: one sentence with the fix, no secret repeated."""

from __future__ import annotations

import os
from pathlib import Path

import botocore.exceptions
import pytest
from botocore.exceptions import ClientError
from click.testing import CliRunner

from ecr_tui.aws.errors import AwsError, explain
from ecr_tui.cli import cli

TOKEN = "FAKEIQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+abc/def=="
KEY_ID = "AKIAIOSFODNN7EXAMPLE"
CANONICAL_REQUEST = (
    "The request signature we calculated does not match the signature you provided.\n\n"
    "The Canonical String for this request should have been\n'POST\n/\n\n"
    "host:api.ecr.us-east-1.amazonaws.com\nx-amz-date:20260101T000000Z\n"
    f"x-amz-security-token:{TOKEN}\n\nhost;x-amz-date;x-amz-security-token\n3b0c5d'\n"
    f"Credential={KEY_ID}/20260101/us-east-1/ecr/aws4_request"
)


def explained(error: Exception, profile: str | None = "dev") -> AwsError:
    return explain(error, doing="read the policy", repository="app", profile=profile)


def client_error(code: str, message: str = CANONICAL_REQUEST) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message}}, "GetRepositoryPolicy")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("InvalidSignatureException", ("signature", "clock", "aws configure list --profile dev")),
        ("SignatureDoesNotMatch", ("signature", "clock", "aws configure list --profile dev")),
        ("IncompleteSignature", ("incomplete", "session token", "aws configure list")),
        ("UnrecognizedClientException", ("access key id", "aws configure list --profile dev")),
        ("InvalidClientTokenId", ("access key id", "aws configure list --profile dev")),
    ],
)
def test_a_rejected_signature_is_a_sentence_without_the_token(
    code: str, expected: tuple[str, ...]
) -> None:
    error = explained(client_error(code))
    for fragment in expected:
        assert fragment in error.message, error.message
    assert error.message.startswith("Could not read the policy for repository 'app': ")
    assert "\n" not in error.message
    assert error.is_credentials
    for secret in (TOKEN[:12], KEY_ID):
        assert secret not in error.message
        assert secret not in error.detail


def test_an_unknown_code_passes_its_text_through_scrubbed() -> None:
    error = explained(client_error("SomethingNewException"))
    assert "SomethingNewException" in error.message
    assert "x-amz-security-token:<redacted>" in error.message
    assert "Credential=AKIA<redacted>" in error.message
    assert TOKEN[:12] not in error.message and TOKEN[:12] not in error.detail


def test_any_aws_error_made_by_hand_is_scrubbed_and_visible() -> None:
    error = AwsError(
        f"boom X-Amz-Security-Token={TOKEN} \x1b[2J", "X", f"x-amz-security-token:{TOKEN}"
    )
    assert TOKEN[:12] not in error.message + error.detail + str(error)
    assert "\x1b" not in error.message and "\\x1b[2J" in error.message


def login_error(name: str, **kwargs: str) -> Exception:
    kind = getattr(botocore.exceptions, name, None)
    if kind is None:
        pytest.skip(f"this botocore has no {name}")
    return kind(**kwargs)


@pytest.mark.parametrize(
    ("name", "kwargs", "expected"),
    [
        ("LoginRefreshRequired", {}, ("expired", "`aws login --profile dev`")),
        (
            "LoginTokenLoadError",
            {"error_msg": "no cached session"},
            ("could not be loaded", "`aws login --profile dev`"),
        ),
        ("LoginError", {}, ("`aws login`", "`aws login --profile dev`")),
        (
            "LoginInsufficientPermissions",
            {},
            ("signin:CreateOAuth2Token", "administrator", "`aws login --profile dev`"),
        ),
        (
            "MissingDependencyException",
            {"msg": 'You will need to pip install "botocore[crt]" before proceeding.'},
            ("botocore[crt]", "`python3.11 -m pip install 'botocore[crt]'`"),
        ),
    ],
)
def test_an_aws_login_profile_says_the_command_that_fixes_it(
    name: str, kwargs: dict[str, str], expected: tuple[str, ...]
) -> None:
    message = explained(login_error(name, **kwargs)).message
    for fragment in expected:
        assert fragment in message, message
    assert message.startswith("Could not read the policy for repository 'app': ")
    assert message.endswith(".")
    assert "\n" not in message


def test_the_aws_login_hint_without_a_profile_has_no_profile_flag() -> None:
    message = explained(login_error("LoginRefreshRequired"), profile=None).message
    assert "`aws login`" in message and "--profile" not in message


def test_an_aws_login_profile_is_explained_end_to_end(monkeypatch: pytest.MonkeyPatch) -> None:
    """A profile `aws login` made, in a fresh AWS config, with nothing signed in yet."""
    config = Path(os.environ["AWS_CONFIG_FILE"])
    config.write_text(
        "[profile signin]\nregion = us-east-1\n"
        "login_session = arn:aws:iam::123456789012:user/alice\n",
        encoding="utf-8",
    )
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(name)
    result = CliRunner().invoke(cli, ["--profile", "signin", "show", "team/app"])
    assert result.exit_code == 4, result.output
    assert len(result.stderr.splitlines()) == 1
    # Without botocore's CRT the profile cannot be used at all; with it, there is no session.
    fixes = ("`python3.11 -m pip install 'botocore[crt]'`", "`aws login --profile signin`")
    assert any(fix in result.stderr for fix in fixes), result.stderr
