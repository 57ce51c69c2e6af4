"""Evening out a crowded placement (the dense middle of a stress layout opens towards its
edge), and the drawing again, smaller, of a component that came out too large."""

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
    evened = even_out(coords, np.ones(len(coords)), (0.8, 0.8))

    for axis in (0, 1):
        assert list(np.argsort(evened[:, axis])) == list(np.argsort(coords[:, axis]))
        assert coords[:, axis].min() < evened[:, axis].min() < -15
        assert 15 < evened[:, axis].max() < coords[:, axis].max()


def test_even_out_opens_the_crowded_middle() -> None:
    coords = crowded_middle()
    evened = even_out(coords, np.ones(len(coords)), (0.8, 0.8))

    def closest_pair(points: np.ndarray) -> float:
        gaps = np.linalg.norm(points[:, None, :] - points[None, :, :], axis=2)
        return float(gaps[np.triu_indices(len(points), 1)].min())

    assert closest_pair(evened[:9]) > 3 * closest_pair(coords[:9])


def test_all_the_way_even_spaces_weighted_ranks_equally() -> None:
    coords = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0], [10.0, 10.0]])
    # the last point stands for three stations: it takes three of the six shares of the
    # range, and each point goes to the middle of its shares
    evened = even_out(coords, np.array([1.0, 1.0, 1.0, 3.0]), (1.0, 1.0))

    assert evened[:, 0] == pytest.approx([10 / 12, 30 / 12, 50 / 12, 90 / 12])
    assert evened[:, 1] == pytest.approx(evened[:, 0])


def test_each_axis_goes_its_own_share_of_the_way() -> None:
    coords = crowded_middle()
    evened = even_out(coords, np.ones(len(coords)), (1.0, 0.0))
    half = even_out(coords, np.ones(len(coords)), (1.0, 0.5))
    full = even_out(coords, np.ones(len(coords)), (1.0, 1.0))

    assert np.array_equal(evened[:, 1], coords[:, 1])
    assert np.array_equal(evened[:, 0], full[:, 0])
    assert half[:, 1] == pytest.approx((coords[:, 1] + full[:, 1]) / 2)


def test_nothing_moves_with_no_share() -> None:
    coords = crowded_middle()
    assert np.array_equal(even_out(coords, np.ones(len(coords)), (0.0, 0.0)), coords)


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


def drawings_made(areas: list[float]) -> tuple[int, float]:
    """Draw a small network while its drawn areas are said to be `areas`, one per drawing;
    returns how many drawings were made and the squeeze of the last."""
    said = iter(areas)
    made: list[float] = []
    real_in_parallel = engine._in_parallel

    def counted(job: Any, groups: Any) -> Any:
        made.append(job.squeeze)
        return real_in_parallel(job, groups)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "_drawn_area", lambda *args: next(said))
        patch.setattr(engine, "_in_parallel", counted)
        patch.setattr(engine, "search_work", lambda stations: 1)
        check(generate_network(30, 4, seed=1))
    return len(made), made[-1]


def test_a_drawing_too_large_is_drawn_again_smaller_and_once_more_if_still_above_twelve() -> None:
    assert drawings_made([11.0]) == (1, 1.0)
    # shrunk towards 10 cells a station: enough
    assert drawings_made([12.1, 11.7]) == (2, pytest.approx((10 / 12.1) ** 0.5))
    # still above the target of 12: shrunk once more, towards 11.8
    made, squeeze = drawings_made([13.0, 12.4, 11.9])
    assert made == 3
    assert squeeze == pytest.approx((10 / 13.0) ** 0.5 * (11.8 / 12.4) ** 0.5)
    # a second drawing no smaller than the first: no third
    assert drawings_made([13.0, 13.2])[0] == 2
