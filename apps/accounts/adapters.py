"""allauth adapters: accounts are created by administrators, never by visitors."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.http import HttpRequest


class ClosedSignupAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False


class ExistingUsersSocialAccountAdapter(DefaultSocialAccountAdapter):
    """Organisation sign-in (OpenID Connect) only connects to accounts that already exist."""

    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        return False
