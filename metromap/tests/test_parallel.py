"""Drawing the turned placements in two processes changes the time, never the layout."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# Runs in a fresh interpreter: forking happens only in a process with no other thread, and a
# test session may have some (live servers, browsers).
SCRIPT = """
import json
import metromap.engine as engine
from metromap.model import parse_network
from metromap.tests.support import load_sample

drawn_here = []
real_draw = engine._draw_turns

def counting(job, turns, group):
    drawn_here.append(group)
    return real_draw(job, turns, group)

engine._draw_turns = counting

def layout():
    out = engine.layout_network(parse_network(load_sample("demo-sisa-suomi")))
    out.pop("metrics")
    return json.dumps(out, sort_keys=True)

side_by_side = layout()
forked = list(drawn_here)
drawn_here.clear()
engine.os.cpu_count = lambda: 1
one_after_the_other = layout()
print(json.dumps({"same": side_by_side == one_after_the_other, "forked": forked,
                  "serial": drawn_here}))
"""


def test_one_processor_gives_the_same_layout_as_two() -> None:
    repo = Path(__file__).resolve().parents[2]
    proc = subprocess.run(  # noqa: S603 - our own script, run by this interpreter
        [sys.executable, "-c", SCRIPT], cwd=repo, capture_output=True, text=True, check=True
    )
    result = json.loads(proc.stdout)
    assert result["forked"] == [0]  # the second group was drawn in the other process
    assert result["serial"] == [0, 1]  # both groups drawn here, in turn
    assert result["same"]
