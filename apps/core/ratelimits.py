"""Rate limits for views that take input from people (e.g. submitting a request) and the API.

    from apps.core.ratelimits import rate_limited

    @rate_limited("request_submission")  # settings.ACCOUNT_RATE_LIMITS["ot_request_submission"]
    def submit_request(request): ...

One mechanism for every limit: allauth's rate limiter, which also limits sign-in and does the
lockout. Limits count per signed-in user, or per client address for anonymous visitors, and
apply to POST (or the given methods). Over the limit the view is not called and the visitor
gets a 429 page saying to wait; what they typed stays in their browser's form (Back).
A new group needs a rate "ot_<group>" in settings.ACCOUNT_RATE_LIMITS, e.g. "10/h/key".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar, cast

from allauth.account.adapter import get_adapter
from allauth.core import ratelimit
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

View = TypeVar("View", bound=Callable[..., HttpResponse])


def action_for(group: str) -> str:
    action = f"ot_{group}"
    if action not in getattr(settings, "ACCOUNT_RATE_LIMITS", {}):
        raise KeyError(f"no rate {action!r} in settings.ACCOUNT_RATE_LIMITS")
    return action


def limit_key(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{get_adapter().get_client_ip(request)}"


def rate_limited(group: str, methods: Iterable[str] = ("POST",)) -> Callable[[View], View]:
    method_set = {m.upper() for m in methods}
    action = action_for(group)

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method in method_set and not ratelimit.consume(
                request, action=action, key=limit_key(request)
            ):
                response = render(request, "429.html", status=429)
                response["Retry-After"] = "60"
                return response
            return view(request, *args, **kwargs)

        return cast(View, wrapped)

    return decorator
