"""Inner stations slide along their routes where that gives their labels room."""

from __future__ import annotations

from typing import Any

import pytest

import metromap.engine as engine
from metromap.tests.support import check, load_sample


def test_sliding_stations_lowers_label_overlaps_and_keeps_the_layout_valid(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = load_sample("synthetic-medium")
    # widening for labels comes after and would change the routes: left out here
    monkeypatch.setattr(engine, "widen_for_labels", lambda *args: args[-1])
    with_room = check(data)
    monkeypatch.setattr(engine, "make_room", lambda *args: None)
    without_room = check(data)

    assert with_room.valid, with_room.problems
    assert with_room.label_overlaps < without_room.label_overlaps
    assert with_room.bend_cost == without_room.bend_cost  # routes are untouched


def test_stations_known_from_the_previous_layout_do_not_slide() -> None:
    from metromap.engine import layout_network
    from metromap.model import parse_network

    data: dict[str, Any] = load_sample("synthetic-medium")
    first = layout_network(parse_network(data))
    again = layout_network(parse_network(dict(data, previous_layout=first)))
    before = {s["id"]: (s["x"], s["y"]) for s in first["stations"]}
    after = {s["id"]: (s["x"], s["y"]) for s in again["stations"]}
    assert after == before
