"""Password rules: long enough, not common, not only digits, not like the e-mail address."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Lyhyt-1234", "password_too_short"),
        ("password1234", "password_too_common"),
        ("839201746352", "password_entirely_numeric"),
        ("kaarina.vuolle", "password_too_similar"),
    ],
)
def test_it_refuses_weak_passwords(password: str, code: str) -> None:
    user = UserFactory(email="kaarina.vuolle@example.fi")
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert [error.code for error in refused.value.error_list] == [code]


def test_it_accepts_a_long_passphrase() -> None:
    validate_password("vihreä-kaarisilta-sateella", UserFactory())
