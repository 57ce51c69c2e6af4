"""Break-glass access: an administrator, who normally sees no case content, may open one
centre's case content for a limited time after giving a reason. The grant and every access made
under it are in the audit log.

Consultation views check access like this:

    from apps.accounts.permissions import has_break_glass
    if not can_view_case(user, request_obj) and not has_break_glass(user, request_obj.centre):
        raise Http404
    record(Action.VIEW, request=request, target=request_obj,
           detail={"break_glass": True} if <access came from break-glass> else None)
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from apps.audit.log import record
from apps.audit.models import Action
from apps.organisations.models import Centre
from apps.trust.models import BreakGlassGrant

MIN_REASON_LENGTH = 20


def grant_minutes() -> int:
    return int(getattr(settings, "OT_BREAK_GLASS_MINUTES", 60))


def active_grant(user: Any, centre: Centre) -> BreakGlassGrant | None:
    if user is None or not user.is_authenticated:
        return None
    return (
        BreakGlassGrant.objects.filter(
            user_id=user.pk, centre=centre, expires_at__gt=timezone.now()
        )
        .order_by("-expires_at")
        .first()
    )


def break_glass_open(
    *, user: Any, centre: Centre, reason: str, request: HttpRequest | None = None
) -> BreakGlassGrant:
    """Create a grant and record it (the reason goes into the audit log too)."""
    now = timezone.now()
    grant = BreakGlassGrant.objects.create(
        user=user,
        centre=centre,
        reason=reason.strip(),
        granted_at=now,
        expires_at=now + timedelta(minutes=grant_minutes()),
    )
    record(
        Action.BREAK_GLASS,
        request=request,
        user=user,
        target=grant,
        centre_id=centre.pk,
        detail={"reason": grant.reason, "expires_at": grant.expires_at.isoformat()},
    )
    return grant
