"""Order of lines inside each bundle, left to right when walking from an edge's `from` to `to`.

Two lines that share a run of edges keep one relative order along the whole run, decided
where they part: the one that turns further right there runs on the right. As the decision
is the same for every edge of the run, the pair never swaps sides at a station inside it.
"""

from __future__ import annotations

import math
from functools import cmp_to_key

from metromap.graph import Edge, Graph
from metromap.model import Network

Point = tuple[float, float]


def order_lines(
    network: Network, graph: Graph, edge_points: dict[int, list[Point]]
) -> dict[int, list[str]]:
    stops = {line.id: line.stations for line in network.lines}
    position = {line.id: {s: i for i, s in enumerate(line.stations)} for line in network.lines}
    line_rank = {line.id: i for i, line in enumerate(network.lines)}
    edge_of: dict[frozenset[str], Edge] = {frozenset((e.a, e.b)): e for e in graph.edges}

    def heading(frm: str, to: str, at_start: bool) -> float:
        """Angle of travel along edge frm->to, at its start or at its end."""
        edge = edge_of[frozenset((frm, to))]
        pts = edge_points[id(edge)]
        if edge.a != frm:
            pts = pts[::-1]
        p, q = (pts[0], pts[1]) if at_start else (pts[-2], pts[-1])
        return math.atan2(q[1] - p[1], q[0] - p[0])

    def next_stop(line: str, prev: str, cur: str) -> str | None:
        i, j = position[line][prev], position[line][cur]
        k = j + (j - i)
        path = stops[line]
        return path[k] if 0 <= k < len(path) else None

    def side(a: str, b: str, prev: str, cur: str) -> int:
        """-1 if line a should run left of b when walking prev->cur, +1 if right, 0 unknown."""
        for _ in range(len(graph.order)):
            na, nb = next_stop(a, prev, cur), next_stop(b, prev, cur)
            if na is None or nb is None:
                return 0
            if na != nb:
                incoming = heading(prev, cur, at_start=False)
                ta = _signed_turn(incoming, heading(cur, na, at_start=True))
                tb = _signed_turn(incoming, heading(cur, nb, at_start=True))
                if abs(ta - tb) < 1e-9:
                    return 0
                return 1 if ta > tb else -1  # y grows downwards: a larger angle turns right
            prev, cur = cur, na
        return 0

    result: dict[int, list[str]] = {}
    for edge in graph.edges:

        def compare(a: str, b: str, edge: Edge = edge) -> int:
            s = side(a, b, edge.a, edge.b)
            if s == 0:
                s = -side(a, b, edge.b, edge.a)  # walking backwards, left and right swap
            if s == 0:
                s = -1 if line_rank[a] < line_rank[b] else 1
            return s

        result[id(edge)] = sorted(edge.lines, key=cmp_to_key(compare))
    return result


def _signed_turn(incoming: float, outgoing: float) -> float:
    d = outgoing - incoming
    while d <= -math.pi:
        d += 2 * math.pi
    while d > math.pi:
        d -= 2 * math.pi
    return d
