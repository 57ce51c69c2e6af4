"""Label placement: each label box beside its station, clear of other labels, stations and lines."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from itertools import pairwise

from metromap.graph import Graph
from metromap.model import Network

Box = tuple[float, float, float, float]  # x0, y0, x1, y1
Point = tuple[float, float]

CHAR_WIDTH = 0.56  # of the font size; the contract asks for at least 0.55
LINE_HEIGHT = 1.2  # of the font size
CLEARANCE = 1.0  # output units kept free around a label


class _Index:
    """A uniform-grid spatial hash of boxes and thick segments."""

    def __init__(self, cell: float) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[int]] = defaultdict(list)
        self.items: list[tuple[str, object, str]] = []  # (kind, geometry, owner)

    def _keys(self, box: Box) -> Iterator[tuple[int, int]]:
        c = self.cell
        for i in range(math.floor(box[0] / c), math.floor(box[2] / c) + 1):
            for j in range(math.floor(box[1] / c), math.floor(box[3] / c) + 1):
                yield (i, j)

    def add_box(self, box: Box, owner: str) -> int:
        self.items.append(("box", box, owner))
        k = len(self.items) - 1
        for key in self._keys(box):
            self.cells[key].append(k)
        return k

    def add_segment(self, p: Point, q: Point, half_width: float, owner: str) -> None:
        self.items.append(("seg", (p, q, half_width), owner))
        k = len(self.items) - 1
        bbox = (
            min(p[0], q[0]) - half_width,
            min(p[1], q[1]) - half_width,
            max(p[0], q[0]) + half_width,
            max(p[1], q[1]) + half_width,
        )
        for key in self._keys(bbox):
            self.cells[key].append(k)

    def remove(self, k: int) -> None:
        _, geom, _ = self.items[k]
        for key in self._keys(geom):  # type: ignore[arg-type]
            self.cells[key].remove(k)

    def conflicts(self, box: Box, limit: int = 1 << 30) -> int:
        """Obstacles the box meets (counting stops at `limit`)."""
        seen: set[int] = set()
        hits = 0
        grown = (box[0] - CLEARANCE, box[1] - CLEARANCE, box[2] + CLEARANCE, box[3] + CLEARANCE)
        for key in self._keys(grown):
            for k in self.cells.get(key, ()):
                if k in seen:
                    continue
                seen.add(k)
                kind, geom, _ = self.items[k]
                if kind == "box":
                    if _boxes_overlap(grown, geom):  # type: ignore[arg-type]
                        hits += 1
                else:
                    p, q, hw = geom  # type: ignore[misc]
                    reach = hw + CLEARANCE
                    if (
                        min(p[0], q[0]) - reach < box[2]
                        and max(p[0], q[0]) + reach > box[0]
                        and min(p[1], q[1]) - reach < box[3]
                        and max(p[1], q[1]) + reach > box[1]
                        and _segment_box_distance(p, q, box) < reach
                    ):
                        hits += 1
                if hits >= limit:
                    return hits
        return hits

    def first_free(self, boxes: list[Box]) -> Box | None:
        for b in boxes:
            if self.conflicts(b, limit=1) == 0:
                return b
        return None


def _boxes_overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _point_box_distance(p: Point, box: Box) -> float:
    dx = max(box[0] - p[0], 0.0, p[0] - box[2])
    dy = max(box[1] - p[1], 0.0, p[1] - box[3])
    return math.hypot(dx, dy)


def _point_segment_distance(p: Point, a: Point, b: Point) -> float:
    ax, ay = a
    vx, vy = b[0] - ax, b[1] - ay
    length2 = vx * vx + vy * vy
    if length2 == 0:
        return math.dist(p, a)
    t = max(0.0, min(1.0, ((p[0] - ax) * vx + (p[1] - ay) * vy) / length2))
    return math.dist(p, (ax + t * vx, ay + t * vy))


def _segments_intersect(p1: Point, p2: Point, q1: Point, q2: Point) -> bool:
    def orient(a: Point, b: Point, c: Point) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    d1, d2 = orient(q1, q2, p1), orient(q1, q2, p2)
    d3, d4 = orient(p1, p2, q1), orient(p1, p2, q2)
    return (d1 * d2 < 0) and (d3 * d4 < 0)


def _segment_box_distance(p: Point, q: Point, box: Box) -> float:
    x0, y0, x1, y1 = box
    if x0 <= p[0] <= x1 and y0 <= p[1] <= y1:
        return 0.0
    corners = ((x0, y0), (x1, y0), (x1, y1), (x0, y1))
    for i in range(4):
        if _segments_intersect(p, q, corners[i], corners[(i + 1) % 4]):
            return 0.0
    best = min(_point_box_distance(p, box), _point_box_distance(q, box))
    for c in corners:
        best = min(best, _point_segment_distance(c, p, q))
    return best


def label_size(text: str, font_size: float) -> tuple[float, float]:
    return (math.ceil(CHAR_WIDTH * font_size * len(text) + 2.0), math.ceil(LINE_HEIGHT * font_size))


def _candidates(
    x: float, y: float, mw: float, mh: float, w: float, h: float, r: float, spacing: float
) -> list[Box]:
    """Label boxes around a station, nearest and most conventional first."""
    out: list[Box] = []
    for extra in (0.0, 0.5 * spacing, 1.0 * spacing):
        hx = mw / 2 + r + extra
        hy = mh / 2 + r + extra
        tops = (
            (x + hx, y - h / 2),  # east
            (x - hx - w, y - h / 2),  # west
            (x + hx * 0.5, y - hy - h),  # above, to the right
            (x - hx * 0.5 - w, y - hy - h),  # above, to the left
            (x + hx * 0.5, y + hy),  # below, to the right
            (x - hx * 0.5 - w, y + hy),  # below, to the left
            (x - w / 2, y - hy - h),  # above, centred
            (x - w / 2, y + hy),  # below, centred
            (x + hx, y - hy - h),  # north-east corner
            (x - hx - w, y - hy - h),  # north-west corner
            (x + hx, y + hy),  # south-east corner
            (x - hx - w, y + hy),  # south-west corner
        )
        out.extend((tx, ty, tx + w, ty + h) for tx, ty in tops)
    return out


def place_labels(
    network: Network,
    graph: Graph,
    positions: dict[str, Point],
    markers: dict[str, tuple[float, float]],
    edge_points: dict[int, list[Point]],
) -> dict[str, tuple[float, float, float, float]]:
    """Place every label (all in output units); returns id -> (x, y, w, h)."""
    opts = network.options
    spacing, lw, fs = opts.station_spacing, opts.line_width, opts.font_size
    index = _Index(spacing)
    radius: dict[str, float] = {}
    for sid, (x, y) in positions.items():
        mw, mh = markers.get(sid, (0.0, 0.0))
        bundle = max((len(e.lines) for _, e in graph.adjacency[sid]), default=1)
        r = max(lw * 0.75, bundle * lw / 2) + 2.0
        radius[sid] = r
        index.add_box(
            (
                x - mw / 2 - lw * 0.75,
                y - mh / 2 - lw * 0.75,
                x + mw / 2 + lw * 0.75,
                y + mh / 2 + lw * 0.75,
            ),
            sid,
        )
    for edge in graph.edges:
        pts = edge_points[id(edge)]
        hw = len(edge.lines) * lw / 2
        for p, q in pairwise(pts):
            index.add_segment(p, q, hw, f"{edge.a}|{edge.b}")

    texts = {s.id: s.label for s in network.stations}
    input_order = {s.id: i for i, s in enumerate(network.stations)}
    order = sorted(positions, key=lambda s: (-graph.degree(s), -len(texts[s]), input_order[s]))
    placed: dict[str, tuple[Box, int]] = {}
    cands: dict[str, list[Box]] = {}
    for sid in order:
        x, y = positions[sid]
        mw, mh = markers.get(sid, (0.0, 0.0))
        w, h = label_size(texts[sid], fs)
        cands[sid] = _candidates(x, y, mw, mh, w, h, radius[sid], spacing)
        best = index.first_free(cands[sid]) or min(cands[sid], key=index.conflicts)
        placed[sid] = (best, index.add_box(best, sid))

    # repair: labels still in conflict try again once the others have settled
    for _ in range(2):
        changed = False
        for sid in order:
            box, k = placed[sid]
            index.remove(k)
            if index.conflicts(box, limit=1) == 0:
                placed[sid] = (box, index.add_box(box, sid))
                continue
            best = index.first_free(cands[sid]) or min(cands[sid], key=index.conflicts)
            if best != box:
                changed = True
            placed[sid] = (best, index.add_box(best, sid))
        if not changed:
            break
    return {sid: (b[0], b[1], b[2] - b[0], b[3] - b[1]) for sid, (b, _) in placed.items()}
