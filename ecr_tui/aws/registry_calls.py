"""The registry policy calls of the backend: one policy per account and region, and its scope."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from ecr_tui.aws.errors import AwsError
from ecr_tui.aws.models import LivePolicy
from ecr_tui.policy.document import PolicyDocument, PolicyParseError, parse_policy

REGISTRY_POLICY_SCOPE = "REGISTRY_POLICY_SCOPE"
REGISTRY_POLICY_KEY = "(registry)"
"""The name the registry policy goes by where a repository's would: no repository has it."""

T = TypeVar("T")


class RegistryCalls:
    """Mixed into the backend, whose clients, error sentences and read-only guard it uses."""

    if TYPE_CHECKING:

        @property
        def ecr(self) -> Any: ...

        def _call(self, call: Callable[[], T], doing: str, repository: str | None = None) -> T: ...

        def _explain(self, error: Exception, doing: str, repository: str | None) -> AwsError: ...

        def _refuse_if_read_only(self) -> None: ...

    def get_registry_policy(self) -> PolicyDocument | None:
        """The region's registry policy; None when there is none (the usual case)."""
        return self.read_registry_policy().document

    def read_registry_policy(self) -> LivePolicy:
        """The region's registry policy with its text, as `get_policy` reads a repository's;
        named REGISTRY_POLICY_KEY, which no repository can be named."""
        ecr = self.ecr
        try:
            reply = ecr.get_registry_policy()
        except ecr.exceptions.RegistryPolicyNotFoundException:
            return LivePolicy(REGISTRY_POLICY_KEY, None, None)
        except Exception as error:
            raise self._explain(error, "read the registry policy", None) from None
        text = reply.get("policyText") or ""
        try:
            return LivePolicy(REGISTRY_POLICY_KEY, text, parse_policy(text))
        except PolicyParseError as error:
            raise AwsError(f"The stored registry policy cannot be read: {error}") from None

    def put_registry_policy(self, text: str) -> None:
        self._refuse_if_read_only()
        self._call(
            lambda: self.ecr.put_registry_policy(policyText=text), "save the registry policy"
        )

    def delete_registry_policy(self) -> None:
        self._refuse_if_read_only()
        ecr = self.ecr
        try:
            ecr.delete_registry_policy()
        except ecr.exceptions.RegistryPolicyNotFoundException:
            return
        except Exception as error:
            raise self._explain(error, "delete the registry policy", None) from None

    def get_registry_policy_scope(self) -> str:
        """`V1` or `V2`: which ECR requests the registry policy is enforced on."""
        reply = self._call(
            lambda: self.ecr.get_account_setting(name=REGISTRY_POLICY_SCOPE),
            "read the registry policy scope",
        )
        return str(reply.get("value", ""))
