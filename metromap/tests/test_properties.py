"""Property-based tests: any valid input gives a layout that keeps every hard rule."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metromap import layout, parse_network
from metromap.serialize import dumps_layout
from metromap.svg import render_svg
from metromap.tests.strategies import networks
from metromap.tests.support import check, layout_as_written

# derandomize: CI runs the same examples every time; failures are reproducible.
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SETTINGS
@given(networks())
def test_it_generates_only_valid_inputs(data: dict[str, Any]) -> None:
    parse_network(data)  # the strategy itself must not produce invalid input


@SETTINGS
@given(networks())
def test_it_keeps_the_hard_rules_on_any_valid_network(data: dict[str, Any]) -> None:
    result = check(data)
    assert result.valid, result.problems


@settings(SETTINGS, max_examples=10)
@given(networks())
def test_it_gives_the_same_bytes_twice(data: dict[str, Any]) -> None:
    assert dumps_layout(layout(data)) == dumps_layout(layout(json.loads(json.dumps(data))))


@settings(SETTINGS, max_examples=10)
@given(networks())
def test_it_draws_any_layout_as_well_formed_svg(data: dict[str, Any]) -> None:
    import xml.etree.ElementTree as ET

    drawn = render_svg(parse_network(data), json.loads(dumps_layout(layout(data))))
    root = ET.fromstring(drawn.encode("utf-8"))  # noqa: S314 - our own output
    groups = root.findall(".//{http://www.w3.org/2000/svg}g[@data-station]")
    assert len(groups) == len(data["stations"])


@settings(SETTINGS, max_examples=15)
@given(networks(), st.data())
def test_it_keeps_the_hard_rules_after_an_edit_with_the_previous_layout(
    data: dict[str, Any], edit: st.DataObject
) -> None:
    first = layout_as_written(data)
    grown = json.loads(json.dumps(data))
    kind = edit.draw(st.sampled_from(["stop", "drop", "line"]))
    if kind == "stop":  # a new stop somewhere on a line
        line = edit.draw(st.sampled_from(grown["lines"]))
        line["stations"].insert(edit.draw(st.integers(0, len(line["stations"]))), "new stop")
        grown["stations"].append({"id": "new stop", "label": "Uusi"})
    elif kind == "drop" and len(grown["lines"]) > 1:  # a line taken off
        grown["lines"].pop(edit.draw(st.integers(0, len(grown["lines"]) - 1)))
    else:  # a new line between two stations
        ids = [s["id"] for s in grown["stations"]]
        a, b = edit.draw(st.permutations(ids))[:2]
        grown["lines"].append({"id": "new line", "stations": [a, b]})
    grown["previous_layout"] = first
    result = check(grown, previous=first)
    assert result.valid, (kind, result.problems)
