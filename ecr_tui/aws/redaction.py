"""Credentials, signatures and tokens taken out of text before it is shown or logged."""

from __future__ import annotations

import logging
import re
import threading
from typing import Any, TextIO

from ecr_tui.policy.safe_text import visible

REDACTED = "<redacted>"
KEY_ID_SHOWN = 4

_QUOTE = r"""['"]?"""
# `x-amz-security-token:VALUE` (a canonical request), `X-Amz-Signature=VALUE` (a presigned
# query), `'X-Amz-Security-Token': b'VALUE'` (botocore's header dict in its debug log).
# Headers that name the operation or the time, which the request log needs to be useful.
_HARMLESS_AMZ = "(?!(?:date|target|content-sha256|api-version|user-agent)\\b)"
_AMZ_VALUE = re.compile(
    rf"""(?i)(x-amz-{_HARMLESS_AMZ}[a-z0-9-]+{_QUOTE}[ \t]*[:=][ \t]*b?{_QUOTE})"""
    r"""([^'"\s&,;}<>]+)"""
)
_SIGNATURE = re.compile(r"(?i)(\bsignature\s*[=:]\s*)([0-9a-f]{16,})")
_CREDENTIAL = re.compile(r"(?i)((?<![-_])\bcredential[ \t]*=[ \t]*)([^/\s,'\"&<]+)")
_KEY_ID_PREFIXES = "AKIA|ASIA|AIDA|AROA|AIPA|ANPA|ANVA|AGPA|ABIA|ACCA"
_ACCESS_KEY_ID = re.compile(rf"\b({_KEY_ID_PREFIXES})[A-Z0-9]{{12,}}\b")
_SECRET_FIELDS = (
    "aws_secret_access_key|aws_session_token|aws_security_token|secret_?access_?key"
    "|session_?token|security_?token|access_?token|refresh_?token|authorization_?token"
    "|client_?secret|password|id_?token"
)
# "secretAccessKey":"VALUE", secretAccessKey=VALUE, <SessionToken>VALUE</SessionToken>
_SECRET_VALUE = re.compile(
    rf"""(?i)(\b(?:{_SECRET_FIELDS}){_QUOTE}[ \t]*[:=][ \t]*b?{_QUOTE})([^'"\s&,;}}<>]+)"""
)
_SECRET_ELEMENT = re.compile(rf"(?i)(<(?:{_SECRET_FIELDS})>)([^<]+)(</)")
_AUTHORIZATION = re.compile(
    rf"(?i)(\bauthorization{_QUOTE}[ \t]*:[ \t]*b?{_QUOTE})(bearer|basic)\s+[^'\"\s]+"
)


SHORTEST_SECRET_KEPT = 16
"""Credential values this long or longer are remembered; shorter ones are no real secret."""
_known_secrets: set[str] = set()
_known_lock = threading.Lock()


def remember_secrets(*values: str | None) -> None:
    """Redact these values (a secret access key, a session token) wherever they appear."""
    with _known_lock:
        _known_secrets.update(v for v in values if v and len(v) >= SHORTEST_SECRET_KEPT)


def remember_credentials(session: Any) -> None:
    """Remember the secret key and token a botocore session signs with (once resolved)."""
    try:
        credentials = session.get_credentials()
        frozen = credentials.get_frozen_credentials() if credentials is not None else None
    except Exception:  # the first request reports why credentials could not be had
        return
    if frozen is not None:
        remember_secrets(frozen.secret_key, frozen.token)


def _first_of_key(match: re.Match[str]) -> str:
    key = match.group(2)
    if len(key) <= KEY_ID_SHOWN:
        return match.group(0)
    return f"{match.group(1)}{key[:KEY_ID_SHOWN]}{REDACTED}"


def redact(text: str) -> str:
    """`text` with every token, signature, secret, `x-amz-*` value and access key id
    (beyond its first four characters) replaced by `<redacted>`, and the session's own
    secret key and token wherever they appear."""
    with _known_lock:
        known = sorted(_known_secrets, key=len, reverse=True)
    for secret in known:
        text = text.replace(secret, REDACTED)
    text = _AMZ_VALUE.sub(rf"\1{REDACTED}", text)
    text = _SECRET_VALUE.sub(rf"\1{REDACTED}", text)
    text = _SECRET_ELEMENT.sub(rf"\1{REDACTED}\3", text)
    text = _SIGNATURE.sub(rf"\1{REDACTED}", text)
    text = _AUTHORIZATION.sub(rf"\1\2 {REDACTED}", text)
    text = _CREDENTIAL.sub(_first_of_key, text)
    return _ACCESS_KEY_ID.sub(rf"\1{REDACTED}", text)


class RedactingFilter(logging.Filter):
    """Redacts every record it passes, and writes its control characters visibly: the
    formatted message replaces msg and args."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = visible(redact(record.getMessage()), keep_lines=True)
        record.args = None
        return True


DEBUG_LOGGERS = ("botocore", "boto3", "urllib3")
DEBUG_FORMAT = "%(asctime)s %(name)s %(levelname)s: %(message)s"


def log_requests(stream: TextIO) -> logging.Handler:
    """Write botocore's request log (and urllib3's) to `stream`, redacted."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(DEBUG_FORMAT))
    handler.addFilter(RedactingFilter())
    for name in DEBUG_LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(logging.DEBUG)
        logger.addHandler(handler)
    return handler
