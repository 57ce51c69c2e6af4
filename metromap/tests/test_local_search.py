"""The local search after routing moves anchors only where the drawing gets better."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise
from typing import Any

import pytest

import metromap.engine as engine
import metromap.routing as routing
from benchmarks.generate import generate_network
from metromap.tests.support import check, load_sample


@pytest.mark.parametrize(
    "network",
    [load_sample("demo-sisa-suomi"), generate_network(70, 8, 5, planar=False)],
    ids=["demo", "generated"],
)
def test_local_search_never_makes_the_drawing_worse(
    monkeypatch: pytest.MonkeyPatch, network: dict[str, Any]
) -> None:
    real = engine.improve_placement
    runs: list[tuple[Any, Any, bool]] = []  # (cost before, cost after, whether anchors moved)

    def measured(drawing: Any, fixed: set[str], work: int) -> None:
        cost_before = drawing.cost(drawing.chain_list)
        blocks_before = {a: list(nodes) for a, nodes in drawing.grid.blocks.items()}
        real(drawing, fixed, work)
        moved = blocks_before != drawing.grid.blocks
        runs.append((cost_before, drawing.cost(drawing.chain_list), moved))

    monkeypatch.setattr(engine, "improve_placement", measured)
    result = check(network)

    assert result.valid, result.problems
    assert runs
    assert all(after <= before for before, after, _ in runs)
    # and it does improve drawings: some anchor moved, and the cost went down
    assert any(moved and after < before for before, after, moved in runs)


def test_sparse_components_start_more_compact_than_meshed_ones() -> None:
    tree_first, tree_inner = engine._hops(anchors=20, chain_count=19)
    mesh_first, mesh_inner = engine._hops(anchors=20, chain_count=45)
    assert tree_inner < mesh_inner
    assert tree_first <= mesh_first


def test_a_new_stop_on_a_long_edge_takes_a_node_of_it_and_moves_nothing() -> None:
    from metromap.engine import layout_network
    from metromap.model import parse_network

    data = load_sample("demo-sisa-suomi")
    first = layout_network(parse_network(data))
    spacing = data.get("options", {}).get("station_spacing", 40)

    def steps(points: list[list[float]]) -> float:
        return sum(max(abs(q[0] - p[0]), abs(q[1] - p[1])) for p, q in pairwise(points))

    long_edge = next(e for e in first["edges"] if steps(e["points"]) >= 2 * spacing)
    a, b = long_edge["from"], long_edge["to"]
    grown = dict(data, lines=[dict(line) for line in data["lines"]], previous_layout=first)
    for line in grown["lines"]:
        stops = list(line["stations"])
        for i in range(len(stops) - 1):
            if {stops[i], stops[i + 1]} == {a, b}:
                stops.insert(i + 1, "fresh")
                break
        line["stations"] = stops
    grown["stations"] = [*data["stations"], {"id": "fresh", "label": "Uusi palvelu"}]
    second = layout_network(parse_network(grown))

    before = {s["id"]: (s["x"], s["y"]) for s in first["stations"]}
    after = {s["id"]: (s["x"], s["y"]) for s in second["stations"]}
    assert all(after[sid] == xy for sid, xy in before.items())
    assert check(grown).valid


def _reuse_with_a_new_stop(b_at: int, c_at: int) -> tuple[Any, list[int]]:
    """Stops a - b - c on a row (a at 0) before; now a new stop sits between b and c.
    Returns what `previous_route` makes of the old routes."""
    from metromap.graph import Chain, Edge
    from metromap.route import Grid

    grid = Grid()
    grid.add_station("a", [(0, 0)])
    grid.add_station("c", [(c_at, 0)])
    previous_edges = {
        ("a", "b"): [(x, 0) for x in range(b_at + 1)],
        ("b", "c"): [(x, 0) for x in range(b_at, c_at + 1)],
    }
    previous = {"a": (0.0, 0.0), "b": (float(b_at), 0.0), "c": (float(c_at), 0.0)}
    stops = ["a", "b", "new", "c"]
    chain = Chain(0, stops, [Edge(p, q, ["L"]) for p, q in pairwise(stops)])
    reused = routing.previous_route(grid, chain, previous_edges, previous)
    assert reused is not None
    return reused


def test_the_previous_route_takes_a_new_stop_on_an_old_edge() -> None:
    route, picks = _reuse_with_a_new_stop(b_at=3, c_at=6)

    assert route.nodes == [(0, 0), (1, 0), (2, 0), (3, 0), (4, 0), (5, 0), (6, 0)]
    assert [route.nodes[i] for i in picks] in ([(3, 0), (4, 0)], [(3, 0), (5, 0)])


def test_a_new_stop_on_a_one_step_edge_steps_aside() -> None:
    route, picks = _reuse_with_a_new_stop(b_at=1, c_at=2)

    b_node, new_node = (route.nodes[i] for i in picks)
    assert b_node == (1, 0)  # the old stop stays
    assert max(abs(new_node[0] - 1), abs(new_node[1])) == 1  # the new one beside it
    assert max(abs(new_node[0] - 2), abs(new_node[1])) == 1  # and next to the end


def test_a_move_that_failed_is_not_tried_again_while_its_chains_run_as_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import metromap.improve as improve

    real = improve.Drawing.move
    tried: list[tuple[Any, ...]] = []

    def recorded(self: Any, anchor: str, origin: Any, chains_here: Any, hopeless: Any) -> Any:
        routes = tuple(tuple(self.grid.routes[chain.id].nodes) for chain in chains_here)
        tried.append((anchor, origin, routes, self.cost(chains_here)))
        return real(self, anchor, origin, chains_here, hopeless)

    monkeypatch.setattr(improve.Drawing, "move", recorded)
    monkeypatch.setattr(engine, "_in_parallel", _in_this_process)
    assert check(load_sample("demo-sisa-suomi")).valid
    assert len(tried) > 100  # the search did run
    assert len(set(tried)) == len(tried)


def _in_this_process(job: Any, groups: list[Any]) -> list[Any]:
    """The engine's turns drawn one after the other here (a forked process's calls are lost)."""
    return [engine._draw_turns(job, turns, g) for g, turns in enumerate(groups)]


def test_two_anchors_trade_places_where_that_removes_a_crossing() -> None:
    from metromap.graph import build_graph, chains, components
    from metromap.improve import Drawing, _swap_crossings
    from metromap.model import parse_network
    from metromap.route import Grid, Route

    network = parse_network(
        {
            "stations": [{"id": sid, "label": sid} for sid in "PQRS"],
            "lines": [
                {"id": "L1", "name": "", "color": "#000", "stations": ["P", "S"]},
                {"id": "L2", "name": "", "color": "#000", "stations": ["Q", "R"]},
            ],
        }
    )
    graph = build_graph(network)
    # one chain in each of two components: numbered apart, as if in one
    found = [chain for comp in components(graph) for chain in chains(graph, comp)[1]]
    chain_list = [replace(chain, id=k) for k, chain in enumerate(found)]
    grid = Grid()
    places = {"P": (0, 0), "Q": (4, 0), "R": (0, 4), "S": (4, 4)}
    for sid, node in places.items():
        grid.add_station(sid, [node])
        grid.pending[sid] = 0
    grid.set_bounds(4)
    # drawn as an X: the two diagonals cross at (2, 2)
    for chain in chain_list:
        a, b = places[chain.start], places[chain.end]
        step = ((b[0] - a[0]) // 4, (b[1] - a[1]) // 4)
        nodes = [(a[0] + k * step[0], a[1] + k * step[1]) for k in range(5)]
        grid.commit(Route(chain_id=chain.id, nodes=nodes, need=0))
    shapes = dict.fromkeys(places, (1, 1))
    drawing = Drawing(graph, grid, chain_list, {c.id: [] for c in chain_list}, shapes, {})
    assert drawing.cost(chain_list)[0] > 0

    _swap_crossings(drawing)

    assert drawing.cost(chain_list)[0] == 0
    moved = {sid for sid, node in places.items() if grid.blocks[sid] != [node]}
    assert len(moved) == 2  # two anchors traded places, the others stayed
    a, b = sorted(moved)
    assert grid.blocks[a] == [places[b]] and grid.blocks[b] == [places[a]]
