"""Orchestration of a layout: components, placement, routing, line order, labels, output."""

from __future__ import annotations

import math
import multiprocessing
import os
import threading
import time
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import numpy as np

from metromap.graph import Chain, Graph, build_graph, chains, components
from metromap.improve import MIN_SEARCH_SHARE, Drawing, improve_placement, search_work
from metromap.labels import look_further, place_labels
from metromap.model import Network
from metromap.order import order_lines
from metromap.place import (
    anchor_distances,
    best_rotation,
    block_nodes,
    block_shape,
    crossing_counts,
    even_out,
    procrustes,
    snap,
    stress_layout,
    untangle,
)
from metromap.room import Slide, corners, make_room
from metromap.route import Grid, GridPos
from metromap.routing import RoutingStuck, route_all, score
from metromap.widen import widen_for_labels

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
AREA_GOAL = 10.0  # bounding-box cells a station that a placement should not exceed
AREA_LIMIT = 11.8  # a drawing larger than this a station is drawn again, shrunk further
AREA_MAX = 12.0  # the target: a drawing still larger after that is shrunk towards AREA_LIMIT
SQUEEZE_WORK_SHARE = 0.5  # of the work, for drawing a component again tighter
MIN_SHRINK = 0.6  # the most a placement is shrunk to reach that
SPREADS = (1.0, 1.5, 2.5, 4.0)  # scales of the placement tried in turn when routing gets stuck
# components of up to this many stations are drawn several times, keeping the best drawing
# (bigger ones too when their straight-line placement is not crowded: see _turns)
MULTI_START_SMALL = 60
MULTI_START_MEDIUM = 100
TURNS_SMALL = (0.0, 10.0, 20.0, 30.0)  # degrees the placement is turned by, one drawing each
TURNS_MEDIUM = (0.0, 20.0)
# A stress layout of a dense network crowds its middle and leaves the edge empty. Components
# of more than MULTI_START_MEDIUM stations whose straight-line placement has at least
# EVEN_OUT_CROSSINGS crossings a station (planar ones have none) are moved towards even
# density along each axis, EVEN_OUT_SHARES (x, y) of the way, which gives their routes and
# labels room. Labels are wide, so the x axis matters most to them; evened out as far on
# the y axis, drawings bent more (synthetic-medium in eight input orders: bend cost 747 on
# average before, 809 so, 776 with half the share on y).
# Evened out, a drawn component came out 10-25 % larger, more of its anchors near the edge:
# it is drawn at EVEN_OUT_SCALE so that it seldom needs a second, shrunk drawing.
EVEN_OUT_CROSSINGS = 0.1
EVEN_OUT_SHARES = (0.8, 0.4)
EVEN_OUT_SCALE = 0.9
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
    kept_nodes: set[GridPos] = set()  # covered by drawn parts that keep their previous places
    work = search_work(len(network.stations))
    for comp in components(graph):
        share = work * len(comp) // max(len(network.stations), 1)
        layout = _layout_component(graph, comp, previous, previous_edges, share)
        kept = any(s in previous for s in comp)
        if kept and layout.edge_points:
            nodes = _taken_nodes([layout])
            if nodes.isdisjoint(kept_nodes):
                kept_nodes |= nodes
            else:
                # parts are drawn one by one: one that keeps its previous places (two stations
                # newly joined by a line, say) may run into another; it is drawn anew instead
                layout = _layout_component(graph, comp, {}, {}, share)
                kept = False
        placed.append((layout, kept))
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
        k: [(x * spacing, y * spacing) for x, y in corners(pts)]
        for k, pts in merged.edge_points.items()
    }
    labels = place_labels(network, graph, positions, markers, edge_points)
    # inner stations whose labels still overlap something slide along their routes
    make_room(network, graph, positions, markers, edge_points, labels, merged.slides)
    if not previous:  # widening would move stations a previous layout has placed
        labels = widen_for_labels(network, graph, positions, markers, edge_points, labels)
    labels = look_further(network, graph, positions, markers, edge_points, labels)
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
    crowded = len(comp) > MULTI_START_MEDIUM and _crowded(coords, pairs, len(comp))
    evened = crowded and not previous
    if evened:
        coords = even_out(coords, _weights(index, chain_list), EVEN_OUT_SHARES)

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
    # Small and uncrowded components are cheap to draw: try the placement turned by a few
    # angles (turns of less than 45° change how it rounds onto the grid, and so which edges
    # end up crossing), improve the drawing with the fewest crossings, then bends, by local
    # search. The turns are split into two groups, each with its own work budget, drawn side
    # by side in two processes where the machine allows; the better result is kept (the same
    # either way).
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
        kept=frozenset(i for i, a in enumerate(anchors) if a in previous),
        squeeze=EVEN_OUT_SCALE if evened else 1.0,
    )
    if previous:
        groups: list[tuple[float, ...]] = [(0.0,)]
    else:
        turns = _turns(len(comp), crowded)
        groups = [turns[0::2], turns[1::2]] if len(turns) > 1 else [turns]
    _, _, grid, picks_of = min(_in_parallel(job, groups), key=lambda item: (item[0], item[1]))
    # Long chains and wide rings can leave the drawing mostly empty even after the usual
    # shrink: then draw it again, shrunk as far as needed (chains then take detours).
    # A drawing still above the target after that is shrunk once more, a little.
    area = _drawn_area(grid, chain_list, picks_of, len(comp))
    for limit, goal in ((AREA_LIMIT, AREA_GOAL), (AREA_MAX, AREA_LIMIT)):
        if previous or area <= limit:
            break
        job.squeeze *= math.sqrt(goal / area)
        job.work = int(job.work * SQUEEZE_WORK_SHARE)  # keep within the time it has
        _, _, tight, tight_picks = min(
            _in_parallel(job, groups), key=lambda item: (item[0], item[1])
        )
        tight_area = _drawn_area(tight, chain_list, tight_picks, len(comp))
        if tight_area >= area:
            break
        grid, picks_of, area = tight, tight_picks, tight_area

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
    squeeze: float = 1.0  # further scale of the placement beyond the usual shrink
    kept: frozenset[int] = frozenset()  # anchors placed in the previous layout: they stay


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
        shrink = 1.0 if job.previous else _shrink(turned, job.stations) * job.squeeze
        # if the grid gets so crowded that some chain finds no route, spread the anchors out
        for spread in SPREADS:
            targets = [(float(x), float(y)) for x, y in turned * (spread * shrink)]
            origins = snap(targets, job.shapes, job.order, snap_pairs, job.kept)
            grid = Grid()
            for i, anchor in enumerate(job.anchors):
                grid.add_station(anchor, block_nodes(origins[i], job.shapes[i]))
            grid.set_bounds(MARGIN)
            try:
                # what the budget leaves beside the local search's share may go to rerouting
                spare = int(job.work * (1 - MIN_SEARCH_SHARE)) - spent
                picks_of = route_all(
                    job.graph, grid, job.chain_list, job.previous, job.previous_edges, spare
                )
            except RoutingStuck:
                spent += grid.work
                continue
            spent += grid.work
            drawn.append((score(grid, job.chain_list), k, grid, picks_of))
            break
    if not drawn:  # pragma: no cover - the widest spread always routes
        raise RuntimeError("no layout found for a component")
    _, _, grid, picks_of = min(drawn, key=lambda item: (item[0], item[1]))
    # the work budget covers the drawings and their local search: what routing did not use
    # (but at least a share)
    left = max(job.work - spent, int(job.work * MIN_SEARCH_SHARE))
    shape_of = dict(zip(job.anchors, job.shapes, strict=True))
    drawing = Drawing(job.graph, grid, job.chain_list, picks_of, shape_of, job.previous)
    improve_placement(drawing, set(job.previous), left)
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


def _crowded(coords: np.ndarray, pairs: list[tuple[int, int]], stations: int) -> bool:
    """Whether the straight lines between the anchors cross often enough to even them out."""
    index = np.array(pairs)
    starts, ends = coords[index[:, 0]], coords[index[:, 1]]
    crossings = int(crossing_counts(starts, ends, starts, ends).sum()) // 2
    return crossings >= EVEN_OUT_CROSSINGS * stations


def _weights(index: dict[str, int], chain_list: list[Chain]) -> np.ndarray:
    """Stations each anchor (by its `index`) stands for: itself and half the inner stations
    of each of its chains."""
    weights = np.ones(len(index))
    for chain in chain_list:
        weights[index[chain.start]] += len(chain.inner) / 2
        weights[index[chain.end]] += len(chain.inner) / 2
    return weights


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


def _drawn_area(
    grid: Grid, chain_list: list[Chain], picks_of: dict[int, list[int]], stations: int
) -> float:
    """Bounding-box cells a station of a drawn component (as the area target counts them)."""
    points = [node for nodes in grid.blocks.values() for node in nodes]
    for chain in chain_list:
        nodes = grid.routes[chain.id].nodes
        points.extend(nodes[i] for i in picks_of[chain.id])
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    return (max(xs) - min(xs) + 1) * (max(ys) - min(ys) + 1) / max(stations, 1)


def _turns(stations: int, crowded: bool) -> tuple[float, ...]:
    """Angles (degrees) by which to turn the placement of a component, one drawing each.

    A big component whose straight-line placement is not crowded (a transit network, say)
    gets as many as a small one: its drawings cost little of its work, which is
    large, and a turn can give a drawing without the crossing that a route took round the
    wrong side of a station. A crowded one is drawn once: its drawings use up its work."""
    if stations <= MULTI_START_SMALL:
        return TURNS_SMALL
    if stations <= MULTI_START_MEDIUM:
        return TURNS_MEDIUM
    return (0.0,) if crowded else TURNS_SMALL


def _rotation(degrees: float) -> np.ndarray:
    t = math.radians(degrees)
    return np.array([[math.cos(t), math.sin(t)], [-math.sin(t), math.cos(t)]])


def _pack(placed: list[tuple[ComponentLayout, bool]], fresh: bool) -> None:
    """Arrange components without previous positions in rows beside each other: the tallest
    first, in rows as wide as makes the whole box smallest (of a few widths tried).

    A station on no line keeps its previous place only while no other part has grown over
    it (a new stop or route of a part drawn where it was); else it is placed anew."""
    taken = _taken_nodes([lay for lay, _ in placed if lay.edge_points])
    placed = [
        (lay, has_prev and not (_is_lone(lay) and _node_of(lay) in taken))
        for lay, has_prev in placed
    ]
    anchored = [lay for lay, has_prev in placed if has_prev and not fresh]
    free = [lay for lay, has_prev in placed if not (has_prev and not fresh)]
    if anchored:
        boxes = [lay.bbox() for lay in anchored]
        start_x = math.ceil(max(b[2] for b in boxes)) + PACK_GAP
        start_y = math.floor(min(b[1] for b in boxes))
    else:
        start_x = start_y = 0.0
    if not free:
        return
    sizes = {id(lay): lay.bbox() for lay in free}
    tallest_first = sorted(free, key=lambda lay: -_cells_high(sizes[id(lay)]))
    widths = [_cells_wide(b) for b in sizes.values()]
    total = sum(w + PACK_GAP for w in widths)
    candidates = sorted({max(widths), *(max(max(widths), total * k / 8) for k in range(1, 9))})
    best = (math.inf, candidates[0])  # (box area, row width)
    for row_width in candidates:
        spots = _rows(tallest_first, sizes, row_width)
        right = max(
            x + _cells_wide(sizes[id(lay)])
            for lay, (x, _) in zip(tallest_first, spots, strict=True)
        )
        bottom = max(
            y + _cells_high(sizes[id(lay)])
            for lay, (_, y) in zip(tallest_first, spots, strict=True)
        )
        if (right + 1) * (bottom + 1) < best[0]:
            best = ((right + 1) * (bottom + 1), row_width)
    for lay, (x, y) in zip(tallest_first, _rows(tallest_first, sizes, best[1]), strict=True):
        x0, y0, _, _ = sizes[id(lay)]
        lay.shift(start_x + x - math.floor(x0), start_y + y - math.floor(y0))  # whole cells
    _tuck_in_lone_stations([lay for lay, _ in placed], free)


PACK_GAP = 2.0  # free grid cells between components


def _cells_wide(box: tuple[float, float, float, float]) -> int:
    return math.ceil(box[2]) - math.floor(box[0])


def _cells_high(box: tuple[float, float, float, float]) -> int:
    return math.ceil(box[3]) - math.floor(box[1])


def _rows(
    layouts: list[ComponentLayout],
    sizes: dict[int, tuple[float, float, float, float]],
    row_width: float,
) -> list[tuple[float, float]]:
    """Top-left corner of each layout, filled into rows of at most `row_width` cells."""
    spots: list[tuple[float, float]] = []
    x = y = row_height = 0.0
    for lay in layouts:
        w, h = _cells_wide(sizes[id(lay)]), _cells_high(sizes[id(lay)])
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height + PACK_GAP, 0.0
        spots.append((x, y))
        x += w + PACK_GAP
        row_height = max(row_height, h)
    return spots


LONE_ROOM = (1, 3, 1)  # free nodes a lone station needs around it: west, east, north/south


def _tuck_in_lone_stations(layouts: list[ComponentLayout], free: list[ComponentLayout]) -> None:
    """Put stations on no line into free space inside the drawing, near its lower right
    corner, instead of in a row beside it that would widen the map for nothing."""
    lone = [lay for lay in free if _is_lone(lay)]
    drawn = [lay for lay in layouts if lay.edge_points]
    if not lone or not drawn:
        return
    taken = _taken_nodes(drawn)
    # stations on no line stay where the packing or a previous layout put them if they find
    # no room, which can be inside the drawing's box too: no other may land there
    taken.update(_node_of(lay) for lay in layouts if _is_lone(lay))
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


def _is_lone(lay: ComponentLayout) -> bool:
    """Whether a part is a single station on no line."""
    return len(lay.positions) == 1 and not lay.edge_points


def _node_of(lay: ComponentLayout) -> GridPos:
    """The grid node of a single station."""
    x, y = next(iter(lay.positions.values()))
    return round(x), round(y)


def _taken_nodes(drawn: list[ComponentLayout]) -> set[GridPos]:
    """Grid nodes that stations (their markers) and routes of drawn parts cover."""
    taken: set[GridPos] = set()
    for lay in drawn:
        for sid, (x, y) in lay.positions.items():
            w, h = lay.markers.get(sid, (0.0, 0.0))
            for nx in range(math.floor(x - w / 2), math.ceil(x + w / 2) + 1):
                for ny in range(math.floor(y - h / 2), math.ceil(y + h / 2) + 1):
                    taken.add((nx, ny))
        for points in lay.edge_points.values():
            taken.update(_nodes_along(points))
    return taken


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
