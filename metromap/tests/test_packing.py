"""Stations on no line are tucked into free space of the drawing, not in a row beside it."""

from __future__ import annotations

from benchmarks.generate import generate_network
from metromap.engine import layout_network
from metromap.model import parse_network
from metromap.tests.support import check


def test_lone_stations_sit_inside_the_drawing_of_the_lines() -> None:
    data = generate_network(150, 12, seed=9, lone=4)
    on_lines = {sid for line in data["lines"] for sid in line["stations"]}
    out = layout_network(parse_network(data))
    pos = {s["id"]: (s["x"], s["y"]) for s in out["stations"]}
    lone = [sid for sid in pos if sid not in on_lines]
    xs = [pos[sid][0] for sid in on_lines]
    ys = [pos[sid][1] for sid in on_lines]

    assert len(lone) == 4
    for sid in lone:
        x, y = pos[sid]
        assert min(xs) <= x <= max(xs) and min(ys) <= y <= max(ys)
    assert check(data).valid
