"""The written JSON: fixed order, rounding that cannot break a hard rule, no timings."""

from __future__ import annotations

import json

from metromap.serialize import dumps_layout, normalise_layout


def raw_layout() -> dict:
    return {
        "metrics": {"runtime_s": 0.123, "crossings": 2, "score": 1 / 3},
        "edges": [
            {
                "to": "b",
                "from": "a",
                "lines": ["L2", "L1"],
                "points": [[0.004, -0.001], [33.333333, 0.0], [33.333333 + 17.5 / 3, 0.0]],
            }
        ],
        "stations": [
            {
                "label": {"x": 1.0, "y": 2.0, "w": 0.55 * 12 * 7 - 1e-12, "h": 12.0},
                "y": -0.001,
                "x": 0.004,
                "id": "a",
            },
            {
                "id": "b",
                "x": 45.0,
                "y": 0.0,
                "marker": {"w": 17.5 / 3, "h": 10.0},
                "label": {"x": 50.0, "y": 2.0, "w": 46.2049, "h": 12.0},
            },
        ],
    }


def test_it_fixes_the_key_order() -> None:
    data = json.loads(dumps_layout(raw_layout()))
    assert list(data) == ["stations", "edges", "metrics"]
    assert list(data["stations"][0]) == ["id", "x", "y", "marker", "label"]
    assert list(data["edges"][0]) == ["from", "to", "lines", "points"]


def test_it_rounds_coordinates_without_negative_zero() -> None:
    station = normalise_layout(raw_layout())["stations"][0]
    assert (station["x"], station["y"]) == (0.0, 0.0)
    assert "-0.0" not in dumps_layout(raw_layout())


def test_it_rounds_box_sides_up() -> None:
    stations = normalise_layout(raw_layout())["stations"]
    assert stations[0]["label"]["w"] == 46.2  # float noise below the minimum is not rounded up
    assert stations[1]["label"]["w"] == 46.21
    assert stations[1]["marker"]["w"] == 5.84


def test_it_keeps_edge_ends_on_the_rounded_marker_box() -> None:
    # The end lies on the left side of b's box (x = 8.005); rounded alone it would be 8.0,
    # just outside the rounded box (10.01 - 4.01 / 2 = 8.005).
    layout = {
        "stations": [
            {"id": "a", "x": -40.0, "y": 0.0},
            {"id": "b", "x": 10.006, "y": 0.0, "marker": {"w": 4.002, "h": 10.0}},
        ],
        "edges": [{"from": "a", "to": "b", "lines": ["L1"], "points": [[-40, 0], [8.005, 0]]}],
    }
    out = normalise_layout(layout)
    b = out["stations"][1]
    end_x = out["edges"][0]["points"][-1][0]
    assert b["x"] - b["marker"]["w"] / 2 <= end_x <= b["x"] + b["marker"]["w"] / 2


def test_it_drops_timings_and_keeps_other_metrics() -> None:
    metrics = normalise_layout(raw_layout())["metrics"]
    assert metrics == {"crossings": 2, "score": 0.333333}


def test_it_ends_with_a_newline_and_keeps_unicode() -> None:
    layout = raw_layout()
    layout["stations"][0]["id"] = "Åbo"
    layout["edges"][0]["from"] = "Åbo"
    text = dumps_layout(layout)
    assert text.endswith("\n") and "Åbo" in text
