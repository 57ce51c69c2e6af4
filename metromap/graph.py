"""The network as a graph: edges with their lines, connected components and degree-2 chains."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import pairwise

from metromap.model import Network

MAX_INNER = 24  # inner stations a chain may have; a longer one is cut into even parts


@dataclass
class Edge:
    """One drawn edge: two consecutive stops (in first-seen order) and every line between them."""

    a: str
    b: str
    lines: list[str]

    def other(self, sid: str) -> str:
        return self.b if sid == self.a else self.a


@dataclass
class Chain:
    """A maximal path whose inner stations have degree 2; it is routed as one polyline.

    `stations[0]` and `stations[-1]` are anchors (degree != 2, or a cut point of a cycle or
    of a very long chain);
    the inner ones are placed on the route afterwards. `edges[i]` joins stations[i] and [i+1].
    """

    id: int
    stations: list[str]
    edges: list[Edge]

    @property
    def inner(self) -> list[str]:
        return self.stations[1:-1]

    @property
    def start(self) -> str:
        return self.stations[0]

    @property
    def end(self) -> str:
        return self.stations[-1]


@dataclass
class Graph:
    order: list[str]  # station ids in input order
    edges: list[Edge]
    adjacency: dict[str, list[tuple[str, Edge]]] = field(default_factory=dict)

    def degree(self, sid: str) -> int:
        return len(self.adjacency.get(sid, ()))


def build_graph(network: Network) -> Graph:
    order = [s.id for s in network.stations]
    edges = [Edge(a, b, list(lines)) for (a, b), lines in network.edges().items()]
    adjacency: dict[str, list[tuple[str, Edge]]] = {sid: [] for sid in order}
    for edge in edges:
        adjacency[edge.a].append((edge.b, edge))
        adjacency[edge.b].append((edge.a, edge))
    return Graph(order=order, edges=edges, adjacency=adjacency)


def components(graph: Graph) -> list[list[str]]:
    """Connected components, each in input order, listed by their first station's input order."""
    index = {sid: i for i, sid in enumerate(graph.order)}
    seen: set[str] = set()
    result: list[list[str]] = []
    for sid in graph.order:
        if sid in seen:
            continue
        stack = [sid]
        seen.add(sid)
        comp = []
        while stack:
            v = stack.pop()
            comp.append(v)
            for w, _ in graph.adjacency[v]:
                if w not in seen:
                    seen.add(w)
                    stack.append(w)
        comp.sort(key=index.__getitem__)
        result.append(comp)
    return result


def chains(graph: Graph, stations: list[str]) -> tuple[list[str], list[Chain]]:
    """Split a component into anchors and chains between them.

    Anchors are stations whose degree is not 2. A cycle made only of degree-2 stations gets
    two anchors on opposite sides so that every chain joins two different anchors or is a
    proper loop with distinct ends: its first station in input order, and of the stations
    furthest from it along the cycle the first in input order (a stop added later, and so
    listed later, does not take an anchor's place).
    """
    anchors = [s for s in stations if graph.degree(s) != 2]
    anchor_set = set(anchors)
    if not anchor_set and stations:
        # a pure cycle (every degree 2): cut it at two stations far apart on the cycle
        first = stations[0]
        anchor_set.add(first)
        walk = _walk_cycle(graph, first)
        rank = {sid: i for i, sid in enumerate(stations)}
        far = max(
            range(1, len(walk)),
            key=lambda k: (min(k, len(walk) - k), -rank[walk[k]]),
        )
        anchor_set.add(walk[far])
        anchors = [s for s in stations if s in anchor_set]
    result: list[Chain] = []
    used: set[int] = set()
    for anchor in anchors:
        for nxt, edge in graph.adjacency[anchor]:
            if id(edge) in used:
                continue
            path = [anchor]
            path_edges = []
            cur, cur_edge = nxt, edge
            while True:
                used.add(id(cur_edge))
                path.append(cur)
                path_edges.append(cur_edge)
                if cur in anchor_set:
                    break
                # degree-2 inner station: continue to its other neighbour
                (n1, e1), (n2, e2) = graph.adjacency[cur]
                cur, cur_edge = (n2, e2) if e1 is cur_edge else (n1, e1)
            result.append(Chain(id=len(result), stations=path, edges=path_edges))
    # cycles of degree-2 stations hanging off nothing are handled above; a cycle through one
    # anchor only (a loop) is split at its middle station so that both ends differ
    final: list[Chain] = []
    for chain in result:
        if chain.start == chain.end:
            mid = len(chain.stations) // 2
            anchor_set.add(chain.stations[mid])
            final.extend(_cut(chain, [mid]))
        else:
            final.append(chain)
    # a very long chain is cut into even parts at inner stations that become anchors: its
    # route, squeezed between anchors placed closer than its length, would have to wind
    # to gather a node for each of its stations, and searching for such a route costs the
    # more the more stations it must gather
    cut: list[Chain] = []
    for chain in final:
        parts = math.ceil((len(chain.inner) + 1) / (MAX_INNER + 1))
        if parts > 1:
            hops = len(chain.edges)
            at = [round(hops * k / parts) for k in range(1, parts)]
            anchor_set.update(chain.stations[i] for i in at)
            cut.extend(_cut(chain, at))
        else:
            cut.append(chain)
    final = cut
    for i, chain in enumerate(final):
        chain.id = i
    anchors = [s for s in stations if s in anchor_set]
    return anchors, final


def _cut(chain: Chain, at: list[int]) -> list[Chain]:
    """The chain cut at the stations of the given positions (each made an anchor)."""
    bounds = [0, *at, len(chain.edges)]
    return [Chain(0, chain.stations[a : b + 1], chain.edges[a:b]) for a, b in pairwise(bounds)]


def _walk_cycle(graph: Graph, start: str) -> list[str]:
    walk = [start]
    prev = None
    cur = start
    while True:
        nbrs = [w for w, _ in graph.adjacency[cur] if w != prev]
        nxt = nbrs[0]
        if nxt == start:
            return walk
        walk.append(nxt)
        prev, cur = cur, nxt
