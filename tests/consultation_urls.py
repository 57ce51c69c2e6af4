"""English URLs for tests that read messages (the default language is Finnish)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import translation


def en(name: str, **kwargs: Any) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)
