"""The router's A* search: its estimate of the cost still to go never changes the answer."""

from __future__ import annotations

import random

import pytest

from metromap import route as route_module
from metromap.route import DIRS, Grid, _Search


def crowded_grid(rng: random.Random) -> tuple[Grid, list[str]]:
    """Stations (some of them bars) at random places, and some routes already drawn."""
    grid = Grid()
    taken: set[tuple[int, int]] = set()
    names: list[str] = []
    while len(names) < 8:
        w, h = rng.choice([(1, 1), (1, 1), (2, 1), (1, 3)])
        x, y = rng.randint(0, 14), rng.randint(0, 14)
        nodes = [(x + i, y + j) for i in range(w) for j in range(h)]
        near = {(a + dx, b + dy) for a, b in nodes for dx in (-1, 0, 1) for dy in (-1, 0, 1)}
        if near & taken:
            continue
        taken |= set(nodes)
        name = f"s{len(names)}"
        grid.add_station(name, nodes)
        names.append(name)
    grid.set_bounds(2)
    for k in range(rng.randint(0, 4)):
        a, b = rng.sample(names, 2)
        found = grid.find_route(k, a, b, rng.randint(0, 2), [], [], strict=False)
        if found is not None and not found.meets_itself:
            grid.commit(found)
    return grid, names


def cheapest(grid: Grid, start: str, end: str, need: int, ports: list, overlap: bool) -> float:
    search = _Search(grid, start, end, need, False, overlap, None, frozenset())
    search.set_ports(ports[0], ports[1])
    if overlap:
        search.relax_distances()
    search.run(need, 1 << 40)
    return search.cost


@pytest.mark.parametrize("seed", range(40))
def test_the_estimate_of_turns_and_diagonals_keeps_the_cheapest_route(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(seed)
    grid, names = crowded_grid(rng)
    start, end = rng.sample(names, 2)
    need = rng.randint(0, 3)
    ports = [
        [(rng.randrange(len(DIRS)), rng.choice([1.0, 2.0])) for _ in range(rng.randint(0, 2))]
        for _ in range(2)
    ]
    overlap = rng.random() < 0.3
    sharp = cheapest(grid, start, end, need, ports, overlap)
    # the plain estimate: straight distance only, no turn still to come
    monkeypatch.setattr(route_module, "DIAG_EXTRA", 0.0)
    monkeypatch.setattr(route_module, "MIN_TURN", 0.0)
    monkeypatch.setattr(route_module, "RIGHT_TURN", 0.0)
    plain = cheapest(grid, start, end, need, ports, overlap)
    assert sharp == pytest.approx(plain)


def test_a_route_that_may_not_cross_goes_round() -> None:
    # a long wall between a and b: crossing it is cheaper than the way round
    grid = Grid()
    for name, node in {"a": (0, 0), "b": (6, 0), "c": (3, -12), "d": (3, 12)}.items():
        grid.add_station(name, [node])
    grid.set_bounds(3)
    wall = grid.find_route(0, "c", "d", 0, [], [])
    assert wall is not None
    grid.commit(wall)

    def crossings(cross: bool) -> int:
        found = grid.find_route(1, "a", "b", 0, [], [], strict=False, window=None, cross=cross)
        assert found is not None
        grid.commit(found)
        count = grid.crossings_of(found)
        grid.remove(1)
        return count

    assert crossings(cross=True) == 1
    assert crossings(cross=False) == 0
