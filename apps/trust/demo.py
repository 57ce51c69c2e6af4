"""Demo only: the staff demo users share one published TOTP secret, so that `make run` works
with any authenticator app (README, "Demo users"). `load_demo` refuses to run in production,
and real staff enrol their own authenticator on first sign-in."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP

from apps.accounts.models import User
from apps.accounts.permissions import requires_two_factor

# Published in the README on purpose, like the demo password.
DEMO_TOTP_SECRET = "OTVERKOSTODEMOTWOFACTORAAAAAAAAA"  # noqa: S105


def demo_two_factor_load() -> int:
    """Enrol every demo staff user who has no second factor yet; returns how many."""
    enrolled = 0
    for user in User.objects.filter(email__startswith="demo-", email__endswith="@example.fi"):
        if not requires_two_factor(user):
            continue
        if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            continue
        TOTP.activate(user, DEMO_TOTP_SECRET)
        RecoveryCodes.activate(user)
        enrolled += 1
    return enrolled
