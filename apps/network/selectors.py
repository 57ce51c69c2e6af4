"""Reads of the expert network. Callers pass querysets already limited by
apps.accounts.permissions, so that visibility is decided in one place."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from apps.network.markdown import markdown_to_html
from apps.network.models import Actor, Competence, Guideline, GuidelineVersion, Line, Stop
from apps.organisations.models import Centre, WellbeingRegion

MAX_QUERY_LENGTH = 100


@dataclass(frozen=True)
class CentreSummary:
    centre: Centre
    lines: int
    stations: int
    interchanges: int


def line_list_with_stops(
    *, lines: QuerySet[Line], actors: QuerySet[Actor] | None = None
) -> list[Line]:
    """Lines in map order, each with `.ordered_stops` (stops with their actors, by position),
    limited to `actors` when given (the public map's actors)."""
    stops = Stop.objects.select_related("actor").order_by("position")
    if actors is not None:
        stops = stops.filter(actor__in=actors)
    return list(
        lines.order_by("order", "key").prefetch_related(
            Prefetch(
                "stops",
                queryset=stops,
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
        .select_related("centre", "organisation", "region")
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


# --- guidelines ------------------------------------------------------------------------------


@dataclass(frozen=True)
class GuidelineView:
    guideline: Guideline
    current: GuidelineVersion | None

    @property
    def html(self) -> str:
        return markdown_to_html(self.current.body if self.current else "")


def guidelines_with_current(
    *, line: Line | None = None, actor: Actor | None = None
) -> list[GuidelineView]:
    """The guidelines of a line or an actor, each with its newest version (two queries)."""
    guidelines = Guideline.objects.filter(line=line) if line else Guideline.objects.none()
    if actor is not None:
        guidelines = Guideline.objects.filter(actor=actor)
    items = list(
        guidelines.order_by("title", "pk").prefetch_related(
            Prefetch(
                "versions", queryset=GuidelineVersion.objects.order_by("-number"), to_attr="vs"
            )
        )
    )
    return [GuidelineView(g, g.vs[0] if g.vs else None) for g in items]  # type: ignore[attr-defined]


LANGUAGE_NAMES = {
    "fi": _("Finnish"),
    "sv": _("Swedish"),
    "en": _("English"),
    "se": _("Northern Sámi"),
    "ru": _("Russian"),
    "et": _("Estonian"),
    "ar": _("Arabic"),
    "so": _("Somali"),
    "fa": _("Persian"),
    "uk": _("Ukrainian"),
    "ku": _("Kurdish"),
    "de": _("German"),
    "fr": _("French"),
}


def language_names(codes: list[str]) -> list[str]:
    return [str(LANGUAGE_NAMES.get(code, code)) for code in codes]


# --- the directory -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DirectoryCriteria:
    q: str = ""
    competence: Competence | None = None
    line: Line | None = None
    language: str = ""
    region: WellbeingRegion | None = None
    availability: str = ""
    sector: str = ""


FINNISH_SUFFIXES = sorted(
    # Common case endings and possessive suffixes, longest first, for the SQLite fallback.
    {
        "ssa",
        "ssä",
        "sta",
        "stä",
        "lla",
        "llä",
        "lta",
        "ltä",
        "lle",
        "ksi",
        "na",
        "nä",
        "ta",
        "tä",
        "a",
        "ä",
        "n",
        "en",
        "in",
        "iin",
        "seen",
        "tten",
        "iden",
        "itten",
        "ine",
        "ineen",
        "tta",
        "ttä",
        "ni",
        "si",
        "mme",
        "nne",
        "nsa",
        "nsä",
        "han",
        "hän",
        "t",
        "jen",
        "ja",
        "jä",
        "ihin",
        "issa",
        "issä",
        "ista",
        "istä",
        "illa",
        "illä",
    },
    key=len,
    reverse=True,
)


def finnish_stem(word: str) -> str:
    """A crude Finnish stem for SQLite: strip one case ending, keep at least four letters.

    PostgreSQL uses its Snowball `finnish` configuration instead (see directory_search).
    """
    word = word.lower()
    for suffix in FINNISH_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _words(text: str) -> list[str]:
    return [w for w in "".join(c if c.isalnum() else " " for c in text).split() if w][:8]


def directory_search(*, actors: QuerySet[Actor], criteria: DirectoryCriteria) -> list[Actor]:
    """Actors matching every given criterion; free words are matched Finnish-aware.

    On PostgreSQL the words go through full-text search with the `finnish` configuration
    (Snowball stemming: "väkivallan" finds "väkivalta"); elsewhere each word is stemmed by
    `finnish_stem` and matched as a substring.
    """
    if criteria.competence is not None:
        actors = actors.filter(competences=criteria.competence)
    if criteria.line is not None:
        actors = actors.filter(stops__line=criteria.line)
    if criteria.region is not None:
        actors = actors.filter(region=criteria.region)
    if criteria.availability:
        actors = actors.filter(availability=criteria.availability)
    if criteria.sector:
        actors = actors.filter(sector=criteria.sector)
    words = _words(criteria.q[:MAX_QUERY_LENGTH])
    if words:
        if connection.vendor == "postgresql":
            actors = _postgres_text_filter(actors, words)
        else:
            for word in words:
                stem = finnish_stem(word)
                actors = actors.filter(
                    Q(name__icontains=stem)
                    | Q(title__icontains=stem)
                    | Q(description__icontains=stem)
                    | Q(keywords__icontains=stem)
                    | Q(competences__name_fi__icontains=stem)
                    | Q(competences__name_sv__icontains=stem)
                    | Q(competences__name_en__icontains=stem)
                )
    result = station_search(actors=actors)
    if criteria.language:
        # Languages are a JSON list; filtered here so that SQLite and PostgreSQL agree.
        result = [actor for actor in result if criteria.language in actor.languages]
    return result


def _postgres_text_filter(actors: QuerySet[Actor], words: list[str]) -> QuerySet[Actor]:
    from django.contrib.postgres.search import SearchQuery, SearchVector

    vector = (
        SearchVector("name", weight="A", config="finnish")
        + SearchVector("title", weight="B", config="finnish")
        + SearchVector("keywords", weight="B", config="finnish")
        + SearchVector("description", weight="C", config="finnish")
        + SearchVector("competences__name_fi", weight="A", config="finnish")
        + SearchVector("competences__name_sv", weight="B", config="swedish")
        + SearchVector("competences__name_en", weight="B", config="english")
    )
    query = SearchQuery(words[0], config="finnish", search_type="plain")
    for word in words[1:]:
        query &= SearchQuery(word, config="finnish", search_type="plain")
    matching = (
        Actor.objects.filter(pk__in=actors.values("pk"))
        .annotate(search=vector)
        .filter(search=query)
        .values("pk")
    )
    return actors.filter(pk__in=matching)
