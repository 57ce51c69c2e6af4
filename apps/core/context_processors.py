from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language_info

from apps.accounts import permissions


def shell(request: HttpRequest) -> dict[str, Any]:
    """What the base template needs on every page: languages, and which nav items to show."""
    user = getattr(request, "user", None)
    return {
        "shell_languages": [
            {"code": code, "name_local": get_language_info(code)["name_local"].capitalize()}
            for code, _name in settings.LANGUAGES
        ],
        "shell_can_use_admin": permissions.can_use_admin(user),
    }
