"""The shell: landing page, dashboard, health check, statements and error pages."""

from __future__ import annotations

import logging
from typing import cast

from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.template.exceptions import TemplateDoesNotExist
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe

from apps.accounts import permissions
from apps.accounts.models import User
from apps.core import selectors
from apps.organisations.models import Centre
from apps.organisations.selectors import centre_get_default, centre_list_with_members

logger = logging.getLogger(__name__)

VERSION = "0.1.0"


@require_safe
def landing(request: HttpRequest) -> HttpResponse:
    ctx = {"centres": centre_list_with_members()}
    return render(request, "core/landing.html", ctx)


@require_safe
@permissions.require_signed_in
def home(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)  # require_signed_in guarantees a signed-in user
    ctx = {
        "cards": selectors.dashboard_cards(user=user),
        "network_centres": permissions.network_centres_visible_to(user),
    }
    return render(request, "core/home.html", ctx)


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers and monitoring. Never shows errors' text."""
    body: dict[str, object] = {"status": "ok", "database": "ok", "version": VERSION}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        body["centres"] = Centre.objects.count()
    except DatabaseError:
        logger.exception("health check: database unavailable")
        body.update(status="error", database="error")
        return JsonResponse(body, status=503)
    return JsonResponse(body)


def _statement(request: HttpRequest, kind: str, centre_slug: str | None) -> HttpResponse:
    """A statement page; a centre overrides it with templates/centres/<slug>/<kind>.html."""
    if centre_slug is None:
        centre = centre_get_default()
        if centre is None:
            raise Http404
    else:
        centre = get_object_or_404(Centre.objects.select_related("area"), slug=centre_slug)
    template = loader.select_template([f"centres/{centre.slug}/{kind}.html", f"core/{kind}.html"])
    return HttpResponse(template.render({"centre": centre}, request))


@require_safe
def accessibility(request: HttpRequest, centre_slug: str | None = None) -> HttpResponse:
    return _statement(request, "accessibility", centre_slug)


@require_safe
def privacy(request: HttpRequest, centre_slug: str | None = None) -> HttpResponse:
    return _statement(request, "privacy", centre_slug)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A friendly 403 when a form was stale or cookies are blocked (settings.CSRF_FAILURE_VIEW)."""
    return render(request, "403_csrf.html", status=403)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """500 without context processors: the database may be the thing that failed."""
    try:
        template = loader.get_template("500.html")
    except TemplateDoesNotExist:  # pragma: no cover - the template ships with the project
        return HttpResponse("Server error", status=500, content_type="text/plain")
    return HttpResponse(template.render({}), status=500)
