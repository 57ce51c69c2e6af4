from __future__ import annotations

import pytest
from django.test import Client

from apps.accounts.models import User


@pytest.fixture(autouse=True)
def _fast_passwords(settings: pytest.FixtureRequest) -> None:
    # Hashing speed is not under test; the real hashers stay in production settings.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _layout_in_request_thread(settings: pytest.FixtureRequest) -> None:
    # The map's layout is recomputed in a background thread after edits; tests wait for it.
    settings.NETWORK_LAYOUT_IN_BACKGROUND = False  # type: ignore[attr-defined]


@pytest.fixture
def signed_in(client: Client):  # type: ignore[no-untyped-def]
    """Sign `client` in as the given user and return it. Staff, who must use two-factor sign-in,
    are enrolled in TOTP first (tests of the enforcement itself use client.force_login)."""
    from tests.mfa import sign_in_client

    def sign_in(user: User) -> Client:
        return sign_in_client(client, user)

    return sign_in


def pytest_configure(config: pytest.Config) -> None:
    # WhiteNoise warns that STATIC_ROOT is missing: tests serve static files from the finders.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: pytest.FixtureRequest) -> None:
    # Background tasks (consultation e-mails) run at once in tests.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}  # type: ignore[attr-defined]
