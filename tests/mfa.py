"""Two-factor helpers for tests: enrol a user in TOTP and compute the current code."""

from __future__ import annotations

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.test import Client

from apps.accounts.models import User

# A fixed base32 secret for tests (never used outside them).
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def enrol_totp(user: User, secret: str = TEST_TOTP_SECRET) -> Authenticator:
    return TOTP.activate(user, secret).instance


def totp_code(secret: str = TEST_TOTP_SECRET, at: float | None = None) -> str:
    counter = int(at if at is not None else time.time()) // 30
    return format_hotp_value(hotp_value(secret, counter))


# Seconds of its 30-second step a code must have left when a browser test types it: the server
# checks it a moment later, and on a slow machine that moment can be seconds away.
TYPING_TIME = 10.0


def totp_code_to_type(secret: str = TEST_TOTP_SECRET, seconds: float = TYPING_TIME) -> str:
    """The current code, once at least `seconds` of its 30-second step are left. A browser
    types it and the server checks it a moment later, which must still be in the same step
    (allauth accepts the current step only); on a slow machine a code computed at the end of
    a step failed now and then."""
    left = 30 - time.time() % 30
    if left < seconds:
        time.sleep(left + 0.1)
    return totp_code(secret)


def sign_in_client(client: Client, user: User) -> Client:
    """Sign `client` in as `user` the way the `signed_in` fixture does: staff, who must use
    two-factor sign-in, are enrolled in TOTP first (tests of the enforcement itself use
    client.force_login directly)."""
    from apps.accounts.permissions import requires_two_factor
    from apps.trust.middleware import has_second_factor

    if requires_two_factor(user) and not has_second_factor(user):
        enrol_totp(user)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client
