"""Drawing the turned placements in two processes changes the time, never the layout."""

from __future__ import annotations

import json

import pytest

import metromap.engine as engine
from metromap.model import parse_network
from metromap.tests.support import load_sample


def _layout(name: str) -> str:
    out = engine.layout_network(parse_network(load_sample(name)))
    out.pop("metrics")
    return json.dumps(out, sort_keys=True)


def test_one_processor_gives_the_same_layout_as_two(monkeypatch: pytest.MonkeyPatch) -> None:
    forks: list[int] = []
    real_draw = engine._draw_turns

    def counting(job: engine._Job, turns: tuple[float, ...], group: int) -> engine._Result:
        forks.append(group)
        return real_draw(job, turns, group)

    # the first layout forks (two processors, no other thread), the second does not
    assert engine.threading.active_count() == 1
    assert (engine.os.cpu_count() or 1) >= 2
    side_by_side = _layout("demo-sisa-suomi")
    monkeypatch.setattr(engine.os, "cpu_count", lambda: 1)
    monkeypatch.setattr(engine, "_draw_turns", counting)
    one_after_the_other = _layout("demo-sisa-suomi")

    assert forks == [0, 1]  # both groups drawn here, in turn
    assert one_after_the_other == side_by_side
