"""Helpers shared by the metromap tests: sample networks, running the engine and the command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from metromap import layout
from metromap.serialize import dumps_layout
from metromap.tests.checker import CheckResult, check_layout

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[2]
SAMPLES = sorted(p.stem for p in DATA.glob("*.json"))


def load_sample(name: str) -> dict[str, Any]:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


def layout_as_written(data: dict[str, Any]) -> dict[str, Any]:
    """The engine's layout as the command writes it (rounded), which is what users get."""
    return json.loads(dumps_layout(layout(data)))


def check(data: dict[str, Any], previous: dict[str, Any] | None = None) -> CheckResult:
    return check_layout(data, layout_as_written(data), previous)


def run_cli(
    *args: str, stdin: bytes | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run `python -m metromap ...` as users do, in a fresh interpreter."""
    return subprocess.run(  # noqa: S603 - fixed interpreter and our own module
        [sys.executable, "-m", "metromap", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd or REPO,
        timeout=300,
        check=False,
    )


def assert_clean_failure(proc: subprocess.CompletedProcess[bytes], status: int) -> str:
    """The command failed with `status` and one line on stderr, no traceback; return that line."""
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == status, (proc.returncode, err)
    assert "Traceback" not in err, err
    assert err.count("\n") == 1 and err.startswith("metromap: "), err
    return err.strip()
