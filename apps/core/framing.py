"""Opting one view out of frame denial, for pages meant to be embedded (the public map).

Every response carries `X-Frame-Options: DENY` and `frame-ancestors 'none'`. A view decorated
with `allow_framing` may instead be framed by the origins configured for its centre:

    OT_EMBED_ORIGINS="sisa-suomi=https://www.example.fi https://intra.example.fi;*=https://ot.example.fi"

(`*` applies to every centre; from the environment variable of the same name). The decorator
finds the centre slug in the view's keyword argument `centre_slug` (or another, given as
`slug_kwarg`). Only a successful answer is opened: a centre that has not published its map gets
a 404 from the view, which stays unframeable. Without configured origins the view stays
unframeable too. The Content Security Policy middleware (django-csp) reads the replaced
`frame-ancestors` from the response; `framing_allowed(response)` tells whether it was opened.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse

View = TypeVar("View", bound=Callable[..., HttpResponse])

FRAMING_ATTRIBUTE = "ot_allow_framing"


def parse_embed_origins(value: str) -> dict[str, list[str]]:
    """'slug=origin origin;*=origin' -> {'slug': [...], '*': [...]}; ignores malformed parts."""
    origins: dict[str, list[str]] = {}
    for part in value.split(";"):
        slug, sep, rest = part.partition("=")
        if not sep or not slug.strip():
            continue
        allowed = [o for o in rest.split() if o.startswith(("https://", "http://"))]
        if allowed:
            origins.setdefault(slug.strip(), []).extend(allowed)
    return origins


def embed_origins_for(centre_slug: str | None) -> list[str]:
    configured = parse_embed_origins(getattr(settings, "OT_EMBED_ORIGINS", ""))
    allowed = list(configured.get("*", []))
    if centre_slug:
        allowed += configured.get(centre_slug, [])
    return sorted(set(allowed))


def allow_framing(view: View | None = None, *, slug_kwarg: str = "centre_slug") -> Any:
    """View decorator: frame-ancestors from the centre's configured origins (else 'none')."""

    def decorator(inner: View) -> View:
        @wraps(inner)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = inner(request, *args, **kwargs)
            origins = embed_origins_for(kwargs.get(slug_kwarg))
            if origins and 200 <= response.status_code < 300:
                response._csp_replace = {"frame-ancestors": origins}  # type: ignore[attr-defined]
                # Django's XFrameOptionsMiddleware skips responses marked like this.
                response.xframe_options_exempt = True  # type: ignore[attr-defined]
                setattr(response, FRAMING_ATTRIBUTE, True)
            return response

        return cast(View, wrapped)

    if view is not None:
        return decorator(view)
    return decorator


def framing_allowed(response: HttpResponse) -> bool:
    """Whether `allow_framing` opened this response to other sites."""
    return bool(getattr(response, FRAMING_ATTRIBUTE, False))


__all__ = ["allow_framing", "embed_origins_for", "framing_allowed", "parse_embed_origins"]
