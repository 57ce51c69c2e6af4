from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def session_timeout(request: HttpRequest) -> dict[str, Any]:
    """Numbers for the inactivity warning in templates/base.html."""
    timeout = int(settings.SESSION_COOKIE_AGE)
    warning = min(int(settings.OT_SESSION_WARNING_SECONDS), max(timeout - 10, 10))
    return {
        "session_timeout_seconds": timeout,
        "session_warning_seconds": warning,
        "session_warning_minutes": max(1, round(warning / 60)),
    }
