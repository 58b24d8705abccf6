"""Every AWS and credential error becomes one sentence a person can act on."""

from __future__ import annotations

import pytest
from botocore.exceptions import (
    ClientError,
    EndpointConnectionError,
    NoCredentialsError,
    ParamValidationError,
    ProfileNotFound,
    SSOTokenLoadError,
    TokenRetrievalError,
    UnauthorizedSSOTokenError,
)

from ecr_tui.aws.errors import AwsError, explain

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
INVALID_POLICY = (
    "Invalid parameter at 'PolicyText' failed to satisfy constraint: "
    "'Invalid repository policy provided'"
)
PRINCIPAL_NOT_FOUND = "Invalid parameter at 'PolicyText' failed to satisfy constraint: " + (
    "'Principal not found'"
)
DENIED = (
    "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: "
    "ecr:SetRepositoryPolicy on resource: "
    "arn:aws:ecr:us-east-1:123456789012:repository/app because no identity-based policy "
    "allows the ecr:SetRepositoryPolicy action"
)


def client_error(code: str, message: str, operation: str = "SetRepositoryPolicy") -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message}}, operation)


def explained(error: Exception, profile: str | None = "dev") -> AwsError:
    return explain(error, doing="save the policy", repository="app", profile=profile)


CASES: list[tuple[str, Exception, tuple[str, ...]]] = [
    (
        "repository-not-found",
        client_error("RepositoryNotFoundException", "The repository 'app' does not exist"),
        ("'app'", "does not exist"),
    ),
    (
        "principal-not-found",
        client_error("InvalidParameterException", PRINCIPAL_NOT_FOUND),
        ("principal", "does not exist", "IAM has not propagated"),
    ),
    (
        "invalid-policy",
        client_error("InvalidParameterException", INVALID_POLICY),
        ("rejected the policy as invalid", "account-level action"),
    ),
    (
        "access-denied",
        client_error("AccessDeniedException", DENIED),
        ("access denied", "ecr:SetRepositoryPolicy"),
    ),
    (
        "expired-token",
        client_error("ExpiredToken", "The security token included in the request is expired"),
        ("expired", "refresh", "aws sso login --profile dev"),
    ),
    (
        "expired-token-exception",
        client_error(
            "ExpiredTokenException", "The security token included in the request is expired"
        ),
        ("expired", "refresh", "aws sso login --profile dev"),
    ),
    (
        "unauthorized-sso",
        UnauthorizedSSOTokenError(),
        ("SSO", "aws sso login --profile dev"),
    ),
    (
        "sso-token-load",
        SSOTokenLoadError(error_msg="Token for https://example.awsapps.com/start does not exist"),
        ("SSO", "aws sso login --profile dev"),
    ),
    (
        "token-retrieval",
        TokenRetrievalError(provider="sso", error_msg="the refresh token was rejected"),
        ("SSO", "aws sso login --profile dev"),
    ),
    ("no-credentials", NoCredentialsError(), ("no AWS credentials", "--profile")),
    (
        "throttling",
        client_error("ThrottlingException", "Rate exceeded"),
        ("throttling", "try again"),
    ),
    (
        "server",
        client_error("ServerException", "We encountered an internal error"),
        ("internal error", "try again"),
    ),
    (
        "limit",
        client_error(
            "LimitExceededException",
            "The operation did not succeed because it would exceed a service limit",
        ),
        ("limit", "exceed"),
    ),
    (
        "endpoint",
        EndpointConnectionError(endpoint_url="https://api.ecr.xx-nowhere-1.amazonaws.com/"),
        ("could not be reached", "https://api.ecr.xx-nowhere-1.amazonaws.com/"),
    ),
    ("profile", ProfileNotFound(profile="dev"), ("'dev'", "not in your AWS config")),
]


@pytest.mark.parametrize(
    ("error", "expected"), [(e, x) for _, e, x in CASES], ids=[name for name, _, _ in CASES]
)
def test_each_error_is_one_clear_sentence(error: Exception, expected: tuple[str, ...]) -> None:
    message = explained(error).message
    for fragment in expected:
        assert fragment.lower() in message.lower(), message
    assert "\n" not in message
    assert "Traceback" not in message
    assert SECRET not in message
    assert message.endswith((".", ")"))
    assert len(message) < 400


def test_the_repository_and_what_was_being_done_are_named() -> None:
    message = explained(client_error("ServerException", "boom")).message
    assert message.startswith("Could not save the policy for repository 'app':")


def test_the_login_hint_without_a_profile_has_no_profile_flag() -> None:
    message = explained(UnauthorizedSSOTokenError(), profile=None).message
    assert "`aws sso login`" in message


def test_codes_are_kept_for_callers() -> None:
    principal = explained(client_error("InvalidParameterException", PRINCIPAL_NOT_FOUND))
    assert principal.code == "InvalidParameterException"
    assert principal.may_be_propagation_delay
    expired = explained(client_error("ExpiredTokenException", "expired"))
    assert expired.is_credentials
    assert explained(UnauthorizedSSOTokenError()).is_credentials
    assert explained(NoCredentialsError()).is_credentials
    assert not explained(client_error("ServerException", "boom")).may_be_propagation_delay


def test_credentials_in_a_rejected_signature_are_never_repeated() -> None:
    message = explained(
        client_error(
            "SignatureDoesNotMatch",
            f"The request signature we calculated does not match. String-to-sign: {SECRET}",
        )
    ).message
    assert SECRET not in message
    assert "credentials" in message


def test_multi_line_errors_become_one_line() -> None:
    error = ParamValidationError(report="Invalid length for parameter repositoryName\nvalue: 1")
    message = explained(error).message
    assert "\n" not in message
    assert "repositoryName" in message


def test_an_aws_error_is_passed_through() -> None:
    original = AwsError("Read-only mode: nothing was written.", "ReadOnly")
    assert explained(original) is original


def test_a_web_page_instead_of_an_aws_reply_is_named_not_printed() -> None:
    page = "<!doctype html> <html lang=en> <title>500 Internal Server Error</title>"
    said = explain(ClientError({"Error": {"Code": "500", "Message": page}}, "X"), doing="read")
    assert said.message == (
        "Could not read: the endpoint answered HTTP 500 with a web page, not an AWS reply "
        "(a wrong region or --endpoint-url, or a stand-in for AWS without this call)."
    )
