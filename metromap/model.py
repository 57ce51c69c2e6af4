"""Input model of the layout engine and its validation (see docs/metromap-format.md)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any


class InputError(ValueError):
    """Invalid engine input. The message names the offending id or field."""


@dataclass(frozen=True)
class Station:
    id: str
    label: str


@dataclass(frozen=True)
class Line:
    id: str
    name: str
    color: str
    stations: tuple[str, ...]


@dataclass(frozen=True)
class Options:
    station_spacing: float = 40.0
    font_size: float = 12.0
    line_width: float = 6.0


@dataclass(frozen=True)
class Network:
    stations: tuple[Station, ...]
    lines: tuple[Line, ...]
    options: Options = field(default_factory=Options)
    previous_layout: dict[str, Any] | None = None

    def edges(self) -> dict[tuple[str, str], list[str]]:
        """Each pair of consecutive stops (keyed in first-seen order) with the lines on it."""
        seen: dict[frozenset[str], tuple[str, str]] = {}
        out: dict[tuple[str, str], list[str]] = {}
        for line in self.lines:
            for a, b in zip(line.stations, line.stations[1:], strict=False):
                key = frozenset((a, b))
                if key not in seen:
                    seen[key] = (a, b)
                    out[(a, b)] = []
                out[seen[key]].append(line.id)
        return out


def _require_str(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{where} must be a non-empty string, got {value!r}")
    return value


def _opt_str(obj: dict[str, Any], key: str, where: str, default: str = "") -> str:
    value = obj.get(key, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise InputError(f"{where}: '{key}' must be a string, got {type(value).__name__}")
    return value


def _parse_options(raw: Any) -> Options:
    if raw is None:
        return Options()
    if not isinstance(raw, dict):
        raise InputError(f"options must be an object, got {type(raw).__name__}")
    values: dict[str, float] = {}
    for name in ("station_spacing", "font_size", "line_width"):
        if name not in raw or raw[name] is None:
            continue
        value = raw[name]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InputError(f"options.{name} must be a number, got {value!r}")
        if not math.isfinite(value) or value <= 0:
            raise InputError(f"options.{name} must be a positive finite number, got {value!r}")
        values[name] = float(value)
    return Options(**values)


def _parse_previous(raw: Any) -> dict[str, Any] | None:
    """Accept an earlier engine output; keep only well-formed station positions."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise InputError(f"previous_layout must be an object or null, got {type(raw).__name__}")
    stations = raw.get("stations", [])
    if not isinstance(stations, list):
        raise InputError("previous_layout.stations must be a list")
    for i, st in enumerate(stations):
        where = f"previous_layout.stations[{i}]"
        if not isinstance(st, dict):
            raise InputError(f"{where} must be an object")
        _require_str(st.get("id"), f"{where}.id")
        for coord in ("x", "y"):
            value = st.get(coord)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise InputError(f"{where} ({st.get('id')!r}): '{coord}' must be a number")
            if not math.isfinite(value):
                raise InputError(f"{where} ({st.get('id')!r}): '{coord}' must be finite")
    return raw


def parse_network(data: Any) -> Network:
    """Validate raw JSON data and build a Network, or raise InputError naming the culprit."""
    if not isinstance(data, dict):
        raise InputError(f"the input must be a JSON object, got {type(data).__name__}")
    raw_stations = data.get("stations")
    raw_lines = data.get("lines")
    if not isinstance(raw_stations, list):
        raise InputError("'stations' must be a list")
    if not isinstance(raw_lines, list):
        raise InputError("'lines' must be a list")

    stations: list[Station] = []
    station_ids: set[str] = set()
    for i, raw in enumerate(raw_stations):
        if not isinstance(raw, dict):
            raise InputError(f"stations[{i}] must be an object, got {type(raw).__name__}")
        sid = _require_str(raw.get("id"), f"stations[{i}].id")
        if sid in station_ids:
            raise InputError(f"station id {sid!r} is used twice (stations[{i}])")
        station_ids.add(sid)
        stations.append(Station(id=sid, label=_opt_str(raw, "label", f"station {sid!r}")))

    lines: list[Line] = []
    line_ids: set[str] = set()
    for i, raw in enumerate(raw_lines):
        if not isinstance(raw, dict):
            raise InputError(f"lines[{i}] must be an object, got {type(raw).__name__}")
        lid = _require_str(raw.get("id"), f"lines[{i}].id")
        if lid in line_ids:
            raise InputError(f"line id {lid!r} is used twice (lines[{i}])")
        line_ids.add(lid)
        stops = raw.get("stations")
        if not isinstance(stops, list):
            raise InputError(f"line {lid!r}: 'stations' must be a list of station ids")
        if len(stops) < 2:
            raise InputError(f"line {lid!r} has {len(stops)} stop(s); a line needs at least 2")
        seen: set[str] = set()
        for j, stop in enumerate(stops):
            if not isinstance(stop, str):
                raise InputError(
                    f"line {lid!r}: stop {j} must be a station id string, got {stop!r}"
                )
            if stop not in station_ids:
                raise InputError(f"line {lid!r}: stop {j} names unknown station {stop!r}")
            if stop in seen:
                raise InputError(f"line {lid!r}: station {stop!r} appears twice")
            seen.add(stop)
        lines.append(
            Line(
                id=lid,
                name=_opt_str(raw, "name", f"line {lid!r}", default=lid),
                color=_opt_str(raw, "color", f"line {lid!r}", default="#555555"),
                stations=tuple(stops),
            )
        )

    return Network(
        stations=tuple(stations),
        lines=tuple(lines),
        options=_parse_options(data.get("options")),
        previous_layout=_parse_previous(data.get("previous_layout")),
    )
