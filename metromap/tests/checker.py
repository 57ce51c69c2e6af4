"""An independent geometry checker of layouts (docs/metromap-format.md).

It trusts nothing the engine says about itself: every figure is recomputed
from the output's coordinates (never from `metrics`) against the input
topology. Used by the tests (hard rules) and by benchmarks/layout_bench.py
(quality figures). Needs shapely, which is a test/benchmark dependency only.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from itertools import combinations, pairwise
from typing import Any

import numpy as np
import shapely
from shapely.geometry import LineString, Point, box
from shapely.geometry.base import BaseGeometry
from shapely.strtree import STRtree

ANGLE_TOLERANCE_DEG = 0.5
DEFAULT_OPTIONS = {"station_spacing": 40.0, "font_size": 12.0, "line_width": 6.0}
MIN_LABEL_WIDTH_PER_CHAR = 0.55  # × font_size, from the spec
MAX_MARKER_SIDE = 4.0  # × station_spacing, from the spec
STATION_DRAWN_RADIUS = 0.75  # × line_width: a station's drawn extent around its marker box
AREA_EPS = 1e-6  # overlaps smaller than this (in square units) are touching, not overlapping

XY = tuple[float, float]


@dataclass
class CheckResult:
    """Validity problems of the hard rules and the quality figures of one layout."""

    problems: list[str] = field(default_factory=list)
    stations: int = 0
    edges: int = 0
    close_pairs: int = 0
    pass_throughs: int = 0
    crossings: int = 0
    bends: int = 0
    bend_cost: int = 0
    line_order_crossings: int = 0
    label_label: int = 0
    label_station: int = 0
    label_edge: int = 0
    area: float = 0.0
    moved_share: float | None = None

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def label_overlaps(self) -> int:
        return self.label_label + self.label_station + self.label_edge

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["valid"] = self.valid
        data["label_overlaps"] = self.label_overlaps
        return data


@dataclass
class _Station:
    x: float
    y: float
    w: float
    h: float
    label: dict[str, Any] | None

    @property
    def centre(self) -> XY:
        return (self.x, self.y)

    def footprint(self, grow: float = 0.0) -> BaseGeometry:
        """The marker box (a point when it is 0 × 0), optionally grown on every side."""
        if self.w == 0 and self.h == 0 and grow == 0:
            return Point(self.x, self.y)
        hw, hh = self.w / 2 + grow, self.h / 2 + grow
        return box(self.x - hw, self.y - hh, self.x + hw, self.y + hh)


@dataclass
class _Edge:
    start: str
    end: str
    lines: list[str]
    points: list[XY]  # near-duplicate points removed

    def oriented(self, start: str) -> list[XY]:
        return self.points if self.start == start else self.points[::-1]

    def order_from(self, start: str) -> list[str]:
        """Left-to-right line order when walking from `start` (reversed when walking back)."""
        return self.lines if self.start == start else self.lines[::-1]


def _options(input_data: dict[str, Any]) -> dict[str, float]:
    opts = dict(DEFAULT_OPTIONS)
    for key, value in (input_data.get("options") or {}).items():
        if key in opts and value is not None:
            opts[key] = float(value)
    return opts


def _drop_repeats(points: list[XY], eps: float) -> list[XY]:
    kept = points[:1]
    for p in points[1:]:
        if math.dist(p, kept[-1]) > eps:
            kept.append(p)
    return kept


def _is_octilinear(p: XY, q: XY) -> bool:
    angle = math.degrees(math.atan2(q[1] - p[1], q[0] - p[0])) % 45.0
    return min(angle, 45.0 - angle) <= ANGLE_TOLERANCE_DEG


def turn_eighths(d1: XY, d2: XY) -> int:
    """Sharpness of the turn from direction d1 to d2 in 45° steps: 0 straight … 4 reversal."""
    cross = d1[0] * d2[1] - d1[1] * d2[0]
    dot = d1[0] * d2[0] + d1[1] * d2[1]
    return round(abs(math.degrees(math.atan2(cross, dot))) / 45.0)


def _geometry(points: list[XY]) -> BaseGeometry:
    return LineString(points) if len(points) > 1 else Point(points[0])


class _Checker:
    """One check run; the steps share the parsed input and output."""

    def __init__(self, input_data: dict[str, Any], output: dict[str, Any]) -> None:
        self.input = input_data
        self.output = output
        opts = _options(input_data)
        self.spacing = opts["station_spacing"]
        self.font_size = opts["font_size"]
        self.line_width = opts["line_width"]
        self.result = CheckResult()
        self.labels = {s["id"]: s.get("label") or "" for s in input_data["stations"]}
        self.paths = {ln["id"]: list(ln["stations"]) for ln in input_data["lines"]}
        self.expected: dict[frozenset[str], set[str]] = defaultdict(set)
        for lid, path in self.paths.items():
            for a, b in pairwise(path):
                self.expected[frozenset((a, b))].add(lid)
        self.stations: dict[str, _Station] = {}
        self.edges: dict[frozenset[str], _Edge] = {}
        self.eps = 1e-9

    def problem(self, text: str) -> None:
        self.result.problems.append(text)

    # --- hard rules ------------------------------------------------------------------------

    def read_stations(self) -> bool:
        """Collect positions; report duplicates, unknown and missing stations, big markers."""
        limit = MAX_MARKER_SIDE * self.spacing
        for raw in self.output.get("stations", []):
            sid = raw["id"]
            if sid in self.stations:
                self.problem(f"station {sid!r} appears twice")
            marker = raw.get("marker") or {}
            st = _Station(
                x=float(raw["x"]),
                y=float(raw["y"]),
                w=float(marker.get("w") or 0.0),
                h=float(marker.get("h") or 0.0),
                label=raw.get("label"),
            )
            if not (0 <= st.w <= limit and 0 <= st.h <= limit):
                self.problem(f"station {sid!r}: marker {st.w} x {st.h} exceeds 4 x spacing")
            self.stations[sid] = st
        unknown = sorted(set(self.stations) - set(self.labels))
        if unknown:
            self.problem(f"{len(unknown)} stations not in the input, e.g. {unknown[:3]}")
        missing = sorted(set(self.labels) - set(self.stations))
        if missing:
            self.problem(f"{len(missing)} stations missing, e.g. {missing[:3]}")
        self.result.stations = len(self.stations)
        if self.stations:
            xs = [s.x for s in self.stations.values()]
            ys = [s.y for s in self.stations.values()]
            extent = max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
            # Tolerance for "the same point": relative to the drawing, as coordinates are rounded.
            self.eps = 1e-6 * extent + 1e-9
        return not missing

    def read_edges(self) -> None:
        for raw in self.output.get("edges", []):
            a, b = raw["from"], raw["to"]
            key = frozenset((a, b))
            name = f"edge {a}-{b}"
            if key in self.edges:
                self.problem(f"{name} appears twice")
            points = [(float(x), float(y)) for x, y in raw["points"]]
            if not points:
                self.problem(f"{name} has no points")
                continue
            for end, sid in ((points[0], a), (points[-1], b)):
                st = self.stations.get(sid)
                if st is None or st.footprint().distance(Point(end)) > self.eps:
                    self.problem(f"{name} does not end at station {sid!r}")
            points = _drop_repeats(points, self.eps)
            bad = next(
                ((p, q) for p, q in pairwise(points) if not _is_octilinear(p, q)),
                None,
            )
            if bad:
                self.problem(f"{name}: segment {bad[0]} -> {bad[1]} is not octilinear")
            want = self.expected.get(key, set())
            if set(raw["lines"]) != want or len(raw["lines"]) != len(want):
                self.problem(f"{name}: lines {raw['lines']} but expected {sorted(want)}")
            self.edges[key] = _Edge(a, b, list(raw["lines"]), points)
        missing = [k for k in self.expected if k not in self.edges]
        if missing:
            example = sorted(sorted(k) for k in missing)[:3]
            self.problem(f"{len(missing)} edges missing, e.g. {example}")
        extra = [k for k in self.edges if k not in self.expected]
        if extra:
            self.problem(f"{len(extra)} edges not in the input")
        self.result.edges = len(self.edges)

    def check_spacing(self, ids: list[str], footprints: list[BaseGeometry]) -> None:
        threshold = self.spacing * (1 - 1e-6)
        centres = [Point(self.stations[i].centre) for i in ids]
        pairs: set[tuple[int, int]] = set()
        tree = STRtree(centres)
        for i, j in tree.query(centres, predicate="dwithin", distance=threshold).T:
            if i < j and centres[i].distance(centres[j]) < threshold:
                pairs.add((int(i), int(j)))
        close = len(pairs)
        marker_tree = STRtree(footprints)
        touching = sum(
            1 for i, j in marker_tree.query(footprints, predicate="intersects").T if i < j
        )
        self.result.close_pairs = close + touching
        if close:
            self.problem(f"{close} station pairs closer than station_spacing")
        if touching:
            self.problem(f"{touching} station pairs whose marker boxes touch")

    def check_pass_throughs(self, ids: list[str], footprints: list[BaseGeometry]) -> None:
        limit = self.spacing / 4
        tree = STRtree(footprints)
        count = 0
        examples: list[str] = []
        for key, edge in self.edges.items():
            geom = _geometry(edge.points)
            for j in tree.query(geom, predicate="dwithin", distance=limit):
                sid = ids[j]
                if sid not in key and geom.distance(footprints[j]) < limit:
                    count += 1
                    examples.append(f"{edge.start}-{edge.end} at {sid}")
        self.result.pass_throughs = count
        if count:
            self.problem(f"{count} edges pass through foreign stations, e.g. {examples[:3]}")

    def check_label_sizes(self) -> None:
        bad: list[str] = []
        for sid, st in self.stations.items():
            text = self.labels.get(sid, "")
            lb = st.label
            need_w = MIN_LABEL_WIDTH_PER_CHAR * self.font_size * len(text)
            if not lb or float(lb["w"]) < need_w - 1e-6 or float(lb["h"]) < self.font_size - 1e-6:
                bad.append(sid)
        if bad:
            self.problem(f"{len(bad)} labels missing or too small, e.g. {bad[:3]}")

    # --- quality ---------------------------------------------------------------------------

    def count_crossings(self) -> None:
        """Pairs of edges that cross or overlap, except contact inside a shared end station."""
        keys = list(self.edges)
        geoms = [_geometry(self.edges[k].points) for k in keys]
        tree = STRtree(geoms)
        count = 0
        for i, j in tree.query(geoms, predicate="intersects").T:
            if i >= j:
                continue
            shared = keys[i] & keys[j]
            if shared:
                station = self.stations[next(iter(shared))]
                meeting = geoms[i].intersection(geoms[j])
                if meeting.difference(station.footprint(grow=20 * self.eps)).is_empty:
                    continue
            count += 1
        self.result.crossings = count

    def count_bends(self) -> None:
        bends = cost = 0
        for path in self.paths.values():
            previous: XY | None = None
            for a, b in pairwise(path):
                edge = self.edges.get(frozenset((a, b)))
                if edge is None or len(edge.points) < 2:
                    previous = None
                    continue
                pts = edge.oriented(a)
                dirs = [(q[0] - p[0], q[1] - p[1]) for p, q in pairwise(pts)]
                # The turn at station `a` joins the previous edge's last segment to this one.
                chain = ([previous] if previous else []) + dirs
                for d1, d2 in pairwise(chain):
                    k = turn_eighths(d1, d2)
                    if k:
                        bends += 1
                        cost += k
                previous = dirs[-1]
        self.result.bends = bends
        self.result.bend_cost = cost

    def count_line_order_crossings(self) -> None:
        """Pairs of lines that enter and leave a station together but swap sides there."""
        through: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        for lid, path in self.paths.items():
            for u, v, w in zip(path, path[1:], path[2:], strict=False):
                # Orient every passage the same way (from the smaller neighbour id) so lines
                # running in opposite directions are compared in one frame.
                first, last = sorted((u, w))
                through[(first, v, last)].append(lid)
        swaps = 0
        for (first, v, last), lids in through.items():
            if len(lids) < 2:
                continue
            incoming = self.edges.get(frozenset((first, v)))
            outgoing = self.edges.get(frozenset((v, last)))
            if incoming is None or outgoing is None:
                continue
            before = {lid: i for i, lid in enumerate(incoming.order_from(first))}
            after = {lid: i for i, lid in enumerate(outgoing.order_from(v))}
            for a, b in combinations(lids, 2):
                if a in before and b in before and a in after and b in after:
                    swaps += (before[a] < before[b]) != (after[a] < after[b])
        self.result.line_order_crossings = swaps

    def count_label_overlaps(self, ids: list[str]) -> None:
        owners = [sid for sid in ids if self.stations[sid].label]
        boxes = []
        for sid in owners:
            lb = self.stations[sid].label or {}
            x, y, w, h = (float(lb[k]) for k in ("x", "y", "w", "h"))
            boxes.append(box(x, y, x + w, y + h))
        if not boxes:
            return
        label_array = np.array(boxes, dtype=object)

        def overlapping(others: list[BaseGeometry], same_set: bool) -> int:
            # Bulk query for candidate pairs, then keep those sharing a positive area.
            pairs = STRtree(others).query(label_array, predicate="intersects").T
            if same_set:
                pairs = pairs[pairs[:, 0] < pairs[:, 1]]
            if len(pairs) == 0:
                return 0
            other_array = np.array(others, dtype=object)
            shared = shapely.intersection(label_array[pairs[:, 0]], other_array[pairs[:, 1]])
            return int(np.count_nonzero(shapely.area(shared) > AREA_EPS))

        self.result.label_label = overlapping(boxes, same_set=True)
        drawn = STATION_DRAWN_RADIUS * self.line_width
        stations = [self.stations[sid].footprint().buffer(drawn) for sid in ids]
        self.result.label_station = overlapping(stations, same_set=False)
        bundles = [
            _geometry(e.points).buffer(len(e.lines) * self.line_width / 2, cap_style="flat")
            for e in self.edges.values()
        ]
        self.result.label_edge = overlapping(bundles, same_set=False) if bundles else 0

    def measure_area(self) -> None:
        n = len(self.stations)
        if not n:
            return
        xs = [s.x for s in self.stations.values()]
        ys = [s.y for s in self.stations.values()]
        sp = self.spacing
        self.result.area = (max(xs) - min(xs) + sp) * (max(ys) - min(ys) + sp) / (n * sp * sp)

    def measure_stability(self, previous: dict[str, Any]) -> None:
        before = {s["id"]: (float(s["x"]), float(s["y"])) for s in previous.get("stations", [])}
        common = [sid for sid in self.stations if sid in before]
        moved = sum(
            1 for sid in common if math.dist(self.stations[sid].centre, before[sid]) > self.spacing
        )
        self.result.moved_share = moved / len(common) if common else 0.0

    def run(self, previous: dict[str, Any] | None) -> CheckResult:
        if not self.read_stations():
            return self.result
        self.read_edges()
        ids = sorted(self.stations)
        footprints = [self.stations[i].footprint() for i in ids]
        if ids:
            self.check_spacing(ids, footprints)
            self.check_pass_throughs(ids, footprints)
        self.check_label_sizes()
        if self.edges:
            self.count_crossings()
        self.count_bends()
        self.count_line_order_crossings()
        if ids:
            self.count_label_overlaps(ids)
        self.measure_area()
        if previous is not None:
            self.measure_stability(previous)
        return self.result


def check_layout(
    input_data: dict[str, Any], output: dict[str, Any], previous: dict[str, Any] | None = None
) -> CheckResult:
    """Check `output` (an engine layout of `input_data`) from its geometry alone.

    `previous` is the earlier layout whose positions the new one should keep;
    when given, `moved_share` is the share of common stations that moved more
    than one station_spacing.
    """
    return _Checker(input_data, output).run(previous)
