"""Stability: an edit that turns two neighbouring stations into interchanges moves nothing."""

from __future__ import annotations

import math

from metromap.graph import build_graph, chains
from metromap.model import parse_network
from metromap.place import snap
from metromap.tests.support import check, layout_as_written

RUN = [f"r{i}" for i in range(1, 9)]


def two_lines_sharing_a_run() -> dict[str, object]:
    stations = [{"id": sid, "label": f"Palvelu {sid}"} for sid in ["a", "b", "c", "d", *RUN]]
    return {
        "stations": stations,
        "lines": [
            {"id": "L1", "stations": ["a", *RUN, "b"]},
            {"id": "L2", "stations": ["c", *RUN, "d"]},
        ],
    }


def test_a_new_stop_on_one_of_two_lines_that_share_a_run_moves_no_station() -> None:
    data = two_lines_sharing_a_run()
    before = layout_as_written(data)
    at = {s["id"]: (s["x"], s["y"]) for s in before["stations"]}
    spacing = 40
    # r4 and r5 sit next to each other: after the edit they become interchanges (the lines
    # part there), which the placement otherwise keeps a node apart
    assert math.dist(at["r4"], at["r5"]) <= 1.5 * spacing
    lines = [dict(line) for line in data["lines"]]  # type: ignore[call-overload]
    lines[0] = {"id": "L1", "stations": ["a", "r1", "r2", "r3", "r4", "new", *RUN[4:], "b"]}
    grown = {
        "stations": [*data["stations"], {"id": "new", "label": "Uusi palvelu"}],  # type: ignore[list-item]
        "lines": lines,
        "previous_layout": before,
    }
    result = check(grown, previous=before)
    assert result.valid, result.problems
    after = {s["id"]: (s["x"], s["y"]) for s in layout_as_written(grown)["stations"]}
    assert {sid: after[sid] for sid in at if after[sid] != at[sid]} == {}


def test_an_anchor_from_a_previous_layout_may_stay_right_next_to_another() -> None:
    targets = [(0.0, 0.0), (1.0, 1.0)]
    shapes = [(1, 1), (1, 1)]
    assert snap(targets, shapes, [0, 1], keep=frozenset({0, 1})) == [(0, 0), (1, 1)]
    # without the previous layout, blocks keep a free node between them
    assert snap(targets, shapes, [0, 1]) != [(0, 0), (1, 1)]


def test_a_stop_added_to_one_of_two_lines_between_the_same_two_stations_moves_neither() -> None:
    # the edit makes a triangle of degree-2 stations: the new stop must not take the place
    # of an anchor, or the old station beside it is placed anew
    data = {
        "stations": [{"id": "a", "label": "Alku"}, {"id": "b", "label": "Loppu"}],
        "lines": [{"id": "L1", "stations": ["a", "b"]}, {"id": "L2", "stations": ["a", "b"]}],
    }
    before = layout_as_written(data)
    grown = {
        "stations": [*data["stations"], {"id": "new", "label": "Uusi palvelu"}],
        "lines": [{"id": "L1", "stations": ["a", "new", "b"]}, data["lines"][1]],
        "previous_layout": before,
    }
    result = check(grown, previous=before)
    assert result.valid, result.problems
    assert result.moved_share == 0.0


def test_a_cycle_of_plain_stops_is_cut_at_old_stations() -> None:
    network = parse_network(
        {
            "stations": [{"id": sid, "label": sid} for sid in ["a", "b", "c", "d", "e"]],
            "lines": [
                {"id": "R", "stations": ["a", "b", "e", "c", "d"]},
                {"id": "S", "stations": ["d", "a"]},
            ],
        }
    )
    graph = build_graph(network)
    anchors, _ = chains(graph, ["a", "b", "c", "d", "e"])
    # a-b-e-c-d-a: e and c are both two steps from a; c comes first in the input
    assert anchors == ["a", "c"]
