"""Room for labels: move inner stations along their routes where their labels overlap.

After routing, every degree-2 station sits on a node of its chain's route. Any other node of
that route that no other route uses could hold it as well, as long as the stations keep their
order along the route: the routes, and so crossings and bends, stay exactly as they are.
After label placement, a station whose label still overlaps a line, a marker or another
label tries the free nodes between its neighbours on the chain (up to REACH nodes away),
each with its best label place given the other labels, and moves where its label and marker
then meet fewer of them. Stations known from the previous layout stay where they are.
Deterministic: slides and stations are visited in routing order, ties go to the nearest node.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray

from metromap.graph import Chain, Graph
from metromap.labels import (
    CLEARANCE,
    EXACT,
    HARD,
    _candidates,
    _obstacle_costs,
    _Obstacles,
    _obstacles,
    label_size,
)
from metromap.model import Network

Point = tuple[float, float]
Box = tuple[float, float, float, float]
FloatArray = NDArray[np.float64]
REACH = 6  # nodes tried on each side of a station's node along its route
PASSES = 2  # sweeps over the stations; a move can open room for a neighbour
SHIFT_COST = 1.0  # preference cost of each node a station moves (below a near miss)


@dataclass
class Slide:
    """A routed chain whose inner stations may slide along its route (grid units).

    `nodes`: the route's nodes from chain.start to chain.end; `usable`: indices of nodes
    that can hold a station; `picks`: the node index of each inner station, increasing;
    `fixed`: stations that must keep their node (known from the previous layout).
    """

    chain: Chain
    nodes: list[Point]
    usable: list[int]
    picks: list[int]
    fixed: list[bool]

    def shift(self, dx: float, dy: float) -> None:
        self.nodes = [(x + dx, y + dy) for x, y in self.nodes]


@dataclass
class _Context:
    """What scoring a station's label at a node needs, in output units."""

    network: Network
    graph: Graph
    ids: list[str]
    index: dict[str, int]
    texts: dict[str, str]
    obs: _Obstacles
    spacing: float
    boxes: FloatArray  # every station's label box (x0, y0, x1, y1), in `ids` order


def make_room(
    network: Network,
    graph: Graph,
    positions: dict[str, Point],
    markers: dict[str, tuple[float, float]],
    edge_points: dict[int, list[Point]],
    labels: dict[str, Box],
    slides: list[Slide],
) -> None:
    """Move inner stations whose labels overlap something; updates the arguments in place.

    Everything is in output units (slides in grid units). Other labels stay where they are:
    a station moves, and takes a new label place, only where its label then overlaps fewer
    lines, markers and labels than before (its marker counted against the other labels too).
    The edges of a chain whose stations moved are cut again at the new nodes.
    """
    movable = [s for s in slides if not all(s.fixed)]
    if not movable:
        return
    spacing = network.options.station_spacing
    ids = [s.id for s in network.stations if s.id in positions]
    obs = _obstacles(graph, ids, positions, markers, edge_points, network.options.line_width)
    index = {sid: k for k, sid in enumerate(ids)}
    boxes = np.array([_corner_box(labels[sid]) for sid in ids], dtype=np.float64)
    texts = {s.id: s.label for s in network.stations}
    ctx = _Context(network, graph, ids, index, texts, obs, spacing, boxes)
    todo = movable
    for _ in range(PASSES):  # a move opens room for its neighbours: their slides again
        moved = []
        for slide in todo:
            changed = False
            for j in range(len(slide.picks)):
                if not slide.fixed[j] and _improve(ctx, slide, j):
                    changed = True
            if changed:
                moved.append(slide)
        todo = moved
    for slide in movable:
        _apply(slide, spacing, positions, edge_points)
    for sid in ids:
        x0, y0 = (float(v) for v in ctx.boxes[index[sid], :2])
        labels[sid] = (x0, y0, labels[sid][2], labels[sid][3])


def _corner_box(label: Box) -> tuple[float, float, float, float]:
    """(x, y, w, h) as (x0, y0, x1, y1)."""
    x, y, w, h = label
    return (x, y, x + w, y + h)


def corners(points: list[Point]) -> list[Point]:
    """The polyline without the points in the middle of straight runs."""
    out = list(points[:1])
    for p, q in pairwise(points[1:]):
        a, b = out[-1], p
        cross = (b[0] - a[0]) * (q[1] - b[1]) - (b[1] - a[1]) * (q[0] - b[0])
        dot = (b[0] - a[0]) * (q[0] - b[0]) + (b[1] - a[1]) * (q[1] - b[1])
        if abs(cross) > 1e-9 or dot <= 0:
            out.append(p)
    if len(points) > 1:
        out.append(points[-1])
    return out


def _improve(ctx: _Context, slide: Slide, j: int) -> bool:
    """Move inner station j of the slide to a free node where its label overlaps less."""
    sid = slide.chain.inner[j]
    k = ctx.index[sid]
    current = slide.picks[j]
    low = slide.picks[j - 1] if j > 0 else 0
    high = slide.picks[j + 1] if j + 1 < len(slide.picks) else len(slide.nodes) - 1
    options = [i for i in slide.usable if low < i < high and 0 < abs(i - current) <= REACH]
    if not options:
        return False
    here = float(_hits(ctx, k, ctx.boxes[k : k + 1], slide.nodes[current])[0])
    if here < HARD:
        return False
    options.sort(key=lambda i: (abs(i - current), i))
    best_i, best, best_box = current, math.floor(here / HARD) * HARD, ctx.boxes[k].copy()
    for i in options:
        cost, box = _best_label(ctx, k, sid, slide.nodes[i])
        cost += SHIFT_COST * abs(i - current)
        if math.floor(cost / HARD) < math.floor(best / HARD):
            best_i, best, best_box = i, cost, box
    _place(ctx, k, slide.nodes[best_i])
    if best_i == current:
        return False
    slide.picks[j] = best_i
    ctx.boxes[k] = best_box
    return True


def _place(ctx: _Context, k: int, node: Point) -> None:
    """Put station k's marker (a dot) at a grid node among the obstacles."""
    x, y = node[0] * ctx.spacing, node[1] * ctx.spacing
    ctx.obs.disc[k, :4] = (x, y, x, y)


def _hits(ctx: _Context, k: int, boxes: FloatArray, node: Point) -> FloatArray:
    """Cost of label boxes of station k with its marker at `node`: lines and markers (as the
    label search counts them), the other labels, and the marker against the other labels."""
    _place(ctx, k, node)
    area = np.concatenate([boxes[:, :2].min(axis=0), boxes[:, 2:].max(axis=0)])
    cost = _obstacle_costs(boxes, ctx.obs, area, k, len(ctx.ids))
    # only the labels and markers that can meet these boxes
    x, y = node[0] * ctx.spacing, node[1] * ctx.spacing
    r = ctx.network.options.line_width * 0.75 + EXACT
    lo = np.minimum(area[:2], (x - r, y - r))
    hi = np.maximum(area[2:], (x + r, y + r))
    b = ctx.boxes
    sel = (b[:, 0] < hi[0]) & (b[:, 2] > lo[0]) & (b[:, 1] < hi[1]) & (b[:, 3] > lo[1])
    sel[k] = False
    others = b[sel]
    ox = np.minimum(boxes[:, None, 2], others[None, :, 2]) - np.maximum(
        boxes[:, None, 0], others[None, :, 0]
    )
    oy = np.minimum(boxes[:, None, 3], others[None, :, 3]) - np.maximum(
        boxes[:, None, 1], others[None, :, 1]
    )
    cost = cost + HARD * ((ox > EXACT / 4) & (oy > EXACT / 4)).sum(axis=1)
    # the marker (grown by 0.75 line width) against the other labels
    dx = np.maximum(np.maximum(others[:, 0] - x, x - others[:, 2]), 0.0)
    dy = np.maximum(np.maximum(others[:, 1] - y, y - others[:, 3]), 0.0)
    return cost + HARD * float((np.hypot(dx, dy) < r).sum())


def _best_label(ctx: _Context, k: int, sid: str, node: Point) -> tuple[float, FloatArray]:
    """The cheapest label box of station k standing at `node`, and its cost."""
    opts = ctx.network.options
    lw, fs = opts.line_width, opts.font_size
    w, h = label_size(ctx.texts[sid], fs)
    x, y = node[0] * ctx.spacing, node[1] * ctx.spacing
    widest = max((len(e.lines) for _, e in ctx.graph.adjacency.get(sid, [])), default=0)
    ring = lw * 0.75 + CLEARANCE
    bundle = max(ring, widest * lw / 2 + CLEARANCE)
    corners, prefs, _ = _candidates(x, y, 0.0, 0.0, w, h, ring, bundle, ctx.spacing, fs)
    tl = np.round(corners, 2)
    boxes = np.concatenate([tl, tl + np.array([w, h])], axis=1)
    cost = _hits(ctx, k, boxes, node) + prefs
    best = int(np.argmin(cost))
    return float(cost[best]), boxes[best]


def _apply(
    slide: Slide, spacing: float, positions: dict[str, Point], edge_points: dict[int, list[Point]]
) -> None:
    """Put the slide's stations on their nodes and cut its edges there (output units)."""
    chain = slide.chain
    nodes = [(x * spacing, y * spacing) for x, y in slide.nodes]
    idx = [0, *slide.picks, len(nodes) - 1]
    for k, edge in enumerate(chain.edges):
        pts = corners(nodes[idx[k] : idx[k + 1] + 1])
        if edge.a != chain.stations[k]:
            pts.reverse()
        edge_points[id(edge)] = pts
    for sid, i in zip(chain.inner, slide.picks, strict=True):
        positions[sid] = nodes[i]
