"""Line order inside bundles: a pair of lines never swaps sides inside a shared run."""

from __future__ import annotations

from metromap.graph import build_graph
from metromap.model import parse_network
from metromap.order import order_lines

# A run s1-s2-s3-s4 from west to east (y grows downwards). Line A joins it from the
# north-west and leaves to the south-east, line B the other way round: the two ends of the
# run disagree about which line runs on the left, so the lines must cross, and should do
# so where they part, not at s2 or s3. Line C is listed first and runs s3 -> s2, so that
# edge is stored pointing west while its neighbours point east.
PLACES = {
    "s1": (0, 0),
    "s2": (1, 0),
    "s3": (2, 0),
    "s4": (3, 0),
    "a0": (-1, -1),
    "b0": (-1, 1),
    "a5": (4, 1),
    "b5": (4, -1),
}
LINES = {
    "C": ["s3", "s2"],
    "A": ["a0", "s1", "s2", "s3", "s4", "a5"],
    "B": ["b0", "s1", "s2", "s3", "s4", "b5"],
}


def orders_walking_east(lines: dict[str, list[str]]) -> dict[tuple[str, str], list[str]]:
    raw = {
        "stations": [{"id": sid, "label": sid} for sid in PLACES],
        "lines": [{"id": lid, "stations": stops} for lid, stops in lines.items()],
    }
    network = parse_network(raw)
    graph = build_graph(network)
    points = {id(e): [PLACES[e.a], PLACES[e.b]] for e in graph.edges}
    orders = order_lines(network, graph, points)
    seen: dict[tuple[str, str], list[str]] = {}
    for edge in graph.edges:
        order = orders[id(edge)]
        if PLACES[edge.a][0] > PLACES[edge.b][0]:  # stored pointing west
            order = order[::-1]
        west, east = sorted((edge.a, edge.b), key=lambda s: PLACES[s][0])
        seen[(west, east)] = order
    return seen


def relative(order: list[str]) -> bool:
    return order.index("A") < order.index("B")


def test_a_pair_keeps_its_sides_along_a_run_whose_edges_point_both_ways() -> None:
    seen = orders_walking_east(LINES)
    run = [seen[("s1", "s2")], seen[("s2", "s3")], seen[("s3", "s4")]]
    assert len({relative(order) for order in run}) == 1


def test_three_lines_sharing_parts_of_a_run_keep_their_sides() -> None:
    lines = {**LINES, "D": ["b0", "s1", "s2", "s3"], "E": ["s2", "s3", "s4", "a5"]}
    seen = orders_walking_east(lines)
    run = [seen[("s1", "s2")], seen[("s2", "s3")], seen[("s3", "s4")]]
    for a, b in [("A", "B"), ("A", "D"), ("B", "D"), ("A", "E"), ("B", "E")]:
        sides = {order.index(a) < order.index(b) for order in run if a in order and b in order}
        assert len(sides) == 1, (a, b, run)


def test_lines_that_each_end_inside_the_others_run_keep_their_sides() -> None:
    # A runs x-s1-...-s7 and ends there, B starts at s1 and runs on to y: neither end of the
    # shared run decides, and line C makes its second half point west (a swap in the middle
    # of a run cannot be moved away edge by edge)
    stops = [f"s{i}" for i in range(1, 8)]
    places = {"x": (-1, 0), **{sid: (i, 0) for i, sid in enumerate(stops)}, "y": (7, 0)}
    raw = {
        "stations": [{"id": sid, "label": sid} for sid in places],
        "lines": [
            {"id": "C", "stations": ["s7", "s6", "s5", "s4"]},
            {"id": "A", "stations": ["x", *stops]},
            {"id": "B", "stations": [*stops, "y"]},
        ],
    }
    network = parse_network(raw)
    graph = build_graph(network)
    points = {id(e): [places[e.a], places[e.b]] for e in graph.edges}
    orders = order_lines(network, graph, points)
    east: set[bool] = set()
    for edge in graph.edges:
        if "A" in edge.lines and "B" in edge.lines:
            order = orders[id(edge)]
            if places[edge.a][0] > places[edge.b][0]:
                order = order[::-1]
            east.add(order.index("A") < order.index("B"))
    assert len(east) == 1
