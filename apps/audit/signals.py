"""Sign-in, failed sign-in and sign-out go to the audit trail (Django's auth signals, which
allauth sends too, also for organisation single sign-on and after the two-factor step)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from apps.audit.log import record
from apps.audit.models import Action

IDENTIFIER_KEYS = ("email", "username", "login")


@receiver(user_logged_in, dispatch_uid="audit_sign_in")
def audit_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    record(Action.SIGN_IN, request=request, user=user, target=user)


@receiver(user_logged_out, dispatch_uid="audit_sign_out")
def audit_sign_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(Action.SIGN_OUT, request=request, user=user, target=user)


@receiver(user_login_failed, dispatch_uid="audit_sign_in_failed")
def audit_sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Only the identifier that was typed; Django has already masked the password.
    identifier = next((str(credentials[k]) for k in IDENTIFIER_KEYS if credentials.get(k)), "")
    record(
        Action.SIGN_IN_FAILED,
        request=request,
        user=None,
        object_type="accounts.user",
        detail={"identifier": identifier[:254]},
    )
