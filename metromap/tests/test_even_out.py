"""Evening out a crowded placement: the dense middle of a stress layout opens towards its edge."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import metromap.engine as engine
from benchmarks.generate import generate_network
from metromap.place import even_out
from metromap.tests.support import check


def crowded_middle() -> np.ndarray:
    """Nine points packed round the origin and four far out, one on each side."""
    rng = np.random.default_rng(7)
    middle = rng.uniform(-1.0, 1.0, size=(9, 2))
    edge = np.array([[-20.0, 3.0], [20.0, -2.0], [1.0, -20.0], [-3.0, 20.0]])
    return np.vstack([middle, edge])


def test_even_out_keeps_the_order_on_each_axis_within_the_extent() -> None:
    coords = crowded_middle()
    evened = even_out(coords, np.ones(len(coords)), 0.8)

    for axis in (0, 1):
        assert list(np.argsort(evened[:, axis])) == list(np.argsort(coords[:, axis]))
        assert coords[:, axis].min() < evened[:, axis].min() < -15
        assert 15 < evened[:, axis].max() < coords[:, axis].max()


def test_even_out_opens_the_crowded_middle() -> None:
    coords = crowded_middle()
    evened = even_out(coords, np.ones(len(coords)), 0.8)

    def closest_pair(points: np.ndarray) -> float:
        gaps = np.linalg.norm(points[:, None, :] - points[None, :, :], axis=2)
        return float(gaps[np.triu_indices(len(points), 1)].min())

    assert closest_pair(evened[:9]) > 3 * closest_pair(coords[:9])


def test_all_the_way_even_spaces_weighted_ranks_equally() -> None:
    coords = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0], [10.0, 10.0]])
    # the last point stands for three stations: it takes three of the six shares of the
    # range, and each point goes to the middle of its shares
    evened = even_out(coords, np.array([1.0, 1.0, 1.0, 3.0]), 1.0)

    assert evened[:, 0] == pytest.approx([10 / 12, 30 / 12, 50 / 12, 90 / 12])
    assert evened[:, 1] == pytest.approx(evened[:, 0])


def test_nothing_moves_with_no_share() -> None:
    coords = crowded_middle()
    assert np.array_equal(even_out(coords, np.ones(len(coords)), 0.0), coords)


def placements_evened(data: dict[str, Any]) -> int:
    """How many component placements the engine evens out while laying out `data`."""
    calls: list[np.ndarray] = []

    def recorded(coords: np.ndarray, *args: object) -> np.ndarray:
        calls.append(coords)
        return coords

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "even_out", recorded)
        patch.setattr(engine, "search_work", lambda stations: 1)  # placement is all we watch
        check(data)
    return len(calls)


def test_only_big_placements_whose_lines_cross_are_evened_out() -> None:
    assert placements_evened(generate_network(150, 14, seed=23)) == 1
    # small enough to be drawn in several turns
    assert placements_evened(generate_network(90, 10, seed=33)) == 0
    # planar: its straight-line placement has no crossing to open up
    assert placements_evened(generate_network(150, 10, seed=12, planar=True)) == 0


def test_evening_out_gives_labels_room_on_a_dense_network() -> None:
    data = generate_network(150, 14, seed=23)
    evened = check(data)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "even_out", lambda coords, *args: coords)
        patch.setattr(engine, "EVEN_OUT_SCALE", 1.0)
        plain = check(data)

    assert evened.valid, evened.problems
    assert evened.label_overlaps < plain.label_overlaps / 2
    assert evened.crossings <= plain.crossings * 1.2
    assert evened.area <= 12.0
