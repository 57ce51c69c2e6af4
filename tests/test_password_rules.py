"""Password rules: long enough, not common, not only digits, not like the e-mail address."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Lyhyt-1234", "at least 12 characters"),
        ("password1234", "too common"),
        ("839201746352", "entirely numeric"),
        ("kaarina.vuolle", "too similar"),
    ],
)
def test_it_refuses_weak_passwords(password: str, message: str) -> None:
    user = UserFactory(email="kaarina.vuolle@example.fi")
    with pytest.raises(ValidationError, match=message):
        validate_password(password, user)


def test_it_accepts_a_long_passphrase() -> None:
    validate_password("vihreä-kaarisilta-sateella", UserFactory())
