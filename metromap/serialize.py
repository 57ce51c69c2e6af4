"""Deterministic JSON form of a layout (the output of docs/metromap-format.md).

The same input must give byte-identical output, so this module fixes the key
order, rounds coordinates and drops figures that differ from run to run
(timings). Rounding is done so that it cannot break a hard rule by itself:
box sizes are rounded up (labels keep their declared minimum, markers keep
containing the edge ends that were on them) and edge ends that lay on a
station's box are kept on the rounded box.
"""

from __future__ import annotations

import json
import math
from typing import Any

DECIMALS = 2
_SCALE = 10**DECIMALS


def round_coord(value: float) -> float:
    """Round a coordinate to DECIMALS places; never return -0.0."""
    return round(float(value), DECIMALS) + 0.0


def round_size_up(value: float) -> float:
    """Round a box side up, so a size at its minimum stays at or above it."""
    # The small slack keeps 46.2000000001 (float noise) from becoming 46.21.
    return math.ceil(float(value) * _SCALE - 1e-6) / _SCALE + 0.0


def _is_timing(key: str) -> bool:
    """Metrics that measure time change from run to run and would break determinism."""
    lowered = key.lower()
    return lowered.endswith(("_s", "_ms", "_seconds")) or "time" in lowered


def _box(raw: Any) -> dict[str, float]:
    raw = raw or {}
    return {
        "w": round_size_up(raw.get("w", 0.0) or 0.0),
        "h": round_size_up(raw.get("h", 0.0) or 0.0),
    }


def _station(raw: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": raw["id"],
        "x": round_coord(raw["x"]),
        "y": round_coord(raw["y"]),
        "marker": _box(raw.get("marker")),
    }
    label = raw.get("label")
    if label is not None:
        out["label"] = {
            "x": round_coord(label["x"]),
            "y": round_coord(label["y"]),
            "w": round_size_up(label["w"]),
            "h": round_size_up(label["h"]),
        }
    return out


def _inside(point: tuple[float, float], station: dict[str, Any], tol: float = 1e-6) -> bool:
    marker = station.get("marker") or {}
    half_w = float(marker.get("w", 0.0) or 0.0) / 2 + tol
    half_h = float(marker.get("h", 0.0) or 0.0) / 2 + tol
    return abs(point[0] - station["x"]) <= half_w and abs(point[1] - station["y"]) <= half_h


def _clamp_into(point: list[float], station: dict[str, Any]) -> list[float]:
    """Move a rounded edge end back onto the rounded station box (moves it < 0.01 units)."""
    half_w = station["marker"]["w"] / 2
    half_h = station["marker"]["h"] / 2
    x = min(max(point[0], station["x"] - half_w), station["x"] + half_w)
    y = min(max(point[1], station["y"] - half_h), station["y"] + half_h)
    return [x + 0.0, y + 0.0]


def _edge(
    raw: dict[str, Any],
    raw_stations: dict[str, dict[str, Any]],
    stations: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    points = [[round_coord(x), round_coord(y)] for x, y in raw["points"]]
    if points:
        ends = ((0, raw["from"]), (len(points) - 1, raw["to"]))
        for index, sid in ends:
            if sid in stations and _inside(raw["points"][index], raw_stations[sid]):
                points[index] = _clamp_into(points[index], stations[sid])
    return {"from": raw["from"], "to": raw["to"], "lines": list(raw["lines"]), "points": points}


def normalise_layout(layout: dict[str, Any]) -> dict[str, Any]:
    """Return the layout with fixed key order, rounded numbers and no timing metrics."""
    raw_stations = {s["id"]: s for s in layout.get("stations", [])}
    stations = [_station(s) for s in layout.get("stations", [])]
    by_id = {s["id"]: s for s in stations}
    edges = [_edge(e, raw_stations, by_id) for e in layout.get("edges", [])]
    metrics = {
        key: value
        for key, value in sorted((layout.get("metrics") or {}).items())
        if not _is_timing(key)
    }
    return {"stations": stations, "edges": edges, "metrics": _round_metrics(metrics)}


def _round_metrics(value: Any) -> Any:
    """Round floats in the engine's free-form metrics so their text is stable."""
    if isinstance(value, float):
        return round(value, 6) + 0.0
    if isinstance(value, dict):
        return {str(k): _round_metrics(v) for k, v in sorted(value.items())}
    if isinstance(value, list | tuple):
        return [_round_metrics(v) for v in value]
    return value


def dumps_layout(layout: dict[str, Any]) -> str:
    """The byte-stable text of a layout: one station or edge per line, newline-terminated.

    One item per line keeps the file small, readable and friendly to `diff`.
    """
    data = normalise_layout(layout)

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)

    parts = []
    for key in ("stations", "edges"):
        items = ",\n".join("  " + dump(item) for item in data[key])
        parts.append(f'"{key}":[\n{items}\n]' if items else f'"{key}":[]')
    parts.append('"metrics":' + dump(data["metrics"]))
    return "{\n" + ",\n".join(parts) + "\n}\n"
