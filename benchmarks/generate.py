"""Seeded generator of expert-network-like inputs for the layout engine.

Expert networks look like this: a handful to a few dozen lines (themes of
consultation), each a path of 2–40 services; many lines share runs of
consecutive stations, in either direction; a few hub services (the
"Perheneuvola" of a region) are passed by many lines, giving degrees of
12–18; a few stations sit on no line yet. `planar=True` gives small
tree-shaped networks with maximum degree ≤ 8. `generate_transit_network`
gives planar networks with cycles, as real transit networks are: lines are
shortest paths in a planar neighbourhood graph of scattered points;
`generate_grid_network` the same in a grid with diagonals (degree ≤ 8).

Importable (`generate_network`, `with_extra_stop`; the tests use both) and
runnable: `python benchmarks/generate.py --stations 250 --lines 20 --seed 3`.
"""

from __future__ import annotations

import argparse
import heapq
import itertools
import json
import random
import sys
from collections import defaultdict
from typing import Any

PALETTE = (
    "#c2185b", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#ad1457", "#4e342e",
    "#283593", "#558b2f", "#d84315", "#00695c", "#5d4037", "#7b1fa2", "#0277bd", "#9e9d24",
    "#37474f", "#c62828", "#4527a0", "#00897b",
)  # fmt: skip
SERVICES = (
    "Perheneuvola", "Lastenvalvoja", "Käräjäoikeus", "Turvakoti", "Lastensuojelu",
    "Nuorisopsykiatria", "Lastenpsykiatria", "Poliisi", "Koulukuraattori", "Neuvola",
    "Sosiaalipäivystys", "Päihdepalvelut", "Vammaispalvelut", "Järjestö", "Nuorisotyö",
    "Ammattikorkeakoulu", "Maahanmuuttopalvelut", "Kasvatus- ja perheneuvonta",
    "Perheoikeudelliset palvelut", "Sijaishuolto", "Jälkihuolto", "Lapsiasiavaltuutettu",
    "Åbo Akademi", "Sairaalakoulu", "Terapiapalvelut",
)  # fmt: skip
MAX_PLANAR_DEGREE = 8


def _label(rng: random.Random) -> str:
    return f"{rng.choice(SERVICES)} {rng.choice('ABCDEFGHJKLMNPRSTUV')}{rng.randint(10, 99)}"


def _split(rng: random.Random, total: int, parts: int, minimum: int) -> list[int]:
    """`total` split into `parts` random sizes of at least `minimum` each."""
    sizes = [minimum] * parts
    for _ in range(max(0, total - minimum * parts)):
        sizes[rng.randrange(parts)] += 1
    return sizes


def _shared_run(
    rng: random.Random, lines: list[list[str]], exclude: set[str], longest: int
) -> list[str]:
    """A run of consecutive stops of an existing line, maybe reversed, avoiding `exclude`."""
    candidates = [path for path in lines if len(path) >= 2]
    if not candidates:
        return []
    path = rng.choice(candidates)
    length = rng.randint(2, min(longest, len(path)))
    start = rng.randint(0, len(path) - length)
    run = path[start : start + length]
    if any(s in exclude for s in run):
        return []
    return run[::-1] if rng.random() < 0.5 else run


def _expert_lines(
    rng: random.Random, fresh: list[str], n_hubs: int, n_lines: int
) -> list[list[str]]:
    """Non-planar lines: fresh stops mixed with hub visits, shared runs and single shared stops.

    Sharing is heavy on purpose: in the sample networks a station is on about
    two lines on average, and lines cross and rejoin each other often.
    """
    visits = dict.fromkeys(fresh[:n_hubs], 0)  # hub -> lines through it so far
    sizes = _split(rng, len(fresh) - n_hubs, n_lines, 2)
    supply = iter(fresh[n_hubs:])
    lines: list[list[str]] = []
    for size in sizes:
        own_stops = [next(supply) for _ in range(size)]
        events = (
            ["hub"] * rng.randint(1, min(3, max(1, n_hubs)))
            + ["run"] * rng.randint(0, 1 + size // 5)
            + ["stop"] * rng.randint(0, 1 + size // 8)
        )
        rng.shuffle(events)
        chunk_sizes = _split(rng, len(own_stops), len(events) + 1, 0)
        path: list[str] = []
        pos = 0
        for i, chunk in enumerate(chunk_sizes):
            path.extend(own_stops[pos : pos + chunk])
            pos += chunk
            if i == len(events):
                break
            used = set(path)
            if events[i] == "hub":
                # The least-used free hub keeps hub degrees in the 12-18 band.
                free = sorted((n, rng.random(), h) for h, n in visits.items() if h not in used)
                if free:
                    hub = free[0][2]
                    visits[hub] += 1
                    path.append(hub)
            elif events[i] == "run":
                path.extend(_shared_run(rng, lines, used, longest=5))
            else:
                others = [s for line in lines for s in line if s not in used]
                if others:
                    path.append(rng.choice(others))
        if len(path) < 2:
            path = own_stops[:2]
        lines.append(path)
    return lines


def _planar_lines(rng: random.Random, fresh: list[str], n_lines: int) -> list[list[str]]:
    """Tree-shaped lines: each line joins the network once (one shared stop or shared run).

    A union of paths that meets the rest only along one connected run stays a
    tree, hence planar; the degree cap keeps it like a transit network.
    """
    sizes = _split(rng, len(fresh), n_lines, 2)
    supply = iter(fresh)
    degree: dict[str, set[str]] = defaultdict(set)
    lines: list[list[str]] = []

    def room(station: str, extra: int) -> bool:
        return len(degree[station]) + extra <= MAX_PLANAR_DEGREE

    for size in sizes:
        own = [next(supply) for _ in range(size)]
        join: list[str] = []
        if lines:
            if rng.random() < 0.5:
                join = list(_shared_run(rng, lines, set(), longest=4))
            if not join or not (room(join[0], 1) and room(join[-1], 1)):
                hosts = [s for path in lines for s in path if room(s, 2)]
                join = [rng.choice(hosts)] if hosts else []
        cut = rng.randint(1, len(own) - 1) if join else len(own)
        path = own[:cut] + join + own[cut:]
        for a, b in itertools.pairwise(path):
            degree[a].add(b)
            degree[b].add(a)
        lines.append(path)
    return lines


def generate_network(
    n_stations: int, n_lines: int, seed: int, *, planar: bool = False, lone: int | None = None
) -> dict[str, Any]:
    """An input network (docs/metromap-format.md) with about `n_stations` stations.

    `lone` stations stay on no line (default: about 1 in 100).
    """
    if n_lines < 1 or n_stations < 2 * n_lines:
        raise ValueError("need at least one line and two stations per line")
    rng = random.Random(seed)
    ids = [f"s{i}" for i in range(1, n_stations + 1)]
    n_lone = lone if lone is not None else rng.randint(0, max(1, n_stations // 100))
    # About two hub visits per line and seven lines per hub: hub degree ~12-18.
    n_hubs = 0 if planar else max(1, round(n_lines * 2 / 7))
    n_lone = min(n_lone, n_stations - 2 * n_lines - n_hubs)
    on_lines = ids[: n_stations - n_lone]
    if planar:
        paths = _planar_lines(rng, on_lines, n_lines)
    else:
        paths = _expert_lines(rng, on_lines, n_hubs, n_lines)
    return {
        "lines": [
            {
                "id": f"L{i}",
                "name": f"Linja {i}",
                "color": PALETTE[(i - 1) % len(PALETTE)],
                "stations": path,
            }
            for i, path in enumerate(paths, start=1)
        ],
        "stations": [{"id": sid, "label": _label(rng)} for sid in ids],
        "options": {"station_spacing": 40, "font_size": 12, "line_width": 6},
    }


def generate_transit_network(n_stations: int, n_lines: int, seed: int) -> dict[str, Any]:
    """A planar network with cycles and maximum degree ≤ 6, of about `n_stations` stations.

    Points are scattered over a jittered square grid; their relative neighbourhood graph (an
    edge joins two points when no third point is nearer to both) is planar with degree ≤ 6.
    Each line is a shortest path, under random edge weights, between two points far apart;
    the lines are subgraphs of one planar graph, so their union is planar. Stations no line
    reaches are left out.
    """
    if n_lines < 1 or n_stations < 4:
        raise ValueError("need at least one line and four stations")
    rng = random.Random(seed)
    side = max(2, round((n_stations * 1.2) ** 0.5))  # lines reach most but not all points
    points = [
        (x + rng.uniform(-0.35, 0.35), y + rng.uniform(-0.35, 0.35))
        for x in range(side)
        for y in range(side)
    ]
    adjacency = _neighbourhood_graph(points)
    weights = {
        (a, b): _dist(points[a], points[b]) * rng.uniform(1.0, 1.6)
        for a in range(len(points))
        for b in adjacency[a]
    }
    paths: list[list[int]] = []
    for _ in range(n_lines):
        for _attempt in range(20):
            a, b = rng.randrange(len(points)), rng.randrange(len(points))
            if _dist(points[a], points[b]) >= side * 0.6:
                break
        path = _shortest_path(adjacency, weights, a, b)
        if len(path) >= 2:
            paths.append(path)
    return _network_of_paths(paths, rng)


def generate_grid_network(n_stations: int, n_lines: int, seed: int) -> dict[str, Any]:
    """A planar network with many cycles and maximum degree ≤ 8, of about `n_stations`
    stations: a square grid that has lost a fifth of its edges and gained a diagonal in a
    third of its cells (at most one per cell, so nothing crosses), with lines as shortest
    paths under random edge weights between two nodes far apart (as a city's bus lines
    follow its streets). Stations no line reaches are left out."""
    if n_lines < 1 or n_stations < 4:
        raise ValueError("need at least one line and four stations")
    rng = random.Random(seed)
    side = max(2, round((n_stations * 1.6) ** 0.5))
    node = {(x, y): x * side + y for x in range(side) for y in range(side)}
    adjacency: list[list[int]] = [[] for _ in node]
    weights: dict[tuple[int, int], float] = {}

    def join(p: tuple[int, int], q: tuple[int, int]) -> None:
        a, b = node[p], node[q]
        adjacency[a].append(b)
        adjacency[b].append(a)
        weights[(a, b)] = weights[(b, a)] = _dist(p, q) * rng.uniform(1.0, 3.0)

    for x, y in node:
        for q in ((x + 1, y), (x, y + 1)):
            if q in node and rng.random() >= 0.2:
                join((x, y), q)
        if (x + 1, y + 1) in node and rng.random() < 0.3:
            if rng.random() < 0.5:
                join((x, y), (x + 1, y + 1))
            else:
                join((x + 1, y), (x, y + 1))
    paths: list[list[int]] = []
    while len(paths) < n_lines:
        a, b = rng.randrange(len(node)), rng.randrange(len(node))
        if abs(a // side - b // side) + abs(a % side - b % side) < side * 0.5:
            continue
        path = _shortest_path(adjacency, weights, a, b)
        if len(path) >= 2:
            paths.append(path)
    return _network_of_paths(paths, rng)


def _network_of_paths(paths: list[list[int]], rng: random.Random) -> dict[str, Any]:
    """An input network whose lines follow the given paths of graph nodes."""
    used = sorted({v for path in paths for v in path})
    ids = {v: f"t{i}" for i, v in enumerate(used, start=1)}
    return {
        "lines": [
            {
                "id": f"L{i}",
                "name": f"Linja {i}",
                "color": PALETTE[(i - 1) % len(PALETTE)],
                "stations": [ids[v] for v in path],
            }
            for i, path in enumerate(paths, start=1)
        ],
        "stations": [{"id": ids[v], "label": _label(rng)} for v in used],
        "options": {"station_spacing": 40, "font_size": 12, "line_width": 6},
    }


def _dist(p: tuple[float, float], q: tuple[float, float]) -> float:
    return ((p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2) ** 0.5


def _neighbourhood_graph(points: list[tuple[float, float]]) -> list[list[int]]:
    """The relative neighbourhood graph of points on a jittered unit grid (near pairs only)."""
    cells: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, (x, y) in enumerate(points):
        cells[(round(x), round(y))].append(i)

    def near(i: int, reach: int) -> list[int]:
        cx, cy = round(points[i][0]), round(points[i][1])
        return [
            j
            for dx in range(-reach, reach + 1)
            for dy in range(-reach, reach + 1)
            for j in cells.get((cx + dx, cy + dy), ())
            if j != i
        ]

    adjacency: list[list[int]] = [[] for _ in points]
    for i in range(len(points)):
        for j in near(i, 2):
            if j < i:
                continue
            d = _dist(points[i], points[j])
            if d > 2.0:
                continue
            lune_empty = all(
                max(_dist(points[k], points[i]), _dist(points[k], points[j])) >= d
                for k in near(i, 3)
                if k != j
            )
            if lune_empty:
                adjacency[i].append(j)
                adjacency[j].append(i)
    return adjacency


def _shortest_path(
    adjacency: list[list[int]], weights: dict[tuple[int, int], float], start: int, goal: int
) -> list[int]:
    best = {start: 0.0}
    parent: dict[int, int] = {}
    heap = [(0.0, start)]
    while heap:
        d, v = heapq.heappop(heap)
        if v == goal:
            break
        if d > best[v]:
            continue
        for w in adjacency[v]:
            nd = d + weights[(v, w)]
            if nd < best.get(w, float("inf")):
                best[w] = nd
                parent[w] = v
                heapq.heappush(heap, (nd, w))
    if goal not in best:
        return [start]
    path = [goal]
    while path[-1] != start:
        path.append(parent[path[-1]])
    return path[::-1]


def with_extra_stop(
    network: dict[str, Any], previous_layout: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The network with one new station inserted mid-way into its longest line.

    This is the everyday edit of an expert network (a new service joins a
    theme); the stability target measures how much of the map it moves.
    """
    taken = {s["id"] for s in network["stations"]}
    new_id = next(f"new{i}" for i in range(len(taken) + 1) if f"new{i}" not in taken)
    lines = [dict(line, stations=list(line["stations"])) for line in network["lines"]]
    longest = max(lines, key=lambda line: len(line["stations"]))
    middle = len(longest["stations"]) // 2
    longest["stations"].insert(middle, new_id)
    return {
        **network,
        "lines": lines,
        "stations": [*network["stations"], {"id": new_id, "label": "Uusi palvelu"}],
        "previous_layout": previous_layout,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stations", type=int, default=100)
    parser.add_argument("--lines", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    kind = parser.add_mutually_exclusive_group()
    kind.add_argument("--planar", action="store_true", help="tree-shaped, max degree 8")
    kind.add_argument("--transit", action="store_true", help="planar with cycles, degree 6")
    kind.add_argument("--grid", action="store_true", help="grid with diagonals, degree 8")
    args = parser.parse_args(argv)
    if args.transit:
        data = generate_transit_network(args.stations, args.lines, args.seed)
    elif args.grid:
        data = generate_grid_network(args.stations, args.lines, args.seed)
    else:
        data = generate_network(args.stations, args.lines, args.seed, planar=args.planar)
    json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
