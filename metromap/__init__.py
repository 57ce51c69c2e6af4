"""metromap: schematic octilinear metro-map layouts computed from topology alone.

A pure library (no Django): `layout(data)` takes the input described in
docs/metromap-format.md and returns the output dictionary; `render_svg`
draws a layout. The command line is `python -m metromap layout IN --out OUT`.
"""

from metromap.model import InputError, Network, parse_network

__all__ = ["InputError", "Network", "layout", "parse_network"]


def layout(data: object) -> dict:
    """Validate `data` and compute its layout. Raises InputError on invalid input."""
    from metromap.engine import layout_network

    return layout_network(parse_network(data))
