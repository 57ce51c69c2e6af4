"""Inner stations slide along their routes where that gives their labels room."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest

import metromap.engine as engine
from metromap.tests.checker import check_layout
from metromap.tests.support import layout_as_written, load_sample


def drawn_steps(layout: dict[str, Any]) -> set[frozenset[tuple[float, float]]]:
    """Every step of one grid cell that some edge takes (whatever its stations and lines)."""
    spacing = 40.0  # the samples' station spacing
    steps: set[frozenset[tuple[float, float]]] = set()
    for edge in layout["edges"]:
        for (x1, y1), (x2, y2) in pairwise(edge["points"]):
            n = round(max(abs(x2 - x1), abs(y2 - y1)) / spacing)
            for i in range(n):
                a = (x1 + (x2 - x1) * i / n, y1 + (y2 - y1) * i / n)
                b = (x1 + (x2 - x1) * (i + 1) / n, y1 + (y2 - y1) * (i + 1) / n)
                steps.add(frozenset((a, b)))
    return steps


def test_sliding_stations_lowers_label_overlaps_and_keeps_the_routes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = load_sample("synthetic-medium")
    # widening for labels comes after and would change the routes: left out here
    monkeypatch.setattr(engine, "widen_for_labels", lambda *args: args[-1])
    with_room = layout_as_written(data)
    monkeypatch.setattr(engine, "make_room", lambda *args: None)
    without_room = layout_as_written(data)
    slid, fixed = check_layout(data, with_room), check_layout(data, without_room)

    assert slid.valid, slid.problems
    assert slid.label_overlaps < fixed.label_overlaps
    moved = [
        a["id"]
        for a, b in zip(with_room["stations"], without_room["stations"], strict=True)
        if (a["x"], a["y"]) != (b["x"], b["y"])
    ]
    assert moved
    # the stations moved along their routes, which run as they did (a line that ends at a
    # station that slid past a bend has that bend or loses it, so bend cost may differ)
    assert drawn_steps(with_room) == drawn_steps(without_room)
    assert slid.crossings == fixed.crossings


def test_stations_known_from_the_previous_layout_do_not_slide() -> None:
    from metromap.engine import layout_network
    from metromap.model import parse_network

    data: dict[str, Any] = load_sample("synthetic-medium")
    first = layout_network(parse_network(data))
    again = layout_network(parse_network(dict(data, previous_layout=first)))
    before = {s["id"]: (s["x"], s["y"]) for s in first["stations"]}
    after = {s["id"]: (s["x"], s["y"]) for s in again["stations"]}
    assert after == before
