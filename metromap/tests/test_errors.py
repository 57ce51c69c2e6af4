"""Invalid input: each error names the culprit; the command exits non-zero, no traceback."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from metromap import InputError, parse_network
from metromap.tests.support import assert_clean_failure, run_cli


def valid() -> dict[str, Any]:
    return {
        "lines": [
            {"id": "L1", "name": "Erotilanteet", "color": "#c2185b", "stations": ["s1", "s2"]},
            {"id": "L2", "name": "Nuoret", "color": "#1565c0", "stations": ["s2", "s3"]},
        ],
        "stations": [
            {"id": "s1", "label": "Perheneuvola"},
            {"id": "s2", "label": "Käräjäoikeus"},
            {"id": "s3", "label": "Turvakoti"},
        ],
    }


def broken(change: str) -> Any:
    """A copy of the valid network with one thing wrong."""
    data = copy.deepcopy(valid())
    match change:
        case "unknown station":
            data["lines"][1]["stations"] = ["s2", "s99"]
        case "duplicate station":
            data["stations"].append({"id": "s2", "label": "Toinen"})
        case "duplicate line":
            data["lines"].append({"id": "L1", "stations": ["s1", "s3"]})
        case "one stop":
            data["lines"][1]["stations"] = ["s3"]
        case "repeated stop":
            data["lines"][1]["stations"] = ["s2", "s3", "s2"]
        case "stop not a string":
            data["lines"][1]["stations"] = ["s2", 3]
        case "stations not a list":
            data["lines"][1]["stations"] = "s2,s3"
        case "label not a string":
            data["stations"][2]["label"] = 7
        case "station id missing":
            data["stations"][2] = {"label": "Nimetön"}
        case "line not an object":
            data["lines"][1] = ["s2", "s3"]
        case "lines missing":
            del data["lines"]
        case "not an object":
            data = [data]
        case "options not an object":
            data["options"] = 40
        case "spacing negative":
            data["options"] = {"station_spacing": -40}
        case "font size text":
            data["options"] = {"font_size": "12px"}
        case "line width boolean":
            data["options"] = {"line_width": True}
        case "previous layout not an object":
            data["previous_layout"] = "yesterday"
        case "previous station without x":
            data["previous_layout"] = {"stations": [{"id": "s1", "y": 0}]}
        case _:
            raise AssertionError(change)
    return data


# (change, words the message must contain: the offending id or field)
CASES = [
    ("unknown station", ["'L2'", "'s99'", "unknown"]),
    ("duplicate station", ["'s2'", "twice"]),
    ("duplicate line", ["'L1'", "twice"]),
    ("one stop", ["'L2'", "at least 2"]),
    ("repeated stop", ["'L2'", "'s2'", "twice"]),
    ("stop not a string", ["'L2'", "stop 1"]),
    ("stations not a list", ["'L2'", "list"]),
    ("label not a string", ["'s3'", "label"]),
    ("station id missing", ["stations[2].id"]),
    ("line not an object", ["lines[1]", "object"]),
    ("lines missing", ["'lines'", "list"]),
    ("not an object", ["JSON object", "list"]),
    ("options not an object", ["options", "object"]),
    ("spacing negative", ["options.station_spacing", "-40"]),
    ("font size text", ["options.font_size", "'12px'"]),
    ("line width boolean", ["options.line_width", "True"]),
    ("previous layout not an object", ["previous_layout"]),
    ("previous station without x", ["previous_layout.stations[0]", "'s1'", "'x'"]),
]


@pytest.mark.parametrize(("change", "words"), CASES, ids=[c for c, _ in CASES])
def test_it_names_the_culprit(change: str, words: list[str]) -> None:
    with pytest.raises(InputError) as caught:
        parse_network(broken(change))
    message = str(caught.value)
    for word in words:
        assert word in message, message
    assert "\n" not in message


@pytest.mark.parametrize(("change", "words"), CASES, ids=[c for c, _ in CASES])
def test_it_exits_2_with_one_line_from_the_command(
    tmp_path: Path, change: str, words: list[str]
) -> None:
    source = tmp_path / "in.json"
    source.write_text(json.dumps(broken(change), ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out.json"
    line = assert_clean_failure(run_cli("layout", str(source), "--out", str(out)), 2)
    assert line.startswith(f"metromap: error: {source}: "), line
    for word in words:
        assert word in line, line
    assert not out.exists()


def test_it_accepts_the_valid_base_case() -> None:
    network = parse_network(valid())
    assert [line.id for line in network.lines] == ["L1", "L2"]


def test_it_reports_invalid_json_with_line_and_column(tmp_path: Path) -> None:
    source = tmp_path / "bad.json"
    source.write_text('{"lines": [],\n  "stations": [,]}\n', encoding="utf-8")
    line = assert_clean_failure(run_cli("layout", str(source)), 2)
    assert "invalid JSON at line 2, column 16" in line, line


def test_it_reports_text_that_is_not_utf8(tmp_path: Path) -> None:
    source = tmp_path / "latin1.json"
    source.write_bytes('{"stations": [{"id": "s1", "label": "Käräjäoikeus"}]}'.encode("latin-1"))
    line = assert_clean_failure(run_cli("layout", str(source)), 2)
    assert "not UTF-8" in line, line


def test_it_exits_1_when_the_input_cannot_be_read(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.json"
    line = assert_clean_failure(run_cli("layout", str(missing)), 1)
    assert f"{missing}: cannot read" in line, line


def test_it_exits_1_when_the_output_cannot_be_written(tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    source.write_text(json.dumps(valid()), encoding="utf-8")
    target = tmp_path / "no-such-dir" / "out.json"
    line = assert_clean_failure(run_cli("layout", str(source), "--out", str(target)), 1)
    assert "cannot write" in line, line


def test_it_rejects_unknown_arguments_in_one_line() -> None:
    proc = run_cli("layout", "in.json", "--colour", "red")
    err = proc.stderr.decode()
    assert proc.returncode == 2
    assert "Traceback" not in err
    assert "unrecognized arguments: --colour red" in err


def test_it_reports_an_unexpected_failure_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import metromap.engine
    from metromap.cli import EXIT_INTERNAL, main

    def explode(network: object) -> dict[str, Any]:
        raise ZeroDivisionError("float division by zero")

    monkeypatch.setattr(metromap.engine, "layout_network", explode)
    source = tmp_path / "in.json"
    source.write_text(json.dumps(valid()), encoding="utf-8")
    assert main(["layout", str(source)]) == EXIT_INTERNAL
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "internal error: ZeroDivisionError: float division by zero" in err
