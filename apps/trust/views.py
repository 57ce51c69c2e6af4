"""Break-glass, the retention preview, extending the session, and security.txt."""

from __future__ import annotations

from datetime import UTC, timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from apps.accounts import permissions
from apps.audit.log import record
from apps.audit.models import Action
from apps.core.ratelimits import rate_limited
from apps.organisations.models import Centre
from apps.trust import retention
from apps.trust.breakglass import active_grant, break_glass_open
from apps.trust.forms import BreakGlassForm


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_http_methods(["GET", "HEAD", "POST"])
@permissions.require_signed_in
@rate_limited("break_glass")
def break_glass(request: HttpRequest, centre_slug: str) -> HttpResponse:
    centre = get_object_or_404(Centre, slug=centre_slug)
    if not permissions.can_request_break_glass(request.user, centre):
        raise PermissionDenied
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        grant = break_glass_open(
            user=request.user, centre=centre, reason=form.cleaned_data["reason"], request=request
        )
        messages.success(
            request,
            _("Break-glass access to %(centre)s is open until %(time)s. Every view is logged.")
            % {
                "centre": centre.name,
                "time": date_format(timezone.localtime(grant.expires_at), "TIME_FORMAT"),
            },
        )
        return redirect(_safe_next(request, "core:home"))
    ctx = {
        "centre": centre,
        "form": form,
        "grant": active_grant(request.user, centre),
        "minutes": settings.OT_BREAK_GLASS_MINUTES,
        "next": _safe_next(request, ""),
    }
    return render(request, "trust/break_glass.html", ctx, status=400 if form.errors else 200)


@require_safe
@permissions.require_signed_in
def retention_preview(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_retention(request.user):
        raise PermissionDenied
    results = retention.preview()
    record(Action.VIEW, request=request, object_type="trust.retention_preview")
    return render(request, "trust/retention.html", {"results": results})


@require_POST
@never_cache
def session_extend(request: HttpRequest) -> HttpResponse:
    """Keeps the session alive (the warning's "Continue" button). Any request does that with
    SESSION_SAVE_EVERY_REQUEST; this one only answers how long the session now lasts."""
    if not request.user.is_authenticated:
        if request.headers.get("Accept", "").startswith("application/json"):
            return JsonResponse({"signed_in": False}, status=401)
        return redirect(settings.LOGIN_URL)
    request.session.modified = True
    seconds = settings.SESSION_COOKIE_AGE
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"signed_in": True, "expires_in": seconds})
    return redirect(_safe_next(request, "core:home"))


@require_safe
def security_txt(request: HttpRequest) -> HttpResponse:
    """RFC 9116 security.txt; needs OT_SECURITY_CONTACT outside development."""
    contact = settings.OT_SECURITY_CONTACT
    if not contact:
        raise Http404
    expires = (timezone.now() + timedelta(days=180)).replace(microsecond=0)
    lines = [
        f"Contact: {contact}",
        f"Expires: {expires.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: fi, sv, en",
    ]
    if settings.OT_SECURITY_POLICY_URL:
        lines.append(f"Policy: {settings.OT_SECURITY_POLICY_URL}")
    if settings.OT_SECURITY_ENCRYPTION:
        lines.append(f"Encryption: {settings.OT_SECURITY_ENCRYPTION}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
