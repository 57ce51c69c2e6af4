"""Stations on no line are tucked into free space of the drawing, not in a row beside it."""

from __future__ import annotations

from benchmarks.generate import generate_network
from metromap.engine import layout_network
from metromap.model import parse_network
from metromap.tests.support import check, layout_as_written


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


def long_arms(arms: int, stops: int) -> dict[str, object]:
    """A hub with a few long arms: stress stretches them out into a mostly empty box."""
    stations = [{"id": "hub", "label": "Hub"}]
    lines = []
    for a in range(arms):
        ids = [f"a{a}-{i}" for i in range(stops)]
        stations += [{"id": sid, "label": "Stop"} for sid in ids]
        lines.append({"id": f"L{a}", "stations": ["hub", *ids]})
    return {"stations": stations, "lines": lines}


def test_a_sprawling_network_is_drawn_again_tighter_to_meet_the_area_target() -> None:
    # drawn once with the usual shrink this is about 15 cells a station
    result = check(long_arms(3, 30))
    assert result.valid
    assert result.area <= 12.0


def many_small_parts(parts: int) -> dict[str, object]:
    """Separate little networks: two lines crossing at a hub, arms of two or three stops."""
    stations: list[dict[str, str]] = []
    lines: list[dict[str, object]] = []
    for p in range(parts):
        arm = 2 + p % 2
        ids = {
            name: f"p{p}-{name}"
            for name in ["hub", *[f"{d}{i}" for d in "nesw" for i in range(arm)]]
        }
        stations += [{"id": sid, "label": "Palvelu"} for sid in ids.values()]
        west_east = [ids[f"w{i}"] for i in reversed(range(arm))] + [ids["hub"]]
        west_east += [ids[f"e{i}"] for i in range(arm)]
        north_south = [ids[f"n{i}"] for i in reversed(range(arm))] + [ids["hub"]]
        north_south += [ids[f"s{i}"] for i in range(arm)]
        lines += [
            {"id": f"P{p}a", "stations": west_east},
            {"id": f"P{p}b", "stations": north_south},
        ]
    return {"stations": stations, "lines": lines}


def test_many_small_parts_are_packed_within_the_area_target() -> None:
    result = check(many_small_parts(16))  # in plain rows with wide gaps: 12.5 cells a station
    assert result.valid, result.problems
    assert result.area <= 12.0


def test_lone_stations_never_land_on_one_another() -> None:
    # found by the property test: many stations on no line, packed in rows, some of them
    # inside the box of two drawn parts; a station tucked into the drawing took the place
    # where the packing had left another that found no room
    run = ["s54", "s55", "s49", "s39", "s45", "s50", "s5", "s1", "s6", "s11"]
    lines = [
        {"id": "L0", "stations": [*run, "s7"]},
        {"id": "L1", "stations": [*run, "s0"]},
        *({"id": f"L{k}", "stations": ["s0", "s1"]} for k in (2, 3, 4)),
        {"id": "L5", "stations": ["s28", "s58"]},
    ]
    data = {"stations": [{"id": f"s{i}", "label": ""} for i in range(66)], "lines": lines}
    result = check(data)
    assert result.valid, result.problems


def test_a_station_on_no_line_makes_way_for_a_part_grown_over_its_place() -> None:
    # found by a property test of edits: s2 (on no line) sat beside s0-s1; a new stop before
    # s0 was drawn on s2's previous place, and s2 stayed there too
    data = {
        "lines": [{"id": "L0", "stations": ["s0", "s1"]}],
        "stations": [{"id": sid, "label": ""} for sid in ("s0", "s1", "s2")],
    }
    first = layout_as_written(data)
    grown = {
        "lines": [{"id": "L0", "stations": ["new", "s0", "s1"]}],
        "stations": [*data["stations"], {"id": "new", "label": "Uusi"}],
        "previous_layout": first,
    }
    result = check(grown, previous=first)
    assert result.valid, result.problems


def test_a_part_that_keeps_its_places_does_not_run_through_another() -> None:
    # found by the property test of edits: a new line joined two stations that had been on
    # no line; kept at their previous places, its edge ran through the stations of s0-s1
    ids = ["s2", "s1", "s0", *(f"s{i}" for i in range(3, 46))]
    data = {
        "lines": [{"id": "L0", "stations": ["s0", "s1"]}],
        "stations": [{"id": sid, "label": ""} for sid in ids],
    }
    first = layout_as_written(data)
    grown = {
        "lines": [*data["lines"], {"id": "new line", "stations": ["s2", "s3"]}],
        "stations": data["stations"],
        "previous_layout": first,
    }
    result = check(grown, previous=first)
    assert result.valid, result.problems
