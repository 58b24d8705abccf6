"""Every AWS and credential error as one sentence a person can act on."""

from __future__ import annotations

import re

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
    ParamValidationError,
    PartialCredentialsError,
    ProfileNotFound,
    SSOTokenLoadError,
    TokenRetrievalError,
    UnauthorizedSSOTokenError,
)

PROPAGATION_HINTS = ("principal not found", "invalid repository policy provided")
REGION_HINT = (
    "No AWS region is set; pass --region, set AWS_REGION or AWS_DEFAULT_REGION, "
    "or add region to the profile in ~/.aws/config."
)
_DENIED_ACTION = re.compile(r"perform: ([A-Za-z0-9-]+:[A-Za-z0-9*]+)")


class AwsError(Exception):
    """A failed AWS call, already explained in one sentence."""

    def __init__(self, message: str, code: str = "", detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.detail = detail

    @property
    def may_be_propagation_delay(self) -> bool:
        """ECR's answer while IAM has not yet propagated a new user or role."""
        lowered = self.detail.lower()
        return self.code == "InvalidParameterException" and any(
            hint in lowered for hint in PROPAGATION_HINTS
        )

    @property
    def is_credentials(self) -> bool:
        return self.code in CREDENTIAL_CODES


CREDENTIAL_CODES = frozenset(
    {
        "ExpiredToken",
        "ExpiredTokenException",
        "InvalidClientTokenId",
        "UnrecognizedClientException",
        "SignatureDoesNotMatch",
        "NoCredentials",
        "SSOToken",
    }
)


def _login_hint(profile: str | None) -> str:
    return f"aws sso login --profile {profile}" if profile else "aws sso login"


def explain(
    error: Exception,
    *,
    doing: str,
    repository: str | None = None,
    profile: str | None = None,
) -> AwsError:
    """Turn a boto3/botocore error raised while `doing` something into an AwsError
    whose message is a single line."""
    if isinstance(error, AwsError):
        return error
    explained = _explain(error, doing, repository, profile)
    return AwsError(_one_line(explained.message), explained.code, explained.detail)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _explain(error: Exception, doing: str, repository: str | None, profile: str | None) -> AwsError:
    target = f" for repository {repository!r}" if repository else ""
    where = f"Could not {doing}{target}"
    if isinstance(error, ClientError):
        code = error.response.get("Error", {}).get("Code", "")
        text = error.response.get("Error", {}).get("Message", "") or str(error)
        sentence = _client_error_sentence(code, text, where, repository, profile)
        return AwsError(sentence, code, text)
    if isinstance(error, UnauthorizedSSOTokenError | SSOTokenLoadError | TokenRetrievalError):
        return AwsError(
            f"{where}: the SSO session has expired or was never started; run "
            f"`{_login_hint(profile)}` and try again.",
            "SSOToken",
        )
    if isinstance(error, NoCredentialsError | PartialCredentialsError):
        return AwsError(
            f"{where}: no AWS credentials were found; set AWS_PROFILE, pass --profile, "
            "or run `aws configure`.",
            "NoCredentials",
        )
    if isinstance(error, ProfileNotFound):
        missing = error.kwargs.get("profile") or profile
        return AwsError(
            f"The AWS profile {missing!r} is not in your AWS config; check the name or run "
            "`aws configure list-profiles`.",
            "NoCredentials",
        )
    if isinstance(error, NoRegionError):
        return AwsError(REGION_HINT, "NoRegion")
    if isinstance(error, EndpointConnectionError):
        return AwsError(
            f"{where}: AWS could not be reached at {error.kwargs.get('endpoint_url')}; "
            "check the network, the region and --endpoint-url.",
            "EndpointConnection",
        )
    if isinstance(error, ParamValidationError):
        detail = " ".join(str(error).split())
        return AwsError(f"{where}: the input is not valid ({detail})", "ParamValidation")
    if isinstance(error, BotoCoreError):
        return AwsError(f"{where}: {error}")
    return AwsError(f"{where}: {type(error).__name__}: {error}")


def _client_error_sentence(
    code: str, text: str, where: str, repository: str | None, profile: str | None
) -> str:
    lowered = text.lower()
    if code == "RepositoryNotFoundException":
        return f"{where}: the repository does not exist in this region and account."
    if code == "RepositoryPolicyNotFoundException":
        return f"{where}: the repository has no policy."
    if code == "InvalidParameterException" and "principal not found" in lowered:
        return (
            f"{where}: a principal in the policy does not exist (or IAM has not propagated "
            "a new user or role yet; wait a minute and save again)."
        )
    if code == "InvalidParameterException" and "invalid repository policy" in lowered:
        return (
            f"{where}: ECR rejected the policy as invalid (often an account-level action, a "
            "Resource element, or a principal that does not exist yet)."
        )
    if code in ("AccessDeniedException", "AccessDenied", "UnauthorizedOperation"):
        if found := _DENIED_ACTION.search(text):
            return f"{where}: access denied; your identity needs {found.group(1)} ({text})"
        return f"{where}: access denied; ask for the permission this needs ({text})"
    if code in ("ExpiredToken", "ExpiredTokenException", "RequestExpired"):
        return (
            f"{where}: your AWS credentials have expired; refresh them (for SSO: "
            f"`{_login_hint(profile)}`) and try again."
        )
    if code in ("InvalidClientTokenId", "UnrecognizedClientException", "SignatureDoesNotMatch"):
        return f"{where}: AWS did not accept your credentials; check the profile and keys."
    if code in ("ThrottlingException", "TooManyRequestsException", "Throttling"):
        return f"{where}: AWS is throttling requests even after retries; try again shortly."
    if code == "LimitExceededException":
        return f"{where}: an ECR limit was exceeded ({text})."
    if code == "ServerException":
        return f"{where}: ECR had an internal error; try again. ({text})"
    return f"{where}: {code}: {text}"
