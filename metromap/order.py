"""Order of lines inside each bundle, left to right when walking from an edge's `from` to `to`.

Two lines that share a run of edges keep one relative order along the whole run, decided
where they part: the one that turns further right there runs on the right. A run has two
ends; where they disagree the pair must cross, and it does so at the end that did not
decide, where the two lines part anyway. Every edge of the run takes its decision from the
same end (the one whose station comes first in the input), so the pair never swaps sides at
a station inside the run.

In a big bundle these pairwise decisions can go round in a circle (a left of b, b of c, c of
a). A sort would then depend on the order it meets the lines in, which differs from edge to
edge; instead each line is ranked by how many lines of the edge it runs left of, which is
the decisions' own order where they have one and changes little from one edge to the next.
"""

from __future__ import annotations

import math

from metromap.graph import Edge, Graph
from metromap.model import Network

Point = tuple[float, float]


def order_lines(
    network: Network, graph: Graph, edge_points: dict[int, list[Point]]
) -> dict[int, list[str]]:
    stops = {line.id: line.stations for line in network.lines}
    position = {line.id: {s: i for i, s in enumerate(line.stations)} for line in network.lines}
    line_rank = {line.id: i for i, line in enumerate(network.lines)}
    rank = {sid: i for i, sid in enumerate(graph.order)}
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

    def side(a: str, b: str, prev: str, cur: str) -> tuple[int, int]:
        """Where lines a and b part walking prev->cur (the station's input rank) and whether
        a should run left (-1) or right (+1) of b on the way there; 0 if unknown."""
        for _ in range(len(graph.order)):
            na, nb = next_stop(a, prev, cur), next_stop(b, prev, cur)
            if na is None or nb is None:
                return rank[cur], 0
            if na != nb:
                incoming = heading(prev, cur, at_start=False)
                ta = _signed_turn(incoming, heading(cur, na, at_start=True))
                tb = _signed_turn(incoming, heading(cur, nb, at_start=True))
                if abs(ta - tb) < 1e-9:
                    return rank[cur], 0
                # y grows downwards: a larger angle turns right
                return rank[cur], (1 if ta > tb else -1)
            prev, cur = cur, na
        return rank[cur], 0

    def decide(a: str, b: str, edge: Edge) -> tuple[int, bool]:
        """(-1 if a runs left of b walking edge.a -> edge.b, +1 if right; whether that side is
        free to choose): a pair whose two ends disagree crosses at one of them, either will do,
        and a pair that neither end decides (each line ends inside the other's run) may run
        either way, as long as it keeps the side along the run."""
        ahead, forwards = side(a, b, edge.a, edge.b)
        behind, backwards = side(a, b, edge.b, edge.a)
        backwards = -backwards  # walking backwards, left and right swap
        if forwards and backwards and forwards != backwards:
            return (forwards if ahead < behind else backwards), True
        if forwards or backwards:
            return forwards or backwards, False
        # by default the line listed first runs on its own left (a is listed first)
        return (-1 if position[a][edge.a] < position[a][edge.b] else 1), True

    # relations[edge id][a, b]: -1 if a runs left of b on that edge (walking edge.a -> edge.b)
    relations: dict[int, dict[tuple[str, str], int]] = {}
    free: dict[tuple[str, str], list[tuple[Edge, int]]] = {}  # pair -> (edge, default side)
    for edge in graph.edges:
        lines = sorted(edge.lines, key=line_rank.__getitem__)
        table: dict[tuple[str, str], int] = {}
        for i, a in enumerate(lines):
            for b in lines[i + 1 :]:
                d, is_free = decide(a, b, edge)
                if is_free:
                    free.setdefault((a, b), []).append((edge, d))
                else:
                    table[a, b], table[b, a] = d, -d
        relations[id(edge)] = table
    _settle_free_pairs(free, relations)

    result: dict[int, list[str]] = {}
    for edge in graph.edges:
        table = relations[id(edge)]
        lines = sorted(edge.lines, key=line_rank.__getitem__)
        left_of = {a: sum(table[a, b] < 0 for b in lines if b != a) for a in lines}
        result[id(edge)] = sorted(lines, key=lambda a: (-left_of[a], line_rank[a]))
    _untwist(network, edge_of, result)
    return result


def _settle_free_pairs(
    free: dict[tuple[str, str], list[tuple[Edge, int]]],
    relations: dict[int, dict[tuple[str, str], int]],
) -> None:
    """Sides for the pairs free to run either way, one choice for all their shared edges.

    The side follows from the pairs already settled where a third line sits between the two
    (a left of c and c left of b put a left of b); else the default stays. Choosing each pair
    on its own could close a circle (a left of c, c left of b, b left of a) that no order of
    the bundle obeys, and the bundle would then swap two lines at a station they pass through.
    """
    for (a, b), edges in free.items():
        votes = 0  # < 0: the other side
        for edge, default in edges:
            table = relations[id(edge)]
            for c in edge.lines:
                ac, cb = table.get((a, c)), table.get((c, b))
                if ac is not None and ac == cb:
                    votes += 1 if ac == default else -1
        for edge, default in edges:
            d = default if votes >= 0 else -default
            relations[id(edge)][a, b], relations[id(edge)][b, a] = d, -d


# passes over all edges; each pass that moves a line removes at least one crossing
UNTWIST_PASSES = 20


def _untwist(
    network: Network, edge_of: dict[frozenset[str], Edge], result: dict[int, list[str]]
) -> None:
    """Move lines inside a bundle where that removes line-order crossings.

    The pairwise decisions above need not be consistent for three or more lines whose shared
    runs end at different stations; then a pair may swap sides at a station it passes
    straight through. Each line of an edge in turn tries every place in the edge's order;
    a place is taken when fewer pairs would swap sides at the stations the edge's lines pass
    straight through, given the orders of the edges beyond.
    """
    # (station, edge in, edge out) -> the lines passing straight through that way
    through: dict[tuple[str, int, int], set[str]] = {}
    for line in network.lines:
        stops = line.stations
        for prev, cur, nxt in zip(stops, stops[1:], stops[2:], strict=False):
            e1, e2 = edge_of.get(frozenset((prev, cur))), edge_of.get(frozenset((cur, nxt)))
            if e1 is None or e2 is None or e1 is e2:
                continue
            key = (cur, id(e1), id(e2)) if id(e1) < id(e2) else (cur, id(e2), id(e1))
            through.setdefault(key, set()).add(line.id)
    edges = {id(e): e for e in edge_of.values()}
    # per edge: (station at that end, the edge beyond, the lines going through together)
    passes: dict[int, list[tuple[str, int, set[str]]]] = {}
    for (station, e1, e2), lines in through.items():
        if len(lines) > 1:
            passes.setdefault(e1, []).append((station, e2, lines))
            passes.setdefault(e2, []).append((station, e1, lines))

    def towards(edge_id: int, station: str, order: list[str] | None = None) -> list[str]:
        """The edge's order seen walking towards `station` (left to right)."""
        order = result[edge_id] if order is None else order
        return order if edges[edge_id].b == station else order[::-1]

    def crossings(edge_id: int, order: list[str]) -> int:
        """Pairs of lines that swap sides at the edge's ends if it had this order."""
        count = 0
        for station, beyond, lines in passes[edge_id]:
            here = towards(edge_id, station, order)
            there = towards(beyond, station)[::-1]  # walking on, away from the station
            at_here = {line: i for i, line in enumerate(here) if line in lines}
            at_there = {line: i for i, line in enumerate(there) if line in lines}
            common = sorted(at_here, key=at_here.__getitem__)
            for i, a in enumerate(common):
                for b in common[i + 1 :]:
                    count += at_there[a] > at_there[b]
        return count

    for _ in range(UNTWIST_PASSES):
        moved = False
        for edge_id in passes:
            order = result[edge_id]
            best = crossings(edge_id, order)
            for line in list(order):
                if best == 0:
                    break
                rest = [x for x in order if x != line]
                for k in range(len(order)):
                    trial = [*rest[:k], line, *rest[k:]]
                    cost = crossings(edge_id, trial)
                    if cost < best:
                        best, order, moved = cost, trial, True
            result[edge_id] = order
        if not moved:
            break


def _signed_turn(incoming: float, outgoing: float) -> float:
    d = outgoing - incoming
    while d <= -math.pi:
        d += 2 * math.pi
    while d > math.pi:
        d -= 2 * math.pi
    return d
