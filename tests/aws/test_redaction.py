"""Tokens, signatures and keys are taken out of any text before it is shown or logged."""

from __future__ import annotations

import io
import logging

import pytest

from ecr_tui.aws.backend import Backend, BackendSettings
from ecr_tui.aws.redaction import RedactingFilter, redact

TOKEN = "FAKEIQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+abc/def=="
KEY_ID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
SIGNATURE = "fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024"
CANONICAL_REQUEST = f"""The request signature we calculated does not match the signature you
provided.

The Canonical String for this request should have been
'POST
/

content-type:application/x-amz-json-1.1
host:api.ecr.us-east-1.amazonaws.com
x-amz-date:20260101T000000Z
x-amz-security-token:{TOKEN}
x-amz-target:AmazonEC2ContainerRegistry_V20150921.GetRepositoryPolicy

content-type;host;x-amz-date;x-amz-security-token;x-amz-target
3b0c5d1f6e8a'
"""


@pytest.mark.parametrize(
    "text",
    [
        CANONICAL_REQUEST,
        f"Authorization: AWS4-HMAC-SHA256 Credential={KEY_ID}/20260101/us-east-1/ecr/"
        f"aws4_request, SignedHeaders=host;x-amz-date, Signature={SIGNATURE}",
        f"{{'X-Amz-Security-Token': b'{TOKEN}', 'Authorization': b'AWS4-HMAC-SHA256 "
        f"Credential={KEY_ID}/20260101/us-east-1/ecr/aws4_request, Signature={SIGNATURE}'}}",
        f"https://host/?X-Amz-Security-Token={TOKEN}&X-Amz-Signature={SIGNATURE}"
        f"&X-Amz-Credential={KEY_ID}%2F20260101",
        f'{{"accessKeyId":"{KEY_ID}","secretAccessKey":"{SECRET}","sessionToken":"{TOKEN}"}}',
        f"<SecretAccessKey>{SECRET}</SecretAccessKey><SessionToken>{TOKEN}</SessionToken>",
        f"aws_secret_access_key = {SECRET}\naws_session_token={TOKEN}",
        f"Signature:\n{SIGNATURE}",
        f"the key {KEY_ID} is not valid",
    ],
)
def test_no_secret_survives(text: str) -> None:
    redacted = redact(text)
    for secret in (TOKEN, SECRET, SIGNATURE, KEY_ID, TOKEN[:20]):
        assert secret not in redacted, redacted
    assert "<redacted>" in redacted


def test_access_key_ids_keep_their_first_four_characters() -> None:
    assert redact(f"Credential={KEY_ID}/20260101/us-east-1") == (
        "Credential=AKIA<redacted>/20260101/us-east-1"
    )
    assert redact(f"key {KEY_ID}.") == "key AKIA<redacted>."


def test_ordinary_text_is_left_alone() -> None:
    text = "Could not read the policy for repository 'team/app': the repository has no policy."
    assert redact(text) == text


def test_the_logging_filter_redacts_the_formatted_record() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter())
    logger = logging.getLogger("ecr-tui-test-redaction")
    logger.addHandler(handler)
    logger.propagate = False
    logger.warning("CanonicalRequest:\n%s", CANONICAL_REQUEST)
    assert TOKEN not in stream.getvalue()
    assert "x-amz-security-token:<redacted>" in stream.getvalue()


def test_the_operation_and_time_headers_stay_readable() -> None:
    text = "x-amz-date:20260101T000000Z\nx-amz-target:ECR.GetRepositoryPolicy"
    assert redact(text) == text


def test_the_logging_filter_writes_control_characters_visibly() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter())
    logger = logging.getLogger("ecr-tui-test-redaction-controls")
    logger.addHandler(handler)
    logger.propagate = False
    logger.warning("Sid %s\nnext", "Pull\x1b]52;c;aGFja2Vk\x07")
    assert stream.getvalue() == "Sid Pull\\x1b]52;c;aGFja2Vk\\x07\nnext\n"


def test_redacting_twice_changes_nothing_more() -> None:
    once = redact(f"Authorization: AWS4-HMAC-SHA256 Credential={KEY_ID}/x, Signature={SIGNATURE}")
    assert redact(once) == once
    assert "AKIA<redacted>/x" in once


def test_the_secret_key_of_the_session_is_redacted_anywhere(aws: None) -> None:
    secret = "q7Xv2LmR9sT4wZ1yB8nC5dF0gH3jK6pE+aUoIiYe"
    backend = Backend(BackendSettings(region="us-east-1", static_credentials=(KEY_ID, secret)))
    assert backend.ecr is not None
    assert redact(f"bare {secret} in a sentence") == "bare <redacted> in a sentence"
    assert redact("testing a short word") == "testing a short word"
