"""When the grid gets too crowded to route a chain, the engine makes room instead of failing."""

from __future__ import annotations

from typing import Any

import pytest

import metromap.engine as engine
import metromap.routing as routing
from metromap.tests.support import check, load_sample


def test_it_spreads_the_stations_when_a_chain_finds_no_route(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_route_all = engine.route_all
    spreads_seen: list[float] = []

    def stuck_at_first(graph: Any, grid: Any, *args: Any) -> Any:
        xs = [x for x, _ in grid.station_at]
        spreads_seen.append(max(xs) - min(xs))
        if len(spreads_seen) == 1:
            raise engine.RoutingStuck(0)
        return real_route_all(graph, grid, *args)

    monkeypatch.setattr(engine, "_turns", lambda stations, crowded: (0.0,))
    monkeypatch.setattr(engine, "route_all", stuck_at_first)
    # the spread-out drawing may be large enough to be drawn again tighter: not here
    monkeypatch.setattr(engine, "AREA_LIMIT", float("inf"))

    result = check(load_sample("synthetic-small"))

    assert result.valid, result.problems
    assert len(spreads_seen) == 2
    assert spreads_seen[1] > spreads_seen[0]  # the second try had the stations further apart


def test_it_takes_routes_off_an_anchor_they_wall_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """A chain that finds no route in the bounded searches gets room: the routes that pass
    its anchors are taken off and routed again after it."""
    real_find = routing.Grid.find_route
    real_walling = routing.walling
    blocked: list[int] = []  # the chain that pretends to be walled in
    taken_off: list[int] = []

    def no_room_until_made(self: Any, chain_id: int, *args: Any, **kwargs: Any) -> Any:
        if not blocked and len(self.routes) >= 10:
            blocked.append(chain_id)
        bounded = kwargs.get("window", routing.WINDOW) is not None
        if blocked == [chain_id] and not taken_off and bounded:
            return None
        return real_find(self, chain_id, *args, **kwargs)

    def walling(grid: Any, chain: Any) -> list[int]:
        victims = real_walling(grid, chain)
        taken_off.extend(victims)
        return victims

    monkeypatch.setattr(routing.Grid, "find_route", no_room_until_made)
    monkeypatch.setattr(routing, "walling", walling)

    result = check(load_sample("demo-sisa-suomi"))

    assert result.valid, result.problems
    assert taken_off, "no route was taken off to make room"


def test_rerouting_crossing_pairs_crosses_less_and_leaves_the_grid_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # routed one by one, the first of two chains can take the way the other needed; both
    # routed again the other way round cross less, or the old routes come back as they were
    real = routing.Rerouting.crossing_pairs
    calls: list[tuple[int, int]] = []

    def watched(rerouting: Any, chain_list: Any, work: int) -> None:
        grid, picks = rerouting.grid, rerouting.picks
        before = routing.score(grid, chain_list)
        real(rerouting, chain_list, work)
        after = routing.score(grid, chain_list)
        assert after <= before
        calls.append((before[0], after[0]))
        for chain in chain_list:  # every route is on the grid with its stations on it
            route = grid.routes[chain.id]
            for node in route.nodes[1:-1]:
                assert chain.id in {entry[0] for entry in grid.occ[node]}
            assert [grid.station_at[route.nodes[i]] for i in picks[chain.id]] == chain.inner
        assert len(grid.station_at) == sum(len(b) for b in grid.blocks.values()) + sum(
            len(c.inner) for c in chain_list
        )

    monkeypatch.setattr(routing.Rerouting, "crossing_pairs", watched)
    for name in ("demo-sisa-suomi", "synthetic-small"):
        assert check(load_sample(name)).valid
    assert calls
    assert any(after < before for before, after in calls)
