"""Pick the field variant (name_fi / name_sv / name_en) for the active language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

FALLBACK_LANGUAGE = "fi"


def localised(obj: Any, field: str, language: str | None = None) -> str:
    """`obj.<field>_<language>`, falling back to Finnish, the language every record has."""
    code = (language or get_language() or FALLBACK_LANGUAGE)[:2]
    value = getattr(obj, f"{field}_{code}", "") or ""
    return value or getattr(obj, f"{field}_{FALLBACK_LANGUAGE}", "") or ""
