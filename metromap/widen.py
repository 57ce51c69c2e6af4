"""Room for labels by widening the drawing along cuts.

A label that still overlaps a line or another label after placement often sits in a gap one
grid cell wide, between two parallel runs. Such a gap can be widened: a cut runs from the
top of the drawing to the bottom, between two columns in each row, and everything right of
it moves one column to the right (labels are wide and low: what they meet is mostly beside
them). Where the cut crosses a horizontal segment, the segment just gets longer. Between two
rows the cut may move sideways; a step between those rows with one end moved and the other
not is reshaped: a vertical step turns diagonal or back, or a diagonal one gets a bend node
in the new column. Each reshaped step costs its lines two bends; a cut reshapes the steps of
at most MAX_SPLIT lines and never splits a station's marker. Every segment stays
octilinear, and as the columns of each row keep their order, no crossing or line order
changes.

The cheapest cut through a given place is a dynamic programme over the rows. For every
station whose label still overlaps something, a cut is made beside the station on the side
its label reaches out to; then every label is placed again, and the widened drawing is kept
only if fewer labels overlap and the area stays within AREA_CAP. Deterministic: stations in
input order, the straightest of equally cheap cuts, ties to the lower column.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray

from metromap.graph import Graph
from metromap.labels import label_conflicts, place_labels
from metromap.model import Network
from metromap.room import corners

Point = tuple[float, float]
Node = tuple[int, int]  # (column, row) on the grid
Box = tuple[float, float, float, float]  # x, y, w, h
FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

ROUNDS = 3  # widen, place the labels again, and keep it if it helped: at most this often
AREA_CAP = 11.9  # bounding-box cells a station that widening must not exceed (target: 12)
MAX_STATIONS = 400  # larger networks are widened only where few labels overlap
MAX_TRIES = 60  # cuts looked for in one round
SINGLE_LIMIT = 8  # stations with overlapping labels up to which single cuts are tried
MAX_SPLIT = 6  # lines whose diagonal steps one cut may split (two bends more each)
JOG = 1e-3  # cost of moving a cut by one column between rows: straight cuts first
OFFSETS = (-2, -1, 0, 1, 2)  # columns a cut may move by from one row to the next


@dataclass
class Geometry:
    """The geometry a cut changes, in output units."""

    positions: dict[str, Point]
    markers: dict[str, tuple[float, float]]
    edge_points: dict[int, list[Point]]
    # the drawing in grid units, made at its first cut (the geometry is not changed after)
    frame: _Frame | None = field(default=None, repr=False, compare=False)

    def area(self, spacing: float, more: tuple[int, int] = (0, 0)) -> float:
        """Bounding-box cells a station, with `more` columns and rows."""
        xs = [x for x, _ in self.positions.values()]
        ys = [y for _, y in self.positions.values()]
        width = max(xs) - min(xs) + spacing * (1 + more[0])
        height = max(ys) - min(ys) + spacing * (1 + more[1])
        return width * height / (len(self.positions) * spacing * spacing)


def widen_for_labels(
    network: Network,
    graph: Graph,
    positions: dict[str, Point],
    markers: dict[str, tuple[float, float]],
    edge_points: dict[int, list[Point]],
    labels: dict[str, Box],
) -> dict[str, Box]:
    """Widen the drawing where labels overlap; updates the geometry in place and returns the
    labels (placed again where the drawing changed)."""
    spacing = network.options.station_spacing
    lines = {id(edge): len(edge.lines) for edge in graph.edges}
    current = Geometry(dict(positions), dict(markers), dict(edge_points))
    if not _on_grid(current, spacing):
        return labels
    overlapping = label_conflicts(
        network, graph, current.positions, current.markers, current.edge_points, labels
    )
    if len(positions) > MAX_STATIONS and len(overlapping) > MAX_TRIES:
        return labels  # a big dense network: each cut costs more than it gives
    # first a cut beside every station whose label overlaps; if the labels placed again do
    # not overlap less, one station's cut at a time
    single = False
    tried: set[str] = set()
    for _ in range(ROUNDS):
        if not overlapping:
            break
        waiting = [s.id for s in network.stations if s.id in overlapping and s.id not in tried]
        waiting.sort(key=lambda sid: -overlapping[sid])  # the worst first (stable: input order)
        trial = current
        for sid in waiting[:MAX_TRIES]:
            if single:
                tried.add(sid)
            widened = _widen_beside(trial, sid, labels[sid], spacing, lines)
            if widened is not None:
                trial = widened
                if single:
                    # one station's turn: as many columns as its label is long, if they fit
                    for _ in range(math.ceil(labels[sid][2] / spacing) - 1):
                        wider = _widen_beside(trial, sid, labels[sid], spacing, lines)
                        if wider is None:
                            break
                        trial = wider
                    break
        if trial is current:
            break
        placed = place_labels(
            network,
            graph,
            trial.positions,
            trial.markers,
            trial.edge_points,
            start=_moved_labels(labels, current.positions, trial.positions),
        )
        still = label_conflicts(
            network, graph, trial.positions, trial.markers, trial.edge_points, placed
        )
        if sum(still.values()) < sum(overlapping.values()):
            current, labels, overlapping = trial, placed, still
        elif len(overlapping) > SINGLE_LIMIT:
            break
        else:
            single = True
    positions.update(current.positions)
    edge_points.update(current.edge_points)
    return labels


def _moved_labels(
    labels: dict[str, Box], before: dict[str, Point], after: dict[str, Point]
) -> dict[str, Box]:
    """The labels moved with their stations."""
    moved: dict[str, Box] = {}
    for sid, (x, y, w, h) in labels.items():
        (x0, y0), (x1, y1) = before[sid], after[sid]
        moved[sid] = (x + x1 - x0, y + y1 - y0, w, h)
    return moved


def _on_grid(drawing: Geometry, spacing: float) -> bool:
    """Whether every point of every edge lies on a grid node (cuts assume it)."""
    values = [v for pts in drawing.edge_points.values() for p in pts for v in p]
    return all(abs(v / spacing - round(v / spacing)) < 1e-6 for v in values)


def _widen_beside(
    drawing: Geometry, sid: str, label: Box, spacing: float, lines: dict[int, int]
) -> Geometry | None:
    """The drawing widened by a cut between the station and the side its label reaches out
    to (labels are wide and low: what they meet is mostly beside them), or None."""
    if drawing.area(spacing, (1, 0)) > AREA_CAP:
        return None
    x, y = drawing.positions[sid]
    half = drawing.markers.get(sid, (0.0, 0.0))[0] / 2
    lx, _, lw, _ = label
    if lx + lw / 2 >= x:  # the last column that stays: the marker's own, or the one before
        boundary = math.floor((x + half) / spacing + 1e-9)
    else:
        boundary = math.ceil((x - half) / spacing - 1e-9) - 1
    frame = drawing.frame
    if frame is None:
        frame = drawing.frame = _Frame(drawing, spacing, lines)
    cut = frame.cheapest_cut(round(y / spacing), boundary)
    return None if cut is None else frame.widened(cut)


class _Frame:
    """A drawing in grid units: every edge as the nodes it passes, in (column, row)."""

    def __init__(self, drawing: Geometry, spacing: float, lines: dict[int, int]) -> None:
        self.drawing, self.spacing, self.lines = drawing, spacing, lines
        self.paths = {
            k: _unit_steps([self.node(p) for p in pts]) for k, pts in drawing.edge_points.items()
        }
        nodes = [n for path in self.paths.values() for n in path]
        for sid, (x, y) in drawing.positions.items():  # every row and column a marker covers
            w, h = drawing.markers.get(sid, (0.0, 0.0))
            nodes.append((math.floor((x - w / 2) / spacing), math.floor((y - h / 2) / spacing)))
            nodes.append((math.ceil((x + w / 2) / spacing), math.ceil((y + h / 2) / spacing)))
        self.lo_c = min(c for c, _ in nodes) - 1
        self.hi_c = max(c for c, _ in nodes)
        self.lo_r = min(r for _, r in nodes)
        self.hi_r = max(r for _, r in nodes)
        # per row: the columns b of horizontal steps from b to b + 1
        self.along: dict[int, set[int]] = {}
        for path in self.paths.values():
            for (c1, r1), (c2, r2) in pairwise(path):
                if r1 == r2:
                    self.along.setdefault(r1, set()).add(min(c1, c2))

    def node(self, p: Point) -> Node:
        return round(p[0] / self.spacing), round(p[1] / self.spacing)

    def cheapest_cut(self, row: int, boundary: int) -> dict[int, int] | None:
        """Boundary per row (the last column that stays) of the cheapest cut through
        `boundary` in `row`, if it reshapes at most MAX_SPLIT lines' steps."""
        if not (self.lo_c <= boundary <= self.hi_c and self.lo_r <= row <= self.hi_r):
            return None
        bounds, down, came_down, up, came_up = self._cuts
        at, b = row - self.lo_r, int(np.searchsorted(bounds, boundary))
        if down[at][b] + up[at][b] > MAX_SPLIT + 0.5:
            return None
        cut = {row: boundary}
        prev = b
        for r in range(at, 0, -1):
            prev -= int(came_down[r][prev])
            cut[self.lo_r + r - 1] = int(bounds[prev])
        prev = b
        for r in range(at, len(down) - 1):
            prev += int(came_up[r][prev])
            cut[self.lo_r + r + 1] = int(bounds[prev])
        return cut

    @cached_property
    def _cuts(self) -> tuple[NDArray[np.int64], FloatArray, IntArray, FloatArray, IntArray]:
        """The boundaries, and the cheapest cuts from the top row down to each (row,
        boundary) and from the bottom up, with the boundary offset each came by (between
        rows the boundary moves by one of OFFSETS). Made once per drawing: every cut
        through it is read off these."""
        bounds = np.arange(self.lo_c, self.hi_c + 1)
        n_rows = self.hi_r - self.lo_r + 1
        blocked = self._blocked(bounds, n_rows)
        links = self._links(bounds, n_rows)
        inf = math.inf
        nb = len(bounds)
        down = np.full((n_rows, nb), inf)
        down[0] = np.where(blocked[0], inf, 0.0)
        came_down = np.zeros((n_rows, nb), dtype=np.int64)
        for r in range(n_rows - 1):
            options = np.full((len(OFFSETS), nb), inf)
            for k, o in enumerate(OFFSETS):
                src = slice(max(0, -o), nb - max(0, o))  # b1 indices whose b1 + o exists
                dst = slice(max(0, o), nb - max(0, -o))
                options[k, dst] = down[r, src] + links[r][src, k]
            came_down[r + 1] = np.asarray(OFFSETS)[options.argmin(axis=0)]
            down[r + 1] = np.where(blocked[r + 1], inf, options.min(axis=0))
        up = np.full((n_rows, nb), inf)
        up[-1] = np.where(blocked[-1], inf, 0.0)
        came_up = np.zeros((n_rows, nb), dtype=np.int64)
        for r in range(n_rows - 2, -1, -1):
            options = np.full((len(OFFSETS), nb), inf)
            for k, o in enumerate(OFFSETS):
                src = slice(max(0, -o), nb - max(0, o))
                dst = slice(max(0, o), nb - max(0, -o))
                options[k, src] = links[r][src, k] + up[r + 1, dst]
            came_up[r] = np.asarray(OFFSETS)[options.argmin(axis=0)]
            up[r] = np.where(blocked[r], inf, options.min(axis=0))
        return bounds, down, came_down, up, came_up

    def _blocked(self, bounds: NDArray[np.int64], n_rows: int) -> NDArray[np.bool_]:
        """Boundaries that would cut through a station's marker, per row."""
        blocked = np.zeros((n_rows, len(bounds)), dtype=bool)
        for sid, (x, y) in self.drawing.positions.items():
            w, h = self.drawing.markers.get(sid, (0.0, 0.0))
            c0, c1 = (x - w / 2) / self.spacing, (x + w / 2) / self.spacing
            r0, r1 = (y - h / 2) / self.spacing, (y + h / 2) / self.spacing
            inside = (bounds + 0.5 > c0 + 1e-9) & (bounds + 0.5 < c1 - 1e-9)
            for row in range(math.ceil(r0 - 1e-9), math.floor(r1 + 1e-9) + 1):
                blocked[row - self.lo_r] |= inside
        return blocked

    def _steps(self, n_rows: int) -> list[list[tuple[int, int, int]]]:
        """Per row r: the steps to row r + 1 as (column in r, column in r + 1, lines); a
        marker over several rows adds steps of no lines that tie its rows together."""
        steps: list[list[tuple[int, int, int]]] = [[] for _ in range(n_rows)]
        for k, path in self.paths.items():
            for (c1, r1), (c2, r2) in pairwise(path):
                if r1 != r2:
                    (c1, r1), (c2, r2) = sorted(((c1, r1), (c2, r2)), key=lambda n: n[1])
                    steps[r1 - self.lo_r].append((c1, c2, self.lines.get(k, 1)))
        for sid, (x, y) in self.drawing.positions.items():
            half = self.drawing.markers.get(sid, (0.0, 0.0))[1] / self.spacing / 2
            c, r = round(x / self.spacing), y / self.spacing
            for row in range(math.ceil(r - half - 1e-9), math.floor(r + half + 1e-9)):
                steps[row - self.lo_r].append((c, c, 0))
        return steps

    def _links(self, bounds: NDArray[np.int64], n_rows: int) -> list[FloatArray]:
        """Cost of going from boundary b1 in row r to b1 + OFFSETS[k] in row r + 1, for
        every r, as an array (boundary, k).

        A step between the rows with one end moved and the other not is reshaped: a vertical
        step turns diagonal and back, a diagonal one may need a bend node in the new column
        of one of the two rows (where no horizontal step crosses it). Each reshaped step
        costs its lines (its bends), a marker's tie or a step with no room for its bend node
        makes the link impossible; and JOG a column the cut moves.
        """
        offsets = np.asarray(OFFSETS)
        jog = np.broadcast_to(JOG * np.abs(offsets)[None, :], (len(bounds), len(offsets)))
        steps = self._steps(n_rows)
        b1 = bounds[:, None, None]
        b2 = b1 + offsets[None, :, None]
        links: list[FloatArray] = []
        for r in range(n_rows - 1):
            if not steps[r]:
                links.append(jog.copy())
                continue
            arr = np.array(steps[r], dtype=np.int64)
            c1, c2, weight = arr[:, 0], arr[:, 1], arr[:, 2]
            s1 = (c1 > b1).astype(np.int64)
            s2 = (c2 > b2).astype(np.int64)
            reshaped = s1 != s2
            dx = (c2 - c1) + s2 - s1
            along_upper = list(self.along.get(self.lo_r + r, ()))
            along_lower = np.asarray(list(self.along.get(self.lo_r + r + 1, ())), dtype=np.int64)
            free_upper = ~np.isin(b1, along_upper)
            free_lower = ~np.isin(b2, along_lower)
            upper = np.where(dx > 0, c1 == b1, c1 == b1 + 1) & free_upper
            lower = np.where(dx > 0, c1 == b2, c1 == b2 + 1) & free_lower
            impossible = reshaped & ((weight == 0) | ((np.abs(dx) == 2) & ~upper & ~lower))
            cost = (reshaped * weight).sum(axis=2).astype(np.float64) + jog
            links.append(np.where(impossible.any(axis=2), math.inf, cost))
        return links

    def _room(self, cut: dict[int, int], node: Node) -> bool:
        """Whether the node is in the new column of its row and no horizontal crosses it."""
        c, r = node
        return c == cut[r] + 1 and cut[r] not in self.along.get(r, ())

    def widened(self, cut: dict[int, int]) -> Geometry | None:
        """The drawing with everything beyond the cut one column on; None where two bend
        nodes would meet."""
        first, last = min(cut), max(cut)

        def row_cut(r: float) -> int:
            return cut[min(max(round(r), first), last)]

        def moved(n: Node) -> Node:
            return (n[0] + 1, n[1]) if n[0] > row_cut(n[1]) else n

        taken = {moved(n) for path in self.paths.values() for n in path}
        edge_points: dict[int, list[Point]] = {}
        for k, path in self.paths.items():
            out = [moved(path[0])]
            for a, b in pairwise(path):
                p, q = moved(a), moved(b)
                if p[1] != q[1] and abs(q[0] - p[0]) == 2:  # a diagonal now two wide: a bend
                    (u, v) = (p, q) if p[1] < q[1] else (q, p)
                    mid = u[0] + (1 if v[0] > u[0] else -1)
                    upper, lower = (mid, u[1]), (mid, v[1])
                    if self._room(cut, upper) and upper not in taken:
                        bend = upper
                    elif self._room(cut, lower) and lower not in taken:
                        bend = lower
                    else:
                        return None
                    taken.add(bend)
                    out.append(bend)
                out.append(q)
            edge_points[k] = corners([(c * self.spacing, r * self.spacing) for c, r in out])
        positions: dict[str, Point] = {}
        for sid, (x, y) in self.drawing.positions.items():
            shift = self.spacing if x / self.spacing > row_cut(y / self.spacing) + 0.5 else 0.0
            positions[sid] = (x + shift, y)
        return Geometry(positions, self.drawing.markers, edge_points)


def _unit_steps(nodes: list[Node]) -> list[Node]:
    """The polyline through every grid node on it (each segment is octilinear)."""
    out = nodes[:1]
    for (c1, r1), (c2, r2) in pairwise(nodes):
        n = max(abs(c2 - c1), abs(r2 - r1))
        dc, dr = (c2 - c1) // n if n else 0, (r2 - r1) // n if n else 0
        out.extend((c1 + dc * i, r1 + dr * i) for i in range(1, n + 1))
    return out
