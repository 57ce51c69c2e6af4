"""Reads of the reference data."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from apps.organisations.models import Centre, WellbeingRegion


def centre_list_with_members() -> QuerySet[Centre]:
    """The five centres, each with its area and the area's members."""
    return Centre.objects.select_related("area").prefetch_related(
        Prefetch("area__members", queryset=WellbeingRegion.objects.order_by("name_fi"))
    )


def centre_get_default() -> Centre | None:
    """The centre the installation shows by default (settings.OT_DEFAULT_CENTRE)."""
    return (
        Centre.objects.select_related("area").filter(slug=settings.OT_DEFAULT_CENTRE).first()
        or Centre.objects.select_related("area").order_by("name_fi").first()
    )
