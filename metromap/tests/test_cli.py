"""The command line on valid input: files and pipes, SVG, byte-identical output."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from metromap.tests.support import DATA, run_cli

DEMO = DATA / "demo-sisa-suomi.json"


def test_it_writes_the_layout_and_the_svg(tmp_path: Path) -> None:
    out, svg = tmp_path / "out.json", tmp_path / "out.svg"
    proc = run_cli("layout", str(DEMO), "--out", str(out), "--svg", str(svg))
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stderr == b""
    text = out.read_text(encoding="utf-8")
    assert text.endswith("}\n")
    data = json.loads(text)
    assert list(data) == ["stations", "edges", "metrics"]
    assert list(data["stations"][0])[:4] == ["id", "x", "y", "marker"]
    root = ET.fromstring(svg.read_bytes())  # noqa: S314 - our own output
    groups = root.findall(".//{http://www.w3.org/2000/svg}g[@data-station]")
    assert len(groups) == len(data["stations"])


def test_it_gives_byte_identical_output_for_the_same_input(tmp_path: Path) -> None:
    first, second = tmp_path / "1.json", tmp_path / "2.json"
    svg1, svg2 = tmp_path / "1.svg", tmp_path / "2.svg"
    for out, svg in ((first, svg1), (second, svg2)):
        proc = run_cli("layout", str(DEMO), "--out", str(out), "--svg", str(svg))
        assert proc.returncode == 0, proc.stderr.decode()
    assert first.read_bytes() == second.read_bytes()
    assert svg1.read_bytes() == svg2.read_bytes()


def test_it_reads_stdin_and_writes_stdout() -> None:
    proc = run_cli("layout", "-", stdin=DEMO.read_bytes())
    assert proc.returncode == 0, proc.stderr.decode()
    data = json.loads(proc.stdout)
    assert len(data["stations"]) == 40


def test_it_keeps_non_ascii_text_readable() -> None:
    source = {
        "lines": [{"id": "Ä1", "stations": ["ö", "å"]}],
        "stations": [{"id": "ö", "label": "Öljymäki"}, {"id": "å", "label": "Åbo"}],
    }
    proc = run_cli("layout", "-", stdin=json.dumps(source).encode())
    assert proc.returncode == 0, proc.stderr.decode()
    assert '"id":"ö"' in proc.stdout.decode("utf-8")


def test_it_refuses_two_outputs_on_stdout() -> None:
    proc = run_cli("layout", "-", "--out", "-", "--svg", "-", stdin=b"{}")
    assert proc.returncode == 2
    assert b"cannot both be '-'" in proc.stderr
