"""Local search after routing: anchors move to nearby free nodes where the drawing gets better
(after Stott et al.'s multicriteria optimisation and octi's local search)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from metromap.graph import Chain, Graph
from metromap.place import block_nodes
from metromap.route import TURN, Grid, GridPos, Route
from metromap.routing import (
    SEARCH_BUDGET,
    commit_if_fits,
    continuing_lines,
    place_inner,
    route_at,
    route_bends,
    route_length,
    route_order,
    search_args,
)


@dataclass
class Drawing:
    """A routed component whose anchors the local search may move."""

    graph: Graph
    grid: Grid
    chain_list: list[Chain]
    picks: dict[int, list[int]]
    shapes: dict[str, tuple[int, int]]
    previous: dict[str, tuple[float, float]]
    chain_of: dict[int, Chain] = field(init=False)
    chain_of_id: dict[int, Chain] = field(init=False)
    chains_at: dict[str, list[Chain]] = field(init=False)
    weight: dict[int, int] = field(init=False)  # chain id -> most lines on one of its edges

    def __post_init__(self) -> None:
        self.weight = {c.id: max(len(e.lines) for e in c.edges) for c in self.chain_list}
        self.chain_of = {id(edge): chain for chain in self.chain_list for edge in chain.edges}
        self.chain_of_id = {chain.id: chain for chain in self.chain_list}
        self.chains_at = {}
        for chain in self.chain_list:
            for sid in dict.fromkeys((chain.start, chain.end)):
                self.chains_at.setdefault(sid, []).append(chain)

    def unroute(self, chain: Chain) -> tuple[Route, list[int]]:
        """Take a chain and its inner stations off the grid; returns what it was."""
        picks = self.picks.pop(chain.id)
        route = self.grid.lift(chain.id, picks)
        for sid in (chain.start, chain.end):
            self.grid.pending[sid] += 1
        return route, picks

    def reroute(self, chain: Chain, route: Route, picks: list[int]) -> None:
        """Put a chain back as it was."""
        self.grid.commit(route)
        self._settle(chain, route, picks)

    def _settle(self, chain: Chain, route: Route, picks: list[int]) -> None:
        """Place the inner stations of a committed route; its ends wait for one edge less."""
        self.picks[chain.id] = picks
        self.grid.add_inner_stations(chain.inner, route, picks)
        for sid in (chain.start, chain.end):
            self.grid.pending[sid] -= 1

    def route_quickly(self, chain: Chain) -> bool:
        """Route a chain without overlaps or rip-ups; False (nothing committed) if none fits."""
        grid = self.grid
        args = search_args(self.graph, grid, self.chain_of, chain)
        grid.work += ROUTE_WORK
        route = grid.find_route(*args, budget=SEARCH_BUDGET) or grid.find_route(
            *args, strict=False, budget=SEARCH_BUDGET
        )
        if not commit_if_fits(grid, route, len(chain.inner)):
            return False
        self._settle(chain, route, place_inner(grid, route, chain, self.previous))
        return True

    def move_size(self, anchor: str) -> int:
        """Route nodes that a move of the anchor searches again, about: what it costs."""
        return sum(len(self.grid.routes[chain.id].nodes) for chain in self.chains_at[anchor])

    def turns_at(self, anchor: str) -> int:
        """Bend cost of the lines that pass through an anchor, weighted by lines."""
        leaving = []
        for _, edge in self.graph.adjacency[anchor]:
            _, d = route_at(self.grid, self.chain_of, edge, anchor)
            leaving.append((edge, d))
        cost = 0
        for i, (e1, d1) in enumerate(leaving):
            for e2, d2 in leaving[i + 1 :]:
                shared = continuing_lines(e1, e2)
                if shared and d1 >= 0 and d2 >= 0:
                    cost += TURN[(d1 + 4) % 8][d2] * shared
        return cost

    def cost(self, chains_here: list[Chain]) -> tuple[int, int, float]:
        """(crossings, bend cost, length) of some chains and the anchors they end at."""
        grid = self.grid
        crossings = bends = 0
        length = 0.0
        ends: dict[str, None] = {}
        for chain in chains_here:
            route = grid.routes[chain.id]
            crossings += grid.crossings_of(route)
            bends += route_bends(route) * self.weight[chain.id]
            length += route_length(route)
            ends[chain.start] = ends[chain.end] = None
        bends += sum(self.turns_at(sid) for sid in ends)
        return crossings, bends, round(length, 6)

    def can_take(self, anchor: str, nodes: list[GridPos], moving: set[int]) -> bool:
        """Whether the anchor's block fits on these nodes, a free node away from other blocks."""
        grid = self.grid
        for x, y in nodes:
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    other = grid.station_at.get((x + dx, y + dy))
                    if other is not None and other != anchor and other in self.shapes:
                        return False
            node = (x, y)
            if grid.station_at.get(node, anchor) != anchor:
                return False
            if any(entry[0] not in moving for entry in grid.occ.get(node, ())):
                return False
        return True

    def crossing_partners(self, chains_here: list[Chain]) -> list[Chain]:
        """Other chains that cross or overlap these, in routing order."""
        ours = {chain.id for chain in chains_here}
        found: set[int] = set()
        for chain in chains_here:
            found |= self.grid.partners_of(chain.id)
        return route_order(self.graph, [self.chain_of_id[i] for i in sorted(found - ours)])

    def floor(self, chain: Chain, moved: str, nodes: list[GridPos]) -> tuple[int, float]:
        """Least (bend cost, length) any route of the chain can have with `moved` on `nodes`:
        a bend unless some nodes of its two blocks line up octilinearly, and the octilinear
        distance between the blocks (at least one step per inner station and one more)."""
        a = nodes if chain.start == moved else self.grid.blocks[chain.start]
        b = nodes if chain.end == moved else self.grid.blocks[chain.end]
        ax0, ax1 = min(x for x, _ in a), max(x for x, _ in a)
        ay0, ay1 = min(y for _, y in a), max(y for _, y in a)
        bx0, bx1 = min(x for x, _ in b), max(x for x, _ in b)
        by0, by1 = min(y for _, y in b), max(y for _, y in b)
        dx0, dx1 = bx0 - ax1, bx1 - ax0  # the x offsets from a node of a to one of b
        dy0, dy1 = by0 - ay1, by1 - ay0
        straight = (
            dx0 <= 0 <= dx1
            or dy0 <= 0 <= dy1
            or max(dx0, dy0) <= min(dx1, dy1)
            or max(dx0, -dy1) <= min(dx1, -dy0)
        )
        gx, gy = max(dx0, -dx1, 0), max(dy0, -dy1, 0)
        lo, hi = min(gx, gy), max(gx, gy)
        length = max(hi + (math.sqrt(2.0) - 1.0) * lo, len(chain.inner) + 1.0)
        bends = 0 if straight or chain.start == chain.end else self.weight[chain.id]
        return bends, length

    def floors(self, anchor: str, origin: GridPos, chains_here: list[Chain]) -> tuple[int, float]:
        """Least (bend cost, length) of the chains with the anchor's block at `origin`."""
        nodes = block_nodes(origin, self.shapes[anchor])
        bends = 0
        length = 0.0
        for chain in chains_here:
            chain_bends, chain_length = self.floor(chain, anchor, nodes)
            bends += chain_bends
            length += chain_length
        return bends, round(length, 6)

    def move(
        self,
        anchor: str,
        origin: GridPos,
        chains_here: list[Chain],
        hopeless: Callable[[tuple[int, int, float]], bool],
    ) -> list[tuple[Chain, Route, list[int]]] | None:
        """Put the anchor's block at `origin` and route `chains_here` (its chains, maybe more)
        again in that order; None if they don't fit or if `hopeless` holds for a lower bound
        of their cost (then nothing changed).

        The bound starts from the floors of all chains and gets the real figures of each
        chain as it is routed, so many moves that cannot help stop early. Returns what the
        chains were, for `undo`.
        """
        moving = {chain.id for chain in chains_here}
        nodes = block_nodes(origin, self.shapes[anchor])
        if not self.can_take(anchor, nodes, moving):
            return None
        floors = [self.floor(chain, anchor, nodes) for chain in chains_here]
        bends = sum(f[0] for f in floors)
        length = sum(f[1] for f in floors)
        if hopeless((0, bends, length)):
            return None
        old = [(chain, *self.unroute(chain)) for chain in chains_here]
        old_nodes = self.grid.remove_station(anchor)
        self.grid.add_station(anchor, nodes)
        routed: list[Chain] = []
        crossings = 0
        for chain, (floor_bends, floor_length) in zip(chains_here, floors, strict=True):
            # crossings only grow as more chains are routed, and bends and length of a
            # routed chain are known: stop as soon as the move cannot help
            ok = self.route_quickly(chain)
            if ok:
                routed.append(chain)
                route = self.grid.routes[chain.id]
                crossings += self.grid.crossings_of(route)
                bends += route_bends(route) * self.weight[chain.id] - floor_bends
                length += route_length(route) - floor_length
            if not ok or hopeless((crossings, bends, length)):
                for done in routed:
                    self.unroute(done)
                self.grid.remove_station(anchor)
                self.grid.add_station(anchor, old_nodes)
                for chain_, route_, picks in old:
                    self.reroute(chain_, route_, picks)
                return None
        return old

    def undo(
        self, anchor: str, old_origin: GridPos, old: list[tuple[Chain, Route, list[int]]]
    ) -> None:
        for chain, _, _ in old:
            self.unroute(chain)
        self.grid.remove_station(anchor)
        self.grid.add_station(anchor, block_nodes(old_origin, self.shapes[anchor]))
        for chain, route, picks in old:
            self.reroute(chain, route, picks)


MOVES_PER_ANCHOR = 100  # moves tried, on average, to remove bends and shorten routes
CROSSING_MOVES_PER_ANCHOR = 10  # moves tried, on average, to remove crossings
# moves tried at most in a component: on big grids each move costs more, and runtime counts
MAX_MOVES, MAX_CROSSING_MOVES = 3000, 300
LOCAL_SEARCH_RADIUS = 2
DETOUR_CHAINS = 6  # crossing chains up to which each looks for a way round the others
DETOUR_BUDGET = 30_000  # states such a search may expand
DETOUR_WORK = 90_000  # search work all detours together may add
SWAP_WORK = 30_000  # search work the anchors trading places may add
SMALL_NETWORK = 100
LS_WORK_SMALL = (459_000, 255_000)  # for no stations, and for SMALL_NETWORK stations
MIN_SEARCH_SHARE = 0.25  # of the work, for the local search even where routing took more
# work a move costs besides its route searches: taking routes off and putting them back,
# ports, inner stations, costs (in search states, measured)
MOVE_WORK, ROUTE_WORK = 10, 50
LS_WORK_LARGE = 255_000  # for SMALL_NETWORK stations and one more
LS_WORK_PER_STATION = 1_275  # more for each station beyond that
CROSSING_SHARE = 0.4  # of the work, at most, for long moves that remove crossings
CROSSING_RADIUS = 4  # moves tried for anchors whose chains cross others


def search_work(stations: int) -> int:
    """Work (route search states expanded and queued) that routing and local search of a
    whole network may do together. Up to SMALL_NETWORK stations the command should take a
    second at most, and the other stages take more time the more stations there are; beyond
    that the time allowed grows (five seconds up to 250 stations, ten up to 600), and so does
    the work. Dense networks use theirs up in routing and their moves; sparse ones, such as
    real transit networks of several hundred stations, need it for the local search."""
    if stations <= SMALL_NETWORK:
        return LS_WORK_SMALL[0] - (LS_WORK_SMALL[0] - LS_WORK_SMALL[1]) * stations // SMALL_NETWORK
    return LS_WORK_LARGE + LS_WORK_PER_STATION * (stations - SMALL_NETWORK)


def _offsets(radius: int) -> list[GridPos]:
    """Moves of a block by up to `radius` nodes each way, nearest first."""
    return sorted(
        (
            (dx, dy)
            for dx in range(-radius, radius + 1)
            for dy in range(-radius, radius + 1)
            if dx or dy
        ),
        key=lambda o: (max(abs(o[0]), abs(o[1])), abs(o[0]) + abs(o[1]), o[1], o[0]),
    )


def improve_placement(drawing: Drawing, fixed: set[str], work: int = 1 << 62) -> None:
    """Move single anchors to nearby free nodes while that makes the drawing better.

    First long moves of the anchors whose chains cross others, rerouting the chains they
    cross as well, to remove crossings; then passes of one-node moves until none helps,
    then of two-node moves, to remove bends and shorten routes. Each move is kept at once
    if it helps (first improvement). Anchors whose moves cost least are tried first, and
    their moves in the order of how straight and short their chains could get. Deterministic:
    `work` (route search states expanded and queued, see `Grid.work`) bounds the effort,
    never the clock.
    """
    anchors = [a for a in drawing.shapes if a not in fixed and a in drawing.chains_at]
    # cheap moves first: with little work left, many small anchors beat one hub
    rank = {a: i for i, a in enumerate(anchors)}
    anchors.sort(key=lambda a: (drawing.move_size(a), rank[a]))
    end = drawing.grid.work + work
    budget = [min(CROSSING_MOVES_PER_ANCHOR * len(anchors), MAX_CROSSING_MOVES)]
    crossing_end = drawing.grid.work + int(work * CROSSING_SHARE)
    tried: set[_Tried] = set()
    offsets = _offsets(CROSSING_RADIUS)
    _search(drawing, anchors, offsets, budget, crossing_end, tried, crossings_only=True)
    budget = [min(MOVES_PER_ANCHOR * len(anchors), MAX_MOVES)]
    for radius in (1, LOCAL_SEARCH_RADIUS):
        _search(drawing, anchors, _offsets(radius), budget, end, tried, crossings_only=False)
    if not fixed:  # a detour would carry the stations of a previous layout far
        _detour_crossings(drawing)
        _swap_crossings(drawing)


def _detour_crossings(drawing: Drawing) -> None:
    """Last, where only a few chains still cross others: each looks for a way round them,
    anywhere in the drawing, and takes it if there is one (a crossing counts for more than
    the bends and length of the detour). Moves of single anchors cannot remove a crossing
    that a long chain makes with a wall of others; on a planar network a way round is often
    there. At most DETOUR_WORK more search work."""
    grid = drawing.grid
    chains = route_order(drawing.graph, drawing.chain_list)
    crossing = [chain for chain in chains if grid.crossings_of(grid.routes[chain.id])]
    if len(crossing) > DETOUR_CHAINS:
        return
    end = grid.work + DETOUR_WORK
    for chain in crossing:
        before = drawing.cost([chain])
        if before[0] == 0:
            continue  # an earlier detour went round this one
        if grid.work >= end:
            return
        old = drawing.unroute(chain)
        args = search_args(drawing.graph, grid, drawing.chain_of, chain)
        route = grid.find_route(*args, strict=False, window=None, budget=DETOUR_BUDGET, cross=False)
        if route is not None and commit_if_fits(grid, route, len(chain.inner)):
            drawing._settle(chain, route, place_inner(grid, route, chain, drawing.previous))
            if drawing.cost([chain]) < before:
                continue
            drawing.unroute(chain)
        drawing.reroute(chain, *old)


def _swap_crossings(drawing: Drawing) -> None:
    """Where a few chains still cross, two anchors at the ends of crossing chains, of the
    same block shape, trade places if their chains then cross less (as often as that helps,
    at most DETOUR_CHAINS times, within SWAP_WORK more search work)."""
    grid = drawing.grid
    end = grid.work + SWAP_WORK
    for _ in range(DETOUR_CHAINS):
        chains = route_order(drawing.graph, drawing.chain_list)
        crossing = [c for c in chains if grid.crossings_of(grid.routes[c.id])]
        if not crossing or len(crossing) > DETOUR_CHAINS or not _swap_one(drawing, crossing, end):
            return


def _swap_one(drawing: Drawing, crossing: list[Chain], end: int) -> bool:
    """The first swap of two anchors of crossing chains that lowers crossings, if any: the
    pairs whose chains are shortest first (the cheapest to route again), none once the
    grid's work counter reaches `end`."""
    pairs: dict[frozenset[str], tuple[str, str]] = {}
    for chain in crossing:
        for other_id in sorted(drawing.grid.partners_of(chain.id)):
            other = drawing.chain_of_id[other_id]
            for a in dict.fromkeys((chain.start, chain.end)):
                for b in dict.fromkeys((other.start, other.end)):
                    if a != b and drawing.shapes[a] == drawing.shapes[b]:
                        pairs.setdefault(frozenset((a, b)), (a, b))
    rank = {pair: i for i, pair in enumerate(pairs)}
    size = {pair: sum(drawing.move_size(sid) for sid in pair) for pair in pairs}
    for pair in sorted(pairs, key=lambda p: (size[p], rank[p])):
        if drawing.grid.work >= end:
            return False
        if _swap(drawing, *pairs[pair]):
            return True
    return False


def _swap(drawing: Drawing, a: str, b: str) -> bool:
    """Anchors `a` and `b` (of one block shape) trade places and their chains, and the
    chains those cross, are routed again; kept if they then cross less, else undone."""
    grid = drawing.grid
    ours = list({chain.id: chain for chain in drawing.chains_at[a] + drawing.chains_at[b]}.values())
    chains = route_order(drawing.graph, ours)
    chains += drawing.crossing_partners(chains)
    before = drawing.cost(chains)
    old = [(chain, *drawing.unroute(chain)) for chain in chains]
    nodes_a, nodes_b = grid.remove_station(a), grid.remove_station(b)
    grid.add_station(a, nodes_b)
    grid.add_station(b, nodes_a)
    routed: list[Chain] = []
    for chain in chains:
        if not drawing.route_quickly(chain):
            break
        routed.append(chain)
    if len(routed) == len(chains) and drawing.cost(chains)[0] < before[0]:
        return True
    for chain in routed:
        drawing.unroute(chain)
    grid.remove_station(a)
    grid.remove_station(b)
    grid.add_station(a, nodes_a)
    grid.add_station(b, nodes_b)
    for chain, route, picks in old:
        drawing.reroute(chain, route, picks)
    return False


# a move tried and not kept: whether only fewer crossings counted, the anchor, where to, the
# routes of the chains it moved then and what they cost
_Tried = tuple[bool, str, GridPos, tuple[tuple[GridPos, ...], ...], tuple[int, int, float]]


def _search(
    drawing: Drawing,
    anchors: list[str],
    offsets: list[GridPos],
    budget: list[int],
    work_end: int,
    tried: set[_Tried],
    crossings_only: bool,
) -> None:
    """Passes of first-improvement moves over the anchors; after the first pass only anchors
    near a change are tried again. `budget` (moves tried) is shared and used up; no move
    starts once the grid's work counter reaches `work_end`. A move is not tried again while
    the chains it moves run as they did when it failed (in `tried`): it would fail again
    but where a change elsewhere on the grid opened a way, which is seldom."""
    dirty = set(anchors)
    while dirty and budget[0] > 0:
        improved = False
        for anchor in anchors:
            if anchor not in dirty:
                continue
            dirty.discard(anchor)
            chains_here = route_order(drawing.graph, drawing.chains_at[anchor])
            before = drawing.cost(chains_here)
            if crossings_only:
                if before[0] == 0:
                    continue
                chains_here = chains_here + drawing.crossing_partners(chains_here)
                before = drawing.cost(chains_here)
            hopeless = _hopeless(before, crossings_only)
            x0, y0 = drawing.grid.blocks[anchor][0]
            routes = tuple(tuple(drawing.grid.routes[chain.id].nodes) for chain in chains_here)
            for dx, dy in _promising_first(drawing, anchor, offsets, chains_here, crossings_only):
                if budget[0] <= 0 or drawing.grid.work >= work_end:
                    return
                move = (crossings_only, anchor, (x0 + dx, y0 + dy), routes, before)
                if move in tried:
                    continue
                budget[0] -= 1
                drawing.grid.work += MOVE_WORK
                old = drawing.move(anchor, (x0 + dx, y0 + dy), chains_here, hopeless)
                if old is not None:
                    after = drawing.cost(chains_here)
                    if after < before and (after[0] < before[0] or not crossings_only):
                        improved = True
                        dirty.update(_near_change(drawing, anchors, chains_here, (x0, y0)))
                        break
                    drawing.undo(anchor, (x0, y0), old)
                tried.add(move)
        if not improved:
            return


def _promising_first(
    drawing: Drawing,
    anchor: str,
    offsets: list[GridPos],
    chains_here: list[Chain],
    crossings_only: bool,
) -> list[GridPos]:
    """The moves to try, those whose chains could be straighter and shorter first (by their
    floors); nearest first when removing crossings, which floors do not foresee."""
    if crossings_only:
        return offsets
    x0, y0 = drawing.grid.blocks[anchor][0]
    return sorted(
        offsets, key=lambda o: drawing.floors(anchor, (x0 + o[0], y0 + o[1]), chains_here)
    )


def _hopeless(
    before: tuple[int, int, float], crossings_only: bool
) -> Callable[[tuple[int, int, float]], bool]:
    """Whether a lower bound of a move's (crossings, bend cost, length) shows that the move
    cannot be kept: it must cross less, or in the second search be better in that order.

    Turns at the anchors are left out of the bound (they are at least 0); lengths are
    compared with a little slack for rounding.
    """
    if crossings_only:
        return lambda bound: bound[0] >= before[0]
    crossings, bends, length = before
    return lambda bound: (bound[0], bound[1], bound[2] - 1e-6) >= (crossings, bends, length)


def _near_change(
    drawing: Drawing, anchors: list[str], moved: list[Chain], old_origin: GridPos
) -> set[str]:
    """Anchors whose moves may have become better: ends of the rerouted chains and anchors
    near where they ran before or run now."""
    touched = {sid for chain in moved for sid in (chain.start, chain.end)}
    area = {old_origin}
    for chain in moved:
        area.update(drawing.grid.routes[chain.id].nodes)
    reach = CROSSING_RADIUS
    xs = [x for x, _ in area]
    ys = [y for _, y in area]
    x0, x1, y0, y1 = min(xs) - reach, max(xs) + reach, min(ys) - reach, max(ys) + reach
    for anchor in anchors:
        x, y = drawing.grid.blocks[anchor][0]
        if x0 <= x <= x1 and y0 <= y <= y1:
            touched.add(anchor)
    return touched
