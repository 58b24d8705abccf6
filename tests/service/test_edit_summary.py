"""The one-line words of a save name IAM users and roles as the IAM list does: path too."""

from __future__ import annotations

import pytest

from ecr_tui.policy.principals import classify
from ecr_tui.service.edit_summary import principal_phrase


@pytest.mark.parametrize(
    ("arn", "phrase"),
    [
        ("arn:aws:iam::210987654321:role/teams/payments/dev", "role /teams/payments/dev"),
        ("arn:aws:iam::210987654321:user/ci/bot", "user /ci/bot"),
        ("arn:aws:iam::210987654321:role/Administrator", "role Administrator"),
    ],
)
def test_a_user_or_role_is_named_with_its_path(arn: str, phrase: str) -> None:
    assert principal_phrase(classify("AWS", arn)) == phrase
