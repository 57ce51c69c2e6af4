"""The SVG drawing: well-formed, accessible, escaped, parallel bundle strokes."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest

from metromap import parse_network
from metromap.svg import offset_polyline, render_svg, safe_id

NS = {"svg": "http://www.w3.org/2000/svg"}
TRICKY = 'Lasten & nuorten <"erityis"> palvelut'


def network_data() -> dict[str, Any]:
    return {
        "lines": [
            {"id": "L1", "name": "Erot & riidat", "color": "#c2185b", "stations": ["a", "b", "c"]},
            {"id": "L2", "name": "Nuoret", "color": "url(http://evil)", "stations": ["c", "b"]},
        ],
        "stations": [
            {"id": "a", "label": "Perheneuvola"},
            {"id": "b", "label": TRICKY},
            {"id": "c", "label": "Åbo Akademi"},
            {"id": "lone one", "label": ""},
        ],
    }


def hand_layout() -> dict[str, Any]:
    """A small valid layout, so these tests do not depend on the engine."""

    def station(sid: str, x: float, y: float, text: str) -> dict[str, Any]:
        return {
            "id": sid,
            "x": x,
            "y": y,
            "marker": {"w": 0, "h": 0},
            "label": {"x": x + 8, "y": y - 22, "w": 6.6 * len(text), "h": 14},
        }

    return {
        "stations": [
            station("a", 0, 0, "Perheneuvola"),
            station("b", 80, 0, TRICKY),
            station("c", 160, 80, "Åbo Akademi"),
            station("lone one", 0, 160, ""),
        ],
        "edges": [
            {"from": "a", "to": "b", "lines": ["L1"], "points": [[0, 0], [80, 0]]},
            {
                "from": "b",
                "to": "c",
                "lines": ["L1", "L2"],
                "points": [[80, 0], [120, 0], [160, 40], [160, 80]],
            },
        ],
    }


@pytest.fixture
def svg() -> ET.Element:
    text = render_svg(parse_network(network_data()), hand_layout(), title="Sisä-Suomi <demo>")
    return ET.fromstring(text.encode("utf-8"))  # noqa: S314 - our own output


def test_it_is_well_formed_with_title_and_desc(svg: ET.Element) -> None:
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    title = svg.find("svg:title", NS)
    desc = svg.find("svg:desc", NS)
    assert title is not None and title.text == "Sisä-Suomi <demo>"
    assert desc is not None
    assert desc.text == "2 lines, 4 stations: Erot & riidat, Nuoret."
    assert svg.get("aria-labelledby") == "mm-title mm-desc"


def test_it_has_one_focusable_group_per_station(svg: ET.Element) -> None:
    groups = svg.findall(".//svg:g[@data-station]", NS)
    assert [g.get("data-station") for g in groups] == ["a", "b", "c", "lone one"]
    for g in groups:
        assert g.get("role") == "button"
        assert g.get("tabindex") == "0"
        assert g.get("aria-label")
    ids = [g.get("id") for g in groups]
    assert len(set(ids)) == len(ids)
    assert ids[3] == "mm-st-lone_20_one"
    names = {g.get("data-station"): g.get("aria-label") for g in groups}
    assert names["b"] == f"{TRICKY}: Erot & riidat, Nuoret"
    assert names["lone one"] == "lone one"  # no label: the id is the accessible name


def test_it_escapes_label_text(svg: ET.Element) -> None:
    texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert TRICKY in texts
    assert "Åbo Akademi" in texts


def test_it_draws_interchanges_larger_than_stops(svg: ET.Element) -> None:
    markers = {g.get("data-station"): g[0] for g in svg.findall(".//svg:g[@data-station]", NS)}
    assert markers["a"].tag.endswith("circle")  # one line: an ordinary stop
    assert markers["b"].tag.endswith("rect")  # two lines: an interchange
    assert float(markers["b"].get("width", 0)) >= 12  # covers the two-line bundle


def test_it_refuses_unsafe_colours(svg: ET.Element) -> None:
    colours = [g.get("stroke") for g in svg.findall(".//svg:g[@data-line]", NS)]
    assert colours == ["#c2185b", "#555555"]


def test_it_covers_everything_with_the_view_box(svg: ET.Element) -> None:
    x, y, w, h = (float(v) for v in svg.get("viewBox", "").split())
    assert x < 0 and y < -22 and x + w > 160 and y + h > 160


def test_it_is_deterministic() -> None:
    net = parse_network(network_data())
    assert render_svg(net, hand_layout()) == render_svg(net, hand_layout())


def test_it_keeps_parallel_strokes_parallel_around_a_bend() -> None:
    # A 45° bend: the copy 6 units to the right stays 6 units from both segments.
    centre = [(0.0, 0.0), (40.0, 0.0), (80.0, 40.0)]
    shifted = offset_polyline(centre, 6.0)
    assert shifted[0] == pytest.approx((0.0, 6.0))
    corner = shifted[1]
    assert corner[1] == pytest.approx(6.0)  # on the parallel of the first segment
    # distance to the line through (40, 0) with direction (1, 1) / sqrt(2)
    dist = abs((corner[0] - 40.0) - corner[1]) / 2**0.5
    assert dist == pytest.approx(6.0)
    assert shifted[2] == pytest.approx((80.0 - 6 / 2**0.5, 40.0 + 6 / 2**0.5))


def test_it_steps_across_at_a_reversal() -> None:
    shifted = offset_polyline([(0.0, 0.0), (40.0, 0.0), (0.0, 0.0)], 3.0)
    assert len(shifted) == 4


def test_it_makes_distinct_ids_distinct() -> None:
    raw = ["a b", "a_20_b", "a-b", "ä", "_", "<&>"]
    made = [safe_id("mm-st", r) for r in raw]
    assert len(set(made)) == len(made)
    for m in made:
        assert all(c.isascii() and (c.isalnum() or c in "-_") for c in m)


def test_it_leaves_out_prolog_and_inline_style_when_embedded() -> None:
    text = render_svg(parse_network(network_data()), hand_layout(), embedded=True)

    assert text.startswith("<svg ")
    assert "<style>" not in text
    ET.fromstring(text.encode("utf-8"))  # noqa: S314 - our own output


def test_it_takes_a_description_in_the_readers_language() -> None:
    text = render_svg(
        parse_network(network_data()), hand_layout(), description="2 linjaa & 4 asemaa"
    )
    root = ET.fromstring(text.encode("utf-8"))  # noqa: S314 - our own output

    assert root.find("svg:desc", NS).text == "2 linjaa & 4 asemaa"  # type: ignore[union-attr]
