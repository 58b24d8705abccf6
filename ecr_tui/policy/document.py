"""A lossless model of a policy document.

Parsing keeps every JSON value exactly as written (key order, a string versus a
one-element list, unknown keys, the Version), so a document whose statements nobody
touched serialises back to the same JSON values.
"""

from __future__ import annotations

import copy
import json
import math
from dataclasses import dataclass, field
from typing import Any

from ecr_tui.policy.problem_codes import ProblemCode

DEFAULT_VERSION = "2012-10-17"
MAX_POLICY_CHARS = 10_240


class PolicyParseError(ValueError):
    """The text is not a JSON policy document; the message says where and why, `code`
    what kind of failure it is, and `line`/`column` (1-based) where, when JSON says."""

    def __init__(
        self, message: str, code: ProblemCode, line: int | None = None, column: int | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.line = line
        self.column = column


@dataclass(frozen=True)
class PolicyDocument:
    data: dict[str, Any]
    duplicate_keys: tuple[str, ...] = field(default=())

    @classmethod
    def empty(cls, version: str = DEFAULT_VERSION) -> PolicyDocument:
        return cls({"Version": version, "Statement": []})

    @property
    def version(self) -> str | None:
        version = self.data.get("Version")
        return version if isinstance(version, str) else None

    @property
    def statements(self) -> list[Any]:
        """A copy of the statements, as a list even when written as one object."""
        raw = self.data.get("Statement")
        if raw is None:
            return []
        items = raw if isinstance(raw, list) else [raw]
        return copy.deepcopy(items)

    @property
    def editable(self) -> bool:
        return not self.duplicate_keys

    def with_statements(self, statements: list[Any]) -> PolicyDocument:
        data = copy.deepcopy(self.data)
        was_single_object = isinstance(data.get("Statement"), dict)
        if was_single_object and len(statements) == 1:
            data["Statement"] = copy.deepcopy(statements[0])
        else:
            data["Statement"] = copy.deepcopy(statements)
        return PolicyDocument(data, self.duplicate_keys)

    def to_json(self, indent: int | None = 2) -> str:
        return to_json(self.data, indent)

    def to_aws_text(self) -> str:
        """The text sent to AWS: pretty when it fits the size limit, compact otherwise."""
        pretty = self.to_json()
        return pretty if len(pretty) <= MAX_POLICY_CHARS else self.to_json(indent=None)


def to_json(value: Any, indent: int | None = 2) -> str:
    separators = (",", ": ") if indent is not None else (",", ":")
    return json.dumps(value, indent=indent, ensure_ascii=False, separators=separators)


def parse_policy(text: str) -> PolicyDocument:
    """Parse policy text. Raises PolicyParseError for anything that is not a JSON object."""
    duplicates: list[str] = []

    def keep_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                sid = result.get("Sid")
                where = f" (in statement {sid!r})" if isinstance(sid, str) else ""
                duplicates.append(f"{key!r} appears twice in one object{where}")
            result[key] = value
        return result

    def refuse_constant(name: str) -> Any:
        raise PolicyParseError(
            f"not valid JSON: {name} is not a JSON value", ProblemCode.JSON_CONSTANT
        )

    def finite_float(literal: str) -> float:
        number = float(literal)
        if not math.isfinite(number):
            shown = literal if len(literal) <= 20 else f"{literal[:20]}..."
            raise PolicyParseError(
                f"not a policy: the number {shown} is too large", ProblemCode.NUMBER_TOO_LARGE
            )
        return number

    if not text.strip():
        raise PolicyParseError("the policy text is empty", ProblemCode.EMPTY_TEXT)
    try:
        data = json.loads(
            text,
            object_pairs_hook=keep_pairs,
            parse_constant=refuse_constant,
            parse_float=finite_float,
        )
    except json.JSONDecodeError as error:
        raise PolicyParseError(
            f"not valid JSON: {error.msg} at line {error.lineno} column {error.colno}",
            ProblemCode.JSON_SYNTAX,
            error.lineno,
            error.colno,
        ) from None
    except RecursionError:
        raise PolicyParseError(
            "not a policy: the JSON is nested too deeply", ProblemCode.NESTED_TOO_DEEPLY
        ) from None
    except ValueError as error:  # an integer of more digits than Python converts
        if isinstance(error, PolicyParseError):
            raise
        raise PolicyParseError(
            "not a policy: a number in it has too many digits", ProblemCode.TOO_MANY_DIGITS
        ) from None
    if not isinstance(data, dict):
        raise PolicyParseError(
            "not a policy: the top level must be a JSON object {...}", ProblemCode.NOT_AN_OBJECT
        )
    return PolicyDocument(data, tuple(duplicates))


def count_of(number: int, noun: str) -> str:
    """`1 statement`, `2 statements`."""
    return f"{number} {noun}{'' if number == 1 else 's'}"
