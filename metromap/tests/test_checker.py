"""The geometry checker itself, on tiny hand-made layouts whose figures are known."""

from __future__ import annotations

from typing import Any

import pytest

from metromap.tests.checker import check_layout, turn_eighths

Pos = dict[str, tuple[float, float]]


def network(lines: dict[str, list[str]], extra: tuple[str, ...] = ()) -> dict[str, Any]:
    ids = sorted({s for stops in lines.values() for s in stops} | set(extra))
    return {
        "stations": [{"id": s, "label": s.upper()} for s in ids],
        "lines": [{"id": lid, "stations": stops} for lid, stops in lines.items()],
    }


def label_box(x: float, y: float, text: str = "A") -> dict[str, float]:
    """A minimum-size label box up-left of (x, y), clear of a station's own edges
    when they leave rightwards, downwards or down-right."""
    width = 0.55 * 12 * len(text)
    return {"x": x - 8 - width, "y": y - 20, "w": width, "h": 12}


def layout(
    pos: Pos,
    edges: list[tuple[str, str, list[str], list[tuple[float, float]] | None]],
    labels: dict[str, dict[str, float]] | None = None,
    markers: dict[str, tuple[float, float]] | None = None,
) -> dict[str, Any]:
    labels = labels or {}
    markers = markers or {}
    stations = []
    for sid, (x, y) in pos.items():
        w, h = markers.get(sid, (0.0, 0.0))
        stations.append(
            {
                "id": sid,
                "x": x,
                "y": y,
                "marker": {"w": w, "h": h},
                "label": labels.get(sid, label_box(x, y)),
            }
        )
    out_edges = [
        {"from": a, "to": b, "lines": lines, "points": points or [pos[a], pos[b]]}
        for a, b, lines, points in edges
    ]
    return {"stations": stations, "edges": out_edges, "metrics": {}}


def test_it_accepts_a_straight_line() -> None:
    inp = network({"L1": ["a", "b", "c"]})
    out = layout(
        {"a": (0, 0), "b": (40, 0), "c": (80, 0)},
        [("a", "b", ["L1"], None), ("b", "c", ["L1"], None)],
    )
    result = check_layout(inp, out)
    assert result.valid, result.problems
    assert (result.crossings, result.bend_cost, result.label_overlaps) == (0, 0, 0)
    assert result.area == pytest.approx((80 + 40) * (0 + 40) / (3 * 40 * 40))


def test_it_counts_a_crossing() -> None:
    inp = network({"L1": ["a", "b"], "L2": ["c", "d"]})
    out = layout(
        {"a": (0, 0), "b": (80, 80), "c": (0, 80), "d": (80, 0)},
        [("a", "b", ["L1"], None), ("c", "d", ["L2"], None)],
    )
    result = check_layout(inp, out)
    assert result.valid, result.problems
    assert result.crossings == 1


def test_it_counts_edges_that_overlap_from_a_shared_station() -> None:
    # b and c both leave a eastwards along the same segment: an overlap is a crossing.
    inp = network({"L1": ["a", "b"], "L2": ["a", "c"]})
    out = layout(
        {"a": (0, 0), "b": (80, 0), "c": (80, 80)},
        [("a", "b", ["L1"], None), ("a", "c", ["L2"], [(0, 0), (40, 0), (80, 40), (80, 80)])],
    )
    assert check_layout(inp, out).crossings == 1


def test_it_ignores_edges_meeting_only_at_their_shared_station() -> None:
    inp = network({"L1": ["a", "b", "c"]})
    out = layout(
        {"a": (0, 0), "b": (40, 0), "c": (40, 40)},
        [("a", "b", ["L1"], None), ("b", "c", ["L1"], None)],
    )
    assert check_layout(inp, out).crossings == 0


def test_it_ignores_edges_meeting_inside_a_shared_marker_box() -> None:
    inp = network({"L1": ["a", "b"], "L2": ["a", "c"]})
    out = layout(
        {"a": (0, 0), "b": (80, -40), "c": (80, 40)},
        [
            ("a", "b", ["L1"], [(0, -20), (40, -20), (60, -40), (80, -40)]),
            ("a", "c", ["L2"], [(0, 20), (40, 20), (60, 40), (80, 40)]),
        ],
        markers={"a": (10, 40)},
        labels={"a": label_box(-10, 0)},
    )
    result = check_layout(inp, out)
    assert result.valid, result.problems
    assert result.crossings == 0


def test_it_charges_two_for_a_right_angle_inside_an_edge() -> None:
    inp = network({"L1": ["a", "b"]})
    out = layout({"a": (0, 0), "b": (40, 40)}, [("a", "b", ["L1"], [(0, 0), (40, 0), (40, 40)])])
    result = check_layout(inp, out)
    assert result.valid, result.problems
    assert (result.bends, result.bend_cost) == (1, 2)


def test_it_charges_the_turn_at_a_station_between_two_edges() -> None:
    inp = network({"L1": ["a", "b", "c"]})
    out = layout(
        {"a": (0, 0), "b": (40, 0), "c": (80, 40)},
        [("a", "b", ["L1"], None), ("b", "c", ["L1"], None)],
    )
    assert check_layout(inp, out).bend_cost == 1


def test_it_walks_edges_stored_against_the_line_direction() -> None:
    # The edge b-c is stored as c -> b; the line still turns 90° at b.
    inp = network({"L1": ["a", "b", "c"]})
    out = layout(
        {"a": (0, 0), "b": (40, 0), "c": (40, 40)},
        [("a", "b", ["L1"], None), ("c", "b", ["L1"], None)],
    )
    assert check_layout(inp, out).bend_cost == 2


@pytest.mark.parametrize(
    ("d2", "cost"),
    [((1, 0), 0), ((1, 1), 1), ((0, 1), 2), ((-1, 1), 3), ((-1, 0), 4), ((1, -1), 1)],
)
def test_it_weights_turns_by_sharpness(d2: tuple[float, float], cost: int) -> None:
    assert turn_eighths((1.0, 0.0), (float(d2[0]), float(d2[1]))) == cost


def test_it_rejects_an_edge_through_a_foreign_station() -> None:
    inp = network({"L1": ["a", "b"]}, extra=("c",))
    out = layout(
        {"a": (0, 0), "b": (80, 0), "c": (40, 5)},
        [("a", "b", ["L1"], None)],
        labels={"c": label_box(40, 40)},
    )
    result = check_layout(inp, out)
    assert not result.valid
    assert result.pass_throughs == 1
    assert any("foreign" in p for p in result.problems)


def test_it_rejects_a_non_octilinear_segment() -> None:
    inp = network({"L1": ["a", "b"]})
    out = layout({"a": (0, 0), "b": (80, 50)}, [("a", "b", ["L1"], None)])
    result = check_layout(inp, out)
    assert any("not octilinear" in p for p in result.problems)


def test_it_tolerates_half_a_degree() -> None:
    inp = network({"L1": ["a", "b"]})
    out = layout({"a": (0, 0), "b": (100, 0.5)}, [("a", "b", ["L1"], None)])
    assert check_layout(inp, out).valid


def test_it_rejects_stations_closer_than_the_spacing() -> None:
    inp = network({"L1": ["a", "b"]})
    out = layout({"a": (0, 0), "b": (30, 0)}, [("a", "b", ["L1"], None)])
    result = check_layout(inp, out)
    assert result.close_pairs == 1
    assert not result.valid


def test_it_rejects_touching_marker_boxes() -> None:
    inp = network({"L1": ["a", "b"]})
    out = layout(
        {"a": (0, 0), "b": (80, 0)},
        [("a", "b", ["L1"], None)],
        markers={"a": (80, 20), "b": (80, 20)},  # both reach x = 40
    )
    result = check_layout(inp, out)
    assert any("marker boxes touch" in p for p in result.problems)


def test_it_rejects_a_marker_larger_than_four_spacings() -> None:
    inp = network({"L1": ["a", "b"]})
    out = layout({"a": (0, 0), "b": (0, 200)}, [("a", "b", ["L1"], None)], markers={"a": (170, 10)})
    assert any("exceeds" in p for p in check_layout(inp, out).problems)


def test_it_rejects_missing_stations_edges_and_wrong_lines() -> None:
    inp = network({"L1": ["a", "b", "c"], "L2": ["a", "b"]})
    out = layout({"a": (0, 0), "b": (40, 0)}, [("a", "b", ["L1"], None)])
    problems = check_layout(inp, out).problems
    assert any("stations missing" in p for p in problems)

    out = layout(
        {"a": (0, 0), "b": (40, 0), "c": (80, 0)},
        [("a", "b", ["L1"], None)],
    )
    problems = check_layout(inp, out).problems
    assert any("lines ['L1'] but expected ['L1', 'L2']" in p for p in problems)
    assert any("edges missing" in p for p in problems)


def test_it_rejects_an_edge_that_does_not_reach_its_station() -> None:
    inp = network({"L1": ["a", "b"]})
    out = layout({"a": (0, 0), "b": (80, 0)}, [("a", "b", ["L1"], [(0, 0), (70, 0)])])
    assert any("does not end at station 'b'" in p for p in check_layout(inp, out).problems)


def test_it_accepts_an_edge_ending_on_the_marker_box() -> None:
    inp = network({"L1": ["a", "b"]})
    out = layout(
        {"a": (0, 0), "b": (80, 0)},
        [("a", "b", ["L1"], [(0, 0), (70, 0)])],
        markers={"b": (20, 20)},
    )
    assert check_layout(inp, out).valid


def test_it_rejects_a_label_box_below_the_minimum() -> None:
    inp = network({"L1": ["a", "b"]})
    inp["stations"][0]["label"] = "Perheneuvola"
    small = {"x": -100.0, "y": -30.0, "w": 0.55 * 12 * 12 - 0.5, "h": 12.0}
    out = layout({"a": (0, 0), "b": (40, 0)}, [("a", "b", ["L1"], None)], labels={"a": small})
    assert any("labels missing or too small" in p for p in check_layout(inp, out).problems)


def test_it_counts_label_overlaps_of_each_kind() -> None:
    inp = network({"L1": ["a", "b"]}, extra=("c",))
    pos = {"a": (0, 0), "b": (80, 0), "c": (0, 80)}
    on_b = {"x": 84.0, "y": -3.0, "w": 6.6, "h": 12.0}  # touches b's drawn marker
    over_a = {"x": 1.0, "y": -60.0, "w": 6.6, "h": 12.0}
    over_edge = {"x": 40.0, "y": -4.0, "w": 6.6, "h": 12.0}  # on the bundle, clear of stations
    labels = {"a": over_a, "b": on_b, "c": {**over_a, "x": 3.0}}
    result = check_layout(inp, layout(pos, [("a", "b", ["L1"], None)], labels=labels))
    assert (result.label_label, result.label_station, result.label_edge) == (1, 1, 0)
    labels["c"] = over_edge
    result = check_layout(inp, layout(pos, [("a", "b", ["L1"], None)], labels=labels))
    assert (result.label_label, result.label_station, result.label_edge) == (0, 1, 1)
    assert result.label_overlaps == 2


def test_it_counts_a_swap_of_line_order_at_a_station() -> None:
    inp = network({"L1": ["a", "b", "c"], "L2": ["a", "b", "c"]})
    pos = {"a": (0, 0), "b": (40, 0), "c": (80, 0)}
    straight = layout(pos, [("a", "b", ["L1", "L2"], None), ("b", "c", ["L1", "L2"], None)])
    swapped = layout(pos, [("a", "b", ["L1", "L2"], None), ("b", "c", ["L2", "L1"], None)])
    assert check_layout(inp, straight).line_order_crossings == 0
    assert check_layout(inp, swapped).line_order_crossings == 1


def test_it_compares_order_in_one_frame_for_lines_in_opposite_directions() -> None:
    inp = network({"L1": ["a", "b", "c"], "L2": ["c", "b", "a"]})
    pos = {"a": (0, 0), "b": (40, 0), "c": (80, 0)}
    # Stored c -> b, so walking b -> c the order reads [L1, L2]: no swap.
    kept = layout(pos, [("a", "b", ["L1", "L2"], None), ("c", "b", ["L2", "L1"], None)])
    assert check_layout(inp, kept).line_order_crossings == 0
    flipped = layout(pos, [("a", "b", ["L1", "L2"], None), ("c", "b", ["L1", "L2"], None)])
    assert check_layout(inp, flipped).line_order_crossings == 1


def test_it_measures_the_share_of_stations_that_moved() -> None:
    inp = network({"L1": ["a", "b", "c", "d"]})
    before = layout(
        {"a": (0, 0), "b": (40, 0), "c": (80, 0), "d": (120, 0)},
        [("a", "b", ["L1"], None), ("b", "c", ["L1"], None), ("c", "d", ["L1"], None)],
    )
    after = layout(
        {"a": (0, 0), "b": (40, 0), "c": (80, 0), "d": (200, 0)},
        [("a", "b", ["L1"], None), ("b", "c", ["L1"], None), ("c", "d", ["L1"], None)],
    )
    assert check_layout(inp, after, previous=before).moved_share == pytest.approx(0.25)
    assert check_layout(inp, after).moved_share is None
