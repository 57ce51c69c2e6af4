"""Which turned placements of a component are drawn: four for small components and for big
ones whose straight-line placement is not crowded, two up to 100 stations, one for big
crowded ones."""

from __future__ import annotations

from typing import Any

import pytest

import metromap.engine as engine
from benchmarks.generate import generate_network, generate_transit_network
from metromap.tests.support import check


def turns_drawn(data: dict[str, Any]) -> list[tuple[float, ...]]:
    """The groups of turns drawn while laying out `data` (one entry per group)."""
    drawn: list[tuple[float, ...]] = []
    real_draw = engine._draw_turns

    def recorded(job: Any, turns: tuple[float, ...], group: int) -> Any:
        drawn.append(turns)
        return real_draw(job, turns, group)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "_draw_turns", recorded)
        patch.setattr(engine, "_in_parallel", _serial(recorded))
        patch.setattr(engine, "search_work", lambda stations: 1)  # placement is all we watch
        report = check(data)
    assert report.valid, report.problems
    return sorted(drawn)


def _serial(draw: Any) -> Any:
    """`_in_parallel` drawing every group in this process (so that all are recorded)."""

    def in_turn(job: Any, groups: list[tuple[float, ...]]) -> list[Any]:
        return [draw(job, turns, g) for g, turns in enumerate(groups)]

    return in_turn


def test_a_small_component_is_drawn_in_four_turns_split_in_two_groups() -> None:
    assert turns_drawn(generate_network(40, 6, seed=3)) == [(0.0, 20.0), (10.0, 30.0)]


def test_a_medium_component_is_drawn_in_two_turns() -> None:
    assert turns_drawn(generate_network(90, 10, seed=33)) == [(0.0,), (20.0,)]


def test_a_big_uncrowded_component_is_drawn_in_four_turns() -> None:
    # planar networks: their straight-line placements cross nowhere
    four = [(0.0, 20.0), (10.0, 30.0)]
    assert turns_drawn(generate_transit_network(250, 12, seed=5)) == four
    assert turns_drawn(generate_network(150, 10, seed=12, planar=True)) == four


def test_a_big_crowded_component_is_drawn_once() -> None:
    # dense: its drawings use up their work in routing; a second turn gained little there
    assert turns_drawn(generate_network(150, 14, seed=23)) == [(0.0,)]
