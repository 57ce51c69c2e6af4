"""Marking the responses that other sites may show in a frame (the embeddable public map).

Every other response keeps `X-Frame-Options: DENY`. A view decorated with `allow_framing` drops
that header and carries the attribute `ot_allow_framing = True` on its response, which the
Content Security Policy middleware (issue 6) reads to send a permissive `frame-ancestors`
instead of `'none'`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.http import HttpRequest, HttpResponse

View = TypeVar("View", bound=Callable[..., HttpResponse])

FRAMING_ATTRIBUTE = "ot_allow_framing"


def allow_framing(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        setattr(response, FRAMING_ATTRIBUTE, True)
        # Django's XFrameOptionsMiddleware skips responses marked like this.
        response.xframe_options_exempt = True  # type: ignore[attr-defined]
        return response

    return cast(View, wrapped)


def framing_allowed(response: HttpResponse) -> bool:
    return bool(getattr(response, FRAMING_ATTRIBUTE, False))
