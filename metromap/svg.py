"""SVG drawing of a layout (docs/metromap-format.md), for screen and print.

Lines are parallel coloured strokes in each edge's bundle order, interchanges
are white capsules with a dark outline, ordinary stops are white dots on their
line, and every station is one focusable `<g>` with an accessible name so the
web app can make the map interactive. Output is deterministic and uses no
external resources (system fonts only).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from metromap.model import Network

Point = tuple[float, float]

FONT_STACK = (
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, "
    "'Noto Sans', 'Liberation Sans', sans-serif"
)
INK = "#1a1a1a"
FALLBACK_COLOUR = "#555555"
# Colours go into attributes of a page; accept only plain colour syntax, never url(...).
_SAFE_COLOUR = re.compile(
    r"#[0-9a-fA-F]{3,8}|[a-zA-Z]{1,30}|(?:rgb|rgba|hsl|hsla)\([0-9.,%\s/deg]{1,60}\)"
)
# Characters XML 1.0 does not allow at all; they are dropped from text.
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


# --- text and number formatting -------------------------------------------------------------


def fmt(value: float) -> str:
    """A number with at most two decimals and no trailing zeros (stable text, small files)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def escape_text(value: str) -> str:
    value = _XML_INVALID.sub("", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attr(value: str) -> str:
    # Newlines and tabs would be normalised to spaces by XML parsers; keep them as references.
    return (
        escape_text(value)
        .replace('"', "&quot;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
        .replace("\t", "&#9;")
    )


def safe_id(prefix: str, raw: str) -> str:
    """An XML/HTML-safe id for a station id; injective, so distinct ids never collide.

    ASCII letters, digits and '-' are kept; any other character becomes `_<hex>_`.
    Because '_' itself is encoded, the mapping can be read back unambiguously.
    """
    parts = [c if (c.isascii() and c.isalnum()) or c == "-" else f"_{ord(c):x}_" for c in raw]
    return f"{prefix}-{''.join(parts)}"


def safe_colour(value: str) -> str:
    value = value.strip()
    return value if _SAFE_COLOUR.fullmatch(value) else FALLBACK_COLOUR


# --- geometry ------------------------------------------------------------------------------


def _dedupe(points: Iterable[Sequence[float]], eps: float = 1e-9) -> list[Point]:
    out: list[Point] = []
    for x, y in points:
        if not out or math.hypot(x - out[-1][0], y - out[-1][1]) > eps:
            out.append((float(x), float(y)))
    return out


def _right_normal(p: Point, q: Point) -> Point:
    """Unit normal pointing right of the direction p -> q (y grows downwards)."""
    dx, dy = q[0] - p[0], q[1] - p[1]
    length = math.hypot(dx, dy)
    return (-dy / length, dx / length)


def offset_polyline(points: Sequence[Sequence[float]], offset: float) -> list[Point]:
    """The polyline shifted `offset` units to the right, with mitred joins.

    A mitre keeps the shifted copy exactly parallel to the centre line on every
    segment, so neighbouring strokes of a bundle never overlap or leave gaps at
    bends. At a reversal a mitre does not exist; the copy then steps across.
    """
    pts = _dedupe(points)
    if len(pts) < 2 or offset == 0:
        return pts
    normals = [_right_normal(p, q) for p, q in itertools.pairwise(pts)]
    out = [(pts[0][0] + offset * normals[0][0], pts[0][1] + offset * normals[0][1])]
    for vertex, n1, n2 in zip(pts[1:-1], normals, normals[1:], strict=False):
        dot = n1[0] * n2[0] + n1[1] * n2[1]
        if dot < -0.999:
            out.append((vertex[0] + offset * n1[0], vertex[1] + offset * n1[1]))
            out.append((vertex[0] + offset * n2[0], vertex[1] + offset * n2[1]))
            continue
        scale = offset / (1.0 + dot)
        out.append((vertex[0] + scale * (n1[0] + n2[0]), vertex[1] + scale * (n1[1] + n2[1])))
    last = pts[-1]
    out.append((last[0] + offset * normals[-1][0], last[1] + offset * normals[-1][1]))
    return out


def _path_data(points: Sequence[Point]) -> str:
    head, *rest = points
    return f"M{fmt(head[0])} {fmt(head[1])}" + "".join(f"L{fmt(x)} {fmt(y)}" for x, y in rest)


@dataclass
class _Bounds:
    min_x: float = math.inf
    min_y: float = math.inf
    max_x: float = -math.inf
    max_y: float = -math.inf

    def add(self, x: float, y: float, pad: float = 0.0) -> None:
        self.min_x = min(self.min_x, x - pad)
        self.min_y = min(self.min_y, y - pad)
        self.max_x = max(self.max_x, x + pad)
        self.max_y = max(self.max_y, y + pad)

    def view_box(self, margin: float) -> tuple[float, float, float, float]:
        if self.min_x > self.max_x:  # nothing drawn
            return (-margin, -margin, 2 * margin, 2 * margin)
        return (
            self.min_x - margin,
            self.min_y - margin,
            self.max_x - self.min_x + 2 * margin,
            self.max_y - self.min_y + 2 * margin,
        )


# --- drawing -------------------------------------------------------------------------------


def _station_lines(network: Network) -> dict[str, list[str]]:
    """Line ids through each station, in the input's line order."""
    on: dict[str, list[str]] = {s.id: [] for s in network.stations}
    for line in network.lines:
        for sid in line.stations:
            on[sid].append(line.id)
    return on


def _bundle_width(layout: dict[str, Any], line_width: float) -> dict[str, float]:
    """Widest bundle at each station: the marker must cover every stroke that reaches it."""
    widest: dict[str, float] = {}
    for edge in layout.get("edges", []):
        width = len(edge["lines"]) * line_width
        for sid in (edge["from"], edge["to"]):
            widest[sid] = max(widest.get(sid, 0.0), width)
    return widest


def _line_strokes(network: Network, layout: dict[str, Any], bounds: _Bounds) -> list[str]:
    lw = network.options.line_width
    colours = {line.id: safe_colour(line.color) for line in network.lines}
    paths: dict[str, list[str]] = {line.id: [] for line in network.lines}
    for edge in layout.get("edges", []):
        lines = edge["lines"]
        half = len(lines) * lw / 2
        for x, y in edge["points"]:
            bounds.add(x, y, half)
        for i, lid in enumerate(lines):
            shifted = offset_polyline(edge["points"], (i - (len(lines) - 1) / 2) * lw)
            if len(shifted) >= 2 and lid in paths:
                paths[lid].append(_path_data(shifted))
    out = ['<g class="mm-lines" fill="none" stroke-linecap="round" stroke-linejoin="round">']
    for line in network.lines:
        if not paths[line.id]:
            continue
        out.append(
            f'<g class="mm-line" data-line="{escape_attr(line.id)}" '
            f'stroke="{escape_attr(colours[line.id])}" stroke-width="{fmt(lw)}">'
        )
        out.extend(f'<path d="{d}"/>' for d in paths[line.id])
        out.append("</g>")
    out.append("</g>")
    return out


def _accessible_name(label: str, sid: str, line_names: list[str]) -> str:
    name = label.strip() or sid
    return f"{name}: {', '.join(line_names)}" if line_names else name


def _station_group(
    *,
    network: Network,
    station: dict[str, Any],
    label_text: str,
    line_ids: list[str],
    line_names: dict[str, str],
    bundle: float,
    id_prefix: str,
    bounds: _Bounds,
) -> list[str]:
    lw = network.options.line_width
    fs = network.options.font_size
    sid = station["id"]
    x, y = float(station["x"]), float(station["y"])
    marker = station.get("marker") or {}
    mw, mh = float(marker.get("w", 0) or 0), float(marker.get("h", 0) or 0)
    name = _accessible_name(label_text, sid, [line_names[lid] for lid in line_ids])
    out = [
        f'<g id="{escape_attr(safe_id(id_prefix + "-st", sid))}" class="mm-station" '
        f'data-station="{escape_attr(sid)}" role="button" tabindex="0" '
        f'aria-label="{escape_attr(name)}">'
    ]
    if len(line_ids) >= 2 or mw > 0 or mh > 0:
        # Interchange: a capsule over the marker box that also covers the widest bundle.
        width = mw + max(bundle, 1.5 * lw)
        height = mh + max(bundle, 1.5 * lw)
        radius = min(width, height) / 2
        bounds.add(x - width / 2, y - height / 2)
        bounds.add(x + width / 2, y + height / 2)
        out.append(
            f'<rect class="mm-marker mm-interchange" x="{fmt(x - width / 2)}" '
            f'y="{fmt(y - height / 2)}" width="{fmt(width)}" height="{fmt(height)}" '
            f'rx="{fmt(radius)}" fill="#fff" stroke="{INK}" stroke-width="{fmt(lw / 3)}"/>'
        )
    elif line_ids:
        # Ordinary stop: a white dot on its line's stroke.
        bounds.add(x, y, lw / 2)
        out.append(
            f'<circle class="mm-marker mm-stop" cx="{fmt(x)}" cy="{fmt(y)}" '
            f'r="{fmt(lw * 0.3)}" fill="#fff"/>'
        )
    else:
        # A station on no line: an outlined dot standing on its own.
        bounds.add(x, y, lw)
        out.append(
            f'<circle class="mm-marker mm-lone" cx="{fmt(x)}" cy="{fmt(y)}" '
            f'r="{fmt(lw * 0.75)}" fill="#fff" stroke="{INK}" stroke-width="{fmt(lw / 3)}"/>'
        )
    box = station.get("label")
    if box and label_text.strip():
        bx, by, bw, bh = (float(box[k]) for k in ("x", "y", "w", "h"))
        bounds.add(bx, by)
        bounds.add(bx + bw, by + bh)
        baseline = by + bh / 2 + 0.35 * fs  # cap height of sans fonts is about 0.7 em
        out.append(
            f'<text class="mm-label" x="{fmt(bx)}" y="{fmt(baseline)}" paint-order="stroke" '
            f'stroke="#fff" stroke-width="{fmt(fs / 4)}">'
            f"{escape_text(label_text)}</text>"
        )
    out.append("</g>")
    return out


def describe(network: Network) -> str:
    """The one-sentence summary used as the drawing's <desc>."""
    names = [line.name or line.id for line in network.lines]
    n_lines, n_stations = len(network.lines), len(network.stations)
    text = (
        f"{n_lines} line{'s' if n_lines != 1 else ''}, "
        f"{n_stations} station{'s' if n_stations != 1 else ''}"
    )
    return text + (f": {', '.join(names)}." if names else ".")


_STYLE = (
    ".mm-station{cursor:pointer}"
    ".mm-station:focus{outline:none}"
    ".mm-station:focus-visible .mm-marker{stroke:#0b57d0;stroke-width:3px}"
    ".mm-station:focus-visible .mm-label{text-decoration:underline}"
    "@media print{.mm-station{cursor:auto}}"
)


def render_svg(
    network: Network,
    layout: dict[str, Any],
    *,
    title: str | None = None,
    id_prefix: str = "mm",
    embedded: bool = False,
    description: str | None = None,
) -> str:
    """Draw `layout` (an engine output for `network`) as a standalone SVG document.

    `id_prefix` keeps element ids unique when several maps share one HTML page.
    `embedded` drops the XML prolog and the inline `<style>`, for SVG placed inside an HTML
    page whose Content Security Policy forbids inline styles (the page's stylesheet then
    styles the `mm-*` classes). `description` replaces the English one-sentence summary
    in `<desc>`, for a drawing in the reader's language.
    """
    opts = network.options
    bounds = _Bounds()
    on_lines = _station_lines(network)
    labels = {s.id: s.label for s in network.stations}
    line_names = {line.id: line.name or line.id for line in network.lines}
    bundles = _bundle_width(layout, opts.line_width)

    body = _line_strokes(network, layout, bounds)
    body.append('<g class="mm-stations">')
    for station in layout.get("stations", []):
        sid = station["id"]
        body.extend(
            _station_group(
                network=network,
                station=station,
                label_text=labels.get(sid, ""),
                line_ids=on_lines.get(sid, []),
                line_names=line_names,
                bundle=bundles.get(sid, 0.0),
                id_prefix=id_prefix,
                bounds=bounds,
            )
        )
    body.append("</g>")

    vx, vy, vw, vh = bounds.view_box(max(opts.station_spacing / 2, opts.font_size))
    title_text = title if title and title.strip() else "Network map"
    prefix = escape_attr(id_prefix)
    head = [
        *([] if embedded else ['<?xml version="1.0" encoding="UTF-8"?>']),
        f'<svg xmlns="http://www.w3.org/2000/svg" class="metromap" '
        f'viewBox="{fmt(vx)} {fmt(vy)} {fmt(vw)} {fmt(vh)}" '
        f'width="{fmt(vw)}" height="{fmt(vh)}" role="group" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" '
        f'font-family="{escape_attr(FONT_STACK)}" font-size="{fmt(opts.font_size)}">',
        f'<title id="{prefix}-title">{escape_text(title_text)}</title>',
        f'<desc id="{prefix}-desc">{escape_text(description or describe(network))}</desc>',
        *([] if embedded else [f"<style>{_STYLE}</style>"]),
        f'<rect class="mm-background" x="{fmt(vx)}" y="{fmt(vy)}" width="{fmt(vw)}" '
        f'height="{fmt(vh)}" fill="#fff"/>',
        f'<g class="mm-map" fill="{INK}" stroke-linejoin="round">',
    ]
    tail = ["</g>", "</svg>"]
    return "\n".join([*head, *body, *tail]) + "\n"
