"""The metro map of a centre: engine input from the database, the cached layout, the SVG.

The layout is computed by the pure `metromap` engine (0.4 s for the demo, up to tens of seconds
for large networks), so it is cached in `MapLayout` with the hash of the input it came from.
Every network edit schedules a recomputation after its transaction commits, seeded with the
previous layout so that stations stay where users last saw them. A page view recomputes only
when no layout matches the current network (the first render, or an edit whose background
recomputation has not finished); concurrent requests for the same map wait for one computation.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import get_language, ngettext

import metromap
from apps.network.models import Actor, Line, MapLayout, Stop
from apps.organisations.models import Centre
from metromap.svg import render_svg

logger = logging.getLogger(__name__)

MEMBERS = "members"
PUBLIC = "public"
VARIANTS = (MEMBERS, PUBLIC)
PERSON_KINDS = (Actor.Kind.PERSON, Actor.Kind.RESEARCHER)

_locks: dict[tuple[int, str], threading.Lock] = defaultdict(threading.Lock)


def public_actor_filter() -> Q:
    """Units and organisations, and persons only with their explicit consent."""
    return ~Q(kind__in=PERSON_KINDS) | Q(consent_to_publish=True)


def map_actors(centre: Centre, variant: str) -> QuerySet[Actor]:
    actors = Actor.objects.filter(centre=centre, is_active=True)
    if variant == PUBLIC:
        actors = actors.filter(public_actor_filter())
    return actors


@dataclass
class MapLine:
    pk: int
    key: str
    name: str
    name_fi: str
    colour: str
    stations: list[str] = field(default_factory=list)


@dataclass
class MapData:
    """What the map page needs: the engine input, and for the page script, lines and actors."""

    centre: Centre
    variant: str
    lines: list[MapLine]
    actors: dict[str, Actor]
    competences: dict[str, list[str]]
    engine_input: dict[str, Any]

    @property
    def network_hash(self) -> str:
        encoded = json.dumps(self.engine_input, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def map_data(centre: Centre, variant: str) -> MapData:
    """Four queries whatever the size: actors, lines, stops, competences.

    A line is drawn with the stops its variant may show; a line left with fewer than two stops
    is not drawn (the engine needs a path) but still listed.
    """
    actors = {actor.key: actor for actor in map_actors(centre, variant).order_by("key")}
    lines = [
        MapLine(pk=line.pk, key=line.key, name=line.name, name_fi=line.name_fi, colour=line.colour)
        for line in Line.objects.filter(centre=centre).order_by("order", "key")
    ]
    by_pk = {line.pk: line for line in lines}
    stops = (
        Stop.objects.filter(line__centre=centre, actor__is_active=True)
        .order_by("line_id", "position")
        .values_list("line_id", "actor__key")
    )
    for line_id, actor_key in stops:
        if actor_key in actors and line_id in by_pk:
            by_pk[line_id].stations.append(actor_key)
    competences: dict[str, list[str]] = defaultdict(list)
    links = Actor.competences.through.objects.filter(actor__in=actors.values()).values_list(
        "actor__key", "competence__name_fi", "competence__name_sv", "competence__name_en"
    )
    language = (get_language() or "fi")[:2]
    index = {"fi": 1, "sv": 2, "en": 3}.get(language, 1)
    for row in links:
        competences[row[0]].append(row[index] or row[1])
    engine_input = {
        "lines": [
            # Finnish names: the hash must not depend on the page's language.
            {"id": line.key, "name": line.name_fi, "color": line.colour, "stations": line.stations}
            for line in lines
            if len(line.stations) >= 2
        ],
        "stations": [{"id": key, "label": actor.name} for key, actor in actors.items()],
    }
    return MapData(centre, variant, lines, actors, dict(competences), engine_input)


def _store(data: MapData, layout: dict[str, Any], runtime: float) -> MapLayout:
    values = {
        "network_hash": data.network_hash,
        "engine_input": data.engine_input,
        "layout": layout,
        "runtime_s": runtime,
    }
    try:
        with transaction.atomic():
            stored, _ = MapLayout.objects.update_or_create(
                centre=data.centre, variant=data.variant, defaults=values
            )
    except IntegrityError:
        # Another process stored this map's first layout at the same moment: overwrite it.
        MapLayout.objects.filter(centre=data.centre, variant=data.variant).update(**values)
        stored = MapLayout.objects.get(centre=data.centre, variant=data.variant)
    return stored


def _compute(data: MapData, previous: MapLayout | None) -> MapLayout:
    same_input = MapLayout.objects.filter(network_hash=data.network_hash).first()
    if same_input is not None:
        # The engine is deterministic: the same input (e.g. a public map that hides no one)
        # has the same layout, so it is copied, not recomputed.
        return _store(data, same_input.layout, 0.0)
    engine_input = dict(data.engine_input)
    if previous is not None:
        engine_input["previous_layout"] = previous.layout
    started = time.perf_counter()
    try:
        layout = metromap.layout(engine_input)
    except Exception:
        if previous is None:
            raise
        # A previous layout the engine cannot use must not block the map: start afresh.
        logger.exception("layout with previous_layout failed for %s", data.centre.slug)
        layout = metromap.layout(data.engine_input)
    return _store(data, layout, time.perf_counter() - started)


def layout_get(data: MapData) -> MapLayout:
    """The layout of the current network: cached, or computed now (and cached)."""
    cached = MapLayout.objects.filter(centre=data.centre, variant=data.variant).first()
    if cached is not None and cached.network_hash == data.network_hash:
        return cached
    with _locks[(data.centre.pk, data.variant)]:
        cached = MapLayout.objects.filter(centre=data.centre, variant=data.variant).first()
        if cached is not None and cached.network_hash == data.network_hash:
            return cached
        return _compute(data, cached)


@dataclass
class PageMap:
    """The layout a page draws: current, or the previous one while a large recompute runs."""

    layout: MapLayout
    stale: bool


def layout_for_page(data: MapData) -> PageMap:
    """What a page view should draw, without waiting long for the engine.

    The current layout when cached. Otherwise, when an earlier layout exists and its
    computation took more than NETWORK_LAYOUT_WAIT_SECONDS (default 2 s), the earlier map is
    drawn (marked stale) and the recomputation runs in the background; a quick network (or the
    very first render, or background work switched off) is computed in the request.
    """
    cached = MapLayout.objects.filter(centre=data.centre, variant=data.variant).first()
    if cached is not None and cached.network_hash == data.network_hash:
        return PageMap(cached, stale=False)
    wait = float(getattr(settings, "NETWORK_LAYOUT_WAIT_SECONDS", 2.0))
    background = getattr(settings, "NETWORK_LAYOUT_IN_BACKGROUND", True)
    if cached is not None and cached.engine_input and background and cached.runtime_s > wait:
        start_background_refresh(data.centre)
        return PageMap(cached, stale=True)
    return PageMap(layout_get(data), stale=False)


_in_flight: set[int] = set()
_in_flight_lock = threading.Lock()


def start_background_refresh(centre: Centre) -> bool:
    """Start one background recomputation of the centre's layouts unless one is running."""
    with _in_flight_lock:
        if centre.pk in _in_flight:
            return False
        _in_flight.add(centre.pk)
    threading.Thread(target=_refresh_in_background, args=(centre.pk,), daemon=True).start()
    return True


def layout_refresh(centre: Centre) -> None:
    """Bring every variant's cached layout up to date with the network (no-op when it is)."""
    for variant in VARIANTS:
        layout_get(map_data(centre, variant))


def _refresh_in_background(centre_id: int) -> None:
    try:
        centre = Centre.objects.get(pk=centre_id)
        layout_refresh(centre)
    except Exception:
        logger.exception("background layout refresh failed for centre %s", centre_id)
    finally:
        with _in_flight_lock:
            _in_flight.discard(centre_id)
        # The thread's own database connection is not reused by anyone: close it.
        connection.close()


def layout_refresh_on_commit(centre: Centre) -> None:
    """After the current transaction commits, recompute the centre's layouts.

    In a background thread by default, so that an edit never waits for a large layout; with
    the setting NETWORK_LAYOUT_IN_BACKGROUND = False (tests) in the same thread.
    """

    def run() -> None:
        if getattr(settings, "NETWORK_LAYOUT_IN_BACKGROUND", True):
            threading.Thread(target=_refresh_in_background, args=(centre.pk,), daemon=True).start()
        else:
            layout_refresh(centre)

    transaction.on_commit(run)


def _localised_network(data: MapData, layout: MapLayout) -> metromap.Network:
    """The network the layout was computed for, with line names in the page's language."""
    names = {line.key: line.name for line in data.lines}
    drawn = layout.engine_input or data.engine_input
    localised_input = {
        "stations": drawn["stations"],
        "lines": [{**line, "name": names.get(line["id"], line["name"])} for line in drawn["lines"]],
    }
    return metromap.parse_network(localised_input)


def describe_map(network: metromap.Network) -> str:
    """The map's one-sentence summary (its SVG <desc>) in the active language."""
    lines = ngettext("%(count)d line", "%(count)d lines", len(network.lines)) % {
        "count": len(network.lines)
    }
    stations = ngettext("%(count)d station", "%(count)d stations", len(network.stations)) % {
        "count": len(network.stations)
    }
    names = ", ".join(line.name or line.id for line in network.lines)
    return f"{lines}, {stations}: {names}." if names else f"{lines}, {stations}."


def map_svg(data: MapData, layout: MapLayout, *, title: str, id_prefix: str = "mm") -> str:
    """The SVG for embedding in a page (no inline style: static/css/map.css styles it)."""
    network = _localised_network(data, layout)
    return render_svg(
        network,
        layout.layout,
        title=title,
        id_prefix=id_prefix,
        embedded=True,
        description=describe_map(network),
    )


def standalone_svg(data: MapData, layout: MapLayout, *, title: str) -> str:
    """A self-contained SVG file (with its own style), for download, PNG and PDF."""
    network = _localised_network(data, layout)
    return render_svg(
        network, layout.layout, title=title, embedded=False, description=describe_map(network)
    )


def page_data(data: MapData) -> dict[str, Any]:
    """The JSON the map script reads (search, filter, focus): no contact details."""
    return {
        "lines": [
            {"key": line.key, "name": line.name, "colour": line.colour, "stations": line.stations}
            for line in data.lines
        ],
        "stations": [
            {
                "key": key,
                "name": actor.name,
                "title": actor.title,
                "sector": actor.sector,
                "kind": actor.kind,
                "competences": data.competences.get(key, []),
                "keywords": actor.keywords,
            }
            for key, actor in data.actors.items()
        ],
    }
