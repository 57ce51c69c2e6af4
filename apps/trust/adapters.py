"""allauth's two-factor adapter: staff may not remove their last second factor."""

from __future__ import annotations

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator

from apps.accounts.permissions import requires_two_factor

SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


class StaffMFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        if authenticator.type not in SECOND_FACTORS or not requires_two_factor(authenticator.user):
            return True
        others = Authenticator.objects.filter(
            user_id=authenticator.user_id, type__in=SECOND_FACTORS
        ).exclude(pk=authenticator.pk)
        return others.exists()
