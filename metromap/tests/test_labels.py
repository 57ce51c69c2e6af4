"""Label placement: boxes of the declared size, beside their station, clear where room exists."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from benchmarks.generate import generate_network
from metromap import labels
from metromap.graph import Graph, build_graph
from metromap.model import Network, parse_network
from metromap.tests.checker import check_layout
from metromap.tests.support import layout_as_written, load_sample

Point = tuple[float, float]


def _star() -> tuple[dict[str, Any], Network, Graph, dict[str, Point], dict[int, list[Point]]]:
    """A station 'c' with lines leaving east, west and north, and a 3-line bundle going south-east.

    Every side of 'c' but the south-west is taken by a line: its label must go between two
    lines, off its usual place on the east.
    """
    data = {
        "lines": [
            {"id": "L1", "name": "", "color": "#000", "stations": ["w", "c", "e"]},
            {"id": "L2", "name": "", "color": "#000", "stations": ["c", "n"]},
            {"id": "L3", "name": "", "color": "#000", "stations": ["c", "se"]},
            {"id": "L4", "name": "", "color": "#000", "stations": ["c", "se"]},
            {"id": "L5", "name": "", "color": "#000", "stations": ["se", "c"]},
        ],
        "stations": [
            {"id": "c", "label": "A rather long central station"},
            {"id": "w", "label": "West"},
            {"id": "e", "label": "East end"},
            {"id": "n", "label": "North"},
            {"id": "se", "label": "South-east"},
        ],
    }
    network = parse_network(data)
    graph = build_graph(network)
    positions = {"c": (0.0, 0.0), "w": (-80.0, 0.0), "e": (80.0, 0.0), "n": (0.0, -80.0)}
    positions["se"] = (80.0, 80.0)
    edge_points = {id(e): [positions[e.a], positions[e.b]] for e in graph.edges}
    return data, network, graph, positions, edge_points


def _as_output(
    graph: Graph,
    positions: dict[str, Point],
    boxes: dict[str, tuple[float, float, float, float]],
    edge_points: dict[int, list[Point]],
) -> dict[str, Any]:
    return {
        "stations": [
            {
                "id": sid,
                "x": x,
                "y": y,
                "marker": {"w": 0.0, "h": 0.0},
                "label": dict(zip(("x", "y", "w", "h"), boxes[sid], strict=True)),
            }
            for sid, (x, y) in positions.items()
        ],
        "edges": [
            {"from": e.a, "to": e.b, "lines": e.lines, "points": edge_points[id(e)]}
            for e in graph.edges
        ],
    }


def test_a_label_finds_a_free_place_between_the_lines() -> None:
    data, network, graph, positions, edge_points = _star()
    boxes = labels.place_labels(network, graph, positions, {}, edge_points)
    result = check_layout(data, _as_output(graph, positions, boxes, edge_points))
    assert result.valid, result.problems
    assert result.label_overlaps == 0
    _, y, _, h = boxes["c"]
    assert y >= 0.0 or y + h <= 0.0  # off the east-west line, where labels usually go


def test_labels_are_of_the_declared_size_and_beside_their_station() -> None:
    data = load_sample("synthetic-medium")
    out = layout_as_written(data)
    opts = parse_network(data).options
    texts = {s["id"]: s["label"] for s in data["stations"]}
    ring = opts.line_width * 0.75
    for st in out["stations"]:
        lb, mk = st["label"], st["marker"]
        assert lb["w"] >= 0.55 * opts.font_size * len(texts[st["id"]])
        assert lb["h"] >= opts.font_size
        assert (lb["w"], lb["h"]) == labels.label_size(texts[st["id"]], opts.font_size)
        dx = max(lb["x"] - (st["x"] + mk["w"] / 2), (st["x"] - mk["w"] / 2) - (lb["x"] + lb["w"]))
        dy = max(lb["y"] - (st["y"] + mk["h"] / 2), (st["y"] - mk["h"] / 2) - (lb["y"] + lb["h"]))
        gap = math.hypot(max(dx, 0.0), max(dy, 0.0))
        # clear of its own marker, and on each axis at most one station spacing off the ring
        # (two where no nearer place is clear)
        spacings = max(labels.GAPS[-1], *labels.FAR_GAPS)
        reach = ring + labels.CLEARANCE + spacings * opts.station_spacing
        assert gap >= ring, st["id"]
        assert max(dx, dy) <= reach + 0.05, st["id"]


def test_the_placement_is_deterministic() -> None:
    _, network, graph, positions, edge_points = _star()
    first = labels.place_labels(network, graph, positions, {}, edge_points)
    assert labels.place_labels(network, graph, positions, {}, edge_points) == first


def test_what_is_minimised_is_what_the_checker_counts() -> None:
    """The placement's own count of overlaps equals the independent geometry checker's."""
    data = generate_network(120, 10, seed=7)
    out = layout_as_written(data)
    network = parse_network(data)
    graph = build_graph(network)
    positions = {s["id"]: (s["x"], s["y"]) for s in out["stations"]}
    markers = {s["id"]: (s["marker"]["w"], s["marker"]["h"]) for s in out["stations"]}
    by_pair = {frozenset((e["from"], e["to"])): e["points"] for e in out["edges"]}
    edge_points = {
        id(e): [(float(x), float(y)) for x, y in by_pair[frozenset((e.a, e.b))]]
        for e in graph.edges
    }
    ids = [s.id for s in network.stations]
    problem = labels._build_problem(network, graph, ids, positions, markers, edge_points)
    choice = labels._optimise(problem)
    fixed = int(np.floor(problem.cost[choice] / labels.HARD).sum())
    chosen = np.zeros(len(problem.boxes), dtype=bool)
    chosen[choice] = True
    pairs = 0
    for c in choice:
        lo, hi = problem.nbr_start[c], problem.nbr_start[c + 1]
        hard = problem.weight[lo:hi] >= labels.HARD
        pairs += int((hard & chosen[problem.nbr[lo:hi]]).sum())
    boxes = labels.place_labels(network, graph, positions, markers, edge_points)
    for st in out["stations"]:
        st["label"] = dict(zip(("x", "y", "w", "h"), boxes[st["id"]], strict=True))
    result = check_layout(data, out)
    assert result.label_label == pairs // 2
    assert result.label_station + result.label_edge == fixed


def _crowded_row() -> tuple[dict[str, Any], Network, Graph, dict[str, Point]]:
    """Twelve stations one spacing apart in a row, on no line, each with a label of forty
    characters: their places within one spacing are clear of markers but too few for the
    labels not to meet each other."""
    ids = [f"s{k}" for k in range(12)]
    data: dict[str, Any] = {
        "lines": [],
        "stations": [{"id": sid, "label": f"{sid} " + "x" * (39 - len(sid))} for sid in ids],
    }
    network = parse_network(data)
    positions = {sid: (40.0 * k, 0.0) for k, sid in enumerate(ids)}
    return data, network, build_graph(network), positions


def test_labels_that_still_meet_others_look_further_out() -> None:
    data, network, graph, positions = _crowded_row()
    near = labels.place_labels(network, graph, positions, {}, {})
    further = labels.look_further(network, graph, positions, {}, {}, near)

    def overlaps(boxes: dict[str, tuple[float, float, float, float]]) -> int:
        return check_layout(data, _as_output(graph, positions, boxes, {})).label_overlaps

    assert overlaps(near) > 0
    assert overlaps(further) < overlaps(near)
    spacing = network.options.station_spacing
    reach = max(abs(y + h / 2) for _, y, _, h in further.values())
    assert spacing < reach <= (max(labels.FAR_GAPS) + 1) * spacing  # further, within two


def test_labels_clear_of_everything_are_kept_as_they_are() -> None:
    _, network, graph, positions, edge_points = _star()
    near = labels.place_labels(network, graph, positions, {}, edge_points)
    assert labels.look_further(network, graph, positions, {}, edge_points, near) is near


def test_a_search_from_given_places_never_ends_worse_than_them(monkeypatch: Any) -> None:
    """Labels placed again after a small change of the drawing start from where they were:
    the search ends no worse than that start, even where it would end worse on its own
    (here: a search without annealing, from a start the annealing found)."""
    data = generate_network(120, 10, seed=7)
    out = layout_as_written(data)
    network = parse_network(data)
    graph = build_graph(network)
    positions = {s["id"]: (s["x"], s["y"]) for s in out["stations"]}
    markers = {s["id"]: (s["marker"]["w"], s["marker"]["h"]) for s in out["stations"]}
    by_pair = {frozenset((e["from"], e["to"])): e["points"] for e in out["edges"]}
    edge_points = {
        id(e): [(float(x), float(y)) for x, y in by_pair[frozenset((e.a, e.b))]]
        for e in graph.edges
    }
    ids = [s.id for s in network.stations]
    problem = labels._build_problem(network, graph, ids, positions, markers, edge_points)

    def total(choice: Any) -> float:
        return labels._Search(problem, choice).total()

    start = labels._optimise(problem)
    monkeypatch.setattr(labels, "ANNEAL_STEPS", 0)
    assert total(labels._optimise(problem)) > total(start)  # alone it ends worse
    assert total(labels._optimise(problem, start)) <= total(start)
    # given as boxes, the start is found among the stations' places
    boxes = [(*problem.boxes[start[k], :2], 0.0, 0.0) for k in range(len(ids))]
    assert (labels._candidates_of(problem, boxes) == start).all()
