"""Hypothesis strategies for valid engine inputs (docs/metromap-format.md).

The networks are meant to be awkward rather than pretty: lines that share
runs in both directions, cycles, disconnected parts, stations on no line,
unicode and very long labels, ids that are not plain ASCII, other options.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from hypothesis import strategies as st

ID_PREFIXES = ("s", "ä-", "st ", "<&>", "Åbo_", "s.")
LABEL_CHARS = st.characters(
    codec="utf-8",
    categories=("L", "N", "P", "S", "Zs"),
    include_characters="<&\"'",
)

labels = st.one_of(
    st.text(LABEL_CHARS, max_size=24),
    st.text(LABEL_CHARS, min_size=40, max_size=90),  # long service names happen
    st.sampled_from(["Perheneuvola", "Käräjäoikeus", "Åbo Akademi", "Lasten & nuorten <tuki>"]),
)

options = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {},
        optional={
            "station_spacing": st.sampled_from([24, 30, 40, 55.5, 80]),
            "font_size": st.sampled_from([9, 12, 14.5, 18]),
            "line_width": st.sampled_from([2, 4, 6, 8.5]),
        },
    ),
)


@st.composite
def _line_paths(
    draw: st.DrawFn, groups: list[list[str]], n_lines: int, longest: int
) -> list[list[str]]:
    """Paths of distinct stops; some reuse a run of an earlier line, maybe reversed."""
    paths: list[list[str]] = []
    for _ in range(n_lines):
        pool = draw(st.sampled_from(groups))  # one connected part of the network per line
        length = draw(st.integers(2, max(2, min(longest, len(pool)))))
        path: list[str] = []
        if paths and draw(st.booleans()):
            donor = draw(st.sampled_from(paths))
            if set(donor) <= set(pool):
                start = draw(st.integers(0, len(donor) - 2))
                end = draw(st.integers(start + 2, min(len(donor), start + length)))
                run = donor[start:end]
                path = run[::-1] if draw(st.booleans()) else run
        rest = [s for s in pool if s not in path]
        wanted = max(0, min(length - len(path), len(rest)))
        extra = draw(st.permutations(rest))[:wanted] if rest else []
        # Put the shared run at the start, the end or in the middle of the new line.
        cut = draw(st.integers(0, len(extra)))
        path = extra[:cut] + path + extra[cut:]
        if len(path) < 2:
            path = pool[:2]
        paths.append(path)
    return paths


@st.composite
def networks(draw: st.DrawFn) -> dict[str, Any]:
    """A random valid input: 1–12 lines of 2–25 stops over one to three separate parts."""
    prefix = draw(st.sampled_from(ID_PREFIXES))
    n_stations = draw(st.integers(2, 70))
    ids = [f"{prefix}{i}" for i in range(n_stations)]
    n_parts = draw(st.integers(1, max(1, min(3, n_stations // 2))))
    # Disconnected parts: each line draws its stops from one slice of the stations.
    bounds: list[int] = []
    if n_parts > 1:
        bounds = sorted(draw(st.sets(st.integers(2, n_stations - 2), max_size=n_parts - 1)))
    cuts = [0, *bounds, n_stations]
    groups = [ids[a:b] for a, b in pairwise(cuts) if b - a >= 2]
    n_lines = draw(st.integers(1, 12))
    # At most ~3 stops per station overall, as in the densest sample network (2.7): denser
    # random graphs are not expert networks and only make the suite slow.
    longest = min(25, max(2, 3 * n_stations // n_lines))
    paths = draw(_line_paths(groups, n_lines, longest))
    data: dict[str, Any] = {
        "lines": [
            {
                "id": f"L{i}",
                "name": draw(labels),
                "color": draw(st.sampled_from(["#c2185b", "#1565c0", "#2e7d32", "teal"])),
                "stations": path,
            }
            for i, path in enumerate(paths)
        ],
        "stations": [{"id": sid, "label": draw(labels)} for sid in draw(st.permutations(ids))],
    }
    opts = draw(options)
    if opts is not None:
        data["options"] = opts
    return data
