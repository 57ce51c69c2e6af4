"""Retention: how long each kind of record is kept, and the run that removes what is past it.

Each kind of record registers itself once (in its app's `AppConfig.ready()`):

    from apps.trust.retention import RecordKind, register_kind
    register_kind(RecordKind(
        key="consultations.closed_request",
        label=_("closed consultation requests"),
        default_days=THIRTY_YEARS_DAYS,       # or 5 * 365 ...; administrators may change it
        method="pseudonymise",               # or "delete"
        expired=lambda cutoff: Request.objects.filter(closed_at__lt=cutoff),
        dispose=pseudonymise_requests,       # (QuerySet) -> number of records handled
        describe=lambda obj: f"#{obj.pk}",   # what the preview shows: never case content
    ))

The period of a kind is its RetentionPolicy row (administration site) or its default. Records
under an active LegalHold are never touched. `apply_retention` (management command, to be run
daily by the background worker) handles every kind and writes one audit entry per kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from apps.audit.log import record
from apps.audit.models import Action
from apps.trust.models import LegalHold, RetentionPolicy

PREVIEW_LIMIT = 50


@dataclass(frozen=True)
class RecordKind:
    key: str
    label: Any  # a (lazy) translated string
    default_days: int
    method: Literal["delete", "pseudonymise"]
    expired: Callable[[datetime], QuerySet[Any]]
    dispose: Callable[[QuerySet[Any]], int]
    describe: Callable[[Any], str] = field(default=lambda obj: f"#{obj.pk}")


_KINDS: dict[str, RecordKind] = {}


def register_kind(kind: RecordKind) -> None:
    _KINDS[kind.key] = kind


def kinds() -> list[RecordKind]:
    return [_KINDS[key] for key in sorted(_KINDS)]


def kind(key: str) -> RecordKind:
    return _KINDS[key]


def period_days(record_kind: RecordKind) -> int:
    policy = RetentionPolicy.objects.filter(kind=record_kind.key).first()
    return policy.days if policy is not None else record_kind.default_days


def held_ids(record_kind: RecordKind) -> set[str]:
    return set(
        LegalHold.objects.filter(kind=record_kind.key, released_at__isnull=True).values_list(
            "object_id", flat=True
        )
    )


def due(record_kind: RecordKind, now: datetime | None = None) -> QuerySet[Any]:
    """Records of the kind past their period and not under a legal hold."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=period_days(record_kind))
    records = record_kind.expired(cutoff)
    held = held_ids(record_kind)
    if held:
        records = records.exclude(pk__in=held)
    return records


@dataclass
class KindResult:
    kind: RecordKind
    days: int
    count: int
    examples: list[str]
    held: int


def preview(now: datetime | None = None) -> list[KindResult]:
    """What the next run would remove, per kind (for the administrator's preview)."""
    results = []
    for record_kind in kinds():
        records = due(record_kind, now)
        results.append(
            KindResult(
                kind=record_kind,
                days=period_days(record_kind),
                count=records.count(),
                examples=[record_kind.describe(obj) for obj in records[:PREVIEW_LIMIT]],
                held=len(held_ids(record_kind)),
            )
        )
    return results


def run(now: datetime | None = None) -> list[KindResult]:
    """Dispose of every record past its period; one audit entry per kind that had any."""
    results = []
    for record_kind in kinds():
        with transaction.atomic():
            records = due(record_kind, now)
            ids = [str(pk) for pk in records.values_list("pk", flat=True)]
            count = record_kind.dispose(records.model.objects.filter(pk__in=ids)) if ids else 0
            if count:
                record(
                    Action.RETENTION,
                    object_type=record_kind.key,
                    detail={
                        "method": record_kind.method,
                        "days": period_days(record_kind),
                        "count": count,
                        "ids": ids[:1000],
                    },
                )
        results.append(KindResult(record_kind, period_days(record_kind), count, [], 0))
    return results
