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

GridPos = tuple[int, int]

DIRS: tuple[GridPos, ...] = ((1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1), (0, -1), (1, -1))

STEP_HV = 1.0
STEP_DIAG = 1.25
BEND = (0.0, 2.5, 5.0, 40.0, 1e6)  # by turn in 45° steps; 135° turns are discouraged
CROSS = 30.0
OVERLAP = 80.0
NEAR_STATION = 2.0  # passing a foreign station's port uses one of its scarce neighbours
PORT_WEIGHT = 1.0
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
    def first_dir(self) -> int:
        return direction(self.nodes[0], self.nodes[1])

    @property
    def last_dir(self) -> int:
        return direction(self.nodes[-2], self.nodes[-1])


@dataclass
class Grid:
    """Occupancy of the grid by station blocks and routes."""

    station_at: dict[GridPos, str] = field(default_factory=dict)
    blocks: dict[str, list[GridPos]] = field(default_factory=dict)
    near: dict[GridPos, int] = field(default_factory=dict)  # node -> stations it neighbours
    ring: dict[str, set[GridPos]] = field(default_factory=dict)  # station -> its neighbour nodes
    pending: dict[str, int] = field(default_factory=dict)  # station -> edges still to route

    occ: dict[GridPos, list[tuple[int, int, int]]] = field(default_factory=dict)
    diag: dict[tuple[int, int, int], int] = field(default_factory=dict)
    routes: dict[int, Route] = field(default_factory=dict)
    bounds: tuple[int, int, int, int] = (0, 0, 0, 0)

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
            self.occ.setdefault(nodes[i], []).append((route.chain_id, din, dout))
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

    def add_inner_station(self, sid: str, node: GridPos) -> None:
        """A degree-2 station on a committed route: other routes may no longer cross there."""
        self.station_at[node] = sid

    def crossings_of(self, route: Route) -> int:
        total = 0
        for n in route.nodes[1:-1]:
            total += len(self.occ.get(n, ())) - 1
        for p, q in zip(route.nodes, route.nodes[1:], strict=False):
            key = diag_key(p, q)
            if key is not None and (key[0], key[1], 1 - key[2]) in self.diag:
                total += 1
        return total

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
    ) -> Route | None:
        """Cheapest route (A*) from `start`'s block to `end`'s block with `need` free inner nodes.

        start_ports: (direction in which an already drawn edge leaves `start`, number of lines
        that continue from it into this chain); end_ports likewise at `end`.
        """
        start_nodes = self.blocks[start]
        goal_nodes = set(self.blocks[end])
        gx0 = min(x for x, _ in goal_nodes)
        gx1 = max(x for x, _ in goal_nodes)
        gy0 = min(y for _, y in goal_nodes)
        gy1 = max(y for _, y in goal_nodes)
        bx0, by0, bx1, by1 = self.bounds
        if window is not None:
            # search near the two ends first: a route that needs a long way round is left to
            # the later, wider attempts
            sx0 = min(x for x, _ in start_nodes)
            sx1 = max(x for x, _ in start_nodes)
            sy0 = min(y for _, y in start_nodes)
            sy1 = max(y for _, y in start_nodes)
            reach = max(window, need + 2)
            bx0 = max(bx0, min(sx0, gx0) - reach)
            by0 = max(by0, min(sy0, gy0) - reach)
            bx1 = min(bx1, max(sx1, gx1) + reach)
            by1 = min(by1, max(sy1, gy1) + reach)
        station_at = self.station_at
        occ = self.occ
        diag = self.diag
        near = self.near
        closed = set() if overlap else self.closed_rings(start, end, 1 if strict else 0)
        # in the strict attempt a route touches its ends' neighbours only when leaving or arriving
        own_start = self.ring[start] if strict else set()
        own_end = self.ring[end] if strict else set()

        def h(x: int, y: int, cnt: int) -> float:
            dx = gx0 - x if x < gx0 else (x - gx1 if x > gx1 else 0)
            dy = gy0 - y if y < gy0 else (y - gy1 if y > gy1 else 0)
            return STEP_HV * max(dx, dy, need - cnt + 1)

        def port_cost(ports: list[tuple[int, float]], d: int, arriving: bool) -> float:
            cost = 0.0
            for pd, weight in ports:
                # a line arriving along the other edge travels opposite to its leaving direction
                t = turn(d, pd) if arriving else turn((pd + 4) % 8, d)
                cost += BEND[t] * weight * PORT_WEIGHT
            return cost

        tie = count()
        inf = float("inf")
        # state: (x, y, direction of arrival or -1 at the start, inner nodes gathered)
        best: dict[tuple[int, int, int, int], float] = {}
        parent: dict[tuple[int, int, int, int], tuple[int, int, int, int] | None] = {}
        heap: list[tuple[float, int, float, tuple[int, int, int, int]]] = []
        for sx, sy in start_nodes:
            state = (sx, sy, -1, 0)
            best[state] = 0.0
            parent[state] = None
            heapq.heappush(heap, (h(sx, sy, 0), next(tie), 0.0, state))
        goal_state: tuple[int, int, int, int] | None = None
        goal_pred: tuple[int, int, int, int] | None = None
        best_goal = inf
        while heap and budget > 0:
            budget -= 1
            f, _, g, state = heapq.heappop(heap)
            if f >= best_goal:
                break
            if g > best.get(state, inf):
                continue
            x, y, d, cnt = state
            # on a node shared with a crossing route we must leave straight on
            crossing_here = d >= 0 and not overlap and (x, y) in occ
            turn_row = TURN[d]
            must_end = d >= 0 and (x, y) in own_end
            for nd, (dx, dy) in enumerate(DIRS):
                if d >= 0:
                    t = turn_row[nd]
                    if t == 4 or (crossing_here and t != 0):
                        continue
                    bend = BEND[t]
                else:
                    bend = port_cost(start_ports, nd, arriving=False)
                nx, ny = x + dx, y + dy
                if nx < bx0 or nx > bx1 or ny < by0 or ny > by1:
                    continue
                node = (nx, ny)
                if (must_end and node not in goal_nodes) or node in avoid:
                    continue
                cost = g + bend + (STEP_HV if dx == 0 or dy == 0 else STEP_DIAG)
                if dx and dy and (min(x, nx), min(y, ny), 1 if dx == dy else 0) in diag:
                    cost += CROSS  # the other diagonal of this cell is taken
                if node in station_at:
                    if (
                        node in goal_nodes
                        and d >= 0
                        and cnt >= need
                        and (overlap or not crossing_here)
                    ):
                        total = cost + port_cost(end_ports, nd, arriving=True)
                        if total < best_goal:
                            best_goal = total
                            goal_pred = state
                            goal_state = (nx, ny, nd, cnt)
                    continue
                entries = occ.get(node)
                ncnt = cnt
                if entries is None:
                    if d >= 0 and (node in closed or (node in own_start and node not in own_end)):
                        continue
                    if cnt < need:
                        ncnt = cnt + 1
                    if node in near:
                        cost += NEAR_STATION

                elif d < 0 and not overlap:
                    continue  # never leave a station through a node another route uses
                elif (
                    len(entries) == 1
                    and nd % 4 not in (entries[0][1] % 4, entries[0][2] % 4)
                    and not (strict and node in near)
                ):
                    _, din, dout = entries[0]
                    cost += CROSS if din == dout else 2 * CROSS  # crossing at a bend looks worse
                elif overlap:
                    cost += OVERLAP
                else:
                    continue
                nstate = (nx, ny, nd, ncnt)
                if cost < best.get(nstate, inf):
                    best[nstate] = cost
                    parent[nstate] = state
                    heapq.heappush(heap, (cost + h(nx, ny, ncnt), next(tie), cost, nstate))
        if goal_state is None or goal_pred is None:
            return None
        path = [(goal_state[0], goal_state[1])]
        cur: tuple[int, int, int, int] | None = goal_pred
        while cur is not None:
            path.append((cur[0], cur[1]))
            cur = parent[cur]
        path.reverse()
        return Route(chain_id=chain_id, nodes=path, need=need)


def diag_key(p: GridPos, q: GridPos) -> tuple[int, int, int] | None:
    dx, dy = q[0] - p[0], q[1] - p[1]
    if dx == 0 or dy == 0:
        return None
    return (min(p[0], q[0]), min(p[1], q[1]), 0 if dx == dy else 1)
