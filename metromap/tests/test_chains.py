"""Anchors and chains: a very long chain is cut into even parts at inner stations."""

from __future__ import annotations

from typing import Any

from benchmarks.generate import with_extra_stop
from metromap.graph import MAX_INNER, build_graph, chains
from metromap.model import parse_network
from metromap.tests.support import check, layout_as_written


def one_line(stops: int) -> dict[str, Any]:
    ids = [f"s{k}" for k in range(stops)]
    return {
        "stations": [{"id": sid, "label": f"Palvelu {sid}"} for sid in ids],
        "lines": [{"id": "L1", "name": "Linja", "color": "#1565c0", "stations": ids}],
    }


def test_a_chain_of_up_to_max_inner_stations_stays_whole() -> None:
    data = one_line(MAX_INNER + 2)
    graph = build_graph(parse_network(data))
    anchors, found = chains(graph, [s["id"] for s in data["stations"]])
    assert anchors == ["s0", f"s{MAX_INNER + 1}"]
    assert [len(chain.inner) for chain in found] == [MAX_INNER]


def test_a_longer_chain_is_cut_into_even_parts_at_inner_stations() -> None:
    data = one_line(70)  # 68 inner stations: three parts
    graph = build_graph(parse_network(data))
    anchors, found = chains(graph, [s["id"] for s in data["stations"]])
    assert len(found) == 3
    assert all(len(chain.inner) <= MAX_INNER for chain in found)
    assert max(len(c.edges) for c in found) - min(len(c.edges) for c in found) <= 1
    # the parts follow each other and together hold every edge once
    assert [c.stations[-1] for c in found[:-1]] == [c.stations[0] for c in found[1:]]
    assert sum(len(c.edges) for c in found) == 69
    assert set(anchors) == {"s0", "s69"} | {c.stations[0] for c in found[1:]}


def test_long_lines_are_drawn_validly_and_stay_put_when_a_stop_is_added() -> None:
    data = one_line(70)
    data["lines"].append(
        {"id": "L2", "name": "Toinen", "color": "#c2185b", "stations": ["s20", "t1", "t2", "s50"]}
    )
    data["stations"] += [{"id": "t1", "label": "Palvelu t1"}, {"id": "t2", "label": "Palvelu t2"}]
    first = layout_as_written(data)
    assert check(data).valid
    again = with_extra_stop(data, first)
    result = check(again, previous=first)
    assert result.valid, result.problems
    assert result.crossings == 0
    assert result.moved_share is not None and result.moved_share <= 0.05
