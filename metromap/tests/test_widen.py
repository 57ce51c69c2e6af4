"""Widening the drawing for labels: cuts that move one side a column on, and what they give."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import metromap.engine as engine
from benchmarks.generate import generate_network
from metromap.tests.checker import CheckResult
from metromap.tests.support import check
from metromap.widen import Geometry, _Frame

SPACING = 40.0


def geometry(
    edges: dict[int, list[tuple[int, int]]], stations: dict[str, tuple[int, int]]
) -> Geometry:
    """A drawing from grid nodes (output units are nodes times SPACING)."""
    return Geometry(
        {sid: (x * SPACING, y * SPACING) for sid, (x, y) in stations.items()},
        {},
        {k: [(x * SPACING, y * SPACING) for x, y in pts] for k, pts in edges.items()},
    )


def grid_points(d: Geometry, k: int) -> list[tuple[float, float]]:
    return [(x / SPACING, y / SPACING) for x, y in d.edge_points[k]]


def test_a_cut_between_two_vertical_lines_only_stretches_what_crosses_it() -> None:
    # two vertical lines a column apart and a horizontal one across both
    d = geometry(
        {1: [(0, 0), (0, 4)], 2: [(1, 0), (1, 4)], 3: [(-1, 2), (2, 2)]},
        {"a": (0, 0), "b": (0, 4), "c": (1, 0), "d": (1, 4), "e": (-1, 2), "f": (2, 2)},
    )
    frame = _Frame(d, SPACING, {1: 1, 2: 1, 3: 2})
    cut = frame.cheapest_cut(row=2, boundary=0)
    assert cut is not None and set(cut.values()) == {0}  # straight down between the lines
    wide = frame.widened(cut)
    assert wide is not None
    assert grid_points(wide, 1) == [(0, 0), (0, 4)]
    assert grid_points(wide, 2) == [(2, 0), (2, 4)]
    assert grid_points(wide, 3) == [(-1, 2), (3, 2)]
    assert wide.positions["c"] == (2 * SPACING, 0.0) and wide.positions["a"] == (0.0, 0.0)


def test_a_cut_goes_round_a_diagonal_rather_than_bend_it() -> None:
    d = geometry({1: [(0, 0), (3, 3)]}, {"a": (0, 0), "b": (3, 3)})
    frame = _Frame(d, SPACING, {1: 1})
    cut = frame.cheapest_cut(row=0, boundary=0)
    assert cut is not None
    wide = frame.widened(cut)
    assert wide is not None
    assert grid_points(wide, 1) == [(0, 0), (3, 3)]  # beside the diagonal all the way down


def test_a_diagonal_the_cut_must_cross_gets_its_bend_in_the_new_column() -> None:
    d = geometry({1: [(0, 0), (1, 1)]}, {"a": (0, 0), "b": (1, 1)})
    frame = _Frame(d, SPACING, {1: 1})
    wide = frame.widened({0: 0, 1: 0})
    assert wide is not None
    assert grid_points(wide, 1) == [(0, 0), (1, 0), (2, 1)]  # octilinear, one column wider


def test_a_cut_never_splits_a_marker() -> None:
    d = geometry({1: [(0, 0), (0, 2)]}, {"hub": (1, 1), "a": (0, 0), "b": (0, 2)})
    d.markers["hub"] = (1.3 * SPACING, 0.3 * SPACING)  # a bar over columns 0.35 .. 1.65
    frame = _Frame(d, SPACING, {1: 1})
    assert frame.cheapest_cut(row=1, boundary=0) is None
    assert frame.cheapest_cut(row=1, boundary=1) is None


def with_and_without_widening(data: dict[str, Any]) -> tuple[CheckResult, CheckResult]:
    """The checked layout of a network, and the same without the widening step."""
    widened = check(data)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "widen_for_labels", lambda *args: args[-1])
        plain = check(data)
    return widened, plain


def test_widening_lowers_label_overlaps_and_keeps_crossings() -> None:
    widened, plain = with_and_without_widening(generate_network(50, 6, seed=101))

    assert widened.valid, widened.problems
    assert plain.label_overlaps > 0
    assert widened.label_overlaps < plain.label_overlaps
    assert widened.crossings == plain.crossings
    assert widened.line_order_crossings == plain.line_order_crossings
    assert widened.area <= 12.0


@settings(max_examples=8, deadline=None, derandomize=True)
@given(st.integers(0, 10_000), st.integers(40, 90), st.integers(4, 9))
def test_widening_never_adds_a_crossing_or_a_label_overlap(
    seed: int, stations: int, lines: int
) -> None:
    widened, plain = with_and_without_widening(generate_network(stations, lines, seed))
    assert widened.valid, widened.problems
    assert widened.crossings == plain.crossings
    assert widened.line_order_crossings == plain.line_order_crossings
    assert widened.label_overlaps <= plain.label_overlaps
    assert widened.area <= 12.0


def test_a_dense_drawing_is_widened_first_beside_its_worst_labels() -> None:
    # Few columns fit under the area cap here: they go where labels overlap most, and cuts
    # may reshape up to six lines' steps (with three, nearly no cut fitted: 122 -> 122).
    widened, plain = with_and_without_widening(generate_network(250, 12, seed=14))

    assert widened.valid, widened.problems
    assert widened.label_overlaps * 2 < plain.label_overlaps
    assert widened.crossings == plain.crossings
    assert widened.area <= 12.0
