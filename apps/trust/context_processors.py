from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from apps.accounts import permissions


def session_timeout(request: HttpRequest) -> dict[str, Any]:
    """Numbers for the inactivity warning in templates/base.html."""
    timeout = int(settings.SESSION_COOKIE_AGE)
    warning = min(int(settings.OT_SESSION_WARNING_SECONDS), max(timeout - 10, 10))
    return {
        "session_timeout_seconds": timeout,
        "session_warning_seconds": warning,
        "session_warning_minutes": max(1, round(warning / 60)),
    }


def trust_navigation(request: HttpRequest) -> dict[str, Any]:
    """Which trust pages the navigation offers (the pages check access themselves)."""
    user = getattr(request, "user", None)
    return {
        "trust_can_view_audit_log": permissions.can_view_audit_log(user),
        "trust_can_manage_retention": permissions.can_manage_retention(user),
    }
