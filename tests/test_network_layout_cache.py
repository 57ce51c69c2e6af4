from __future__ import annotations

import pytest

from apps.network import mapdata
from apps.network.models import Actor, MapLayout
from tests.factories import ActorFactory, LineFactory, StopFactory, centre

pytestmark = pytest.mark.django_db


def _line(key: str, actors: list[Actor]) -> None:
    line = LineFactory(key=key)
    for position, actor in enumerate(actors):
        StopFactory(line=line, actor=actor, position=position)


def test_a_line_with_fewer_than_two_stops_is_listed_but_not_drawn() -> None:
    a, b = ActorFactory(), ActorFactory()
    _line("L1", [a, b])
    _line("L2", [a])
    data = mapdata.map_data(centre(), mapdata.MEMBERS)
    assert [line.key for line in data.lines] == ["L1", "L2"]
    assert [line["id"] for line in data.engine_input["lines"]] == ["L1"]


def test_the_public_variant_leaves_out_persons_without_consent() -> None:
    unit = ActorFactory(kind=Actor.Kind.UNIT)
    hidden = ActorFactory(kind=Actor.Kind.PERSON)
    shown = ActorFactory(kind=Actor.Kind.RESEARCHER, consent_to_publish=True)
    _line("L1", [unit, hidden, shown])
    public = mapdata.map_data(centre(), mapdata.PUBLIC)
    assert set(public.actors) == {unit.key, shown.key}
    assert public.engine_input["lines"][0]["stations"] == [unit.key, shown.key]
    members = mapdata.map_data(centre(), mapdata.MEMBERS)
    assert public.network_hash != members.network_hash


def test_an_identical_network_is_copied_not_recomputed(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    a, b = ActorFactory(), ActorFactory()
    _line("L1", [a, b])
    mapdata.layout_get(mapdata.map_data(centre(), mapdata.MEMBERS))

    def must_not_run(data: object) -> dict:
        raise AssertionError("the engine ran again")

    monkeypatch.setattr(mapdata.metromap, "layout", must_not_run)
    public = mapdata.layout_get(mapdata.map_data(centre(), mapdata.PUBLIC))  # no persons: same
    assert public.layout == MapLayout.objects.get(variant=mapdata.MEMBERS).layout


def test_the_hash_does_not_depend_on_the_page_language(settings) -> None:  # type: ignore[no-untyped-def]
    from django.utils import translation

    a, b = ActorFactory(), ActorFactory()
    _line("L1", [a, b])
    with translation.override("sv"):
        sv = mapdata.map_data(centre(), mapdata.MEMBERS).network_hash
    with translation.override("fi"):
        fi = mapdata.map_data(centre(), mapdata.MEMBERS).network_hash
    assert sv == fi


def test_the_command_brings_every_layout_up_to_date() -> None:
    from io import StringIO

    from django.core.management import call_command

    a, b = ActorFactory(), ActorFactory()
    _line("L1", [a, b])
    out = StringIO()
    call_command("network_layouts", "sisa-suomi", stdout=out)
    assert "sisa-suomi: up to date" in out.getvalue()
    stored = MapLayout.objects.get(centre=centre(), variant=mapdata.MEMBERS)
    assert stored.network_hash == mapdata.map_data(centre(), mapdata.MEMBERS).network_hash
    assert MapLayout.objects.filter(variant=mapdata.PUBLIC).exists()
