"""The map as PNG or PDF, converted from its standalone SVG by CairoSVG.

CairoSVG needs the cairo library (Debian's libcairo2, which Chromium also depends on); both
conversions run in process, without a browser.
"""

from __future__ import annotations

import re

import cairosvg

# A PNG twice the size of the drawing stays sharp when printed or zoomed, but a large
# network's PNG is kept within MAX_PNG_SIDE pixels (memory and file size).
PNG_SCALE = 2.0
MAX_PNG_SIDE = 6000
_SIZE = re.compile(r'<svg [^>]*?width="([0-9.]+)" height="([0-9.]+)"')


def png_scale(svg: str) -> float:
    match = _SIZE.search(svg)
    if not match:
        return PNG_SCALE
    longest = max(float(match.group(1)), float(match.group(2)), 1.0)
    return min(PNG_SCALE, MAX_PNG_SIDE / longest)


# Labels carry a white halo drawn under the text (paint-order="stroke"); cairo does not know
# paint-order and would paint the halo over the letters, so the halo is dropped for cairo.
_LABEL_HALO = re.compile(r' paint-order="stroke" stroke="#fff" stroke-width="[0-9.]+"')


def convert_svg(svg: str, fmt: str) -> bytes:
    data = _LABEL_HALO.sub("", svg).encode("utf-8")
    if fmt == "png":
        scale = png_scale(svg)
        return bytes(cairosvg.svg2png(bytestring=data, scale=scale, background_color="white"))
    if fmt == "pdf":
        return bytes(cairosvg.svg2pdf(bytestring=data))
    raise ValueError(f"unknown export format {fmt!r}")
