"""Writing to the audit trail. Views call `record`; nothing else writes AuditEntry rows."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from apps.audit.models import AuditEntry


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address as Django sees it (a proxy must set REMOTE_ADDR correctly)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def entry_digest(entry: AuditEntry) -> str:
    """The hash of one entry's content chained to the previous entry's hash."""
    content = {
        "at": entry.at.isoformat(),
        "user_id": entry.user_id,
        "user_label": entry.user_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "centre_id": entry.centre_id,
        "ip_address": entry.ip_address,
        "path": entry.path,
        "detail": entry.detail,
        "previous_hash": entry.previous_hash,
    }
    encoded = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def record(
    action: str,
    *,
    request: HttpRequest | None = None,
    user: AbstractBaseUser | AnonymousUser | None = None,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    centre_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry. `target` fills object type and id; `user` defaults to the request's."""
    if user is None and request is not None:
        user = request.user
    signed_in = user is not None and user.is_authenticated
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or str(target.pk)
        centre_id = centre_id if centre_id is not None else getattr(target, "centre_id", None)
    with transaction.atomic():
        # Serialise writers so that the chain has no forks: lock the newest row.
        last = AuditEntry.objects.select_for_update().order_by("-id").first()
        entry = AuditEntry(
            at=timezone.now(),
            user_id=user.pk if signed_in else None,
            user_label=str(getattr(user, "email", "")) if signed_in else "",
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            centre_id=centre_id,
            ip_address=client_address(request),
            path=(request.get_full_path()[:500] if request is not None else ""),
            detail=detail or {},
            previous_hash=last.entry_hash if last else "",
        )
        entry.entry_hash = entry_digest(entry)
        entry.save(force_insert=True)
    return entry
