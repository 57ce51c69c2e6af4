"""Orchestration of a layout: components, placement, routing, line order, labels, output."""

from __future__ import annotations

import math
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import numpy as np

from metromap.graph import Chain, Edge, Graph, build_graph, chains, components
from metromap.labels import place_labels
from metromap.model import Network
from metromap.order import order_lines
from metromap.place import (
    anchor_distances,
    best_rotation,
    block_nodes,
    block_shape,
    procrustes,
    snap,
    stress_layout,
    untangle,
)
from metromap.room import Slide, make_room
from metromap.route import TURN, WINDOW, Grid, GridPos, Route, diag_key, direction

# Grid cells between consecutive stations in the initial layout: (first hop from an anchor,
# each further hop along a chain), for a tree-like and for a densely meshed component. Dense
# networks need room for routes to pass each other; sparse ones would only sprawl.
SPARSE_HOPS = (2.0, 1.0)
DENSE_HOPS = (3.0, 3.0)
# A hub needs room around it for all its edges: each edge it has beyond HUB_DEGREE adds
# HUB_ROOM cells to the length of every chain that ends there.
HUB_DEGREE, HUB_ROOM = 4, 0.3
SPARSE_MESH, DENSE_MESH = 1.0, 1.75  # chains per anchor of a tree and of a dense network
MARGIN = 4  # free grid cells around a component in which routes may run
MARKER_THICKNESS = 0.3  # of a bar station, in grid cells
REROUTE_PASSES = 2
RIP_UP_LIMIT = 2  # times one chain may be taken off to make room for another
ROUTE_ATTEMPTS = 12  # searches for one chain before the component is spread out
SELF_MEETING = 6  # attempts after which a route may run over itself, rather than get stuck
AREA_GOAL = 10.0  # bounding-box cells a station that a placement should not exceed
MIN_SHRINK = 0.6  # the most a placement is shrunk to reach that
SPREADS = (1.0, 1.5, 2.5, 4.0)  # scales of the placement tried in turn when routing gets stuck
OVERLAP_WINDOW = 3 * WINDOW  # grid cells around its ends a search that may overlap uses
SEARCH_BUDGET = 6000  # states a search may expand before a more permissive one takes over
PORT_NODE = 3.0  # cost, in grid cells, of putting a station next to another
# components of up to this many stations are drawn several times, keeping the best drawing
MULTI_START_SMALL = 60
MULTI_START_MEDIUM = 100
TURNS_SMALL = (0.0, 10.0, 20.0, 30.0)  # degrees the placement is turned by, one drawing each
TURNS_MEDIUM = (0.0, 20.0)
MULTI_START_WORK = 200_000  # search work after which no further turned drawing is tried


@dataclass
class ComponentLayout:
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    markers: dict[str, tuple[float, float]] = field(default_factory=dict)
    edge_points: dict[int, list[tuple[float, float]]] = field(default_factory=dict)
    slides: list[Slide] = field(default_factory=list)  # chains whose stations may slide

    def bbox(self) -> tuple[float, float, float, float]:
        xs = [p[0] for p in self.positions.values()]
        ys = [p[1] for p in self.positions.values()]
        for pts in self.edge_points.values():
            xs.extend(p[0] for p in pts)
            ys.extend(p[1] for p in pts)
        return min(xs), min(ys), max(xs), max(ys)

    def shift(self, dx: float, dy: float) -> None:
        self.positions = {k: (x + dx, y + dy) for k, (x, y) in self.positions.items()}
        self.edge_points = {
            k: [(x + dx, y + dy) for x, y in pts] for k, pts in self.edge_points.items()
        }
        for slide in self.slides:
            slide.shift(dx, dy)


def layout_network(network: Network) -> dict[str, Any]:
    started = time.perf_counter()
    spacing = network.options.station_spacing
    graph = build_graph(network)
    previous = _previous_positions(network, spacing)
    previous_edges = _previous_edges(network, spacing)

    placed: list[tuple[ComponentLayout, bool]] = []
    work = _search_work(len(network.stations))
    for comp in components(graph):
        share = work * len(comp) // max(len(network.stations), 1)
        layout = _layout_component(graph, comp, previous, previous_edges, share)
        placed.append((layout, any(s in previous for s in comp)))
    _pack(placed, fresh=not previous)

    merged = ComponentLayout()
    for layout, _ in placed:
        merged.positions.update(layout.positions)
        merged.markers.update(layout.markers)
        merged.edge_points.update(layout.edge_points)
        merged.slides.extend(layout.slides)

    # from grid cells to output units
    positions = {k: (x * spacing, y * spacing) for k, (x, y) in merged.positions.items()}
    markers = {k: (w * spacing, h * spacing) for k, (w, h) in merged.markers.items()}
    edge_points = {
        k: [(x * spacing, y * spacing) for x, y in _simplify(pts)]
        for k, pts in merged.edge_points.items()
    }
    labels = place_labels(network, graph, positions, markers, edge_points)
    # inner stations whose labels still overlap something slide along their routes
    make_room(network, graph, positions, markers, edge_points, labels, merged.slides)
    orders = order_lines(network, graph, edge_points)

    stations_out = []
    for station in network.stations:
        x, y = positions[station.id]
        mw, mh = markers.get(station.id, (0.0, 0.0))
        lx, ly, lw, lh = labels[station.id]
        stations_out.append(
            {
                "id": station.id,
                "x": _num(x),
                "y": _num(y),
                "marker": {"w": _num(mw), "h": _num(mh)},
                "label": {"x": _num(lx), "y": _num(ly), "w": _num(lw), "h": _num(lh)},
            }
        )
    edges_out = [
        {
            "from": edge.a,
            "to": edge.b,
            "lines": orders[id(edge)],
            "points": [[_num(x), _num(y)] for x, y in edge_points[id(edge)]],
        }
        for edge in graph.edges
    ]
    return {
        "stations": stations_out,
        "edges": edges_out,
        "metrics": {"runtime_s": round(time.perf_counter() - started, 3)},
    }


def _num(v: float) -> float:
    """Round for stable output; adding 0.0 turns -0.0 into 0.0."""
    return round(v, 2) + 0.0


def _previous_positions(network: Network, spacing: float) -> dict[str, tuple[float, float]]:
    prev = network.previous_layout
    if not prev:
        return {}
    known = {s.id for s in network.stations}
    return {
        s["id"]: (float(s["x"]) / spacing, float(s["y"]) / spacing)
        for s in prev.get("stations", [])
        if s.get("id") in known
    }


def _previous_edges(network: Network, spacing: float) -> dict[tuple[str, str], list[GridPos]]:
    """Polylines of the previous layout as grid nodes, keyed (from, to); malformed ones skipped."""
    prev = network.previous_layout
    result: dict[tuple[str, str], list[GridPos]] = {}
    if not prev or not isinstance(prev.get("edges"), list):
        return result
    for edge in prev["edges"]:
        try:
            pts = [(float(x) / spacing, float(y) / spacing) for x, y in edge["points"]]
            key = (str(edge["from"]), str(edge["to"]))
        except (KeyError, TypeError, ValueError):
            continue
        nodes = _grid_nodes(pts)
        if nodes is not None:
            result[key] = nodes
    return result


def _grid_nodes(points: list[tuple[float, float]]) -> list[GridPos] | None:
    """Every grid node along an octilinear polyline through grid nodes, or None.

    Ends may lie on a bar station's marker box, a fraction of a cell from the node they
    leave; they are rounded to it.
    """
    inner = points[1:-1]
    if not points or any(abs(v - round(v)) > 1e-6 for p in inner for v in p):
        return None
    corners = [(round(x), round(y)) for x, y in points]
    nodes = [corners[0]]
    for (x0, y0), (x1, y1) in pairwise(corners):
        dx, dy = x1 - x0, y1 - y0
        steps = max(abs(dx), abs(dy))
        if steps == 0:
            continue
        if dx and dy and abs(dx) != abs(dy):
            return None
        sx, sy = (dx > 0) - (dx < 0), (dy > 0) - (dy < 0)
        nodes.extend((x0 + sx * k, y0 + sy * k) for k in range(1, steps + 1))
    return nodes


def _layout_component(
    graph: Graph,
    comp: list[str],
    previous: dict[str, tuple[float, float]],
    previous_edges: dict[tuple[str, str], list[GridPos]],
    work: int,
) -> ComponentLayout:
    """Place, route and improve one connected component; `work` budgets its route searches
    (states expanded and queued) in the drawings and their local search."""
    result = ComponentLayout()
    if len(comp) == 1:
        sid = comp[0]
        result.positions[sid] = previous.get(sid, (0.0, 0.0))
        result.positions[sid] = (round(result.positions[sid][0]), round(result.positions[sid][1]))
        return result

    anchors, chain_list = chains(graph, comp)
    index = {a: i for i, a in enumerate(anchors)}
    room = [HUB_ROOM * max(0, graph.degree(a) - HUB_DEGREE) for a in anchors]
    dist = anchor_distances(anchors, chain_list, *_hops(len(anchors), len(chain_list)), room)
    coords = stress_layout(dist)
    pairs = [(index[c.start], index[c.end]) for c in chain_list]
    coords = untangle(coords, pairs, dist, fixed=set())
    coords = best_rotation(coords, pairs)

    known = [i for i, a in enumerate(anchors) if a in previous]
    if known:
        target = np.array([previous[anchors[i]] for i in known])
        if len(known) >= 2:
            scale, rot, mu_s, mu_t = procrustes(coords[known], target)
            coords = (coords - mu_s) @ rot * scale + mu_t
        else:
            coords = coords - coords[known[0]] + target[0]
        for i in known:
            coords[i] = previous[anchors[i]]

    shapes = [block_shape(graph.degree(a)) for a in anchors]
    order = sorted(
        range(len(anchors)),
        key=lambda i: (anchors[i] not in previous, -graph.degree(anchors[i]), i),
    )
    # Small components are cheap to draw: try the placement turned by a few angles (turns of
    # less than 45° change how it rounds onto the grid, and so which edges end up crossing),
    # improve the drawing with the fewest crossings, then bends, by local search. The turns
    # are split into two groups, each with its own work budget, drawn side by side in two
    # processes where the machine allows; the better result is kept (the same either way).
    # With a previous layout one attempt, snapped plainly (a block keeps its old place even
    # where moving it would save a crossing), keeps the map stable.
    job = _Job(
        graph,
        chain_list,
        anchors,
        shapes,
        order,
        coords,
        pairs,
        previous,
        previous_edges,
        work,
        len(comp),
    )
    if previous:
        groups: list[tuple[float, ...]] = [(0.0,)]
    else:
        turns = _turns(len(comp))
        groups = [turns[0::2], turns[1::2]] if len(turns) > 1 else [turns]
    results = _in_parallel(job, groups)
    _, _, grid, picks_of = min(results, key=lambda item: (item[0], item[1]))

    for i, anchor in enumerate(anchors):
        nodes = grid.blocks[anchor]
        cx = sum(x for x, _ in nodes) / len(nodes)
        cy = sum(y for _, y in nodes) / len(nodes)
        result.positions[anchor] = (cx, cy)
        cols, rows = shapes[i]
        if cols > 1 or rows > 1:
            result.markers[anchor] = (
                min(cols - 1 + MARKER_THICKNESS, 4.0),
                min(rows - 1 + MARKER_THICKNESS, 4.0),
            )

    for chain in chain_list:
        route = grid.routes[chain.id]
        picks = picks_of[chain.id]
        idx = [0, *picks, len(route.nodes) - 1]
        for k, edge in enumerate(chain.edges):
            pts = [(float(x), float(y)) for x, y in route.nodes[idx[k] : idx[k + 1] + 1]]
            if edge.a != chain.stations[k]:
                pts.reverse()
            result.edge_points[id(edge)] = pts
        for sid, i in zip(chain.inner, picks, strict=True):
            x, y = route.nodes[i]
            result.positions[sid] = (float(x), float(y))
        if chain.inner:
            result.slides.append(
                Slide(
                    chain,
                    [(float(x), float(y)) for x, y in route.nodes],
                    grid.usable(route),
                    list(picks),
                    [sid in previous for sid in chain.inner],
                )
            )
    return result


@dataclass
class _Job:
    """What drawing one component takes: its graph, placement and budget."""

    graph: Graph
    chain_list: list[Chain]
    anchors: list[str]
    shapes: list[tuple[int, int]]
    order: list[int]
    coords: np.ndarray
    pairs: list[tuple[int, int]]
    previous: dict[str, tuple[float, float]]
    previous_edges: dict[tuple[str, str], list[GridPos]]
    work: int
    stations: int


_Result = tuple[tuple[int, int, float], int, Grid, dict[int, list[int]]]


def _draw_turns(job: _Job, turns: tuple[float, ...], group: int) -> _Result:
    """Draw the placement turned by each angle (while the work allows), then improve the
    best drawing by local search; returns (cost, group, grid, inner-station picks)."""
    snap_pairs = None if job.previous else job.pairs
    drawn: list[tuple[tuple[int, int], int, Grid, dict[int, list[int]]]] = []
    spent = 0  # search work of the drawings so far
    for k, angle in enumerate(turns):
        if drawn and spent >= MULTI_START_WORK:
            break  # a dense component: its drawings cost too much to try many
        turned = job.coords @ _rotation(angle)
        shrink = 1.0 if job.previous else _shrink(turned, job.stations)
        # if the grid gets so crowded that some chain finds no route, spread the anchors out
        for spread in SPREADS:
            targets = [(float(x), float(y)) for x, y in turned * (spread * shrink)]
            origins = snap(targets, job.shapes, job.order, snap_pairs)
            grid = Grid()
            for i, anchor in enumerate(job.anchors):
                grid.add_station(anchor, block_nodes(origins[i], job.shapes[i]))
            grid.set_bounds(MARGIN)
            try:
                picks_of = _route_all(
                    job.graph, grid, job.chain_list, job.previous, job.previous_edges
                )
            except _RoutingStuck:
                spent += grid.work
                continue
            spent += grid.work
            drawn.append((_score(grid, job.chain_list), k, grid, picks_of))
            break
    if not drawn:  # pragma: no cover - the widest spread always routes
        raise RuntimeError("no layout found for a component")
    _, _, grid, picks_of = min(drawn, key=lambda item: (item[0], item[1]))
    # the work budget covers the drawings and their local search: what routing did not use
    # (but at least a share)
    left = max(job.work - spent, int(job.work * MIN_SEARCH_SHARE))
    shape_of = dict(zip(job.anchors, job.shapes, strict=True))
    drawing = _Drawing(job.graph, grid, job.chain_list, picks_of, shape_of, job.previous)
    _improve_placement(drawing, set(job.previous), left)
    return drawing.cost(job.chain_list), group, grid, picks_of


def _in_parallel(job: _Job, groups: list[tuple[float, ...]]) -> list[_Result]:
    """Draw each group of turns; the second group in a forked process when there is a
    second processor and no other thread (the results do not depend on it, only the time)."""
    if len(groups) == 1:
        return [_draw_turns(job, groups[0], 0)]
    # forking a process with other threads running can deadlock the child: only when alone
    alone = threading.active_count() == 1
    if (
        not alone
        or (os.cpu_count() or 1) < 2
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return [_draw_turns(job, turns, g) for g, turns in enumerate(groups)]
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def child() -> None:
        sender.send(_draw_turns(job, groups[1], 1))
        sender.close()

    process = context.Process(target=child, daemon=True)
    process.start()
    sender.close()
    mine = _draw_turns(job, groups[0], 0)
    try:
        theirs = receiver.recv()
    except EOFError:  # the child died: draw its group here
        theirs = _draw_turns(job, groups[1], 1)
    process.join()
    return [mine, theirs]


def _hops(anchors: int, chain_count: int) -> tuple[float, float]:
    """Initial distances (first hop, inner hop) for a component, by how meshed it is."""
    mesh = chain_count / max(anchors, 1)
    t = min(max((mesh - SPARSE_MESH) / (DENSE_MESH - SPARSE_MESH), 0.0), 1.0)
    first = SPARSE_HOPS[0] + t * (DENSE_HOPS[0] - SPARSE_HOPS[0])
    inner = SPARSE_HOPS[1] + t * (DENSE_HOPS[1] - SPARSE_HOPS[1])
    return first, inner


def _shrink(coords: np.ndarray, stations: int) -> float:
    """Scale (≤ 1) that brings a sprawling placement near AREA_GOAL cells a station.

    Stress puts stations of loosely meshed networks on wide rings and long arms; drawn at
    full size their bounding box would be mostly empty.
    """
    width, height = coords.max(axis=0) - coords.min(axis=0)
    area = (width + 1) * (height + 1) / max(stations, 1)
    if area <= AREA_GOAL:
        return 1.0
    return max(MIN_SHRINK, math.sqrt(AREA_GOAL / area))


def _turns(stations: int) -> tuple[float, ...]:
    """Angles (degrees) by which to turn the placement of a component, one drawing each."""
    if stations <= MULTI_START_SMALL:
        return TURNS_SMALL
    if stations <= MULTI_START_MEDIUM:
        return TURNS_MEDIUM
    return (0.0,)


def _rotation(degrees: float) -> np.ndarray:
    t = math.radians(degrees)
    return np.array([[math.cos(t), math.sin(t)], [-math.sin(t), math.cos(t)]])


def _score(grid: Grid, chain_list: list[Chain]) -> tuple[int, int]:
    """(crossings, line-weighted bends) of a routed component: lower is better."""
    routes = [grid.routes[c.id] for c in chain_list]
    crossings = sum(grid.crossings_of(r) for r in routes) // 2
    bends = sum(
        _bends(r) * max(len(e.lines) for e in c.edges)
        for r, c in zip(routes, chain_list, strict=True)
    )
    return crossings, bends


def _route_order(graph: Graph, chain_list: list[Chain]) -> list[Chain]:
    def key(c: Chain) -> tuple[int, int, int]:
        deg = max(graph.degree(c.start), graph.degree(c.end))
        lines = max(len(e.lines) for e in c.edges)
        return (-lines, -deg, c.id)

    return sorted(chain_list, key=key)


def _ports(
    graph: Graph, grid: Grid, chain_of: dict[int, Chain], chain: Chain, at_start: bool
) -> list[tuple[int, float]]:
    """Directions of already routed edges at an anchor, weighted by lines continuing into us."""
    anchor = chain.start if at_start else chain.end
    our_edge = chain.edges[0] if at_start else chain.edges[-1]
    ports: list[tuple[int, float]] = []
    for _, other_edge in graph.adjacency[anchor]:
        if other_edge is our_edge:
            continue
        route, leaves = _route_at(grid, chain_of, other_edge, anchor)
        if route is None:
            continue
        through = _continuing_lines(our_edge, other_edge)
        if through:
            ports.append((leaves, float(through)))
    return ports


def _continuing_lines(e1: Edge, e2: Edge) -> int:
    return len(set(e1.lines) & set(e2.lines))


def _route_at(
    grid: Grid, chain_of: dict[int, Chain], edge: Edge, anchor: str
) -> tuple[Route | None, int]:
    """The route drawn for `edge`'s chain, and the direction in which it leaves `anchor`."""
    chain = chain_of.get(id(edge))
    if chain is None or chain.id not in grid.routes:
        return None, -1
    route = grid.routes[chain.id]
    if chain.start == anchor and chain.edges[0] is edge:
        return route, route.first_dir
    return route, (route.last_dir + 4) % 8


def _route_all(
    graph: Graph,
    grid: Grid,
    chain_list: list[Chain],
    previous: dict[str, tuple[float, float]],
    previous_edges: dict[tuple[str, str], list[GridPos]],
) -> dict[int, list[int]]:
    """Route every chain and place its inner stations; returns chain id -> route node indices."""
    chain_of = {id(edge): chain for chain in chain_list for edge in chain.edges}
    for chain in chain_list:
        for sid in (chain.start, chain.end):
            grid.pending[sid] = grid.pending.get(sid, 0) + 1
    picks: dict[int, list[int]] = {}
    # chains drawn before keep their old routes where these still fit: the mental map stays
    kept: set[int] = set()
    ordered = _route_order(graph, chain_list)
    for chain in ordered:
        reused = _previous_route(grid, chain, previous_edges, previous)
        if reused is None:
            continue
        route, indices = reused
        grid.commit(route)
        picks[chain.id] = indices
        kept.add(chain.id)
        for sid, i in zip(chain.inner, indices, strict=True):
            grid.add_inner_station(sid, route.nodes[i])
        for sid in (chain.start, chain.end):
            grid.pending[sid] -= 1
    chain_by_id = {chain.id: chain for chain in chain_list}
    rips_left = dict.fromkeys(chain_by_id, RIP_UP_LIMIT)
    queue = deque(chain for chain in ordered if chain.id not in kept)

    def rip_up(victim_id: int) -> bool:
        """Take a routed chain off the grid (route and inner stations); route it again later."""
        if rips_left.get(victim_id, 0) <= 0 or victim_id not in picks:
            return False
        rips_left[victim_id] -= 1
        victim = chain_by_id[victim_id]
        old = grid.routes[victim_id]
        for i in picks.pop(victim_id):
            del grid.station_at[old.nodes[i]]
        grid.remove(victim_id)
        for sid in (victim.start, victim.end):
            grid.pending[sid] += 1
        kept.discard(victim_id)
        queue.append(victim)
        return True

    while queue:
        chain = queue.popleft()
        route = _route_one(graph, grid, chain_of, chain, rip_up)
        picks[chain.id] = _place_inner(grid, route, chain, previous)
        for sid, i in zip(chain.inner, picks[chain.id], strict=True):
            grid.add_inner_station(sid, route.nodes[i])
        for sid in (chain.start, chain.end):
            grid.pending[sid] -= 1
    changed = [c for c in chain_list if c.id not in kept]
    _reroute_crossing_chains(graph, grid, changed, chain_of, picks, previous)
    return picks


def _previous_route(
    grid: Grid,
    chain: Chain,
    previous_edges: dict[tuple[str, str], list[GridPos]],
    previous: dict[str, tuple[float, float]],
) -> tuple[Route, list[int]] | None:
    """The chain's route in the previous layout, if all of it is known and still free.

    Stations new since then may sit between two old ones that were consecutive: they are put
    on the old edge's inner nodes, evenly, so that a new stop moves nothing else.
    """
    stations = chain.stations
    nodes: list[GridPos] = []
    indices: list[int] = []
    i = 0
    while i < len(stations) - 1:
        j = i + 1
        while j < len(stations) - 1 and stations[j] not in previous:
            j += 1
        part = _previous_part(previous_edges, stations[i], stations[j])
        new_stops = j - i - 1
        if part is not None and new_stops == 1 and len(part) == 2:
            part = _bump(grid, part)  # a new stop on a one-step edge: step aside for it
        if part is None or new_stops > len(part) - 2:
            return None
        if nodes:
            if nodes[-1] != part[0]:
                return None
            indices.append(len(nodes) - 1)
            nodes.extend(part[1:])
        else:
            nodes.extend(part)
        base = len(nodes) - len(part)
        indices.extend(base + k for k in _spread(new_stops, len(part) - 1))
        i = j
    if len(nodes) < 3 or len(set(nodes)) != len(nodes):
        return None
    if nodes[0] not in grid.blocks[chain.start] or nodes[-1] not in grid.blocks[chain.end]:
        return None
    # crossing earlier routes is fine (it was before); running through a station is not,
    # and neither is a station of ours on a node that another route uses
    if any(node in grid.station_at for node in nodes[1:-1]):
        return None
    if any(nodes[i] in grid.occ for i in indices):
        return None
    return Route(chain_id=chain.id, nodes=nodes, need=len(chain.inner)), indices


def _previous_part(
    previous_edges: dict[tuple[str, str], list[GridPos]], a: str, b: str
) -> list[GridPos] | None:
    """The grid nodes of the previous edge from a to b, in that direction, or None."""
    part = previous_edges.get((a, b))
    if part is not None:
        return part
    back = previous_edges.get((b, a))
    return None if back is None else back[::-1]


def _bump(grid: Grid, part: list[GridPos]) -> list[GridPos] | None:
    """A one-step edge made two steps long through a free node next to both ends, or None."""
    (x0, y0), (x1, y1) = part
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            node = (x0 + dx, y0 + dy)
            if node in part or max(abs(node[0] - x1), abs(node[1] - y1)) != 1:
                continue
            if node not in grid.station_at and node not in grid.occ:
                return [part[0], node, part[1]]
    return None


def _spread(count: int, steps: int) -> list[int]:
    """`count` increasing node indices strictly between 0 and `steps`, evenly spaced."""
    picks: list[int] = []
    for m in range(count):
        k = round((m + 1) * steps / (count + 1))
        k = max(k, picks[-1] + 1 if picks else 1)
        picks.append(min(k, steps - (count - m)))
    return picks


def _reroute_crossing_chains(
    graph: Graph,
    grid: Grid,
    chain_list: list[Chain],
    chain_of: dict[int, Chain],
    picks: dict[int, list[int]],
    previous: dict[str, tuple[float, float]],
) -> None:
    """Rip up each chain that crosses others and route it again among all the rest.

    The first routes were drawn before later ones existed; with everything in place a chain
    often finds a way round. The new route is kept only if it crosses less, or as often with
    fewer bends.
    """
    for _ in range(REROUTE_PASSES):
        improved = False
        for chain in chain_list:
            old = grid.routes[chain.id]
            old_score = (grid.crossings_of(old), _bends(old))
            if old_score[0] == 0:
                continue
            old_stations = [old.nodes[i] for i in picks[chain.id]]
            for node in old_stations:
                del grid.station_at[node]
            grid.remove(chain.id)
            new = _route_better(graph, grid, chain_of, chain)
            if new is not None and (grid.crossings_of(new), _bends(new)) < old_score:
                picks[chain.id] = _place_inner(grid, new, chain, previous)
                for sid, i in zip(chain.inner, picks[chain.id], strict=True):
                    grid.add_inner_station(sid, new.nodes[i])
                improved = True
            else:
                if new is not None:
                    grid.remove(chain.id)
                grid.commit(old)
                for sid, node in zip(chain.inner, old_stations, strict=True):
                    grid.add_inner_station(sid, node)
        if not improved:
            break


def _route_better(
    graph: Graph, grid: Grid, chain_of: dict[int, Chain], chain: Chain
) -> Route | None:
    """A new route for a ripped-up chain, searched near its ends; committed, or None."""
    need = len(chain.inner)
    args = (
        chain.id,
        chain.start,
        chain.end,
        need,
        _ports(graph, grid, chain_of, chain, at_start=True),
        _ports(graph, grid, chain_of, chain, at_start=False),
    )
    route = grid.find_route(*args, strict=False, budget=SEARCH_BUDGET) or grid.find_route(
        *args, strict=False, overlap=True, window=OVERLAP_WINDOW, budget=4 * SEARCH_BUDGET
    )
    if route is None or len(set(route.nodes)) < len(route.nodes):
        return None
    grid.commit(route)
    if len(grid.usable(route)) < need:
        grid.remove(chain.id)
        return None
    return route


def _length(route: Route) -> float:
    return sum(math.dist(p, q) for p, q in pairwise(route.nodes))


def _bends(route: Route) -> int:
    dirs = [direction(p, q) for p, q in pairwise(route.nodes)]
    return sum(TURN[a][b] for a, b in pairwise(dirs))


def _route_one(
    graph: Graph,
    grid: Grid,
    chain_of: dict[int, Chain],
    chain: Chain,
    rip_up: Callable[[int], bool],
) -> Route:
    need = len(chain.inner)
    start_ports = _ports(graph, grid, chain_of, chain, at_start=True)
    end_ports = _ports(graph, grid, chain_of, chain, at_start=False)
    avoid: frozenset[GridPos] = frozenset()
    ripped = False
    for attempt in range(ROUTE_ATTEMPTS):
        args = (chain.id, chain.start, chain.end, need, start_ports, end_ports)
        # keep the ports other stations still need; else let go of that; else allow overlaps
        route = (
            grid.find_route(*args, budget=SEARCH_BUDGET, avoid=avoid)
            or grid.find_route(*args, strict=False, budget=SEARCH_BUDGET, avoid=avoid)
            or grid.find_route(
                *args,
                strict=False,
                overlap=True,
                window=OVERLAP_WINDOW,
                budget=4 * SEARCH_BUDGET,
                avoid=avoid,
            )
        )
        if route is None and not ripped:
            # an end may be walled in by routes and stations that pass close by: take those
            # off and draw them again after this one
            ripped = True
            taken_off = [rip_up(victim) for victim in _walling(grid, chain)]
            if any(taken_off):
                continue
        if route is None:
            route = grid.find_route(*args, strict=False, overlap=True, window=None, avoid=avoid)
        if route is None:  # widen the routing area until a route exists
            x0, y0, x1, y1 = grid.bounds
            grid.bounds = (x0 - 4, y0 - 4, x1 + 4, y1 + 4)
            continue
        grid.commit(route)
        meets_itself = len(set(route.nodes)) < len(route.nodes)
        if len(grid.usable(route)) >= need and (not meets_itself or attempt >= SELF_MEETING):
            return route
        # the route met itself (a line drawn back over itself, and nodes that cannot hold a
        # station): search again without the nodes where it did
        grid.remove(route.chain_id)
        seen: set[GridPos] = set()
        twice = {n for n in route.nodes if n in seen or seen.add(n)}
        avoid = avoid | twice
    raise _RoutingStuck(chain.id)


class _RoutingStuck(Exception):
    """A chain found no route on the grid as the stations stand: spread them and retry."""


def _walling(grid: Grid, chain: Chain) -> list[int]:
    """Other chains whose routes take neighbour nodes of this chain's two anchors."""
    victims: set[int] = set()
    for sid in (chain.start, chain.end):
        for node in grid.ring[sid]:
            victims.update(entry[0] for entry in grid.occ.get(node, ()))
    victims.discard(chain.id)
    return sorted(victims)


def _place_inner(
    grid: Grid, route: Route, chain: Chain, previous: dict[str, tuple[float, float]]
) -> list[int]:
    """Choose route nodes for the chain's inner stations: in order, evenly spread."""
    k = len(chain.inner)
    if k == 0:
        return []
    nodes = route.nodes
    usable = grid.usable(route)
    # a station on the last free neighbours of an anchor that still waits for edges would
    # wall it in: no route could reach it any more
    scarce = grid.scarce_ports(chain.start, chain.end, taking=k)
    roomy = [i for i in usable if nodes[i] not in scarce]
    if len(roomy) >= k:
        usable = roomy
    arc = [0.0]
    for p, q in pairwise(nodes):
        arc.append(arc[-1] + math.dist(p, q))
    total = arc[-1]
    picks: list[int] = []
    pos = 0  # index into usable of the next candidate
    for j, sid in enumerate(chain.inner):
        remaining = k - j - 1
        last_allowed = len(usable) - 1 - remaining
        target_prev = previous.get(sid)
        best_i, best_cost = pos, math.inf
        for u in range(pos, last_allowed + 1):
            i = usable[u]
            if target_prev is not None:
                cost = math.dist(nodes[i], target_prev)
            else:
                cost = abs(arc[i] - total * (j + 1) / (k + 1))
            if nodes[i] in grid.near:
                cost += PORT_NODE  # a station there would take a port of its neighbour
            if cost < best_cost - 1e-9:
                best_i, best_cost = u, cost
        picks.append(usable[best_i])
        pos = best_i + 1
    return picks


def _pack(placed: list[tuple[ComponentLayout, bool]], fresh: bool) -> None:
    """Arrange components without previous positions in rows beside each other."""
    gap = 4.0
    anchored = [lay for lay, has_prev in placed if has_prev and not fresh]
    free = [lay for lay, has_prev in placed if not (has_prev and not fresh)]
    if anchored:
        boxes = [lay.bbox() for lay in anchored]
        start_x = math.ceil(max(b[2] for b in boxes)) + gap
        start_y = math.floor(min(b[1] for b in boxes))
    else:
        start_x = start_y = 0.0
    if not free:
        return
    sizes = [lay.bbox() for lay in free]
    total_area = sum((b[2] - b[0] + gap) * (b[3] - b[1] + gap) for b in sizes)
    row_width = max(max(b[2] - b[0] for b in sizes), math.sqrt(total_area) * 1.2)
    x = start_x
    y = start_y
    row_height = 0.0
    for lay, (x0, y0, x1, y1) in zip(free, sizes, strict=True):
        w, h = x1 - x0, y1 - y0
        if x > start_x and x + w > start_x + row_width:
            x = start_x
            y += math.ceil(row_height) + gap
            row_height = 0.0
        lay.shift(x - math.floor(x0), y - math.floor(y0))  # whole cells keep the grid
        x += math.ceil(w) + gap
        row_height = max(row_height, h)
    _tuck_in_lone_stations([lay for lay, _ in placed], free)


LONE_ROOM = (1, 3, 1)  # free nodes a lone station needs around it: west, east, north/south


def _tuck_in_lone_stations(layouts: list[ComponentLayout], free: list[ComponentLayout]) -> None:
    """Put stations on no line into free space inside the drawing, near its lower right
    corner, instead of in a row beside it that would widen the map for nothing."""
    lone = [lay for lay in free if len(lay.positions) == 1 and not lay.edge_points]
    drawn = [lay for lay in layouts if lay.edge_points]
    if not lone or not drawn:
        return
    taken: set[GridPos] = set()
    for lay in drawn:
        for sid, (x, y) in lay.positions.items():
            w, h = lay.markers.get(sid, (0.0, 0.0))
            for nx in range(math.floor(x - w / 2), math.ceil(x + w / 2) + 1):
                for ny in range(math.floor(y - h / 2), math.ceil(y + h / 2) + 1):
                    taken.add((nx, ny))
        for points in lay.edge_points.values():
            taken.update(_nodes_along(points))
    boxes = [lay.bbox() for lay in drawn]
    x0, y0 = math.ceil(min(b[0] for b in boxes)), math.ceil(min(b[1] for b in boxes))
    x1, y1 = math.floor(max(b[2] for b in boxes)), math.floor(max(b[3] for b in boxes))
    west, east, side = LONE_ROOM
    spots = sorted(
        ((x, y) for x in range(x0 + west, x1 - east + 1) for y in range(y0 + side, y1 - side + 1)),
        key=lambda node: ((node[0] - x1) ** 2 + (node[1] - y1) ** 2, node[1], node[0]),
    )
    for lay in lone:
        for x, y in spots:
            room = [
                (nx, ny)
                for nx in range(x - west, x + east + 1)
                for ny in range(y - side, y + side + 1)
            ]
            if any(node in taken for node in room):
                continue
            sid = next(iter(lay.positions))
            lay.positions[sid] = (float(x), float(y))
            taken.update(room)
            break


def _nodes_along(points: list[tuple[float, float]]) -> set[GridPos]:
    """Grid nodes an octilinear polyline passes or touches (ends rounded both ways)."""
    nodes: set[GridPos] = set()
    for (px, py), (qx, qy) in pairwise(points):
        steps = max(abs(qx - px), abs(qy - py))
        count = max(1, math.ceil(steps * 2))
        for k in range(count + 1):
            x = px + (qx - px) * k / count
            y = py + (qy - py) * k / count
            for nx in {math.floor(x), math.ceil(x)}:
                for ny in {math.floor(y), math.ceil(y)}:
                    nodes.add((nx, ny))
    return nodes


def _simplify(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Drop points in the middle of straight runs."""
    if len(points) <= 2:
        return points
    out = [points[0]]
    for i in range(1, len(points) - 1):
        if direction_f(out[-1], points[i]) != direction_f(points[i], points[i + 1]):
            out.append(points[i])
    out.append(points[-1])
    return out


def direction_f(p: tuple[float, float], q: tuple[float, float]) -> tuple[int, int]:
    dx, dy = q[0] - p[0], q[1] - p[1]
    return ((dx > 1e-9) - (dx < -1e-9), (dy > 1e-9) - (dy < -1e-9))


# --- local search: move anchors where the drawing gets better ---------------------------


@dataclass
class _Drawing:
    """A routed component whose anchors the local search may move."""

    graph: Graph
    grid: Grid
    chain_list: list[Chain]
    picks: dict[int, list[int]]
    shapes: dict[str, tuple[int, int]]
    previous: dict[str, tuple[float, float]]
    chain_of: dict[int, Chain] = field(init=False)
    chains_at: dict[str, list[Chain]] = field(init=False)
    weight: dict[int, int] = field(init=False)  # chain id -> most lines on one of its edges

    def __post_init__(self) -> None:
        self.weight = {c.id: max(len(e.lines) for e in c.edges) for c in self.chain_list}
        self.chain_of = {id(edge): chain for chain in self.chain_list for edge in chain.edges}
        self.chains_at = {}
        for chain in self.chain_list:
            for sid in dict.fromkeys((chain.start, chain.end)):
                self.chains_at.setdefault(sid, []).append(chain)

    def unroute(self, chain: Chain) -> tuple[Route, list[int]]:
        """Take a chain and its inner stations off the grid; returns what it was."""
        route = self.grid.routes[chain.id]
        picks = self.picks.pop(chain.id)
        for i in picks:
            del self.grid.station_at[route.nodes[i]]
        self.grid.remove(chain.id)
        for sid in (chain.start, chain.end):
            self.grid.pending[sid] += 1
        return route, picks

    def reroute(self, chain: Chain, route: Route, picks: list[int]) -> None:
        """Put a chain back as it was."""
        self.grid.commit(route)
        self._settle(chain, route, picks)

    def _settle(self, chain: Chain, route: Route, picks: list[int]) -> None:
        """Place the inner stations of a committed route; its ends wait for one edge less."""
        self.picks[chain.id] = picks
        for sid, i in zip(chain.inner, picks, strict=True):
            self.grid.add_inner_station(sid, route.nodes[i])
        for sid in (chain.start, chain.end):
            self.grid.pending[sid] -= 1

    def route_quickly(self, chain: Chain) -> bool:
        """Route a chain without overlaps or rip-ups; False (nothing committed) if none fits."""
        grid = self.grid
        args = (
            chain.id,
            chain.start,
            chain.end,
            len(chain.inner),
            _ports(self.graph, grid, self.chain_of, chain, at_start=True),
            _ports(self.graph, grid, self.chain_of, chain, at_start=False),
        )
        grid.work += ROUTE_WORK
        route = grid.find_route(*args, budget=SEARCH_BUDGET) or grid.find_route(
            *args, strict=False, budget=SEARCH_BUDGET
        )
        if route is None or len(set(route.nodes)) < len(route.nodes):
            return False  # none, or one that meets itself (a line drawn back over itself)
        grid.commit(route)
        if len(grid.usable(route)) < len(chain.inner):
            grid.remove(chain.id)
            return False
        self._settle(chain, route, _place_inner(grid, route, chain, self.previous))
        return True

    def move_size(self, anchor: str) -> int:
        """Route nodes that a move of the anchor searches again, about: what it costs."""
        return sum(len(self.grid.routes[chain.id].nodes) for chain in self.chains_at[anchor])

    def turns_at(self, anchor: str) -> int:
        """Bend cost of the lines that pass through an anchor, weighted by lines."""
        leaving = []
        for _, edge in self.graph.adjacency[anchor]:
            _, d = _route_at(self.grid, self.chain_of, edge, anchor)
            leaving.append((edge, d))
        cost = 0
        for i, (e1, d1) in enumerate(leaving):
            for e2, d2 in leaving[i + 1 :]:
                shared = _continuing_lines(e1, e2)
                if shared and d1 >= 0 and d2 >= 0:
                    cost += TURN[(d1 + 4) % 8][d2] * shared
        return cost

    def cost(self, chains_here: list[Chain]) -> tuple[int, int, float]:
        """(crossings, bend cost, length) of some chains and the anchors they end at."""
        grid = self.grid
        crossings = bends = 0
        length = 0.0
        ends: dict[str, None] = {}
        for chain in chains_here:
            route = grid.routes[chain.id]
            crossings += grid.crossings_of(route)
            bends += _bends(route) * self.weight[chain.id]
            length += _length(route)
            ends[chain.start] = ends[chain.end] = None
        bends += sum(self.turns_at(sid) for sid in ends)
        return crossings, bends, round(length, 6)

    def can_take(self, anchor: str, nodes: list[GridPos], moving: set[int]) -> bool:
        """Whether the anchor's block fits on these nodes, a free node away from other blocks."""
        grid = self.grid
        for x, y in nodes:
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    other = grid.station_at.get((x + dx, y + dy))
                    if other is not None and other != anchor and other in self.shapes:
                        return False
            node = (x, y)
            if grid.station_at.get(node, anchor) != anchor:
                return False
            if any(entry[0] not in moving for entry in grid.occ.get(node, ())):
                return False
        return True

    def crossing_partners(self, chains_here: list[Chain]) -> list[Chain]:
        """Other chains that cross or overlap these, in routing order."""
        grid = self.grid
        ours = {chain.id for chain in chains_here}
        found: set[int] = set()
        for chain in chains_here:
            nodes = grid.routes[chain.id].nodes
            for node in nodes[1:-1]:
                found.update(entry[0] for entry in grid.occ.get(node, ()))
            for p, q in pairwise(nodes):
                key = diag_key(p, q)
                if key is not None:
                    other = grid.diag.get((key[0], key[1], 1 - key[2]))
                    if other is not None:
                        found.add(other)
        by_id = {chain.id: chain for chain in self.chain_list}
        return _route_order(self.graph, [by_id[i] for i in sorted(found - ours)])

    def floor(self, chain: Chain, moved: str, nodes: list[GridPos]) -> tuple[int, float]:
        """Least (bend cost, length) any route of the chain can have with `moved` on `nodes`:
        a bend unless some nodes of its two blocks line up octilinearly, and the octilinear
        distance between the blocks (at least one step per inner station and one more)."""
        a = nodes if chain.start == moved else self.grid.blocks[chain.start]
        b = nodes if chain.end == moved else self.grid.blocks[chain.end]
        ax0, ax1 = min(x for x, _ in a), max(x for x, _ in a)
        ay0, ay1 = min(y for _, y in a), max(y for _, y in a)
        bx0, bx1 = min(x for x, _ in b), max(x for x, _ in b)
        by0, by1 = min(y for _, y in b), max(y for _, y in b)
        dx0, dx1 = bx0 - ax1, bx1 - ax0  # the x offsets from a node of a to one of b
        dy0, dy1 = by0 - ay1, by1 - ay0
        straight = (
            dx0 <= 0 <= dx1
            or dy0 <= 0 <= dy1
            or max(dx0, dy0) <= min(dx1, dy1)
            or max(dx0, -dy1) <= min(dx1, -dy0)
        )
        gx, gy = max(dx0, -dx1, 0), max(dy0, -dy1, 0)
        lo, hi = min(gx, gy), max(gx, gy)
        length = max(hi + (math.sqrt(2.0) - 1.0) * lo, len(chain.inner) + 1.0)
        bends = 0 if straight or chain.start == chain.end else self.weight[chain.id]
        return bends, length

    def floors(self, anchor: str, origin: GridPos, chains_here: list[Chain]) -> tuple[int, float]:
        """Least (bend cost, length) of the chains with the anchor's block at `origin`."""
        nodes = block_nodes(origin, self.shapes[anchor])
        bends = 0
        length = 0.0
        for chain in chains_here:
            chain_bends, chain_length = self.floor(chain, anchor, nodes)
            bends += chain_bends
            length += chain_length
        return bends, round(length, 6)

    def move(
        self,
        anchor: str,
        origin: GridPos,
        chains_here: list[Chain],
        hopeless: Callable[[tuple[int, int, float]], bool],
    ) -> list[tuple[Chain, Route, list[int]]] | None:
        """Put the anchor's block at `origin` and route `chains_here` (its chains, maybe more)
        again in that order; None if they don't fit or if `hopeless` holds for a lower bound
        of their cost (then nothing changed).

        The bound starts from the floors of all chains and gets the real figures of each
        chain as it is routed, so many moves that cannot help stop early. Returns what the
        chains were, for `undo`.
        """
        moving = {chain.id for chain in chains_here}
        nodes = block_nodes(origin, self.shapes[anchor])
        if not self.can_take(anchor, nodes, moving):
            return None
        floors = [self.floor(chain, anchor, nodes) for chain in chains_here]
        bends = sum(f[0] for f in floors)
        length = sum(f[1] for f in floors)
        if hopeless((0, bends, length)):
            return None
        old = [(chain, *self.unroute(chain)) for chain in chains_here]
        old_nodes = self.grid.remove_station(anchor)
        self.grid.add_station(anchor, nodes)
        routed: list[Chain] = []
        crossings = 0
        for chain, (floor_bends, floor_length) in zip(chains_here, floors, strict=True):
            # crossings only grow as more chains are routed, and bends and length of a
            # routed chain are known: stop as soon as the move cannot help
            ok = self.route_quickly(chain)
            if ok:
                routed.append(chain)
                route = self.grid.routes[chain.id]
                crossings += self.grid.crossings_of(route)
                bends += _bends(route) * self.weight[chain.id] - floor_bends
                length += _length(route) - floor_length
            if not ok or hopeless((crossings, bends, length)):
                for done in routed:
                    self.unroute(done)
                self.grid.remove_station(anchor)
                self.grid.add_station(anchor, old_nodes)
                for chain_, route_, picks in old:
                    self.reroute(chain_, route_, picks)
                return None
        return old

    def undo(
        self, anchor: str, old_origin: GridPos, old: list[tuple[Chain, Route, list[int]]]
    ) -> None:
        for chain, _, _ in old:
            self.unroute(chain)
        self.grid.remove_station(anchor)
        self.grid.add_station(anchor, block_nodes(old_origin, self.shapes[anchor]))
        for chain, route, picks in old:
            self.reroute(chain, route, picks)


MOVES_PER_ANCHOR = 100  # moves tried, on average, to remove bends and shorten routes
CROSSING_MOVES_PER_ANCHOR = 10  # moves tried, on average, to remove crossings
# moves tried at most in a component: on big grids each move costs more, and runtime counts
MAX_MOVES, MAX_CROSSING_MOVES = 3000, 300
LOCAL_SEARCH_RADIUS = 2
SMALL_NETWORK = 100
LS_WORK_SMALL = (540_000, 300_000)
MIN_SEARCH_SHARE = 0.25  # of the work, for the local search even where routing took more
# work a move costs besides its route searches: taking routes off and putting them back,
# ports, inner stations, costs (in search states, measured)
MOVE_WORK, ROUTE_WORK = 10, 50
# for no stations, and for SMALL_NETWORK stations
LS_WORK_LARGE = 300_000
CROSSING_SHARE = 0.4  # of the work, at most, for long moves that remove crossings
CROSSING_RADIUS = 4  # moves tried for anchors whose chains cross others


def _search_work(stations: int) -> int:
    """Work (route search states expanded and queued) that routing and local search of a
    whole network may do together. Up to SMALL_NETWORK stations the command should take a
    second at most, and the other stages take more time the more stations there are."""
    if stations <= SMALL_NETWORK:
        return LS_WORK_SMALL[0] - (LS_WORK_SMALL[0] - LS_WORK_SMALL[1]) * stations // SMALL_NETWORK
    return LS_WORK_LARGE


def _offsets(radius: int) -> list[GridPos]:
    """Moves of a block by up to `radius` nodes each way, nearest first."""
    return sorted(
        (
            (dx, dy)
            for dx in range(-radius, radius + 1)
            for dy in range(-radius, radius + 1)
            if dx or dy
        ),
        key=lambda o: (max(abs(o[0]), abs(o[1])), abs(o[0]) + abs(o[1]), o[1], o[0]),
    )


def _improve_placement(drawing: _Drawing, fixed: set[str], work: int = 1 << 62) -> None:
    """Move single anchors to nearby free nodes while that makes the drawing better.

    First long moves of the anchors whose chains cross others, rerouting the chains they
    cross as well, to remove crossings; then passes of one-node moves until none helps,
    then of two-node moves, to remove bends and shorten routes. Each move is kept at once
    if it helps (first improvement). Anchors whose moves cost least are tried first, and
    their moves in the order of how straight and short their chains could get. Deterministic:
    `work` (route search states expanded and queued, see `Grid.work`) bounds the effort,
    never the clock.
    """
    anchors = [a for a in drawing.shapes if a not in fixed and a in drawing.chains_at]
    # cheap moves first: with little work left, many small anchors beat one hub
    rank = {a: i for i, a in enumerate(anchors)}
    anchors.sort(key=lambda a: (drawing.move_size(a), rank[a]))
    end = drawing.grid.work + work
    budget = [min(CROSSING_MOVES_PER_ANCHOR * len(anchors), MAX_CROSSING_MOVES)]
    crossing_end = drawing.grid.work + int(work * CROSSING_SHARE)
    _search(drawing, anchors, _offsets(CROSSING_RADIUS), budget, crossing_end, crossings_only=True)
    budget = [min(MOVES_PER_ANCHOR * len(anchors), MAX_MOVES)]
    for radius in (1, LOCAL_SEARCH_RADIUS):
        _search(drawing, anchors, _offsets(radius), budget, end, crossings_only=False)


def _search(
    drawing: _Drawing,
    anchors: list[str],
    offsets: list[GridPos],
    budget: list[int],
    work_end: int,
    crossings_only: bool,
) -> None:
    """Passes of first-improvement moves over the anchors; after the first pass only anchors
    near a change are tried again. `budget` (moves tried) is shared and used up; no move
    starts once the grid's work counter reaches `work_end`."""
    dirty = set(anchors)
    while dirty and budget[0] > 0:
        improved = False
        for anchor in anchors:
            if anchor not in dirty:
                continue
            dirty.discard(anchor)
            chains_here = _route_order(drawing.graph, drawing.chains_at[anchor])
            before = drawing.cost(chains_here)
            if crossings_only:
                if before[0] == 0:
                    continue
                chains_here = chains_here + drawing.crossing_partners(chains_here)
                before = drawing.cost(chains_here)
            hopeless = _hopeless(before, crossings_only)
            x0, y0 = drawing.grid.blocks[anchor][0]
            for dx, dy in _promising_first(drawing, anchor, offsets, chains_here, crossings_only):
                if budget[0] <= 0 or drawing.grid.work >= work_end:
                    return
                budget[0] -= 1
                drawing.grid.work += MOVE_WORK
                old = drawing.move(anchor, (x0 + dx, y0 + dy), chains_here, hopeless)
                if old is None:
                    continue
                after = drawing.cost(chains_here)
                if after < before and (after[0] < before[0] or not crossings_only):
                    improved = True
                    dirty.update(_near_change(drawing, anchors, chains_here, (x0, y0)))
                    break
                drawing.undo(anchor, (x0, y0), old)
        if not improved:
            return


def _promising_first(
    drawing: _Drawing,
    anchor: str,
    offsets: list[GridPos],
    chains_here: list[Chain],
    crossings_only: bool,
) -> list[GridPos]:
    """The moves to try, those whose chains could be straighter and shorter first (by their
    floors); nearest first when removing crossings, which floors do not foresee."""
    if crossings_only:
        return offsets
    x0, y0 = drawing.grid.blocks[anchor][0]
    return sorted(
        offsets, key=lambda o: drawing.floors(anchor, (x0 + o[0], y0 + o[1]), chains_here)
    )


def _hopeless(
    before: tuple[int, int, float], crossings_only: bool
) -> Callable[[tuple[int, int, float]], bool]:
    """Whether a lower bound of a move's (crossings, bend cost, length) shows that the move
    cannot be kept: it must cross less, or in the second search be better in that order.

    Turns at the anchors are left out of the bound (they are at least 0); lengths are
    compared with a little slack for rounding.
    """
    if crossings_only:
        return lambda bound: bound[0] >= before[0]
    crossings, bends, length = before
    return lambda bound: (bound[0], bound[1], bound[2] - 1e-6) >= (crossings, bends, length)


def _near_change(
    drawing: _Drawing, anchors: list[str], moved: list[Chain], old_origin: GridPos
) -> set[str]:
    """Anchors whose moves may have become better: ends of the rerouted chains and anchors
    near where they ran before or run now."""
    touched = {sid for chain in moved for sid in (chain.start, chain.end)}
    area = {old_origin}
    for chain in moved:
        area.update(drawing.grid.routes[chain.id].nodes)
    reach = CROSSING_RADIUS
    xs = [x for x, _ in area]
    ys = [y for _, y in area]
    x0, x1, y0, y1 = min(xs) - reach, max(xs) + reach, min(ys) - reach, max(ys) + reach
    for anchor in anchors:
        x, y = drawing.grid.blocks[anchor][0]
        if x0 <= x <= x1 and y0 <= y <= y1:
            touched.add(anchor)
    return touched
