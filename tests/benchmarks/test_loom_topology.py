"""The LOOM line-graph converter of the layout benchmark (benchmarks/loom_topology.py)."""

from __future__ import annotations

import itertools
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmarks.loom_topology import convert, main, simple_paths
from metromap.model import parse_network


def _point(node: str, label: str | None = None) -> dict[str, Any]:
    props: dict[str, Any] = {"id": node}
    if label is not None:
        props["station_label"] = label
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [0, 0]},
        "properties": props,
    }


def _edge(start: str, end: str, *lines: dict[str, str]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]},
        "properties": {"from": start, "to": end, "lines": list(lines)},
    }


SHORE = {"id": "L1", "label": "Rantarata", "color": "D32F2F"}  # branches at Haapala
RING = {"id": "L2", "label": "Kehä", "color": "#1565c0"}  # a tail, then a loop back to Lepola
NIGHT = {"id": "L3", "label": "", "color": "abc"}  # no label: its id names it
SHORE_BIS = {"id": "L4", "label": "Rantarata", "color": "d32f2f"}  # a second line, same label

GRAPH: dict[str, Any] = {
    "type": "FeatureCollection",
    "features": [
        _point("a", "Koivula"),
        _point("b", "Haapala"),
        _point("c", "Pajula"),
        _point("d"),  # a junction without a label
        _point("e", "Lepola"),
        _point("f", "Tammela"),
        _point("g", "Kuusela"),
        _point("h", "Vaahtera"),  # only a self-loop touches it
        _point("i", "Pihlaja"),  # no edge at all
        _edge("a", "b", SHORE, NIGHT),
        _edge("b", "c", SHORE),
        _edge("b", "d", SHORE),
        _edge("d", "e", SHORE, RING),
        _edge("e", "f", RING),
        _edge("f", "g", RING),
        _edge("g", "e", RING),
        _edge("g", "g", RING),  # self-loop: dropped
        _edge("h", "h", NIGHT),  # self-loop: dropped
        _edge("c", "x", SHORE_BIS),  # x has no Point feature: a junction too
    ],
}


def _loom_edges(graph: dict[str, Any]) -> Counter[tuple[str, frozenset[str]]]:
    edges: Counter[tuple[str, frozenset[str]]] = Counter()
    for feature in graph["features"]:
        props = feature["properties"]
        if feature["geometry"]["type"] == "LineString" and props["from"] != props["to"]:
            for line in props["lines"]:
                edges[(line["id"], frozenset((props["from"], props["to"])))] += 1
    return edges


def _our_edges(network: dict[str, Any]) -> Counter[tuple[str, frozenset[str]]]:
    loom_id = {s["id"]: s["loom_id"] for s in network["stations"]}
    edges: Counter[tuple[str, frozenset[str]]] = Counter()
    for line in network["lines"]:
        stops = line["stations"]
        for u, v in itertools.pairwise(stops):
            edges[(line["loom_line"], frozenset((loom_id[u], loom_id[v])))] += 1
    return edges


def test_every_edge_of_every_line_is_covered_exactly_once() -> None:
    network = convert(GRAPH)
    assert _our_edges(network) == _loom_edges(GRAPH)


def test_lines_are_simple_paths_with_distinct_ids_and_the_format_holds() -> None:
    network = convert(GRAPH)
    for line in network["lines"]:
        assert len(line["stations"]) >= 2
        assert len(set(line["stations"])) == len(line["stations"]), line["id"]
    ids = [line["id"] for line in network["lines"]]
    assert len(set(ids)) == len(ids)
    parse_network(network)  # the layout engine's own validation accepts it


def test_branches_and_loops_become_several_lines_named_after_the_loom_line() -> None:
    lines = convert(GRAPH)["lines"]
    by_loom = Counter(line["loom_line"] for line in lines)
    assert by_loom == {"L1": 2, "L2": 2, "L3": 1, "L4": 1}  # a branch and a loop cost one each
    assert [line["id"] for line in lines] == [
        "Rantarata-1",
        "Rantarata-2",
        "L3-1",
        "Kehä-1",
        "Kehä-2",
        "Rantarata-3",
    ]
    assert {line["name"] for line in lines if line["loom_line"] == "L2"} == {"Kehä"}
    colours = {line["loom_line"]: line["color"] for line in lines}
    assert colours == {"L1": "#d32f2f", "L2": "#1565c0", "L3": "#aabbcc", "L4": "#d32f2f"}


def test_stations_are_the_touched_nodes_with_labels_or_junction_numbers() -> None:
    stations = convert(GRAPH)["stations"]
    assert [(s["id"], s["loom_id"], s["label"]) for s in stations] == [
        ("s1", "a", "Koivula"),
        ("s2", "b", "Haapala"),
        ("s3", "c", "Pajula"),
        ("s4", "d", "Junction 1"),
        ("s5", "e", "Lepola"),
        ("s6", "f", "Tammela"),
        ("s7", "g", "Kuusela"),
        ("s8", "x", "Junction 2"),
    ]


def test_output_is_deterministic() -> None:
    first = json.dumps(convert(GRAPH), ensure_ascii=False)
    assert json.dumps(convert(json.loads(json.dumps(GRAPH))), ensure_ascii=False) == first


def test_a_tree_needs_only_half_its_odd_nodes_in_paths() -> None:
    # A star of three arms, two edges each: four odd nodes (three ends, the centre), two paths.
    star = [(0, 1), (1, 2), (0, 3), (3, 4), (0, 5), (5, 6)]
    assert simple_paths(star) == [[2, 1, 0, 3, 4], [0, 5, 6]]


@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)).filter(lambda e: e[0] != e[1])))
def test_simple_paths_use_every_edge_once_and_no_node_twice(edges: list[tuple[int, int]]) -> None:
    paths = simple_paths(edges)
    assert all(len(path) >= 2 and len(set(path)) == len(path) for path in paths)
    used = Counter(frozenset(step) for path in paths for step in itertools.pairwise(path))
    assert used == Counter(frozenset(edge) for edge in edges)


def test_command_writes_the_network(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, target = tmp_path / "in.geojson", tmp_path / "out.json"
    source.write_text(json.dumps(GRAPH), encoding="utf-8")
    assert main([str(source), str(target)]) == 0
    assert json.loads(target.read_text(encoding="utf-8")) == convert(GRAPH)
    assert "8 stations, 6 lines (from 4 LOOM lines)" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "is not JSON: Expecting property name"),
        ('{"type": "FeatureCollection"}', "has no 'features' list"),
        (
            json.dumps({"features": [_edge("a", "b", SHORE), {"geometry": {"type": "Point"}}]}),
            "features[1].properties must be an object, got NoneType",
        ),
        (
            json.dumps({"features": [{**_edge("a", "b"), "properties": {"to": "b", "lines": []}}]}),
            "features[0].properties: missing 'from'",
        ),
        (
            json.dumps({"features": [_edge("a", "b", {"color": "ff0000"})]}),
            "features[0].properties.lines[0]: missing 'id' (or 'label')",
        ),
        (
            json.dumps({"features": [_edge("a", "b", {"id": "L1", "color": "punainen"})]}),
            "features[0].properties.lines[0].color must be a colour",
        ),
    ],
)
def test_bad_input_gives_one_line_naming_what_and_where(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    source, target = tmp_path / "in.geojson", tmp_path / "out.json"
    source.write_text(text, encoding="utf-8")
    assert main([str(source), str(target)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"error: {source}") and message in err
    assert not target.exists()
