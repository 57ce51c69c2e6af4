"""Initial placement: stress majorization of the anchor graph, then snapping to the grid."""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable

import numpy as np

from metromap.graph import Chain

GridPos = tuple[int, int]


def anchor_distances(
    anchors: list[str],
    chain_list: list[Chain],
    first_hop: float = 1.0,
    inner_hop: float = 1.0,
    room: list[float] | None = None,
) -> np.ndarray:
    """All-pairs shortest path lengths between anchors through chains.

    A chain of k hops is `first_hop + (k - 1) * inner_hop` long, plus the `room` of both its
    anchors: stations on a chain may sit closer together than anchors, which need room for
    their edges to leave.
    """
    index = {a: i for i, a in enumerate(anchors)}
    n = len(anchors)
    adj: list[dict[int, float]] = [{} for _ in range(n)]
    for chain in chain_list:
        i, j = index[chain.start], index[chain.end]
        hops = first_hop + (len(chain.edges) - 1) * inner_hop
        if room is not None:
            hops += room[i] + room[j]
        if i != j and hops < adj[i].get(j, math.inf):
            adj[i][j] = hops
            adj[j][i] = hops
    dist = np.full((n, n), np.inf)
    for s in range(n):
        row = dist[s]
        row[s] = 0.0
        heap = [(0.0, s)]
        while heap:
            d, v = heapq.heappop(heap)
            if d > row[v]:
                continue
            for w, length in adj[v].items():
                nd = d + length
                if nd < row[w]:
                    row[w] = nd
                    heapq.heappush(heap, (nd, w))
    return dist


def stress_layout(dist: np.ndarray, iterations: int = 200) -> np.ndarray:
    """Stress majorization (SMACOF) from a classical-MDS start; deterministic."""
    n = dist.shape[0]
    if n == 1:
        return np.zeros((1, 2))
    if n == 2:
        return np.array([[0.0, 0.0], [dist[0, 1], 0.0]])
    d = dist.copy()
    finite = np.isfinite(d)
    d[~finite] = d[finite].max() + 1.0
    # classical MDS start
    d2 = d**2
    centring = np.eye(n) - np.ones((n, n)) / n
    b = -0.5 * centring @ d2 @ centring
    vals, vecs = np.linalg.eigh(b)
    order = np.argsort(vals)[::-1][:2]
    x = vecs[:, order] * np.sqrt(np.maximum(vals[order], 1e-9))
    # fix the arbitrary signs of eigenvectors deterministically
    for k in range(2):
        pivot = int(np.argmax(np.abs(x[:, k])))
        if x[pivot, k] < 0:
            x[:, k] = -x[:, k]
    # a tiny deterministic perturbation separates coincident points
    x = x + 1e-3 * np.stack([np.sin(np.arange(n) * 1.3), np.cos(np.arange(n) * 0.7)], axis=1)

    with np.errstate(divide="ignore"):
        w = np.where(d > 0, d**-2.0, 0.0)
    lw = -w
    np.fill_diagonal(lw, w.sum(axis=1))
    lw_pinv = np.linalg.pinv(lw)
    prev_stress = math.inf
    for _ in range(iterations):
        diff = x[:, None, :] - x[None, :, :]
        cur = np.sqrt((diff**2).sum(axis=2))
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(cur > 1e-12, w * d / cur, 0.0)
        lz = -ratio
        np.fill_diagonal(lz, ratio.sum(axis=1))
        x = lw_pinv @ (lz @ x)
        stress = float((w * (cur - d) ** 2).sum())
        if prev_stress - stress < 1e-5 * prev_stress:
            break
        prev_stress = stress
    return x - x.mean(axis=0)


def best_rotation(points: np.ndarray, pairs: Iterable[tuple[int, int]]) -> np.ndarray:
    """Rotate so that edges lie as close as possible to octilinear directions."""
    pair_list = list(pairs)
    if not pair_list:
        return points
    vec = np.array([points[j] - points[i] for i, j in pair_list])
    angles = np.arctan2(vec[:, 1], vec[:, 0])
    lengths = np.hypot(vec[:, 0], vec[:, 1])
    best, best_cost = 0.0, math.inf
    for step in range(45):
        theta = math.radians(step)
        dev = (angles + theta) % (math.pi / 4)
        dev = np.minimum(dev, math.pi / 4 - dev)
        cost = float((dev * lengths).sum())
        if cost < best_cost - 1e-9:
            best, best_cost = theta, cost
    c, s = math.cos(best), math.sin(best)
    return points @ np.array([[c, s], [-s, c]])


def even_out(coords: np.ndarray, weights: np.ndarray, shares: tuple[float, float]) -> np.ndarray:
    """Move each point towards even density along each axis, `shares` (x, y) of the way.

    On each axis a point's target is the middle of its weighted share of the range: the
    crowded middle of a stress layout of a dense network opens up into the emptier edge.
    The order of the points along each axis stays as it was, within the same range.
    """
    result = coords.astype(float)
    for axis, share in enumerate(shares):
        values = coords[:, axis]
        order = np.argsort(values, kind="stable")
        running = np.cumsum(weights[order])
        middle_share = (running - weights[order] / 2) / running[-1]
        low, high = float(values.min()), float(values.max())
        target = np.empty(len(values))
        target[order] = low + middle_share * (high - low)
        result[:, axis] = (1 - share) * values + share * target
    return result


def block_shape(degree: int) -> tuple[int, int]:
    """Grid nodes (columns, rows) a station occupies: one node, or a bar for big interchanges.

    A block of a×b nodes has 2a+2b+4 neighbouring nodes, each of which can take one edge.
    """
    if degree <= 6:
        return (1, 1)
    for cols, rows in ((2, 1), (3, 1), (4, 1), (5, 1), (4, 2), (5, 2), (5, 3), (5, 4), (5, 5)):
        if 2 * cols + 2 * rows + 4 >= degree + 3:
            return (cols, rows)
    return (5, 5)


def block_nodes(origin: GridPos, shape: tuple[int, int]) -> list[GridPos]:
    x0, y0 = origin
    return [(x0 + i, y0 + j) for j in range(shape[1]) for i in range(shape[0])]


SNAP_CROSSING = 6.0  # squared cells of displacement a new crossing is worth when snapping
SNAP_SLACK = 2  # rings searched beyond the nearest free block


def snap(
    targets: list[tuple[float, float]],
    shapes: list[tuple[int, int]],
    order: list[int],
    pairs: list[tuple[int, int]] | None = None,
    keep: frozenset[int] = frozenset(),
) -> list[GridPos]:
    """Give each anchor a free block origin near its target, keeping a free node between blocks.

    With `pairs` (the anchor graph's edges) a block that makes its edges cross others is
    avoided when a near one does not: straight-line crossings tend to survive routing.
    Anchors in `keep` (placed in a previous layout) take their target itself whenever no
    block is there, even right next to another: two stations that were neighbours stay so.
    """
    taken: set[GridPos] = set()
    halo: set[GridPos] = set()  # nodes next to taken ones: no other block may use them
    origins: list[GridPos] = [(0, 0)] * len(targets)
    current = np.array(targets, dtype=float)
    proper = [(i, j) for i, j in (pairs or []) if i != j]
    ends = np.array(proper) if proper else np.zeros((0, 2), dtype=int)
    incident: list[list[int]] = [[] for _ in range(len(targets))]
    for k, (i, j) in enumerate(proper):
        incident[i].append(k)
        incident[j].append(k)

    def crossings_at(v: int, centre: np.ndarray) -> int:
        ks = incident[v]
        if not ks or len(ks) == len(ends):
            return 0
        mine = ends[ks]
        p = np.where((mine[:, 0] == v)[:, None], centre[None, :], current[mine[:, 0]])
        q = np.where((mine[:, 1] == v)[:, None], centre[None, :], current[mine[:, 1]])
        rest = np.ones(len(ends), dtype=bool)
        rest[ks] = False
        return int(crossing_counts(p, q, current[ends[rest, 0]], current[ends[rest, 1]]).sum())

    for idx in order:
        tx, ty = targets[idx]
        cols, rows = shapes[idx]
        half = np.array([(cols - 1) / 2, (rows - 1) / 2])
        # target is the centre of the block
        cx, cy = tx - half[0], ty - half[1]
        bx, by = round(cx), round(cy)
        if idx in keep and not any(n in taken for n in block_nodes((bx, by), (cols, rows))):
            best = (bx, by)  # its old place
        else:
            free: list[tuple[float, GridPos]] = []
            nearest = math.inf
            radius = 0
            while not free or radius <= math.ceil(math.sqrt(nearest)) + SNAP_SLACK:
                for ox, oy in _ring((bx, by), radius):
                    nodes = block_nodes((ox, oy), (cols, rows))
                    if any(n in taken or n in halo for n in nodes):
                        continue
                    d = (ox - cx) ** 2 + (oy - cy) ** 2
                    free.append((d, (ox, oy)))
                    nearest = min(nearest, d)
                radius += 1
            free.sort(key=lambda item: item[0])  # stable: ring order breaks ties
            best = free[0][1]
            if incident[idx]:
                best_cost = math.inf
                for d, origin in free:
                    if d >= best_cost:
                        break
                    cost = d + SNAP_CROSSING * crossings_at(idx, np.array(origin) + half)
                    if cost < best_cost:
                        best, best_cost = origin, cost
        origins[idx] = best
        current[idx] = np.array(best) + half
        for nx, ny in block_nodes(best, (cols, rows)):
            taken.add((nx, ny))
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    halo.add((nx + dx, ny + dy))
    return origins


def _ring(centre: GridPos, radius: int) -> list[GridPos]:
    cx, cy = centre
    if radius == 0:
        return [centre]
    out = []
    for i in range(-radius, radius + 1):
        out.append((cx + i, cy - radius))
        out.append((cx + i, cy + radius))
    for j in range(-radius + 1, radius):
        out.append((cx - radius, cy + j))
        out.append((cx + radius, cy + j))
    return out


def procrustes(
    source: np.ndarray, target: np.ndarray
) -> tuple[float, np.ndarray, np.ndarray, np.ndarray]:
    """Similarity transform (scale, orthogonal map, translations) mapping source onto target.

    The orthogonal map may be a reflection: the engine may have kept a mirror image of its
    placement (see engine._attempts), and the old map must be matched as it was drawn.
    """
    mu_s, mu_t = source.mean(axis=0), target.mean(axis=0)
    s0, t0 = source - mu_s, target - mu_t
    norm_s = float((s0**2).sum())
    if len(source) < 2 or norm_s < 1e-12:
        return 1.0, np.eye(2), mu_s, mu_t
    u, sig, vt = np.linalg.svd(s0.T @ t0)
    rot = u @ vt
    scale = float(sig.sum() / norm_s)
    return scale, rot, mu_s, mu_t


def crossing_counts(p: np.ndarray, q: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """For each segment p[i]-q[i], how many segments a[j]-b[j] it properly crosses."""

    def orient(o: np.ndarray, s: np.ndarray, t: np.ndarray) -> np.ndarray:
        return (s[..., 0] - o[..., 0]) * (t[..., 1] - o[..., 1]) - (s[..., 1] - o[..., 1]) * (
            t[..., 0] - o[..., 0]
        )

    p, q = p[:, None, :], q[:, None, :]
    a, b = a[None, :, :], b[None, :, :]
    d1, d2 = orient(a, b, p), orient(a, b, q)
    d3, d4 = orient(p, q, a), orient(p, q, b)
    cross = (d1 * d2 < -1e-12) & (d3 * d4 < -1e-12)
    return cross.sum(axis=1)


OFFSET_RADII = (0.5, 1.0, 2.0)
OFFSET_ANGLE = 45
NEIGHBOUR_ANGLE = 45  # candidate places around each neighbour, every this many degrees
# of the median edge length: the closest a moved vertex may come to another (closer ones
# crowd the grid: snapping spills them outwards and the local search gets slow)
MIN_GAP = 0.8
STRETCH_SLACK = (1.0, 0.5)  # stretch a move may add: (for the vertex, for each of its edges)


def star_crossings(cands: np.ndarray, nbrs: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """For each candidate place c, how many segments a[j]-b[j] the star c-nbrs[i] crosses."""

    def orient(o: np.ndarray, s: np.ndarray, t: np.ndarray) -> np.ndarray:
        return (s[..., 0] - o[..., 0]) * (t[..., 1] - o[..., 1]) - (s[..., 1] - o[..., 1]) * (
            t[..., 0] - o[..., 0]
        )

    c = cands[:, None, None, :]
    u = nbrs[None, :, None, :]
    a4, b4 = a[None, None, :, :], b[None, None, :, :]
    # orientation of a and b about the fixed neighbour ends, shared by all candidates
    side_u_a = orient(u, a4, b4)  # sign of (a, b, u)
    d1 = orient(a4, b4, c)
    d3 = orient(c, u, a4)
    d4 = orient(c, u, b4)
    cross = (d1 * side_u_a < -1e-12) & (d3 * d4 < -1e-12)
    return cross.sum(axis=(1, 2))


def untangle(
    coords: np.ndarray,
    pairs: list[tuple[int, int]],
    dist: np.ndarray,
    fixed: set[int],
    sweeps: int = 8,
) -> np.ndarray:
    """Move anchors to reduce crossings of the straight-line drawing of the anchor graph.

    Each vertex in turn may move to a place near where it is or next to one of its
    neighbours (a global move: a vertex on the wrong side of a bundle of edges jumps over
    it). A move is kept when it lowers crossings without bringing the vertex too close to
    another one or stretching its edges too far from their graph lengths. All candidate
    places of a vertex are scored at once.
    """
    n = len(coords)
    if n < 4 or len(pairs) < 2:
        return coords
    x = coords.copy()
    ends = np.array(pairs)
    incident: list[list[int]] = [[] for _ in range(n)]
    for k, (i, j) in enumerate(pairs):
        incident[i].append(k)
        incident[j].append(k)
    target_len = np.array([dist[i, j] for i, j in pairs])
    unit = float(np.median(target_len)) if len(target_len) else 1.0
    local = np.array(
        [
            (math.cos(math.radians(a)) * r, math.sin(math.radians(a)) * r)
            for r in OFFSET_RADII
            for a in range(0, 360, OFFSET_ANGLE)
        ]
    )
    around = np.array(
        [
            (math.cos(math.radians(a)), math.sin(math.radians(a)))
            for a in range(0, 360, NEIGHBOUR_ANGLE)
        ]
    )

    # moves stay inside the stress layout's bounding box: a sprawling drawing costs area
    lo, hi = x.min(axis=0), x.max(axis=0)
    for _ in range(sweeps):
        improved = False
        for v in range(n):
            ks = incident[v]
            if v in fixed or not ks:
                continue
            mine = ends[ks]
            nbr_idx = np.where(mine[:, 0] == v, mine[:, 1], mine[:, 0])
            loops = nbr_idx == v
            nbr_idx, lens = nbr_idx[~loops], target_len[ks][~loops]
            if len(nbr_idx) == 0:
                continue
            rest = np.ones(len(pairs), dtype=bool)
            rest[ks] = False
            a, b = x[ends[rest, 0]], x[ends[rest, 1]]
            nbr_pos = x[nbr_idx]
            base_cross = int(star_crossings(x[v][None, :], nbr_pos, a, b)[0])
            if base_cross == 0:
                continue
            cands = np.concatenate(
                [
                    x[v] + local * unit,
                    (nbr_pos[:, None, :] + around[None, :, :] * unit).reshape(-1, 2),
                    nbr_pos.mean(axis=0)[None, :],
                ]
            )
            inside = ((cands >= lo) & (cands <= hi)).all(axis=1)
            cands = cands[inside]
            others = np.delete(x, v, axis=0)
            gap = np.sqrt(((cands[:, None, :] - others[None, :, :]) ** 2).sum(axis=2)).min(axis=1)
            cands = cands[gap >= MIN_GAP * unit]
            if len(cands) == 0:
                continue
            base_stretch = float((np.abs(np.hypot(*(nbr_pos - x[v]).T) - lens) / lens).sum())
            span = np.sqrt(((cands[:, None, :] - nbr_pos[None, :, :]) ** 2).sum(axis=2))
            stretch = (np.abs(span - lens[None, :]) / lens[None, :]).sum(axis=1)
            limit = base_stretch + STRETCH_SLACK[0] + STRETCH_SLACK[1] * len(nbr_idx)
            ok = stretch <= limit
            cands, stretch = cands[ok], stretch[ok]
            if len(cands) == 0:
                continue
            cross = star_crossings(cands, nbr_pos, a, b)
            # fewest crossings, then least stretch; the first candidate breaks ties
            best = int(np.lexsort((stretch, cross))[0])
            if cross[best] < base_cross:
                x[v] = cands[best]
                improved = True
        if not improved:
            break
    return x
