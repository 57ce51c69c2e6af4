"""Seeded generator of expert-network-like inputs for the layout engine.

Expert networks look like this: a handful to a few dozen lines (themes of
consultation), each a path of 2–40 services; many lines share runs of
consecutive stations, in either direction; a few hub services (the
"Perheneuvola" of a region) are passed by many lines, giving degrees of
12–18; a few stations sit on no line yet. `planar=True` gives small
tree-shaped networks with maximum degree ≤ 8, like real transit networks.

Importable (`generate_network`, `with_extra_stop`; the tests use both) and
runnable: `python benchmarks/generate.py --stations 250 --lines 20 --seed 3`.
"""

from __future__ import annotations

import argparse
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
    parser.add_argument("--planar", action="store_true", help="tree-shaped, max degree 8")
    args = parser.parse_args(argv)
    data = generate_network(args.stations, args.lines, args.seed, planar=args.planar)
    json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
