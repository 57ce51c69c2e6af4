"""Two-factor helpers for tests: enrol a user in TOTP and compute the current code."""

from __future__ import annotations

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from apps.accounts.models import User

# A fixed base32 secret for tests (never used outside them).
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def enrol_totp(user: User, secret: str = TEST_TOTP_SECRET) -> Authenticator:
    return TOTP.activate(user, secret).instance


def totp_code(secret: str = TEST_TOTP_SECRET, at: float | None = None) -> str:
    counter = int(at if at is not None else time.time()) // 30
    return format_hotp_value(hotp_value(secret, counter))
