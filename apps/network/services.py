"""Writes to the expert network."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from apps.network.models import Actor, Competence, Line, Stop
from apps.organisations.models import Centre, Organisation, WellbeingRegion

# Station kinds of the metromap format (and of the shared demo files) -> Actor.Kind
STATION_KINDS = {
    "expert": Actor.Kind.PERSON,
    "person": Actor.Kind.PERSON,
    "unit": Actor.Kind.UNIT,
    "organisation": Actor.Kind.ORGANISATION,
    "research": Actor.Kind.ORGANISATION,
    "researcher": Actor.Kind.RESEARCHER,
}


class NetworkImportError(ValueError):
    """The network file is inconsistent; the message names the offending id."""


@dataclass(frozen=True)
class ImportResult:
    lines: int
    actors: int
    stops: int
    competences: int


def _get(mapping: dict[str, Any], key: str, where: str) -> Any:
    if key not in mapping:
        raise NetworkImportError(f"{where}: missing '{key}'")
    return mapping[key]


@transaction.atomic
def network_import(
    *, centre: Centre, network: dict[str, Any], details: dict[str, Any]
) -> ImportResult:
    """Create or update a centre's lines, actors and stops from a metromap-format network.

    `details` adds what the layout format does not carry: line names in Swedish and English,
    descriptions, the competence vocabulary, organisations and each station's contact person.
    Idempotent: running it again leaves the same rows; the stops of the imported lines are
    replaced so that their order is exactly the file's.
    """
    competences: dict[str, Competence] = {}
    for slug, (fi, sv, en) in details.get("competences", {}).items():
        competences[slug], _ = Competence.objects.update_or_create(
            centre=centre, slug=slug, defaults={"name_fi": fi, "name_sv": sv, "name_en": en}
        )

    regions = {region.slug: region for region in WellbeingRegion.objects.filter(area=centre.area)}
    organisations: dict[str, Organisation] = {}
    for key, org in details.get("organisations", {}).items():
        organisations[key], _ = Organisation.objects.update_or_create(
            name=org["name"], region=None, defaults={"kind": org["kind"]}
        )

    station_details: dict[str, dict[str, Any]] = details.get("stations", {})
    actors: dict[str, Actor] = {}
    for raw in _get(network, "stations", "network"):
        key = _get(raw, "id", "station")
        kind = STATION_KINDS.get(raw.get("kind", "unit"))
        if kind is None:
            raise NetworkImportError(f"station {key}: unknown kind {raw.get('kind')!r}")
        extra = station_details.get(key, {})
        region_slug = extra.get("region")
        if region_slug and region_slug not in regions:
            raise NetworkImportError(
                f"station {key}: region {region_slug!r} is not in {centre.slug}"
            )
        actor, _ = Actor.objects.update_or_create(
            centre=centre,
            key=key,
            defaults={
                "kind": kind,
                "name": _get(raw, "label", f"station {key}"),
                "title": extra.get("contact_title", ""),
                "sector": extra.get("sector", ""),
                "organisation": organisations.get(extra.get("organisation", "")),
                "region": regions.get(region_slug or ""),
                "contact_name": extra.get("contact_name", ""),
                "contact_email": extra.get("contact_email", ""),
                "contact_phone": extra.get("contact_phone", ""),
                "is_active": True,
            },
        )
        unknown = [slug for slug in extra.get("competences", []) if slug not in competences]
        if unknown:
            raise NetworkImportError(f"station {key}: unknown competences {unknown}")
        actor.competences.set([competences[slug] for slug in extra.get("competences", [])])
        actors[key] = actor

    line_details: dict[str, dict[str, Any]] = details.get("lines", {})
    n_stops = 0
    for order, raw in enumerate(_get(network, "lines", "network")):
        key = _get(raw, "id", "line")
        extra = line_details.get(key, {})
        description = extra.get("description", ["", "", ""])
        line, _ = Line.objects.update_or_create(
            centre=centre,
            key=key,
            defaults={
                "name_fi": _get(raw, "name", f"line {key}"),
                "name_sv": extra.get("sv", ""),
                "name_en": extra.get("en", ""),
                "description_fi": description[0],
                "description_sv": description[1],
                "description_en": description[2],
                "colour": _get(raw, "color", f"line {key}"),
                "order": order,
            },
        )
        line.stops.all().delete()
        stops = []
        for position, station_key in enumerate(_get(raw, "stations", f"line {key}")):
            if station_key not in actors:
                raise NetworkImportError(f"line {key}: unknown station {station_key!r}")
            stops.append(Stop(line=line, actor=actors[station_key], position=position))
        Stop.objects.bulk_create(stops)
        n_stops += len(stops)

    return ImportResult(
        lines=len(network["lines"]), actors=len(actors), stops=n_stops, competences=len(competences)
    )
