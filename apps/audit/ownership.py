"""Which objects belong to a person, so that they can see who has viewed them.

Apps with objects a person owns (consultations: a requester's own requests) register a function
returning the ids the user owns:

    from apps.audit.ownership import register_owned_objects
    register_owned_objects(
        "consultations.request",
        lambda user: Request.objects.filter(requester=user).values_list("pk", flat=True),
    )

`object_type` is the model's `_meta.label_lower`, which is what `record(..., target=obj)` writes.
Call it from the app's `AppConfig.ready()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Q, QuerySet

from apps.audit.models import Action, AuditEntry

OwnedIds = Callable[[Any], Iterable[Any]]

_REGISTRY: dict[str, OwnedIds] = {}

# Actions that show someone looked at or handled the object.
ACCESS_ACTIONS = (Action.VIEW, Action.EXPORT, Action.CHANGE, Action.DELETE, Action.BREAK_GLASS)


def register_owned_objects(object_type: str, owned_ids: OwnedIds) -> None:
    _REGISTRY[object_type] = owned_ids


def registered_object_types() -> list[str]:
    return sorted(_REGISTRY)


def access_to_objects_of(user: Any) -> QuerySet[AuditEntry]:
    """Entries in which someone else accessed an object that `user` owns."""
    condition = Q(pk__in=[])
    for object_type, owned_ids in _REGISTRY.items():
        ids = [str(pk) for pk in owned_ids(user)]
        if ids:
            condition |= Q(object_type=object_type, object_id__in=ids)
    return (
        AuditEntry.objects.filter(condition, action__in=ACCESS_ACTIONS)
        .exclude(user_id=user.pk)
        .order_by("-at", "-id")
    )
