"""Convert a LOOM GeoJSON line graph into our network input format, topology only.

LOOM (the line-graph tools of the University of Freiburg) describes a transit
network as a GeoJSON FeatureCollection: Point features are nodes
(`properties.id`, optional `station_label`), LineString features are edges
(`properties.from`, `to`, and `lines`: a list of `{id, label, color}`).
The layout benchmark takes such networks as inputs (docs:
../shared/specs/metromap-format.md); this module turns one into that format:

- coordinates are dropped; only who is next to whom remains;
- every node that a kept edge touches becomes a station `s1`, `s2`, … (in the
  order of the Point features, then of first mention for nodes that only edges
  name), labelled with its `station_label`, or "Junction N" when it has none;
- self-loops and edges without lines are dropped (LOOM drops them too);
- our lines are paths with no stop twice, while a LOOM line may branch or loop,
  so each LOOM line's edges are split into simple paths that together use each
  of its edges exactly once; the paths become lines `<label>-1`, `<label>-2`, …
  (the LOOM id stands in for an empty label), all named after the LOOM line and
  drawn in its colour, as `#rrggbb`;
- `loom_id` (stations) and `loom_line` (lines) keep the way back; readers of our
  format ignore fields they do not know.

The same input gives byte-identical output. Command line:

    python benchmarks/loom_topology.py IN.geojson OUT.json

Bad input (not JSON, a missing or mistyped key) gives one line on stderr
naming what is wrong and where, and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_COLOUR = "#555555"  # the layout engine's own default for a line without colour
_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


class LoomFormatError(ValueError):
    """The input is not a LOOM line graph; the message names what is wrong and where."""


@dataclass
class _Line:
    """One LOOM line: what we draw it with, and its edges as pairs of station indices."""

    loom_id: str
    label: str
    colour: str
    edges: list[tuple[int, int]] = field(default_factory=list)


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise LoomFormatError(f"{where} must be an object, got {type(value).__name__}")
    return value


def _string(obj: dict[str, Any], key: str, where: str) -> str:
    if key not in obj:
        raise LoomFormatError(f"{where}: missing '{key}'")
    value = obj[key]
    if not isinstance(value, str) or not value:
        raise LoomFormatError(f"{where}.{key} must be a non-empty string, got {value!r}")
    return value


def _optional_string(obj: dict[str, Any], key: str, where: str) -> str:
    value = obj.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise LoomFormatError(f"{where}.{key} must be a string, got {value!r}")
    return value.strip()


def colour(value: Any, where: str) -> str:
    """`value` as `#rrggbb` (LOOM writes `rrggbb`); missing or empty gives the default."""
    if value is None or value == "":
        return DEFAULT_COLOUR
    match = _HEX.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise LoomFormatError(f"{where} must be a colour like 'ff8800', got {value!r}")
    digits = match.group(1).lower()
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return "#" + digits


def simple_paths(edges: Sequence[tuple[int, int]]) -> list[list[int]]:
    """Split a multigraph's edges into paths that visit no node twice, using each edge once.

    Nodes are numbers; their order breaks ties, so the result is deterministic.
    Each path starts where a path must end (a node of degree one among the edges
    still unused, else one of odd degree, else any node with an unused edge, the
    lowest-numbered first) and follows the first unused edge, in input order,
    to a node not yet on the path, until there is none. A path therefore always
    takes at least one edge, and every edge ends up in exactly one path. On a
    tree this gives the fewest paths possible (half the nodes of odd degree);
    cycles cost more (a lone loop: two paths), not always the fewest possible.
    Self-loops are not allowed.
    """
    adjacent: dict[int, list[tuple[int, int]]] = {}
    for k, (u, v) in enumerate(edges):
        if u == v:
            raise ValueError(f"self-loop at node {u}")
        adjacent.setdefault(u, []).append((v, k))
        adjacent.setdefault(v, []).append((u, k))
    degree = {node: len(links) for node, links in adjacent.items()}
    used = [False] * len(edges)
    paths: list[list[int]] = []
    while live := [node for node, d in degree.items() if d > 0]:
        start = min(live, key=lambda node: (degree[node] != 1, degree[node] % 2 == 0, node))
        path, on_path, here = [start], {start}, start
        while True:
            step = next(
                ((w, k) for w, k in adjacent[here] if not used[k] and w not in on_path), None
            )
            if step is None:
                break
            there, k = step
            used[k] = True
            degree[here] -= 1
            degree[there] -= 1
            path.append(there)
            on_path.add(there)
            here = there
        paths.append(path)
    return paths


def convert(data: Any) -> dict[str, Any]:
    """The network in our format for a parsed LOOM GeoJSON line graph (see the module doc)."""
    root = _object(data, "the input")
    features = root.get("features")
    if not isinstance(features, list):
        raise LoomFormatError("the input has no 'features' list (not a GeoJSON FeatureCollection)")

    labels: dict[str, str] = {}  # LOOM node id -> station label ("" if none), in Point order
    edge_features: list[tuple[str, dict[str, Any]]] = []
    for i, raw in enumerate(features):
        where = f"features[{i}]"
        feature = _object(raw, where)
        geometry = _object(feature.get("geometry"), f"{where}.geometry")
        kind = geometry.get("type")
        if kind not in ("Point", "LineString"):
            continue  # LOOM reads nothing else either
        props = _object(feature.get("properties"), f"{where}.properties")
        if kind == "Point":
            node = _string(props, "id", f"{where}.properties")
            labels.setdefault(node, _optional_string(props, "station_label", f"{where}.properties"))
        else:
            edge_features.append((f"{where}.properties", props))

    lines: dict[str, _Line] = {}  # by LOOM line id, in order of first appearance
    raw_edges: list[tuple[str, str, list[str]]] = []
    for where, props in edge_features:
        start, end = _string(props, "from", where), _string(props, "to", where)
        on_edge = props.get("lines")
        if not isinstance(on_edge, list):
            raise LoomFormatError(f"{where}: 'lines' must be a list, got {on_edge!r}")
        line_ids: list[str] = []
        for j, raw_line in enumerate(on_edge):
            line_where = f"{where}.lines[{j}]"
            line = _object(raw_line, line_where)
            # LOOM's small test graphs name their lines by label only
            if "id" not in line and "label" not in line:
                raise LoomFormatError(f"{line_where}: missing 'id' (or 'label')")
            loom_id = _string(line, "id" if "id" in line else "label", line_where)
            if loom_id not in lines:
                lines[loom_id] = _Line(
                    loom_id,
                    _optional_string(line, "label", line_where) or loom_id,
                    colour(line.get("color"), f"{line_where}.color"),
                )
            if loom_id not in line_ids:
                line_ids.append(loom_id)
        if start != end and line_ids:
            raw_edges.append((start, end, line_ids))

    index: dict[str, int] = {}  # LOOM node id -> station number, in station order
    touched = [node for start, end, _ in raw_edges for node in (start, end)]
    touched_set = set(touched)
    for node in [*(n for n in labels if n in touched_set), *touched]:
        index.setdefault(node, len(index))
    for start, end, line_ids in raw_edges:
        for loom_id in line_ids:
            lines[loom_id].edges.append((index[start], index[end]))

    stations: list[dict[str, Any]] = []
    junctions = 0
    for node in index:  # dicts keep insertion order: station order
        label = labels.get(node, "")
        if not label:
            junctions += 1
            label = f"Junction {junctions}"
        stations.append({"id": f"s{len(stations) + 1}", "label": label, "loom_id": node})

    out_lines: list[dict[str, Any]] = []
    parts: dict[str, int] = {}  # per id stem, so LOOM lines sharing a label get distinct ids
    for loom_line in lines.values():
        stem = loom_line.label
        for path in simple_paths(loom_line.edges):
            parts[stem] = parts.get(stem, 0) + 1
            out_lines.append(
                {
                    "id": f"{stem}-{parts[stem]}",
                    "name": loom_line.label,
                    "color": loom_line.colour,
                    "stations": [stations[n]["id"] for n in path],
                    "loom_line": loom_line.loom_id,
                }
            )
    return {"lines": out_lines, "stations": stations}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="LOOM GeoJSON line graph")
    parser.add_argument("target", type=Path, help="where to write the network (our format)")
    args = parser.parse_args(argv)
    try:
        text = args.source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: cannot read {args.source}: {exc}", file=sys.stderr)
        return 2
    try:
        network = convert(json.loads(text))
    except json.JSONDecodeError as exc:
        print(f"error: {args.source} is not JSON: {exc}", file=sys.stderr)
        return 2
    except LoomFormatError as exc:
        print(f"error: {args.source}: {exc}", file=sys.stderr)
        return 2
    try:
        args.target.write_text(
            json.dumps(network, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    except OSError as exc:
        print(f"error: cannot write {args.target}: {exc}", file=sys.stderr)
        return 2
    loom_lines = len({line["loom_line"] for line in network["lines"]})
    print(
        f"{args.target}: {len(network['stations'])} stations, {len(network['lines'])} lines "
        f"(from {loom_lines} LOOM lines)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
