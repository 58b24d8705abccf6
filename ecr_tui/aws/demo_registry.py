"""The demo's registry policy as ECR keeps it since scope V2, served in front of moto.

moto accepts only the V1 actions in a registry policy and has no Get/PutAccountSetting.
This WSGI middleware answers those calls itself: it stores any registry policy text per
account and region, and the account settings (REGISTRY_POLICY_SCOPE is V2 unless set).
Every other request goes on to moto.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterable
from typing import Any

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

TARGET_PREFIX = "AmazonEC2ContainerRegistry_V20150921."
SERVED = frozenset(
    {
        "PutRegistryPolicy",
        "GetRegistryPolicy",
        "DeleteRegistryPolicy",
        "GetAccountSetting",
        "PutAccountSetting",
    }
)
DEFAULT_SETTINGS = {"REGISTRY_POLICY_SCOPE": "V2"}
CREDENTIAL_REGION = re.compile(r"Credential=[^/]+/\d{8}/([a-z0-9-]+)/ecr/")
CREDENTIAL_KEY = re.compile(r"Credential=([^/]+)/")
DEFAULT_REGION = "us-east-1"


class RegistryPolicies:
    """Registry policy text per (account, region), and account settings per (account, region)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.policies: dict[tuple[str, str], str] = {}
        self.settings: dict[tuple[str, str], dict[str, str]] = {}

    def answer(
        self, operation: str, where: tuple[str, str], body: dict[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        account = where[0]
        with self.lock:
            if operation == "PutRegistryPolicy":
                text = body.get("policyText")
                if not isinstance(text, str) or not _is_json_object(text):
                    return 400, _error(
                        "InvalidParameterException", "Invalid registry policy provided"
                    )
                self.policies[where] = text
                return 200, {"registryId": account, "policyText": text}
            if operation in ("GetRegistryPolicy", "DeleteRegistryPolicy"):
                text = self.policies.get(where)
                if text is None:
                    return 400, _error(
                        "RegistryPolicyNotFoundException",
                        f"Registry policy does not exist in the registry with id '{account}'",
                    )
                if operation == "DeleteRegistryPolicy":
                    del self.policies[where]
                return 200, {"registryId": account, "policyText": text}
            settings = self.settings.setdefault(where, dict(DEFAULT_SETTINGS))
            name = str(body.get("name", ""))
            if operation == "PutAccountSetting":
                settings[name] = str(body.get("value", ""))
            if name not in settings:
                return 400, _error("ValidationException", f"Unknown account setting {name!r}")
            return 200, {"name": name, "value": settings[name]}

    def clear(self) -> None:
        with self.lock:
            self.policies.clear()
            self.settings.clear()


def _is_json_object(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except ValueError:
        return False


def _error(code: str, message: str) -> dict[str, Any]:
    return {"__type": code, "message": message}


def with_registry_policies(app: WsgiApp, store: RegistryPolicies, account_id: str) -> WsgiApp:
    """`app`, with the registry policy and account setting calls of ECR answered by `store`."""

    def registry_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        operation = target.removeprefix(TARGET_PREFIX)
        if not target.startswith(TARGET_PREFIX) or operation not in SERVED:
            return app(environ, start_response)
        length = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(length) if length else b"{}"
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            body = {}
        match = CREDENTIAL_REGION.search(environ.get("HTTP_AUTHORIZATION", ""))
        region = match.group(1) if match else DEFAULT_REGION
        account = environ.get("HTTP_X_MOTO_ACCOUNT_ID") or _key_account(environ) or account_id
        status, reply = store.answer(
            operation, (account, region), body if isinstance(body, dict) else {}
        )
        payload = json.dumps(reply).encode()
        start_response(
            "200 OK" if status == 200 else "400 Bad Request",
            [("Content-Type", "application/x-amz-json-1.1"), ("Content-Length", str(len(payload)))],
        )
        return [payload]

    return registry_app


def _key_account(environ: dict[str, Any]) -> str | None:
    """The account of the request's access key, as moto tells it: an assumed role's
    temporary credentials are in the role's account (a member of the demo organisation)."""
    match = CREDENTIAL_KEY.search(environ.get("HTTP_AUTHORIZATION", ""))
    if match is None:
        return None
    from moto.iam.models import get_account_id_from

    return get_account_id_from(match.group(1))
