"""A thin layer over a boto3 client that makes moto answer the way real AWS does.

moto stores a repository policy verbatim and never fails the way AWS does. These helpers
hook botocore's event system of one client:

- `rewrite_reads_like_aws`: GetRepositoryPolicy returns the text as AWS re-serialises it
  (" : " pretty style, bare account id -> root ARN, one-element list -> string, lists
  reordered).
- `record_calls`: the parameters of every call the client makes, as the caller passed them.
- `fail_calls`: answer an operation with an AWS error response (a few times, or always),
  through botocore's own error path, so the caller sees the ClientError AWS would raise.
- `raise_on_call`: raise a botocore exception (an expired SSO token, ...) from a call.
- `serve_registry_like_aws`: Put/Get/DeleteRegistryPolicy keep any ECR action per region,
  as ECR does since registry policy scope V2 (moto refuses all but the V1 ones), and
  GetAccountSetting answers the scope (moto has no such call), or is denied.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from botocore.awsrequest import AWSResponse

ACCOUNT_ID_DIGITS = 12


def _indent(level: int) -> str:
    return "  " * level


def aws_pretty(value: Any, level: int = 0) -> str:
    """JSON in the style AWS stores policies in: `"Key" : value` and `[ {` on one line."""
    if isinstance(value, dict):
        if not value:
            return "{ }"
        fields = ",\n".join(
            f"{_indent(level + 1)}{json.dumps(key)} : {aws_pretty(item, level + 1)}"
            for key, item in value.items()
        )
        return "{\n" + fields + "\n" + _indent(level) + "}"
    if isinstance(value, list):
        if not value:
            return "[ ]"
        return "[ " + ", ".join(aws_pretty(item, level) for item in value) + " ]"
    return json.dumps(value)


def _is_account_id(value: Any) -> bool:
    return isinstance(value, str) and len(value) == ACCOUNT_ID_DIGITS and value.isdigit()


def _reordered(values: Any, rewrite: Any = None) -> Any:
    """A list comes back reversed, and as a plain string when it holds one item."""
    items = values if isinstance(values, list) else [values]
    items = [rewrite(v) if rewrite else v for v in reversed(items)]
    return items[0] if len(items) == 1 else items


def _root_arn(value: Any) -> Any:
    return f"arn:aws:iam::{value}:root" if _is_account_id(value) else value


def _rewrite_statement(statement: Any) -> Any:
    if not isinstance(statement, dict):
        return statement
    rewritten = dict(statement)
    for key in ("Principal", "NotPrincipal"):
        principal = statement.get(key)
        if isinstance(principal, dict):
            rewritten[key] = {
                kind: _reordered(values, _root_arn if kind == "AWS" else None)
                for kind, values in principal.items()
            }
    for key in ("Action", "NotAction"):
        if key in statement:
            rewritten[key] = _reordered(statement[key])
    return rewritten


def aws_style_text(text: str) -> str:
    """The text GetRepositoryPolicy returns on real AWS after `text` was stored."""
    document = json.loads(text)
    statements = document.get("Statement")
    if isinstance(statements, list):
        document["Statement"] = [_rewrite_statement(s) for s in statements]
    elif isinstance(statements, dict):
        document["Statement"] = _rewrite_statement(statements)
    return aws_pretty(document)


def rewrite_reads_like_aws(client: Any) -> None:
    """From now on `client.get_repository_policy` returns AWS's rewritten text."""

    def rewrite(parsed: dict[str, Any], **_: Any) -> None:
        if "policyText" in parsed:
            parsed["policyText"] = aws_style_text(parsed["policyText"])

    client.meta.events.register("after-call.ecr.GetRepositoryPolicy", rewrite)


@dataclass
class CallLog:
    """(operation name, parameters) of each call, in order."""

    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def of(self, operation: str) -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == operation]

    @property
    def operations(self) -> list[str]:
        return [name for name, _ in self.calls]


def record_calls(client: Any) -> CallLog:
    log = CallLog()

    def record(params: dict[str, Any], model: Any, **_: Any) -> None:
        log.calls.append((model.name, dict(params)))

    service = client.meta.service_model.service_id.hyphenize()
    client.meta.events.register(f"before-parameter-build.{service}", record)
    return log


@dataclass
class Failures:
    """How many calls of the operation were made, and how many got the error."""

    calls: int = 0
    count: int = 0


def fail_calls(
    client: Any,
    operation: str,
    code: str,
    message: str,
    *,
    times: int | None = None,
    skip: int = 0,
    status: int = 400,
) -> Failures:
    """Let the first `skip` calls of `operation` reach moto, then answer the next `times`
    (None = all) with AWS error `code`; calls after those reach moto again."""
    failures = Failures()
    service = client.meta.service_model.service_id.hyphenize()

    def answer(**_: Any) -> tuple[AWSResponse, dict[str, Any]] | None:
        failures.calls += 1
        if failures.calls <= skip or (times is not None and failures.count >= times):
            return None
        failures.count += 1
        parsed = {
            "Error": {"Code": code, "Message": message},
            "ResponseMetadata": {"HTTPStatusCode": status},
        }
        return AWSResponse(None, status, {}, None), parsed

    client.meta.events.register(f"before-call.{service}.{operation}", answer)
    return failures


def raise_on_call(client: Any, operation: str, error: Exception) -> None:
    """Every call of `operation` raises `error`, as botocore does when credentials fail."""
    service = client.meta.service_model.service_id.hyphenize()

    def fail(**_: Any) -> None:
        raise error

    client.meta.events.register(f"before-call.{service}.{operation}", fail)


@dataclass
class RegistryLikeAws:
    """The registry policy text per region, and the scope GetAccountSetting answers
    (None: the call is denied, as for an auditor without ecr:GetAccountSetting)."""

    policies: dict[str, str] = field(default_factory=dict)
    scope: str | None = "V2"
    calls: list[str] = field(default_factory=list)

    def put(self, region: str, document: dict[str, Any]) -> None:
        self.policies[region] = json.dumps(document)


def _reply(parsed: dict[str, Any], status: int = 200) -> tuple[AWSResponse, dict[str, Any]]:
    parsed.setdefault("ResponseMetadata", {"HTTPStatusCode": status})
    return AWSResponse(None, status, {}, None), parsed


def _error_reply(code: str, message: str) -> tuple[AWSResponse, dict[str, Any]]:
    return _reply({"Error": {"Code": code, "Message": message}}, 400)


def serve_registry_like_aws(
    target: Any, scope: str | None = "V2", registry: RegistryLikeAws | None = None
) -> RegistryLikeAws:
    """Answer the registry policy and account setting calls of `target` as V2 ECR does.

    `target` is an ECR client, or a botocore Session: then every ECR client made from it
    from now on (a Backend's, and those of its other regions). Clients given the same
    `registry` share it."""
    registry = registry if registry is not None else RegistryLikeAws(scope=scope)
    register = target.meta.events.register if hasattr(target, "meta") else target.register

    def answer(model: Any, params: dict[str, Any], context: dict[str, Any], **_: Any) -> Any:
        operation, region = model.name, context.get("client_region") or "us-east-1"
        registry.calls.append(operation)
        body = json.loads(params.get("body") or b"{}")
        account = "123456789012"
        if operation == "PutRegistryPolicy":
            registry.policies[region] = body["policyText"]
            return _reply({"registryId": account, "policyText": body["policyText"]})
        if operation in ("GetRegistryPolicy", "DeleteRegistryPolicy"):
            text = registry.policies.get(region)
            if text is None:
                return _error_reply(
                    "RegistryPolicyNotFoundException",
                    f"Registry policy does not exist in the registry with id '{account}'",
                )
            if operation == "DeleteRegistryPolicy":
                del registry.policies[region]
            return _reply({"registryId": account, "policyText": text})
        if registry.scope is None:
            return _error_reply(
                "AccessDeniedException",
                f"User: arn:aws:iam::{account}:user/auditor is not authorized to perform: "
                f"ecr:{operation}",
            )
        if operation == "PutAccountSetting":
            registry.scope = body["value"]
        return _reply({"name": body["name"], "value": registry.scope})

    for operation in (
        "PutRegistryPolicy",
        "GetRegistryPolicy",
        "DeleteRegistryPolicy",
        "GetAccountSetting",
        "PutAccountSetting",
    ):
        register(f"before-call.ecr.{operation}", answer)
    return registry


def serve_registry_in_every_client(monkeypatch: Any, scope: str | None = "V2") -> RegistryLikeAws:
    """`serve_registry_like_aws` for every ECR client made while the test runs (those the
    CLI makes inside itself too), all sharing one registry."""
    from botocore.session import Session

    registry = RegistryLikeAws(scope=scope)
    original = Session.create_client

    def create_client(self: Session, service_name: str, *args: Any, **kwargs: Any) -> Any:
        client = original(self, service_name, *args, **kwargs)
        if service_name == "ecr":
            serve_registry_like_aws(client, registry=registry)
        return client

    monkeypatch.setattr(Session, "create_client", create_client)
    return registry
