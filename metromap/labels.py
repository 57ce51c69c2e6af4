"""Label placement: each label box beside its station, clear of other labels, stations and lines.

Every station gets candidate boxes around its marker: sliding along each side and in the four
quadrants between the sides, at up to one station spacing from a ring around the marker. Only
where none of them is clear of every line and marker, places up to max(FAR_GAPS) spacings out
that are clear are added (FAR_GAPS = () keeps every label within one spacing). A last pass
(`look_further`) offers them also to labels whose near places are clear of lines but that
still overlap another label once all are placed.
Conflicts are measured as the independent checker counts them: a label against another label
(positive overlap area), against a station marker grown by 0.75 line width, and against an
edge's bundle (its polyline buffered by half the bundle width, flat ends, round joins; one
count per edge). A near miss within CLEARANCE is a soft conflict. The costs of each candidate
against the fixed obstacles and the label/label conflicts between candidates are computed once
with numpy; one candidate per station is then chosen by best-response moves and a seeded
simulated annealing, keeping the best assignment found.
"""

from __future__ import annotations

import math
import random
from collections.abc import Collection
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray

from metromap.graph import Graph
from metromap.model import Network

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # x, y, w, h
FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

CHAR_WIDTH = 0.56  # of the font size; the contract asks for at least 0.55
LINE_HEIGHT = 1.0  # of the font size: the contract's minimum (the text is centred in it)
CLEARANCE = 1.0  # output units kept free around a label when possible
NEAR = CLEARANCE - 0.05  # a near miss: closer than this (a box at CLEARANCE is not one)
HARD = 1000.0  # cost of one overlap the checker counts
SOFT = 10.0  # cost of one near miss (within CLEARANCE)
AMBIGUOUS = 5.0  # cost of a label nearer to another station than to its own
EXACT = 0.02  # safety margin of a hard test (coordinates are rounded to 0.01 on output)
OVERLAP_EPS = 0.02  # output units: placed boxes overlapping less than this do not count
GAPS = (0.0, 0.25, 0.5, 0.75, 1.0)  # distances beyond the ring, in station spacings
QUAD_GAPS = (0.0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1.0)  # on each axis, between sides
FAR_GAPS = (1.5, 2.0)  # further gaps (station spacings), tried only where no near place is clear
FAR_QUAD_GAPS = (0.0, 0.5, 1.0, 1.5, 2.0)  # the quadrant places of those beyond one spacing
FAR_KEEP = 16  # far places kept per station
FURTHER_LIMIT = 20  # overlapping labels up to which all are placed again, looking further
FAR_PREF = 100.0  # preference cost of a far place (above a near miss, below an overlap)
DISTANCE_PREF = 8.0  # preference cost of a gap of one station spacing (below SOFT)
SIDE_STEPS = 7  # positions along an east or west side
TOP_STEP = 0.75  # of the font size: step of the positions along a north or south side
MAX_TOP_STEPS = 32  # at most this many positions along a north or south side (long labels)
SEED = 20261130
MAX_KEEP = 48  # candidates kept per station, the cheapest of each family in turn
MAX_KEEP_CLEAR = 64  # the same for a station with clear places (more room to dodge labels)
SLACK = 1  # a station that cannot avoid every fixed obstacle may hit this many more
ANNEAL_STEPS = 30  # annealing moves per station that can meet another label
ANNEAL_T = (0.3, 0.003)  # start and end temperatures, in units of HARD


def label_size(text: str, font_size: float) -> tuple[float, float]:
    """Width and height of a label box (a little above the contract's minimum)."""
    return (math.ceil(CHAR_WIDTH * font_size * len(text) + 2.0), math.ceil(LINE_HEIGHT * font_size))


@dataclass
class _Obstacles:
    """Fixed geometry a label must avoid, as numpy arrays.

    `disc`: rounded boxes (x0, y0, x1, y1, radius): station markers, the round joins of
    bundles and their horizontal and vertical pieces (radius 0). `frames`: the diagonal
    pieces of bundles (see _segment_frames). Each item belongs to a group
    (a station or an edge); the checker counts one overlap per label and group.
    """

    disc: FloatArray
    disc_group: IntArray
    frames: FloatArray  # see _segment_frames
    seg_group: IntArray


def _obstacles(
    graph: Graph,
    ids: list[str],
    positions: dict[str, Point],
    markers: dict[str, tuple[float, float]],
    edge_points: dict[int, list[Point]],
    line_width: float,
) -> _Obstacles:
    """Station markers, bundle segments and joins; groups are stations, then edges."""
    disc: list[tuple[float, float, float, float, float]] = []
    disc_group: list[int] = []
    for k, sid in enumerate(ids):
        x, y = positions[sid]
        mw, mh = markers.get(sid, (0.0, 0.0))
        disc.append((x - mw / 2, y - mh / 2, x + mw / 2, y + mh / 2, line_width * 0.75))
        disc_group.append(k)
    seg: list[tuple[float, float, float, float, float]] = []
    seg_group: list[int] = []
    for e, edge in enumerate(graph.edges):
        group = len(ids) + e
        hw = len(edge.lines) * line_width / 2
        pts = _dedupe(edge_points[id(edge)])
        for p, q in pairwise(pts):
            if abs(p[0] - q[0]) <= 1e-9 or abs(p[1] - q[1]) <= 1e-9:
                # horizontal or vertical: the bundle is an axis-aligned box (a disc of radius 0)
                ex = hw if abs(p[0] - q[0]) <= 1e-9 else 0.0
                ey = hw - ex
                x0, x1 = min(p[0], q[0]) - ex, max(p[0], q[0]) + ex
                disc.append((x0, min(p[1], q[1]) - ey, x1, max(p[1], q[1]) + ey, 0.0))
                disc_group.append(group)
            else:
                seg.append((p[0], p[1], q[0], q[1], hw))
                seg_group.append(group)
        for p in pts[1:-1]:
            disc.append((p[0], p[1], p[0], p[1], hw))
            disc_group.append(group)
    return _Obstacles(
        np.array(disc, dtype=np.float64).reshape(-1, 5),
        np.array(disc_group, dtype=np.int64),
        _segment_frames(np.array(seg, dtype=np.float64).reshape(-1, 5)),
        np.array(seg_group, dtype=np.int64),
    )


def _dedupe(pts: list[Point]) -> list[Point]:
    """The polyline without repeated points."""
    out: list[Point] = []
    for p in pts:
        if not out or math.dist(out[-1], p) > 1e-6:
            out.append(p)
    return out


def _candidates(
    x: float,
    y: float,
    mw: float,
    mh: float,
    w: float,
    h: float,
    ring: float,
    bundle: float,
    spacing: float,
    font_size: float,
    gaps: tuple[tuple[float, ...], tuple[float, ...]] = (GAPS, QUAD_GAPS),
    beyond: float | None = None,
) -> tuple[FloatArray, FloatArray, IntArray]:
    """Top-left corners (K, 2) of the label boxes around one station, a preference each, and
    the family of each (one per side and quadrant).

    The boxes slide along each side of the marker and sit in the four quadrants between the
    sides, at a gap of `ring` plus up to one station spacing (GAPS) on each axis, and just
    clear of the widest bundle at the station (`bundle`, its half width plus CLEARANCE). The
    preference (lower is better) grows with the gap, off the conventional east side and away
    from centred positions.
    """
    d = _distances(ring, bundle, gaps[0], spacing)
    dist_pref = DISTANCE_PREF * (d - ring) / spacing
    # the ends of each slide are corners of the quadrant grids below, so they are left out
    t = np.linspace(0.0, 1.0, SIDE_STEPS)[1:-1]
    ty = y - mh / 2 - h - bundle + t * (mh + h + 2 * bundle)
    n_top = min(MAX_TOP_STEPS, max(3, math.ceil((w + mw) / (TOP_STEP * font_size)) + 1))
    u = np.linspace(0.0, 1.0, n_top)[1:-1]
    tx = x - mw / 2 - w - bundle + u * (mw + w + 2 * bundle)
    n_gaps, n_side, n_top = len(d), len(t), len(u)
    side_pref = np.repeat(dist_pref, n_side) + np.tile(np.abs(t - 0.5), n_gaps)
    top_pref = np.repeat(dist_pref, n_top) + np.tile(np.abs(u - 0.5), n_gaps)
    dq = _distances(ring, bundle, gaps[1], spacing)
    qa, qb = np.repeat(dq, len(dq)), np.tile(dq, len(dq))
    if beyond is not None:  # only the quadrant places further out than `beyond`
        out = np.maximum(qa, qb) > ring + beyond * spacing + 1e-9
        qa, qb = qa[out], qb[out]
    quad_pref = DISTANCE_PREF * (np.maximum(qa, qb) - ring) / spacing + 1.0
    east, west = x + mw / 2 + qa, x - mw / 2 - qa - w
    south, north = y + mh / 2 + qb, y - mh / 2 - qb - h
    xs = [
        np.repeat(x + mw / 2 + d, n_side),  # east side
        np.repeat(x - mw / 2 - d - w, n_side),  # west side
        np.tile(tx, n_gaps),  # north side
        np.tile(tx, n_gaps),  # south side
        east,  # the quadrants: south-east, north-east, south-west, north-west
        east,
        west,
        west,
    ]
    ys = [
        np.tile(ty, n_gaps),
        np.tile(ty, n_gaps),
        np.repeat(y - mh / 2 - d - h, n_top),
        np.repeat(y + mh / 2 + d, n_top),
        south,
        north,
        south,
        north,
    ]
    prefs = [side_pref, side_pref + 0.3, top_pref + 0.6, top_pref + 0.7] + [quad_pref] * 4
    sizes = [len(v) for v in xs]
    corners = np.stack([np.concatenate(xs), np.concatenate(ys)], axis=1)
    return corners, np.concatenate(prefs), np.repeat(np.arange(len(xs)), sizes)


def _distances(ring: float, bundle: float, gaps: tuple[float, ...], spacing: float) -> FloatArray:
    """Gaps between a label and its marker: ring plus `gaps` station spacings, and `bundle`."""
    d = ring + np.asarray(gaps) * spacing
    if bundle > ring + 1e-9 and not np.isclose(d, bundle).any():
        d = np.sort(np.r_[d, bundle])
    return d


def _disc_gaps(boxes: FloatArray, disc: FloatArray) -> FloatArray:
    """Boxes (K, 4) against rounded boxes (M, 5): (K, M) distance minus radius (< 0: overlap)."""
    dx = np.maximum(
        np.maximum(disc[None, :, 0] - boxes[:, None, 2], boxes[:, None, 0] - disc[None, :, 2]), 0.0
    )
    dy = np.maximum(
        np.maximum(disc[None, :, 1] - boxes[:, None, 3], boxes[:, None, 1] - disc[None, :, 3]), 0.0
    )
    return np.sqrt(dx * dx + dy * dy) - disc[None, :, 4]


def _segment_frames(seg: FloatArray) -> FloatArray:
    """Per segment (px, py, qx, qy, hw): its bounding box grown by its half width on the
    axes, its unit direction, and its extents along the direction and the normal."""
    px, py, qx, qy, hw = (seg[:, i] for i in range(5))
    length = np.hypot(qx - px, qy - py)
    ux, uy = (qx - px) / length, (qy - py) / length
    nx, ny = -uy, ux
    ex, ey = hw * np.abs(nx), hw * np.abs(ny)
    pu, pn = px * ux + py * uy, px * nx + py * ny
    return np.stack(
        [
            np.minimum(px, qx) - ex,
            np.minimum(py, qy) - ey,
            np.maximum(px, qx) + ex,
            np.maximum(py, qy) + ey,
            ux,
            uy,
            pu,
            pu + length,
            pn - hw,
            pn + hw,
        ],
        axis=1,
    )


def _seg_gaps(boxes: FloatArray, frames: FloatArray) -> FloatArray:
    """Boxes (K, 4) against segment rectangles (M frames) by separating axes.

    (K, M): the least overlap of the projections on the four axes (x, y, the segment's
    direction and its normal); > 0 means the box and the rectangle overlap.
    """
    sx0, sy0, sx1, sy1, ux, uy, u0, u1, n0, n1 = (frames[:, i][None, :] for i in range(10))
    x0, y0, x1, y1 = (boxes[:, i][:, None] for i in range(4))
    cx, cy, hx, hy = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
    ax, ay = np.abs(ux), np.abs(uy)
    bu, ru = cx * ux + cy * uy, hx * ax + hy * ay
    bn, rn = cy * ux - cx * uy, hx * ay + hy * ax
    worst = np.minimum(x1, sx1) - np.maximum(x0, sx0)
    worst = np.minimum(worst, np.minimum(y1, sy1) - np.maximum(y0, sy0))
    worst = np.minimum(worst, np.minimum(bu + ru, u1) - np.maximum(bu - ru, u0))
    return np.minimum(worst, np.minimum(bn + rn, n1) - np.maximum(bn - rn, n0))


def _group_max(values: FloatArray, groups: IntArray) -> FloatArray:
    """Per row, the largest value of each group (`groups` sorted, one per column)."""
    if values.shape[1] == 0:
        return np.full((values.shape[0], 1), -np.inf)
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    return np.maximum.reduceat(values, starts, axis=1)


def _obstacle_costs(
    boxes: FloatArray, obs: _Obstacles, area: FloatArray, owner: int, n_stations: int
) -> FloatArray:
    """Cost of each box of station `owner` against markers and bundles near `area`.

    A box nearer to another station's marker than to its own is ambiguous and costs AMBIGUOUS.
    """
    lo, hi = area[:2] - CLEARANCE, area[2:] + CLEARANCE
    dsel = _near(obs.disc[:, :4], obs.disc[:, 4], lo, hi)
    ssel = _near(obs.frames[:, :4], np.zeros(len(obs.frames)), lo, hi)
    groups = np.concatenate([obs.disc_group[dsel], obs.seg_group[ssel]])
    order = np.argsort(groups, kind="stable")
    disc_gaps = _disc_gaps(boxes, obs.disc[dsel])
    # one figure per pair, > 0 when they overlap, in output units
    overlap = np.concatenate([-disc_gaps, _seg_gaps(boxes, obs.frames[ssel])], axis=1)[:, order]
    groups = groups[order]
    per_group = _group_max(overlap, groups)
    n_hard = (per_group > -EXACT).sum(axis=1)
    n_soft = (per_group > -NEAR).sum(axis=1)
    cost = HARD * n_hard + SOFT * (n_soft - n_hard)
    station_groups = obs.disc_group[dsel]
    own = station_groups == owner
    others = (station_groups < n_stations) & ~own
    if others.any() and own.any():
        nearest_other = disc_gaps[:, others].min(axis=1)
        cost += AMBIGUOUS * (nearest_other < disc_gaps[:, own].min(axis=1))
    return cost


def _near(bbox: FloatArray, reach: FloatArray, lo: FloatArray, hi: FloatArray) -> IntArray:
    """Indices of items whose box grown by `reach` meets the box lo..hi."""
    ok = (
        (bbox[:, 0] - reach < hi[0])
        & (bbox[:, 2] + reach > lo[0])
        & (bbox[:, 1] - reach < hi[1])
        & (bbox[:, 3] + reach > lo[1])
    )
    return np.flatnonzero(ok)


def _diverse_first(cost: FloatArray, family: IntArray) -> IntArray:
    """An order of candidates: the cheapest of each family, then the second cheapest, ..."""
    order = np.lexsort((np.arange(len(cost)), cost, family))
    fam = family[order]
    first = np.r_[0, np.flatnonzero(fam[1:] != fam[:-1]) + 1]
    rank = np.arange(len(order)) - np.repeat(first, np.diff(np.r_[first, len(order)]))
    ranked = np.empty(len(order), dtype=np.int64)
    ranked[order] = rank
    return np.lexsort((np.arange(len(cost)), cost, ranked))


@dataclass
class _Problem:
    """Candidates of all stations (station k owns boxes[start[k]:start[k+1]])."""

    boxes: FloatArray
    start: IntArray
    cost: FloatArray  # obstacle cost plus preference, per candidate
    nbr_start: IntArray  # CSR of label/label conflicts between candidates
    nbr: IntArray
    weight: FloatArray


def _build_problem(
    network: Network,
    graph: Graph,
    ids: list[str],
    positions: dict[str, Point],
    markers: dict[str, tuple[float, float]],
    edge_points: dict[int, list[Point]],
    look_far: Collection[str] = (),
) -> _Problem:
    """Candidate boxes, their costs against fixed obstacles and their mutual conflicts.
    Stations in `look_far` get the places further out even where near ones are clear."""
    opts = network.options
    spacing, lw, fs = opts.station_spacing, opts.line_width, opts.font_size
    obs = _obstacles(graph, ids, positions, markers, edge_points, lw)
    texts = {s.id: s.label for s in network.stations}
    kept: list[FloatArray] = []
    kept_cost: list[FloatArray] = []
    for k, sid in enumerate(ids):
        x, y = positions[sid]
        mw, mh = markers.get(sid, (0.0, 0.0))
        w, h = label_size(texts[sid], fs)
        ring = lw * 0.75 + CLEARANCE
        near = _near_places(network, graph, sid, texts[sid], k, ids, positions, markers, obs)
        boxes, cost, family = near
        # a candidate hitting many more fixed obstacles than the station's best is never kept
        hard = np.floor(cost / HARD)
        least = hard.min()
        keep = np.flatnonzero(hard <= least + (SLACK if least > 0 else 0))
        limit = MAX_KEEP if least > 0 else MAX_KEEP_CLEAR
        keep = keep[_diverse_first(cost[keep], family[keep])[:limit]]
        boxes, cost = boxes[keep], cost[keep]
        if (least > 0 or sid in look_far) and FAR_GAPS:
            # no place within one spacing avoids every line: look further, for a clear place
            far, far_cost = _far_places(x, y, mw, mh, w, h, ring, spacing, fs, obs, k, len(ids))
            boxes = np.concatenate([boxes, far])
            cost = np.concatenate([cost, far_cost])
        kept.append(boxes)
        kept_cost.append(cost)
    start = np.zeros(len(ids) + 1, dtype=np.int64)
    start[1:] = np.cumsum([len(b) for b in kept])
    boxes = np.concatenate(kept) if kept else np.zeros((0, 4))
    cost = np.concatenate(kept_cost) if kept_cost else np.zeros(0)
    nbr_start, nbr, weight = _label_conflicts(boxes, start)
    return _Problem(boxes, start, cost, nbr_start, nbr, weight)


def _near_places(
    network: Network,
    graph: Graph,
    sid: str,
    text: str,
    k: int,
    ids: list[str],
    positions: dict[str, Point],
    markers: dict[str, tuple[float, float]],
    obs: _Obstacles,
) -> tuple[FloatArray, FloatArray, IntArray]:
    """Boxes (x0, y0, x1, y1) within one spacing of station `sid` (number k of `ids`) for its
    label `text`, their costs against the fixed obstacles plus their preferences, and their
    families."""
    opts = network.options
    spacing, lw, fs = opts.station_spacing, opts.line_width, opts.font_size
    x, y = positions[sid]
    mw, mh = markers.get(sid, (0.0, 0.0))
    w, h = label_size(text, fs)
    widest = max((len(e.lines) for _, e in graph.adjacency.get(sid, [])), default=0)
    ring = lw * 0.75 + CLEARANCE
    bundle = max(ring, widest * lw / 2 + CLEARANCE)
    corners, prefs, family = _candidates(x, y, mw, mh, w, h, ring, bundle, spacing, fs)
    tl = np.round(corners, 2)
    boxes = np.concatenate([tl, tl + np.array([w, h])], axis=1)
    area = np.concatenate([boxes[:, :2].min(axis=0), boxes[:, 2:].max(axis=0)])
    return boxes, _obstacle_costs(boxes, obs, area, k, len(ids)) + prefs, family


def _far_places(
    x: float,
    y: float,
    mw: float,
    mh: float,
    w: float,
    h: float,
    ring: float,
    spacing: float,
    font_size: float,
    obs: _Obstacles,
    owner: int,
    n_stations: int,
) -> tuple[FloatArray, FloatArray]:
    """Boxes between one and max(FAR_GAPS) spacings from the marker that meet no obstacle,
    with their costs (FAR_PREF more than a near place): at most FAR_KEEP of them."""
    gaps = (FAR_GAPS, FAR_QUAD_GAPS)
    corners, prefs, family = _candidates(
        x, y, mw, mh, w, h, ring, ring, spacing, font_size, gaps, GAPS[-1]
    )
    tl = np.round(corners, 2)
    boxes = np.concatenate([tl, tl + np.array([w, h])], axis=1)
    area = np.concatenate([boxes[:, :2].min(axis=0), boxes[:, 2:].max(axis=0)])
    cost = _obstacle_costs(boxes, obs, area, owner, n_stations) + prefs + FAR_PREF
    clear = np.flatnonzero(cost < HARD)
    clear = clear[_diverse_first(cost[clear], family[clear])[:FAR_KEEP]]
    return boxes[clear], cost[clear]


def _label_conflicts(boxes: FloatArray, start: IntArray) -> tuple[IntArray, IntArray, FloatArray]:
    """Label/label conflicts between candidates of different stations, as a weighted CSR."""
    n_st = len(start) - 1
    lo = np.array([boxes[start[k] : start[k + 1], :2].min(axis=0) for k in range(n_st)])
    hi = np.array([boxes[start[k] : start[k + 1], 2:].max(axis=0) for k in range(n_st)])
    rows: list[IntArray] = []
    cols: list[IntArray] = []
    wts: list[FloatArray] = []
    for k in range(n_st):
        near = np.flatnonzero(
            (lo[k + 1 :, 0] < hi[k, 0] + CLEARANCE)
            & (hi[k + 1 :, 0] > lo[k, 0] - CLEARANCE)
            & (lo[k + 1 :, 1] < hi[k, 1] + CLEARANCE)
            & (hi[k + 1 :, 1] > lo[k, 1] - CLEARANCE)
        )
        if len(near) == 0:
            continue
        others = np.concatenate([np.arange(start[j], start[j + 1]) for j in near + k + 1])
        a, b = boxes[start[k] : start[k + 1]], boxes[others]
        ox = np.minimum(a[:, None, 2], b[None, :, 2]) - np.maximum(a[:, None, 0], b[None, :, 0])
        oy = np.minimum(a[:, None, 3], b[None, :, 3]) - np.maximum(a[:, None, 1], b[None, :, 1])
        hard = (ox > EXACT / 4) & (oy > EXACT / 4)
        soft = (ox > -NEAR) & (oy > -NEAR)
        r, c = np.nonzero(soft)
        if len(r) == 0:
            continue
        rows.append(r + start[k])
        cols.append(others[c])
        wts.append(np.where(hard[r, c], HARD, SOFT))
    n = len(boxes)
    if not rows:
        return np.zeros(n + 1, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
    r_all = np.concatenate(rows + cols)
    c_all = np.concatenate(cols + rows)
    w_all = np.concatenate(wts + wts)
    order = np.lexsort((c_all, r_all))
    nbr_start = np.zeros(n + 1, dtype=np.int64)
    nbr_start[1:] = np.cumsum(np.bincount(r_all, minlength=n))
    return nbr_start, c_all[order], w_all[order]


class _Search:
    """An assignment of one candidate per station with incremental conflict loads."""

    def __init__(self, problem: _Problem, initial: IntArray | None = None) -> None:
        self.p = problem
        self.n = len(problem.start) - 1
        self.load = np.zeros(len(problem.boxes))
        self.choice = np.zeros(self.n, dtype=np.int64)
        for k in range(self.n):
            lo, hi = problem.start[k], problem.start[k + 1]
            if initial is not None and initial[k] >= 0:
                self.choice[k] = initial[k]
            else:
                self.choice[k] = lo + int(np.argmin(problem.cost[lo:hi]))
            self._apply(int(self.choice[k]), 1.0)

    def _apply(self, c: int, sign: float) -> None:
        p = self.p
        lo, hi = p.nbr_start[c], p.nbr_start[c + 1]
        self.load[p.nbr[lo:hi]] += sign * p.weight[lo:hi]

    def move(self, k: int, c: int) -> None:
        """Station k takes candidate c."""
        self._apply(int(self.choice[k]), -1.0)
        self.choice[k] = c
        self._apply(c, 1.0)

    def set(self, choice: IntArray) -> None:
        """Take a whole assignment."""
        for k in range(self.n):
            if choice[k] != self.choice[k]:
                self.move(k, int(choice[k]))

    def local(self, k: int) -> FloatArray:
        """Cost of each candidate of station k given the others' choices."""
        lo, hi = self.p.start[k], self.p.start[k + 1]
        return self.p.cost[lo:hi] + self.load[lo:hi]

    def total(self) -> float:
        c = self.choice
        return float(self.p.cost[c].sum() + self.load[c].sum() / 2)

    def descend(self, stations: list[int], max_passes: int = 20) -> None:
        """Best-response moves until no station can lower its own cost."""
        for _ in range(max_passes):
            moved = False
            for k in stations:
                local = self.local(k)
                best = int(np.argmin(local))
                cur = int(self.choice[k]) - int(self.p.start[k])
                if local[best] < local[cur] - 1e-9:
                    self.move(k, int(self.p.start[k]) + best)
                    moved = True
            if not moved:
                return


def _optimise(problem: _Problem, initial: IntArray | None = None) -> IntArray:
    """A good assignment: best response, then seeded simulated annealing, then best response;
    from the `initial` candidates where given (-1: the cheapest), which it never ends worse
    than."""
    search = _Search(problem, initial)
    everyone = list(range(search.n))
    search.descend(everyone)
    ns, nb = problem.start, problem.nbr_start
    # only stations whose candidates can meet another label can gain from a change
    active = [k for k in everyone if nb[ns[k + 1]] > nb[ns[k]] and ns[k + 1] - ns[k] > 1]
    if not active:
        return search.choice.copy()
    best = search.choice.copy()
    best_total = current = search.total()
    rng = random.Random(SEED)  # noqa: S311 - a fixed seed for a reproducible search
    steps = ANNEAL_STEPS * len(active)
    t_hi, t_lo = ANNEAL_T[0] * HARD, ANNEAL_T[1] * HARD
    active_arr = np.array(active)
    hot = active
    for step in range(steps):
        temp = t_hi * (t_lo / t_hi) ** (step / steps)
        if step % len(active) == 0:  # the labels that overlap something now get half the moves
            now = search.choice[active_arr]
            hot = active_arr[problem.cost[now] + search.load[now] >= HARD].tolist() or active
        pool = hot if rng.random() < 0.5 else active
        k = pool[rng.randrange(len(pool))]
        lo = int(ns[k])
        c = lo + rng.randrange(int(ns[k + 1]) - lo)
        cur = int(search.choice[k])
        if c == cur:
            continue
        delta = float(problem.cost[c] + search.load[c] - problem.cost[cur] - search.load[cur])
        if delta <= 0 or rng.random() < math.exp(-delta / temp):
            search.move(k, c)
            current += delta
            if current < best_total - 1e-6:
                best_total = current
                best = search.choice.copy()
    search.set(best)
    search.descend(everyone)
    return search.choice.copy()


def place_labels(
    network: Network,
    graph: Graph,
    positions: dict[str, Point],
    markers: dict[str, tuple[float, float]],
    edge_points: dict[int, list[Point]],
    look_far: Collection[str] = (),
    start: dict[str, Box] | None = None,
) -> dict[str, Box]:
    """Place every label (all in output units); returns id -> (x, y, w, h). Stations in
    `look_far` may take places up to max(FAR_GAPS) spacings out even where nearer ones are
    clear of lines and markers. The search starts from the `start` boxes where they are
    among a station's places (labels placed before a small change of the drawing): placed
    afresh, labels far from the change could end up worse than they were."""
    ids = [s.id for s in network.stations if s.id in positions]
    if not ids:
        return {}
    problem = _build_problem(network, graph, ids, positions, markers, edge_points, look_far)
    initial = None if start is None else _candidates_of(problem, [start.get(sid) for sid in ids])
    choice = _optimise(problem, initial)
    texts = {s.id: s.label for s in network.stations}
    out: dict[str, Box] = {}
    for k, sid in enumerate(ids):
        x0, y0 = (float(v) for v in problem.boxes[choice[k], :2])
        out[sid] = (x0, y0, *label_size(texts[sid], network.options.font_size))
    return out


def _candidates_of(problem: _Problem, boxes: list[Box | None]) -> IntArray:
    """Per station, the candidate whose box is the given one (-1 where it is none of them)."""
    found = np.full(len(boxes), -1, dtype=np.int64)
    for k, b in enumerate(boxes):
        if b is None:
            continue
        lo, hi = int(problem.start[k]), int(problem.start[k + 1])
        off = np.abs(problem.boxes[lo:hi, :2] - np.array(b[:2])).max(axis=1)
        best = int(np.argmin(off)) if hi > lo else -1
        if best >= 0 and off[best] < EXACT:
            found[k] = lo + best
    return found


def look_further(
    network: Network,
    graph: Graph,
    positions: dict[str, Point],
    markers: dict[str, tuple[float, float]],
    edge_points: dict[int, list[Point]],
    labels: dict[str, Box],
) -> dict[str, Box]:
    """The labels placed again, those that still overlap something free to go further out
    (their near places may all be clear of lines and markers, yet each meet another
    label), if fewer overlaps are left so; else the labels as they were. Only where at
    most FURTHER_LIMIT overlap: on a dense network far places are as full as near ones."""
    before = label_conflicts(network, graph, positions, markers, edge_points, labels)
    if not before or len(before) > FURTHER_LIMIT or not FAR_GAPS:
        return labels
    # a station with no near place clear of lines and markers was offered the far ones
    # already: only those with one can gain
    ids = [s.id for s in network.stations if s.id in positions]
    obs = _obstacles(graph, ids, positions, markers, edge_points, network.options.line_width)
    index = {sid: k for k, sid in enumerate(ids)}
    texts = {s.id: s.label for s in network.stations}

    def clear_near(sid: str) -> bool:
        args = (sid, texts[sid], index[sid], ids, positions, markers, obs)
        return bool(_near_places(network, graph, *args)[1].min() < HARD)

    if not any(clear_near(sid) for sid in before):
        return labels
    placed = place_labels(network, graph, positions, markers, edge_points, set(before))
    after = label_conflicts(network, graph, positions, markers, edge_points, placed)
    return placed if sum(after.values()) < sum(before.values()) else labels


def label_conflicts(
    network: Network,
    graph: Graph,
    positions: dict[str, Point],
    markers: dict[str, tuple[float, float]],
    edge_points: dict[int, list[Point]],
    labels: dict[str, Box],
) -> dict[str, int]:
    """Stations whose label overlaps lines, markers or other labels, with how many."""
    ids = [s.id for s in network.stations if s.id in positions]
    obs = _obstacles(graph, ids, positions, markers, edge_points, network.options.line_width)
    boxes = np.array(
        [(x, y, x + w, y + h) for x, y, w, h in (labels[sid] for sid in ids)], dtype=np.float64
    ).reshape(-1, 4)
    out: dict[str, int] = {}
    for k, sid in enumerate(ids):
        box = boxes[k : k + 1]
        hits = int(_obstacle_costs(box, obs, box[0], k, len(ids))[0] // HARD)
        ox = np.minimum(box[0, 2], boxes[:, 2]) - np.maximum(box[0, 0], boxes[:, 0])
        oy = np.minimum(box[0, 3], boxes[:, 3]) - np.maximum(box[0, 1], boxes[:, 1])
        both = (ox > OVERLAP_EPS) & (oy > OVERLAP_EPS)
        both[k] = False
        hits += int(both.sum())
        if hits:
            out[sid] = hits
    return out
