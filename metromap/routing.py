"""Routing a component's chains on the grid: their order, the ports at their ends, search
tiers from strict to permissive, rip-up of walling routes, rerouting of crossing chains, reuse
of previous routes, and the inner stations on each route."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from metromap.graph import Chain, Edge, Graph
from metromap.route import TURN, WINDOW, Grid, GridPos, Route, direction

REROUTE_PASSES = 2
PAIR_WORK_SHARE = 1.0  # rerouting crossing pairs may add this share to the routing's work
RIP_UP_LIMIT = 2  # times one chain may be taken off to make room for another
ROUTE_ATTEMPTS = 12  # searches for one chain before the component is spread out
SELF_MEETING = 6  # attempts after which a route may run over itself, rather than get stuck
OVERLAP_WINDOW = 3 * WINDOW  # grid cells around its ends a search that may overlap uses
SEARCH_BUDGET = 6000  # states a search may expand before a more permissive one takes over
PORT_NODE = 3.0  # cost, in grid cells, of putting a station next to another


def score(grid: Grid, chain_list: list[Chain]) -> tuple[int, int]:
    """(crossings, line-weighted bends) of a routed component: lower is better."""
    routes = [grid.routes[c.id] for c in chain_list]
    crossings = sum(grid.crossings_of(r) for r in routes) // 2
    bends = sum(
        route_bends(r) * max(len(e.lines) for e in c.edges)
        for r, c in zip(routes, chain_list, strict=True)
    )
    return crossings, bends


def route_order(graph: Graph, chain_list: list[Chain]) -> list[Chain]:
    def key(c: Chain) -> tuple[int, int, int]:
        deg = max(graph.degree(c.start), graph.degree(c.end))
        lines = max(len(e.lines) for e in c.edges)
        return (-lines, -deg, c.id)

    return sorted(chain_list, key=key)


def ports(
    graph: Graph, grid: Grid, chain_of: dict[int, Chain], chain: Chain, at_start: bool
) -> list[tuple[int, float]]:
    """Directions of already routed edges at an anchor, weighted by lines continuing into us."""
    anchor = chain.start if at_start else chain.end
    our_edge = chain.edges[0] if at_start else chain.edges[-1]
    ports: list[tuple[int, float]] = []
    for _, other_edge in graph.adjacency[anchor]:
        if other_edge is our_edge:
            continue
        route, leaves = route_at(grid, chain_of, other_edge, anchor)
        if route is None:
            continue
        through = continuing_lines(our_edge, other_edge)
        if through:
            ports.append((leaves, float(through)))
    return ports


def continuing_lines(e1: Edge, e2: Edge) -> int:
    return len(set(e1.lines) & set(e2.lines))


def route_at(
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


def route_all(
    graph: Graph,
    grid: Grid,
    chain_list: list[Chain],
    previous: dict[str, tuple[float, float]],
    previous_edges: dict[tuple[str, str], list[GridPos]],
    work_left: int = 0,
) -> dict[int, list[int]]:
    """Route every chain and place its inner stations; returns chain id -> route node indices.

    `work_left`: search work the caller can spare beyond the routing itself (for rerouting
    pairs of crossing chains)."""
    chain_of = {id(edge): chain for chain in chain_list for edge in chain.edges}
    for chain in chain_list:
        for sid in (chain.start, chain.end):
            grid.pending[sid] = grid.pending.get(sid, 0) + 1
    picks: dict[int, list[int]] = {}
    # chains drawn before keep their old routes where these still fit: the mental map stays
    kept: set[int] = set()
    ordered = route_order(graph, chain_list)
    for chain in ordered:
        reused = previous_route(grid, chain, previous_edges, previous)
        if reused is None:
            continue
        route, indices = reused
        grid.commit(route)
        picks[chain.id] = indices
        kept.add(chain.id)
        grid.add_inner_stations(chain.inner, route, indices)
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
        grid.lift(victim_id, picks.pop(victim_id))
        for sid in (victim.start, victim.end):
            grid.pending[sid] += 1
        kept.discard(victim_id)
        queue.append(victim)
        return True

    while queue:
        chain = queue.popleft()
        route = route_one(graph, grid, chain_of, chain, rip_up)
        picks[chain.id] = place_inner(grid, route, chain, previous)
        grid.add_inner_stations(chain.inner, route, picks[chain.id])
        for sid in (chain.start, chain.end):
            grid.pending[sid] -= 1
    changed = [c for c in chain_list if c.id not in kept]
    rerouting = Rerouting(graph, grid, chain_of, picks, previous)
    rerouting.crossing_chains(changed)
    spare = min(int(grid.work * PAIR_WORK_SHARE), work_left - grid.work)
    if spare > 0:
        rerouting.crossing_pairs(changed, spare)
    return picks


def previous_route(
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


@dataclass
class Rerouting:
    """A routed component whose crossing chains are ripped up and routed again: the grid, the
    chains' inner-station picks (kept up to date) and what routing them needs."""

    graph: Graph
    grid: Grid
    chain_of: dict[int, Chain]
    picks: dict[int, list[int]]
    previous: dict[str, tuple[float, float]]

    def crossing_chains(self, chain_list: list[Chain]) -> None:
        """Rip up each chain that crosses others and route it again among all the rest.

        The first routes were drawn before later ones existed; with everything in place a
        chain often finds a way round. The new route is kept only if it crosses less, or as
        often with fewer bends.
        """
        grid, picks = self.grid, self.picks
        for _ in range(REROUTE_PASSES):
            improved = False
            for chain in chain_list:
                old = grid.routes[chain.id]
                old_score = (grid.crossings_of(old), route_bends(old))
                if old_score[0] == 0:
                    continue
                grid.lift(chain.id, picks[chain.id])
                new = _route_better(self.graph, grid, self.chain_of, chain)
                if new is not None and (grid.crossings_of(new), route_bends(new)) < old_score:
                    picks[chain.id] = place_inner(grid, new, chain, self.previous)
                    grid.add_inner_stations(chain.inner, new, picks[chain.id])
                    improved = True
                else:
                    if new is not None:
                        grid.remove(chain.id)
                    grid.commit(old)
                    grid.add_inner_stations(chain.inner, old, picks[chain.id])
            if not improved:
                break

    def crossing_pairs(self, chain_list: list[Chain], work: int) -> None:
        """Rip up two chains that cross and route them again the other way round: the one
        routed first took the way the other needed. Kept if the two cross less (with each
        other and the rest), or as often with fewer bends. No pair starts after `work` more
        search work."""
        grid, picks = self.grid, self.picks
        by_id = {chain.id: chain for chain in chain_list}
        end = grid.work + work
        for chain in chain_list:
            for other_id in sorted(grid.partners_of(chain.id)):
                if grid.work >= end:
                    return
                other = by_id.get(other_id)
                if other is None or other_id not in grid.partners_of(chain.id):
                    continue  # not rerouted here, or no longer crossing
                pair = (other, chain)
                old = [grid.routes[c.id] for c in pair]
                old_score = _pair_score(grid, old)
                for c in pair:
                    grid.lift(c.id, picks[c.id])
                new: list[tuple[Route, list[int]]] = []  # route, inner station indices
                for c in pair:
                    route = _route_better(self.graph, grid, self.chain_of, c, overlap=False)
                    if route is None:
                        break
                    indices = place_inner(grid, route, c, self.previous)
                    grid.add_inner_stations(c.inner, route, indices)
                    new.append((route, indices))
                if len(new) == 2 and _pair_score(grid, [route for route, _ in new]) < old_score:
                    for c, (_, indices) in zip(pair, new, strict=True):
                        picks[c.id] = indices
                    continue
                for c, (_, indices) in zip(pair, new, strict=False):  # undo what was routed
                    grid.lift(c.id, indices)
                for c, route in zip(pair, old, strict=True):
                    grid.commit(route)
                    grid.add_inner_stations(c.inner, route, picks[c.id])


def _pair_score(grid: Grid, routes: list[Route]) -> tuple[int, int]:
    return (
        sum(grid.crossings_of(route) for route in routes),
        sum(route_bends(route) for route in routes),
    )


def search_args(
    graph: Graph, grid: Grid, chain_of: dict[int, Chain], chain: Chain
) -> tuple[int, str, str, int, list[tuple[int, float]], list[tuple[int, float]]]:
    """The leading arguments of `Grid.find_route` for a chain: its ends, its inner stations
    and the ports that continuing lines ask for at both ends."""
    return (
        chain.id,
        chain.start,
        chain.end,
        len(chain.inner),
        ports(graph, grid, chain_of, chain, at_start=True),
        ports(graph, grid, chain_of, chain, at_start=False),
    )


def commit_if_fits(grid: Grid, route: Route | None, need: int) -> bool:
    """Commit a found route if it holds `need` inner stations and does not run back over
    itself (a line drawn over itself); otherwise leave the grid as it was."""
    if route is None or route.meets_itself:
        return False
    grid.commit(route)
    if len(grid.usable(route)) < need:
        grid.remove(route.chain_id)
        return False
    return True


def _route_better(
    graph: Graph, grid: Grid, chain_of: dict[int, Chain], chain: Chain, overlap: bool = True
) -> Route | None:
    """A new route for a ripped-up chain, searched near its ends (then, if `overlap`, also
    through other routes); committed, or None."""
    args = search_args(graph, grid, chain_of, chain)
    route = grid.find_route(*args, strict=False, budget=SEARCH_BUDGET)
    if route is None and overlap:
        route = grid.find_route(
            *args, strict=False, overlap=True, window=OVERLAP_WINDOW, budget=4 * SEARCH_BUDGET
        )
    return route if commit_if_fits(grid, route, len(chain.inner)) else None


def route_length(route: Route) -> float:
    return sum(math.dist(p, q) for p, q in pairwise(route.nodes))


def route_bends(route: Route) -> int:
    dirs = [direction(p, q) for p, q in pairwise(route.nodes)]
    return sum(TURN[a][b] for a, b in pairwise(dirs))


def route_one(
    graph: Graph,
    grid: Grid,
    chain_of: dict[int, Chain],
    chain: Chain,
    rip_up: Callable[[int], bool],
) -> Route:
    need = len(chain.inner)
    args = search_args(graph, grid, chain_of, chain)
    avoid: frozenset[GridPos] = frozenset()
    ripped = False
    for attempt in range(ROUTE_ATTEMPTS):
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
            taken_off = [rip_up(victim) for victim in walling(grid, chain)]
            if any(taken_off):
                continue
        if route is None:
            route = grid.find_route(*args, strict=False, overlap=True, window=None, avoid=avoid)
        if route is None:  # widen the routing area until a route exists
            x0, y0, x1, y1 = grid.bounds
            grid.bounds = (x0 - 4, y0 - 4, x1 + 4, y1 + 4)
            continue
        grid.commit(route)
        if len(grid.usable(route)) >= need and (not route.meets_itself or attempt >= SELF_MEETING):
            return route
        # the route met itself (a line drawn back over itself, and nodes that cannot hold a
        # station): search again without the nodes where it did
        grid.remove(route.chain_id)
        seen: set[GridPos] = set()
        twice = {n for n in route.nodes if n in seen or seen.add(n)}
        avoid = avoid | twice
    raise RoutingStuck(chain.id)


class RoutingStuck(Exception):
    """A chain found no route on the grid as the stations stand: spread them and retry."""


def walling(grid: Grid, chain: Chain) -> list[int]:
    """Other chains whose routes take neighbour nodes of this chain's two anchors."""
    victims: set[int] = set()
    for sid in (chain.start, chain.end):
        for node in grid.ring[sid]:
            victims.update(entry[0] for entry in grid.occ.get(node, ()))
    victims.discard(chain.id)
    return sorted(victims)


def place_inner(
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
