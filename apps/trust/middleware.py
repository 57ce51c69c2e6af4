"""Staff must set up two-factor sign-in before anything else (apps.accounts.permissions:
requires_two_factor). Until they have, every page sends them to the TOTP set-up page; only
the set-up pages themselves, signing out, language choice and static files are left open."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from apps.accounts.permissions import requires_two_factor

OPEN_URL_NAMES = frozenset(
    {
        "account_logout",
        "account_reauthenticate",
        "mfa_index",
        "mfa_activate_totp",
        "mfa_add_webauthn",
        "mfa_reauthenticate",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_authenticate",
        "set_language",
        "healthz",
        "security_txt",
        "trust:session_extend",
    }
)
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def has_second_factor(user: Any) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTORS).exists()


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not requires_two_factor(user):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_URL_NAMES:
            return None
        if has_second_factor(user):
            return None
        messages.warning(
            request,
            _(
                "Your role requires two-factor sign-in. Set up an authenticator app"
                " before you continue."
            ),
        )
        response = redirect("mfa_activate_totp")
        if request.headers.get("HX-Request"):
            # htmx would swap the set-up page into a fragment: make it load the whole page.
            hx = HttpResponse(status=204)
            hx["HX-Redirect"] = response["Location"]
            return hx
        return response
