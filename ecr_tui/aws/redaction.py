"""Credentials, signatures and tokens taken out of text before it is shown or logged."""

from __future__ import annotations

import logging
import re
from typing import TextIO

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


def _first_of_key(match: re.Match[str]) -> str:
    return f"{match.group(1)}{match.group(2)[:KEY_ID_SHOWN]}{REDACTED}"


def redact(text: str) -> str:
    """`text` with every token, signature, secret, `x-amz-*` value and access key id
    (beyond its first four characters) replaced by `<redacted>`."""
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
