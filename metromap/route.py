"""Octilinear routing of chains on the grid graph (after Bast, Brosi and Storandt's octi).

Every grid node holds at most one route, except where two routes cross straight through
each other away from stations. Stations occupy blocks of grid nodes; a route starts on a
block node of its first anchor, leaves it, and ends by stepping into a block node of its
last anchor. Costs: length, bends weighted by sharpness (as the quality measure weighs them),
crossings, and the turn that continuing lines make at the anchors.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from itertools import count, pairwise
from typing import Any, TypeVar

GridPos = tuple[int, int]
K = TypeVar("K")
V = TypeVar("V")

DIRS: tuple[GridPos, ...] = ((1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1), (0, -1), (1, -1))

STEP_HV = 1.0
STEP_DIAG = 1.25
BEND = (0.0, 2.5, 5.0, 40.0, 1e6)  # by turn in 45° steps; 135° turns are discouraged
CROSS = 30.0
OVERLAP = 80.0
NEAR_STATION = 2.0  # passing a foreign station's port uses one of its scarce neighbours
PORT_WEIGHT = 1.0
RELAX_SLACK = 20.0  # how far past the start the relaxed distances are made exact
DIAG_EXTRA = STEP_DIAG - STEP_HV  # what a diagonal step costs beyond a straight one
MIN_TURN = BEND[1]  # the cheapest turn
RIGHT_TURN = min(BEND[2], 2 * BEND[1])  # the cheapest way to turn by 90 degrees
WINDOW = 4  # grid cells around the two ends searched before the whole area


def turn(d1: int, d2: int) -> int:
    k = abs(d1 - d2) % 8
    return min(k, 8 - k)


TURN = tuple(tuple(turn(a, b) for b in range(8)) for a in range(8))


def direction(p: GridPos, q: GridPos) -> int:
    dx = (q[0] > p[0]) - (q[0] < p[0])
    dy = (q[1] > p[1]) - (q[1] < p[1])
    return DIRS.index((dx, dy))


@dataclass
class Route:
    chain_id: int
    nodes: list[GridPos]  # from a block node of the start anchor to one of the end anchor
    need: int  # inner stations to place on it

    @property
    def meets_itself(self) -> bool:
        """Whether the route passes a node twice (a line drawn back over itself)."""
        return len(set(self.nodes)) < len(self.nodes)

    @property
    def first_dir(self) -> int:
        return direction(self.nodes[0], self.nodes[1])

    @property
    def last_dir(self) -> int:
        return direction(self.nodes[-2], self.nodes[-1])


def _key(x: int, y: int) -> int:
    """A grid node packed into one int (the search avoids building tuples)."""
    return x * KEY_ROW + y


KEY_ROW = 1 << 16  # packed nodes: x * KEY_ROW + y, for |y| < KEY_ROW / 2
KEY_HALF = KEY_ROW // 2


def _unkey(k: int) -> GridPos:
    x, y = divmod(k + KEY_HALF, KEY_ROW)
    return x, y - KEY_HALF


def _diag_int(x: int, y: int, orient: int) -> int:
    """A cell's diagonal packed into one int: lower-left corner of the cell and orientation."""
    return _key(x, y) * 2 + orient


class PackedDict(dict[K, V]):
    """A dict keyed by grid nodes (or cell diagonals) with a twin keyed by packed ints.

    The search reads the twin (`packed`), which spares it building tuples; every change made
    through the usual dict operations reaches the twin too.
    """

    def __init__(self) -> None:
        super().__init__()
        self.packed: dict[int, V] = {}

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as a fresh instance refilled item by item, so the twin is rebuilt."""
        return (type(self), (), None, None, iter(self.items()))

    @staticmethod
    def pack(k: K) -> int:
        return _key(*k)  # type: ignore[misc]

    def __setitem__(self, k: K, v: V) -> None:
        super().__setitem__(k, v)
        self.packed[self.pack(k)] = v

    def __delitem__(self, k: K) -> None:
        super().__delitem__(k)
        del self.packed[self.pack(k)]

    def setdefault(self, k: K, default: V) -> V:  # type: ignore[override]
        if k in self:
            return self[k]
        self[k] = default
        return default

    def pop(self, k: K, *default: V) -> V:  # type: ignore[override]
        if k not in self and default:
            return default[0]
        v = self[k]
        del self[k]
        return v

    def update(self, *args: Any, **kwargs: Any) -> None:
        for k, v in dict(*args, **kwargs).items():
            self[k] = v

    def clear(self) -> None:
        super().clear()
        self.packed.clear()

    def popitem(self) -> tuple[K, V]:
        k, v = super().popitem()
        del self.packed[self.pack(k)]
        return k, v

    def __ior__(self, other: Any) -> PackedDict[K, V]:  # type: ignore[override]
        self.update(other)
        return self


class DiagDict(PackedDict[tuple[int, int, int], V]):
    """Taken cell diagonals (lower-left corner, orientation) with a packed twin."""

    @staticmethod
    def pack(k: tuple[int, int, int]) -> int:
        return _diag_int(*k)


def _steps_from(d: int) -> tuple[tuple[int, float, int, float, int | None, int, int], ...]:
    """Moves allowed after arriving in direction `d` (no 180° turn), as plain tuples."""
    steps = []
    for nd, (dx, dy) in enumerate(DIRS):
        t = TURN[d][nd]
        if t == 4:
            continue
        diag = None
        if dx and dy:
            # the search looks up the cell's other diagonal, as `diag_key` stores diagonals
            diag = _key(min(dx, 0), min(dy, 0)) * 2 + (1 if dx == dy else 0)
        steps.append(
            (nd, BEND[t], _key(dx, dy), STEP_HV if not (dx and dy) else STEP_DIAG, diag, dx, dy)
        )
    return tuple(steps)


STEPS = tuple(_steps_from(d) for d in range(8))
# moves for the relaxed distances: (axis, dx, dy, packed offset, length cost, diagonal offset)
RELAX_MOVES = tuple(
    (
        nd % 4,
        dx,
        dy,
        _key(dx, dy),
        STEP_DIAG if dx and dy else STEP_HV,
        _key(min(dx, 0), min(dy, 0)) * 2 + (1 if dx == dy else 0) if dx and dy else None,
    )
    for nd, (dx, dy) in enumerate(DIRS)
)
STRAIGHT = tuple(tuple(s for s in STEPS[d] if s[0] == d) for d in range(8))


@dataclass
class Grid:
    """Occupancy of the grid by station blocks and routes.

    `station_at`, `occ`, `near` and `diag` keep twins keyed by packed ints for the search.
    """

    station_at: PackedDict[GridPos, str] = field(default_factory=PackedDict)
    blocks: dict[str, list[GridPos]] = field(default_factory=dict)
    near: PackedDict[GridPos, int] = field(default_factory=PackedDict)  # node -> stations near
    ring: dict[str, set[GridPos]] = field(default_factory=dict)  # station -> its neighbour nodes
    pending: dict[str, int] = field(default_factory=dict)  # station -> edges still to route

    occ: PackedDict[GridPos, list[tuple[int, int, int]]] = field(default_factory=PackedDict)
    diag: DiagDict[int] = field(default_factory=DiagDict)  # taken diagonal -> a route on it
    routes: dict[int, Route] = field(default_factory=dict)
    bounds: tuple[int, int, int, int] = (0, 0, 0, 0)
    work: int = 0  # states the searches on this grid expanded and queued: work done

    def add_station(self, sid: str, nodes: list[GridPos]) -> None:
        self.blocks[sid] = nodes
        own = set(nodes)
        ring: set[GridPos] = set()
        for x, y in nodes:
            self.station_at[(x, y)] = sid
            for dx, dy in DIRS:
                n = (x + dx, y + dy)
                if n not in own:
                    ring.add(n)
        for n in ring:
            self.near[n] = self.near.get(n, 0) + 1
        self.ring[sid] = ring

    def remove_station(self, sid: str) -> list[GridPos]:
        """Take a station's block off the grid (to put it elsewhere); returns its nodes."""
        nodes = self.blocks.pop(sid)
        for node in nodes:
            del self.station_at[node]
        for n in self.ring.pop(sid):
            left = self.near[n] - 1
            if left:
                self.near[n] = left
            else:
                del self.near[n]
        return nodes

    def closed_rings(self, start: str, end: str, margin: int) -> set[GridPos]:
        """Free neighbour nodes that stations need as ports for the edges they still wait for."""
        closed: set[GridPos] = set()
        for sid, ring in self.ring.items():
            waiting = self.pending.get(sid, 0) - (sid in (start, end))
            if waiting <= 0:
                continue
            free = [n for n in ring if n not in self.occ and n not in self.station_at]
            if len(free) <= waiting + margin:
                closed.update(free)
        return closed

    def scarce_ports(self, start: str, end: str, taking: int) -> set[GridPos]:
        """Neighbour nodes still free of stations, of the stations that wait for more edges
        than would have such a node left if `taking` more were taken."""
        scarce: set[GridPos] = set()
        for sid, ring in self.ring.items():
            waiting = self.pending.get(sid, 0) - (sid in (start, end))
            if waiting <= 0:
                continue
            open_nodes = [n for n in ring if n not in self.station_at]
            if len(open_nodes) - taking <= waiting:
                scarce.update(open_nodes)
        return scarce

    def set_bounds(self, margin: int) -> None:
        xs = [x for x, _ in self.station_at]
        ys = [y for _, y in self.station_at]
        self.bounds = (min(xs) - margin, min(ys) - margin, max(xs) + margin, max(ys) + margin)

    # --- committing and removing routes ---

    def commit(self, route: Route) -> None:
        self.routes[route.chain_id] = route
        nodes = route.nodes
        for i in range(1, len(nodes) - 1):
            din = direction(nodes[i - 1], nodes[i])
            dout = direction(nodes[i], nodes[i + 1])
            entry = (route.chain_id, din, dout)
            self.occ.setdefault(nodes[i], []).append(entry)
        for p, q in pairwise(nodes):
            key = diag_key(p, q)
            if key is not None:
                self.diag[key] = route.chain_id

    def remove(self, chain_id: int) -> Route:
        route = self.routes.pop(chain_id)
        nodes = route.nodes
        for n in set(nodes[1:-1]):  # a route may pass its own node twice
            entries = [e for e in self.occ[n] if e[0] != chain_id]
            if entries:
                self.occ[n] = entries
            else:
                del self.occ[n]
        for p, q in pairwise(nodes):
            key = diag_key(p, q)
            if key is not None and self.diag.get(key) == chain_id:
                del self.diag[key]
        return route

    def usable(self, route: Route) -> list[int]:
        """Indices of inner route nodes that can hold a station (not shared with a crossing)."""
        return [i for i in range(1, len(route.nodes) - 1) if len(self.occ[route.nodes[i]]) == 1]

    def add_inner_stations(self, inner: list[str], route: Route, indices: list[int]) -> None:
        """A committed route's degree-2 stations, in order, at the given indices of its nodes:
        other routes may no longer cross there."""
        for sid, i in zip(inner, indices, strict=True):
            self.station_at[route.nodes[i]] = sid

    def lift(self, chain_id: int, indices: list[int]) -> Route:
        """Take a routed chain off the grid with its inner stations (at `indices` of its
        nodes); returns its route, to be committed again or replaced."""
        route = self.routes[chain_id]
        for i in indices:
            del self.station_at[route.nodes[i]]
        return self.remove(chain_id)

    def crossings_of(self, route: Route) -> int:
        total = 0
        for n in route.nodes[1:-1]:
            total += len(self.occ.get(n, ())) - 1
        for p, q in zip(route.nodes, route.nodes[1:], strict=False):
            key = diag_key(p, q)
            if key is not None and (key[0], key[1], 1 - key[2]) in self.diag:
                total += 1
        return total

    def partners_of(self, chain_id: int) -> set[int]:
        """Chains whose routes cross or overlap this chain's route."""
        nodes = self.routes[chain_id].nodes
        found: set[int] = set()
        for node in nodes[1:-1]:
            found.update(entry[0] for entry in self.occ.get(node, ()))
        for p, q in pairwise(nodes):
            key = diag_key(p, q)
            if key is not None:
                other = self.diag.get((key[0], key[1], 1 - key[2]))
                if other is not None:
                    found.add(other)
        found.discard(chain_id)
        return found

    # --- searching ---

    def find_route(
        self,
        chain_id: int,
        start: str,
        end: str,
        need: int,
        start_ports: list[tuple[int, float]],
        end_ports: list[tuple[int, float]],
        strict: bool = True,
        overlap: bool = False,
        window: int | None = WINDOW,
        budget: int = 1 << 62,
        avoid: frozenset[GridPos] = frozenset(),
        cross: bool = True,
    ) -> Route | None:
        """Cheapest route (A*) from `start`'s block to `end`'s block with `need` free inner nodes
        (that crosses no other route unless `cross`).

        start_ports: (direction in which an already drawn edge leaves `start`, number of lines
        that continue from it into this chain); end_ports likewise at `end`.
        """
        search = _Search(self, start, end, need, strict, overlap, window, avoid)
        search.cross = cross
        search.set_ports(start_ports, end_ports)
        # The cheapest route regardless of its length is the answer when it is long enough,
        # which it mostly is; counting the inner nodes in the search state multiplies the
        # states by need + 1, so that search runs only when the short answer is too short.
        if overlap:
            # every node is open at some cost here, so plain distance underestimates a lot;
            # costs to the goal without turns make the search stay near the cheapest ways
            search.relax_distances()
        path = search.run(0, budget)
        if path is not None and need and self._free_inner(path) < need:
            path = search.run(need, budget)
        if path is None:
            return None
        return Route(chain_id=chain_id, nodes=path, need=need)

    def _free_inner(self, path: list[GridPos]) -> int:
        """Inner nodes of a found path that no other route uses (as the search counts them)."""
        return sum(1 for n in path[1:-1] if n not in self.occ)


def search_area(
    grid: Grid, start: str, end: str, need: int, window: int | None
) -> tuple[int, int, int, int]:
    """Box (x0, y0, x1, y1) of the grid nodes a search between two anchors may use.

    With a window it searches near the two ends only: a route that needs a long way round is
    left to the later, wider attempts.
    """
    bx0, by0, bx1, by1 = grid.bounds
    if window is None:
        return bx0, by0, bx1, by1
    ends = grid.blocks[start] + grid.blocks[end]
    reach = max(window, need + 2)
    return (
        max(bx0, min(x for x, _ in ends) - reach),
        max(by0, min(y for _, y in ends) - reach),
        min(bx1, max(x for x, _ in ends) + reach),
        min(by1, max(y for _, y in ends) + reach),
    )


class _Search:
    """One A* search on the grid: the area, the nodes it may use and the costs at its ends."""

    def __init__(
        self,
        grid: Grid,
        start: str,
        end: str,
        need: int,
        strict: bool,
        overlap: bool,
        window: int | None,
        avoid: frozenset[GridPos],
    ) -> None:
        self.grid = grid
        self.overlap = overlap
        self.strict = strict
        self.start_nodes = grid.blocks[start]
        goal_nodes = grid.blocks[end]
        self.goal = {_key(x, y) for x, y in goal_nodes}
        self.gbox = (
            min(x for x, _ in goal_nodes),
            max(x for x, _ in goal_nodes),
            min(y for _, y in goal_nodes),
            max(y for _, y in goal_nodes),
        )
        self.area = search_area(grid, start, end, need, window)
        closed = set() if overlap else grid.closed_rings(start, end, 1 if strict else 0)
        # in the strict attempt a route touches its ends' neighbours only when leaving or
        # arriving
        own_start = grid.ring[start] if strict else set()
        own_end = grid.ring[end] if strict else set()
        # nodes a route may not enter after its first step
        self.barred = {_key(*n) for n in closed} | {_key(*n) for n in own_start if n not in own_end}
        self.own_end = {_key(*n) for n in own_end}
        self.avoid = {_key(*n) for n in avoid}
        self.start_cost = [0.0] * 8
        self.end_cost = [0.0] * 8
        self.to_goal: dict[int, float] | None = None  # packed node -> lower bound of its cost
        self.beyond = 0.0  # lower bound for nodes not in to_goal (inf: they cannot reach it)
        self.cost = float("inf")  # of the route the last run found
        self.cross = True  # whether the route may cross others

    def set_ports(
        self, start_ports: list[tuple[int, float]], end_ports: list[tuple[int, float]]
    ) -> None:
        """Costs of the first and the last step by direction: the turn continuing lines make."""
        for nd in range(8):
            # a line arriving along the other edge travels opposite to its leaving direction
            self.start_cost[nd] = sum(
                BEND[TURN[(pd + 4) % 8][nd]] * weight * PORT_WEIGHT for pd, weight in start_ports
            )
            self.end_cost[nd] = sum(
                BEND[TURN[nd][pd]] * weight * PORT_WEIGHT for pd, weight in end_ports
            )

    def relax_distances(self, slack: float | None = None) -> None:
        """Cheapest costs from nodes to the goal when turns cost nothing (Dijkstra).

        Every move the search may make is a move here at no lower cost (crossings, overlaps,
        taken diagonals and foreign stations' ports all counted; turns, the ports at the ends
        and the rule to cross straight on left out), so these are lower bounds of the cost to
        go, and consistent ones. The Dijkstra stops `slack` beyond the start; the nodes it did
        not settle are at least as far as where it stopped, which bounds them instead.
        """
        if slack is None:
            slack = RELAX_SLACK
        grid = self.grid
        stations = grid.station_at.packed
        occ = grid.occ.packed
        diag = grid.diag.packed
        near = grid.near.packed
        goal = self.goal
        bx0, by0, bx1, by1 = self.area
        starts = {_key(x, y) for x, y in self.start_nodes}
        inf = float("inf")
        stop = inf
        dist: dict[int, float] = {}
        settled: dict[int, float] = {}
        heap: list[tuple[float, int, int, int]] = []
        for k in sorted(goal):
            x, y = _unkey(k)
            dist[k] = 0.0
            heap.append((0.0, k, x, y))
        heapq.heapify(heap)
        heappop = heapq.heappop
        heappush = heapq.heappush
        last = inf  # all nodes left unsettled are at least this far
        while heap:
            dv, v, x, y = heappop(heap)
            if v in settled:
                continue
            if dv > stop:
                last = dv
                break
            settled[v] = dv
            entries = occ.get(v)
            if v in goal:
                enter = 0.0
                axes: tuple[int, ...] = ()
            elif entries is None:
                enter = NEAR_STATION if v in near else 0.0
                axes = ()
            elif len(entries) == 1:
                _, din, dout = entries[0]
                enter = CROSS if din == dout else 2 * CROSS
                axes = (din % 4, dout % 4)  # moving along these is an overlap
            else:
                enter = OVERLAP
                axes = ()
            for axis, dx, dy, delta, step, doff in RELAX_MOVES:
                ux = x - dx
                if ux < bx0 or ux > bx1:
                    continue
                uy = y - dy
                if uy < by0 or uy > by1:
                    continue
                u = v - delta
                if u in settled:
                    continue
                if u in stations:
                    if u in starts and dv + step < stop - slack:
                        stop = dv + step + slack
                    continue
                cost = dv + step + enter
                if axis in axes:
                    cost += OVERLAP - enter
                if doff is not None and u * 2 + doff in diag:
                    cost += CROSS
                if cost < dist.get(u, inf):
                    dist[u] = cost
                    heappush(heap, (cost, u, ux, uy))
        grid.work += len(dist) + len(settled)  # nodes queued and settled
        self.to_goal = settled
        self.beyond = last

    def run(self, need: int, budget: int) -> list[GridPos] | None:
        """Node path of the cheapest route with `need` free inner nodes, or None."""
        grid = self.grid
        stations = grid.station_at.packed
        occ = grid.occ.packed
        diag = grid.diag.packed
        near = grid.near.packed
        goal = self.goal
        barred = self.barred
        own_end = self.own_end
        avoid = self.avoid
        overlap = self.overlap
        strict = self.strict
        cross = self.cross
        end_cost = self.end_cost
        min_end = min(end_cost)  # the last step pays one of these
        to_goal = self.to_goal
        beyond = self.beyond
        gx0, gx1, gy0, gy1 = self.gbox
        bx0, by0, bx1, by1 = self.area
        mult = need + 1  # states: packed node, arrival direction + 1, inner nodes gathered
        inf = float("inf")
        tie = count()
        best: dict[int, float] = {}
        parent: dict[int, int] = {}
        heap: list[tuple[float, int, float, int, int, int, int, int]] = []
        start_steps = tuple(
            (
                nd,
                self.start_cost[nd],
                _key(dx, dy),
                STEP_HV if not (dx and dy) else STEP_DIAG,
                (_key(min(dx, 0), min(dy, 0)) * 2 + (1 if dx == dy else 0)) if dx and dy else None,
                dx,
                dy,
            )
            for nd, (dx, dy) in enumerate(DIRS)
        )
        for sx, sy in self.start_nodes:
            dx = gx0 - sx if sx < gx0 else (sx - gx1 if sx > gx1 else 0)
            dy = gy0 - sy if sy < gy0 else (sy - gy1 if sy > gy1 else 0)
            h = STEP_HV * max(dx, dy, need + 1)
            s = _key(sx, sy) * 9 * mult
            best[s] = 0.0
            parent[s] = s  # a start state is its own parent
            heapq.heappush(heap, (h, next(tie), 0.0, s, sx, sy, -1, 0))
        goal_state: int | None = None
        goal_pred = 0
        best_goal = inf
        heappop = heapq.heappop
        heappush = heapq.heappush
        left = budget
        while heap and left > 0:
            left -= 1
            f, _, g, s, x, y, d, cnt = heappop(heap)
            if f >= best_goal:
                break
            if g > best[s]:
                continue
            key = x * KEY_ROW + y
            key2 = key * 2
            if d < 0:
                steps = start_steps
                crossing_here = False
                must_end = False
            else:
                # on a node shared with a crossing route we must leave straight on
                crossing_here = not overlap and key in occ
                steps = STRAIGHT[d] if crossing_here else STEPS[d]
                must_end = key in own_end
            for nd, bend, delta, step, doff, dx, dy in steps:
                nx = x + dx
                if nx < bx0 or nx > bx1:
                    continue
                ny = y + dy
                if ny < by0 or ny > by1:
                    continue
                nk = key + delta
                if (must_end and nk not in goal) or nk in avoid:
                    continue
                cost = g + bend + step
                if doff is not None and key2 + doff in diag:
                    if not cross:
                        continue
                    cost += CROSS  # the other diagonal of this cell is taken
                if nk in stations:
                    if nk in goal and d >= 0 and cnt >= need and (overlap or not crossing_here):
                        total = cost + end_cost[nd]
                        if total < best_goal:
                            best_goal = total
                            goal_pred = s
                            goal_state = (nk * 9 + nd + 1) * mult + cnt
                    continue
                entries = occ.get(nk)
                ncnt = cnt
                if entries is None:
                    if d >= 0 and nk in barred:
                        continue
                    if cnt < need:
                        ncnt = cnt + 1
                    if nk in near:
                        cost += NEAR_STATION
                elif d < 0 and not overlap:
                    continue  # never leave a station through a node another route uses
                elif (
                    len(entries) == 1
                    and nd % 4 not in (entries[0][1] % 4, entries[0][2] % 4)
                    and not (strict and nk in near)
                ):
                    if not cross:
                        continue
                    _, din, dout = entries[0]
                    cost += CROSS if din == dout else 2 * CROSS  # crossing at a bend looks worse
                elif overlap:
                    cost += OVERLAP
                else:
                    continue
                ns = (nk * 9 + nd + 1) * mult + ncnt
                if cost < best.get(ns, inf):
                    h = STEP_HV * (need - ncnt + 1)
                    if to_goal is not None:
                        hd = to_goal.get(nk, beyond)
                        if hd == inf:
                            continue  # the goal cannot be reached from there
                        if hd > h:
                            h = hd
                    else:
                        hx = gx0 - nx if nx < gx0 else (nx - gx1 if nx > gx1 else 0)
                        hy = gy0 - ny if ny < gy0 else (ny - gy1 if ny > gy1 else 0)
                        hd = (
                            STEP_HV * hx + DIAG_EXTRA * hy
                            if hx > hy
                            else STEP_HV * hy + DIAG_EXTRA * hx
                        )
                        if hd > h:
                            h = hd
                    # a turn is still to come unless the goal lies straight ahead, and a turn by
                    # 90 degrees or more (in one bend or more) if it lies behind
                    lo = 1
                    hi = KEY_ROW
                    ahead = 0
                    if dx > 0:
                        lo = gx0 - nx if gx0 - nx > 1 else 1
                        hi = ahead = gx1 - nx
                    elif dx < 0:
                        lo = nx - gx1 if nx - gx1 > 1 else 1
                        hi = ahead = nx - gx0
                    elif nx < gx0 or nx > gx1:
                        hi = 0
                    if dy > 0:
                        if gy0 - ny > lo:
                            lo = gy0 - ny
                        if gy1 - ny < hi:
                            hi = gy1 - ny
                        ahead += gy1 - ny
                    elif dy < 0:
                        if ny - gy1 > lo:
                            lo = ny - gy1
                        if ny - gy0 < hi:
                            hi = ny - gy0
                        ahead += ny - gy0
                    elif ny < gy0 or ny > gy1:
                        hi = 0
                    h += min_end
                    if ahead <= 0:
                        h += RIGHT_TURN
                    elif lo > hi:
                        h += MIN_TURN
                    best[ns] = cost
                    parent[ns] = s
                    heappush(heap, (cost + h, next(tie), cost, ns, nx, ny, nd, ncnt))
        grid.work += budget - left + next(tie)  # states expanded and queued
        self.cost = best_goal
        if goal_state is None:
            return None
        return self._path(goal_state, goal_pred, parent, mult)

    @staticmethod
    def _path(goal_state: int, goal_pred: int, parent: dict[int, int], mult: int) -> list[GridPos]:
        path = [_unkey(goal_state // mult // 9)]
        cur = goal_pred
        while True:
            path.append(_unkey(cur // mult // 9))
            nxt = parent[cur]
            if nxt == cur:
                break
            cur = nxt
        path.reverse()
        return path


def diag_key(p: GridPos, q: GridPos) -> tuple[int, int, int] | None:
    dx, dy = q[0] - p[0], q[1] - p[1]
    if dx == 0 or dy == 0:
        return None
    return (min(p[0], q[0]), min(p[1], q[1]), 0 if dx == dy else 1)
