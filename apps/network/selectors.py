"""Reads of the expert network. Callers pass querysets already limited by
apps.accounts.permissions, so that visibility is decided in one place."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from apps.network.models import Actor, Competence, Line, Stop
from apps.organisations.models import Centre

MAX_QUERY_LENGTH = 100


@dataclass(frozen=True)
class CentreSummary:
    centre: Centre
    lines: int
    stations: int
    interchanges: int


def line_list_with_stops(*, lines: QuerySet[Line]) -> list[Line]:
    """Lines in map order, each with `.ordered_stops` (stops with their actors, by position)."""
    return list(
        lines.order_by("order", "key").prefetch_related(
            Prefetch(
                "stops",
                queryset=Stop.objects.select_related("actor").order_by("position"),
                to_attr="ordered_stops",
            )
        )
    )


def station_search(
    *, actors: QuerySet[Actor], line: Line | None = None, query: str = ""
) -> list[Actor]:
    """Stations filtered by line and free text (name, title, contact, competence, keyword).

    Each actor gets `.line_list` (the visible lines it is on, in map order) and
    `.competence_list`.
    """
    if line is not None:
        actors = actors.filter(stops__line=line)
    query = query.strip()[:MAX_QUERY_LENGTH]
    if query:
        actors = actors.filter(
            Q(name__icontains=query)
            | Q(title__icontains=query)
            | Q(contact_name__icontains=query)
            | Q(keywords__icontains=query)
            | Q(competences__name_fi__icontains=query)
            | Q(competences__name_sv__icontains=query)
            | Q(competences__name_en__icontains=query)
        )
    ids = actors.values("pk").distinct()
    result = list(
        Actor.objects.filter(pk__in=ids)
        .select_related("organisation", "region")
        .prefetch_related(
            Prefetch(
                "competences",
                queryset=Competence.objects.order_by("name_fi"),
                to_attr="competence_list",
            ),
            Prefetch(
                "stops",
                queryset=Stop.objects.select_related("line").order_by("line__order", "line__key"),
                to_attr="stop_list",
            ),
        )
        .order_by("name")
    )
    for actor in result:
        actor.line_list = [stop.line for stop in actor.stop_list]  # type: ignore[attr-defined]
    return result


def centre_summaries(*, centres: QuerySet[Centre]) -> list[CentreSummary]:
    """Counts only (no names), as the national view needs: lines, stations and interchanges."""
    line_counts = dict(
        Line.objects.filter(centre__in=centres)
        .values("centre")
        .annotate(n=Count("pk"))
        .values_list("centre", "n")
    )
    station_counts: dict[int, int] = {}
    interchange_counts: dict[int, int] = {}
    per_actor = (
        Actor.objects.filter(centre__in=centres, is_active=True)
        .annotate(n_lines=Count("stops__line", distinct=True))
        .values_list("centre_id", "n_lines")
    )
    for centre_id, n_lines in per_actor:
        station_counts[centre_id] = station_counts.get(centre_id, 0) + 1
        if n_lines > 1:
            interchange_counts[centre_id] = interchange_counts.get(centre_id, 0) + 1
    return [
        CentreSummary(
            centre=centre,
            lines=line_counts.get(centre.pk, 0),
            stations=station_counts.get(centre.pk, 0),
            interchanges=interchange_counts.get(centre.pk, 0),
        )
        for centre in centres.order_by("name_fi")
    ]


def interchange_list(*, actors: QuerySet[Actor], limit: int = 5) -> list[Actor]:
    """The actors on most lines: the network's busiest interchanges."""
    return list(
        actors.annotate(n_lines=Count("stops__line", distinct=True))
        .filter(n_lines__gt=1)
        .order_by("-n_lines", "name")[:limit]
    )
