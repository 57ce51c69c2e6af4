"""Planar, transit-like networks (cycles, degree ≤ 6) and grid-like ones (degree ≤ 8) are drawn
without crossings."""

from __future__ import annotations

import json
from collections import defaultdict
from itertools import pairwise
from typing import Any

import pytest

import benchmarks.generate as generate
from benchmarks.generate import generate_grid_network, generate_transit_network
from metromap.tests.support import check


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_transit_network_is_drawn_without_crossings(seed: int) -> None:
    data = generate_transit_network(60, 6, seed)
    result = check(data)
    assert result.valid, result.problems
    assert result.crossings == 0


def neighbours_of(data: dict[str, Any]) -> dict[str, set[str]]:
    """Each station's neighbours along the lines (checking that each line is a path)."""
    neighbours: dict[str, set[str]] = defaultdict(set)
    for line in data["lines"]:
        stops = line["stations"]
        assert len(stops) >= 2 and len(set(stops)) == len(stops)
        for a, b in pairwise(stops):
            neighbours[a].add(b)
            neighbours[b].add(a)
    return neighbours


@pytest.mark.parametrize(
    ("make", "degree"), [(generate_transit_network, 6), (generate_grid_network, 8)]
)
def test_the_generators_give_meshed_networks_of_low_degree(make: Any, degree: int) -> None:
    neighbours = neighbours_of(make(120, 10, 5))
    edges = sum(len(n) for n in neighbours.values()) // 2
    assert max(len(n) for n in neighbours.values()) <= degree
    assert edges > len(neighbours)  # more edges than stations: there are cycles


@pytest.mark.parametrize("seed", [1, 2])
def test_grid_network_is_drawn_without_crossings(seed: int) -> None:
    data = generate_grid_network(100, 8, seed)
    result = check(data)
    assert result.valid, result.problems
    assert result.crossings == 0


def test_the_generator_command_makes_each_kind(capsys: pytest.CaptureFixture[str]) -> None:
    sizes = {}
    for kind in ("--planar", "--transit", "--grid", None):
        args = ["--stations", "120", "--lines", "8", "--seed", "4"]
        assert generate.main([*args, kind] if kind else args) == 0
        data = json.loads(capsys.readouterr().out)
        sizes[kind] = len(data["stations"])
        if kind is not None:  # the planar kinds
            assert max(len(n) for n in neighbours_of(data).values()) <= 8
    assert sizes[None] == 120  # expert-like networks have exactly the stations asked for
    assert len(set(sizes.values())) > 1


def test_a_big_transit_network_is_drawn_without_crossings() -> None:
    # about 540 stations: with the local search work of a 100-station network it kept five
    data = generate_transit_network(800, 30, 32)
    assert len(data["stations"]) > 500
    result = check(data)
    assert result.valid, result.problems
    assert result.crossings == 0


def test_lines_keep_their_sides_where_three_pairs_could_go_round_in_a_circle() -> None:
    # L1, L7 and L9 share a run where two of the three pairs may run either way: chosen one by
    # one they closed a circle (L7 left of L1, L1 of L9, L9 of L7) and L7 and L9 swapped
    # sides at a station both pass straight through
    data = generate_transit_network(250, 14, 23)
    result = check(data)
    assert result.valid, result.problems
    assert result.line_order_crossings == 0
