"""The stable code of each kind of problem a policy text or document can have.

Front ends decide by these codes, never by the wording of a problem's sentence.
"""

from __future__ import annotations

from enum import StrEnum


class ProblemCode(StrEnum):
    # The text is not a policy document at all.
    EMPTY_TEXT = "empty-text"
    JSON_SYNTAX = "json-syntax"
    JSON_CONSTANT = "json-constant"
    NUMBER_TOO_LARGE = "number-too-large"
    TOO_MANY_DIGITS = "too-many-digits"
    NESTED_TOO_DEEPLY = "nested-too-deeply"
    NOT_AN_OBJECT = "not-an-object"
    # The document as a whole.
    DUPLICATE_KEY = "duplicate-key"
    POLICY_TOO_LONG = "policy-too-long"
    VERSION_MISSING = "version-missing"
    VERSION_INVALID = "version-invalid"
    STATEMENT_MISSING = "statement-missing"
    STATEMENT_NOT_LIST = "statement-not-list"
    UNKNOWN_TOP_LEVEL_KEY = "unknown-top-level-key"
    # One statement.
    STATEMENT_NOT_OBJECT = "statement-not-object"
    SID_MISSING = "sid-missing"
    SID_NOT_TEXT = "sid-not-text"
    SID_CONTROL_CHARACTERS = "sid-control-characters"
    SID_NOT_ALPHANUMERIC = "sid-not-alphanumeric"
    SID_DUPLICATE = "sid-duplicate"
    UNKNOWN_KEY = "unknown-key"
    EFFECT_INVALID = "effect-invalid"
    ELEMENT_AND_NEGATION = "element-and-negation"
    ELEMENT_MISSING = "element-missing"
    RESOURCE_NOT_ALLOWED = "resource-not-allowed"
    # Principal.
    PRINCIPAL_SHAPE = "principal-shape"
    PRINCIPAL_TYPE_UNKNOWN = "principal-type-unknown"
    PRINCIPAL_VALUES_NOT_TEXT = "principal-values-not-text"
    SERVICE_PRINCIPAL_INVALID = "service-principal-invalid"
    PRINCIPAL_DELETED = "principal-deleted"
    ACCOUNT_ID_INVALID = "account-id-invalid"
    PRINCIPAL_ARN_WILDCARD = "principal-arn-wildcard"
    PRINCIPAL_ARN_PARTITION = "principal-arn-partition"
    PRINCIPAL_ARN_NAME = "principal-arn-name"
    PRINCIPAL_INVALID = "principal-invalid"
    # Action.
    ACTION_SHAPE = "action-shape"
    ACTION_ACCOUNT_LEVEL = "action-account-level"
    ACTION_OTHER_SERVICE = "action-other-service"
    ACTION_REGISTRY_ONLY = "action-registry-only"
    ACTION_UNKNOWN = "action-unknown"
    # The shape of a Condition.
    CONDITION_SHAPE = "condition-shape"
    CONDITION_CLAUSES_SHAPE = "condition-clauses-shape"
    CONDITION_CONTROL_CHARACTERS = "condition-control-characters"
    CONDITION_EMPTY_KEY = "condition-empty-key"
    CONDITION_NO_VALUES = "condition-no-values"
    # The values of a Condition (what the statement form shows beside each condition row).
    CONDITION_OPERATOR_UNKNOWN = "condition-operator-unknown"
    CONDITION_NOT_ARN = "condition-not-arn"
    CONDITION_NOT_IP = "condition-not-ip"
    CONDITION_NOT_BOOLEAN = "condition-not-boolean"
    CONDITION_NOT_NUMBER = "condition-not-number"
    CONDITION_NOT_DATE = "condition-not-date"
    CONDITION_ORG_ID = "condition-org-id"
    CONDITION_ORG_PATH = "condition-org-path"
    CONDITION_ACCOUNT_ID = "condition-account-id"
    CONDITION_ARN_KEY = "condition-arn-key"
    # A registry policy.
    RESOURCE_MISSING = "resource-missing"
    RESOURCE_SHAPE = "resource-shape"
    RESOURCE_NOT_REPOSITORY = "resource-not-repository"
    SCOPE_V1_IGNORED = "scope-v1-ignored"
    SCOPE_UNKNOWN = "scope-unknown"


PARSE_CODES = frozenset(
    {
        ProblemCode.EMPTY_TEXT,
        ProblemCode.JSON_SYNTAX,
        ProblemCode.JSON_CONSTANT,
        ProblemCode.NUMBER_TOO_LARGE,
        ProblemCode.TOO_MANY_DIGITS,
        ProblemCode.NESTED_TOO_DEEPLY,
        ProblemCode.NOT_AN_OBJECT,
    }
)
"""The codes of a PolicyParseError: the text never became a document."""

CONDITION_VALUE_CODES = frozenset(
    {
        ProblemCode.CONDITION_OPERATOR_UNKNOWN,
        ProblemCode.CONDITION_NOT_ARN,
        ProblemCode.CONDITION_NOT_IP,
        ProblemCode.CONDITION_NOT_BOOLEAN,
        ProblemCode.CONDITION_NOT_NUMBER,
        ProblemCode.CONDITION_NOT_DATE,
        ProblemCode.CONDITION_ORG_ID,
        ProblemCode.CONDITION_ORG_PATH,
        ProblemCode.CONDITION_ACCOUNT_ID,
        ProblemCode.CONDITION_ARN_KEY,
    }
)
"""The codes of the obvious mistakes in a condition's values."""
