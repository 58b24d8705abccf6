"""Every AWS and credential error as one sentence a person can act on."""

from __future__ import annotations

import re

import botocore.exceptions
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    InvalidRegionError,
    NoCredentialsError,
    NoRegionError,
    ParamValidationError,
    PartialCredentialsError,
    ProfileNotFound,
    ReadTimeoutError,
    SSOTokenLoadError,
    TokenRetrievalError,
    UnauthorizedSSOTokenError,
)

from ecr_tui.aws.redaction import redact
from ecr_tui.policy.safe_text import visible

# `aws login` profiles arrived in botocore 1.43; an older botocore has none of these.
_LOGIN_ERROR = getattr(botocore.exceptions, "LoginError", None)
_LOGIN_REFRESH_REQUIRED = getattr(botocore.exceptions, "LoginRefreshRequired", None)
_LOGIN_TOKEN_LOAD_ERROR = getattr(botocore.exceptions, "LoginTokenLoadError", None)
_LOGIN_NOT_PERMITTED = getattr(botocore.exceptions, "LoginInsufficientPermissions", None)
_MISSING_DEPENDENCY = getattr(botocore.exceptions, "MissingDependencyException", None)
CRT_INSTALL = "python3.11 -m pip install 'botocore[crt]'"
"""What ecr-tui's `crt` extra pulls; works however ecr-tui itself was installed."""

PROPAGATION_HINTS = ("principal not found", "invalid repository policy provided")
REGION_HINT = (
    "No AWS region is set; pass --region, set AWS_REGION or AWS_DEFAULT_REGION, "
    "or add region to the profile in ~/.aws/config."
)
BAD_REGION = "BadRegion"
"""The code of a region that is not a region name: bad input, not an AWS failure."""
_DENIED_ACTION = re.compile(r"perform: ([A-Za-z0-9-]+:[A-Za-z0-9*]+)")


class AwsError(Exception):
    """A failed AWS call, already explained in one sentence.

    The message is safe to show and log: no credentials, signatures or tokens, and every
    control character written visibly. The detail (AWS's own text) is redacted too."""

    def __init__(self, message: str, code: str = "", detail: str = "") -> None:
        message = visible(redact(message), keep_lines=True)
        super().__init__(message)
        self.message = message
        self.code = code
        self.detail = redact(detail)

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
        "InvalidSignatureException",
        "IncompleteSignature",
        "NoCredentials",
        "SSOToken",
        "Login",
    }
)


def _login_hint(profile: str | None) -> str:
    return f"aws sso login --profile {profile}" if profile else "aws sso login"


def _aws_login_hint(profile: str | None) -> str:
    return f"aws login --profile {profile}" if profile else "aws login"


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
    if (login := _login_error(error, where, profile)) is not None:
        return login
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
    if isinstance(error, InvalidRegionError):
        return AwsError(
            f"{error.kwargs.get('region_name')!r} is not a region name (for example "
            "us-east-1); check --region, AWS_REGION, AWS_DEFAULT_REGION and the profile's "
            "region in ~/.aws/config.",
            BAD_REGION,
        )
    if isinstance(error, ReadTimeoutError | ConnectTimeoutError):
        waited = "answer" if isinstance(error, ReadTimeoutError) else "accept a connection"
        return AwsError(
            f"{where}: {error.kwargs.get('endpoint_url')} did not {waited} in time; check the "
            "network and --endpoint-url, or allow longer with --connect-timeout/--read-timeout.",
            "Timeout",
        )
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
    if code in ("InvalidSignatureException", "SignatureDoesNotMatch"):
        return (
            f"{where}: AWS rejected the signature of the request: the credentials do not "
            "match (a secret access key of other keys), or this computer's clock is wrong; "
            f"check the profile (`{_configure_hint(profile)}`) and the system time."
        )
    if code == "IncompleteSignature":
        return (
            f"{where}: the request was signed with incomplete credentials; check that the "
            f"profile has an access key id, a secret access key and, for temporary "
            f"credentials, a session token (`{_configure_hint(profile)}`)."
        )
    if code in ("InvalidClientTokenId", "UnrecognizedClientException"):
        return (
            f"{where}: AWS does not know the access key id or session token (wrong, deleted, "
            f"or from another partition); check the profile (`{_configure_hint(profile)}`)."
        )
    if code in ("ThrottlingException", "TooManyRequestsException", "Throttling"):
        return f"{where}: AWS is throttling requests even after retries; try again shortly."
    if code == "LimitExceededException":
        return f"{where}: an ECR limit was exceeded ({text})."
    if code == "ServerException":
        return f"{where}: ECR had an internal error; try again. ({text})"
    if code.isdigit() and "<html" in lowered:
        return (
            f"{where}: the endpoint answered HTTP {code} with a web page, not an AWS reply "
            "(a wrong region or --endpoint-url, or a stand-in for AWS without this call)."
        )
    return f"{where}: {code}: {text}"


def _configure_hint(profile: str | None) -> str:
    return f"aws configure list --profile {profile}" if profile else "aws configure list"


def _login_error(error: Exception, where: str, profile: str | None) -> AwsError | None:
    """The sentence for an `aws login` profile that cannot sign in, if `error` is one."""
    if _MISSING_DEPENDENCY is not None and isinstance(error, _MISSING_DEPENDENCY):
        return AwsError(
            f"{where}: this profile needs botocore's CRT support (botocore[crt]), which is "
            f"not installed; run `{CRT_INSTALL}` and try again.",
            "MissingDependency",
        )
    if _LOGIN_REFRESH_REQUIRED is not None and isinstance(error, _LOGIN_REFRESH_REQUIRED):
        return AwsError(
            f"{where}: the `aws login` session has expired or its credentials changed; run "
            f"`{_aws_login_hint(profile)}` and try again.",
            "Login",
        )
    if _LOGIN_TOKEN_LOAD_ERROR is not None and isinstance(error, _LOGIN_TOKEN_LOAD_ERROR):
        return AwsError(
            f"{where}: the `aws login` session could not be loaded (never started, or its "
            f"cache is unreadable); run `{_aws_login_hint(profile)}` and try again.",
            "Login",
        )
    if _LOGIN_NOT_PERMITTED is not None and isinstance(error, _LOGIN_NOT_PERMITTED):
        return AwsError(
            f"{where}: the `aws login` identity may not renew its credentials (it needs "
            "signin:CreateOAuth2Token); ask an administrator to allow it, then run "
            f"`{_aws_login_hint(profile)}`.",
            "Login",
        )
    if _LOGIN_ERROR is not None and isinstance(error, _LOGIN_ERROR):
        return AwsError(
            f"{where}: signing in with the `aws login` profile failed ({error}); run "
            f"`{_aws_login_hint(profile)}` and try again.",
            "Login",
        )
    return None
