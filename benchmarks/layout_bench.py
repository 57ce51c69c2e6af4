"""Benchmark of the layout engine against the targets of issue 3.

Runs the whole command (`python -m metromap layout`, in a subprocess, wall
time) on every shared sample network and on generated ones, scores each
layout with our own geometry checker (metromap/tests/checker.py) and, when
shapely and ../shared/tools/metrocheck.py are there, with that independent
checker too, flagging any disagreement. `--extra DIR` adds networks of your own
(real transit networks: see README.md).

    python benchmarks/layout_bench.py                      # print the table
    python benchmarks/layout_bench.py --write docs/benchmarks.md
    python benchmarks/layout_bench.py --only demo,gen-100  # a subset
    python benchmarks/layout_bench.py --extra /tmp/loom --planar-extra --only loom-
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shlex
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run as a script: make `metromap` and `benchmarks` importable

from benchmarks.generate import (  # noqa: E402
    generate_grid_network,
    generate_network,
    generate_transit_network,
    with_extra_stop,
)
from metromap.tests.checker import CheckResult, check_layout  # noqa: E402

SHARED = REPO.parent / "shared"
SHARED_NETWORKS = SHARED / "data/networks"
METROCHECK = SHARED / "tools/metrocheck.py"
WORK = REPO / "benchmarks/out"

# Networks known to be planar with maximum degree <= 8: a crossing-free drawing exists.
PLANAR_SAMPLES = {"demo-sisa-suomi", "synthetic-small"}
# Issue 3: octi's bend cost per shared network, and the straight-line Kamada-Kawai crossings.
OCTI_BEND_COST = {"demo-sisa-suomi": 54, "synthetic-small": 77, "synthetic-medium": 867}
KAMADA_KAWAI_CROSSINGS = {"synthetic-medium": 351, "synthetic-large": 2262}
MAX_AREA = 12.0
MAX_MOVED_SHARE = 0.05

# (name, stations, lines, seed, planar)
GENERATED = [
    ("gen-planar-50", 50, 6, 11, True),
    ("gen-planar-100", 100, 10, 12, True),
    ("gen-100-10", 100, 10, 13, False),
    ("gen-250-12", 250, 12, 14, False),
    ("gen-250-20", 250, 20, 15, False),
    ("gen-400-30", 400, 30, 16, False),
    ("gen-600-20", 600, 20, 17, False),
    ("gen-600-40", 600, 40, 18, False),
]
# Transit-like planar networks with cycles (maximum degree <= 6): (name, about n stations,
# lines, seed). The name carries the requested size; the table gives the real one.
TRANSIT = [
    ("transit-80", 80, 8, 21),
    ("transit-150", 150, 10, 22),
    ("transit-250", 250, 14, 23),
    ("transit-800", 800, 30, 24),
]
# Grid-like planar networks with many cycles (a grid with diagonals, maximum degree <= 8),
# named likewise
GRID = [
    ("grid-150", 150, 10, 25),
    ("grid-300", 300, 18, 26),
    ("grid-600", 600, 30, 27),
]


@dataclass
class Run:
    """One network's benchmark: our figures, metrocheck's, and the run itself."""

    name: str
    stations: int
    lines: int
    planar: bool
    runtime_s: float | None = None
    error: str | None = None
    ours: CheckResult | None = None
    moved_share: float | None = None
    theirs: dict[str, Any] | None = None
    disagreements: list[str] = field(default_factory=list)  # ours vs metrocheck only
    grown_problems: list[str] = field(default_factory=list)  # hard rules after adding a stop


def runtime_limit(stations: int) -> float:
    """Issue 3: <= 1 s up to 100 stations, <= 5 s up to 250, <= 10 s up to 600."""
    if stations <= 100:
        return 1.0
    return 5.0 if stations <= 250 else 10.0


def run_engine(source: Path, target: Path, timeout: float) -> tuple[float, str | None]:
    """Run the command as a user would; return wall time and an error line, if any."""
    started = time.perf_counter()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "metromap", "layout", str(source), "--out", str(target)],
            cwd=REPO,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return timeout, f"did not finish in {timeout:.0f} s"
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        lines = proc.stderr.decode("utf-8", "replace").strip().splitlines() or ["no message"]
        return elapsed, f"exit {proc.returncode}: {lines[-1]}"
    return elapsed, None


def run_metrocheck(source: Path, target: Path) -> dict[str, Any] | None:
    """Scores of the independent checker, or None when it (or shapely) is not available."""
    if not METROCHECK.exists():
        return None
    proc = subprocess.run(
        [sys.executable, str(METROCHECK), str(source), str(target)],
        capture_output=True,
        timeout=600,
        check=False,
    )
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError:
        return None


def compare(ours: CheckResult, theirs: dict[str, Any]) -> list[str]:
    differ = []
    pairs = {
        "valid": (ours.valid, theirs.get("valid")),
        "crossings": (ours.crossings, theirs.get("crossings")),
        "bend_cost": (ours.bend_cost, theirs.get("bend_cost")),
        "line_order_crossings": (ours.line_order_crossings, theirs.get("line_order_crossings")),
        "label_overlaps": (ours.label_overlaps, theirs.get("label_overlaps")),
        "area": (round(ours.area, 3), theirs.get("area")),
    }
    for key, (mine, other) in pairs.items():
        if other is not None and mine != other:
            differ.append(f"{key} {mine} vs {other}")
    return differ


def bench_one(name: str, data: dict[str, Any], planar: bool, timeout: float) -> Run:
    WORK.mkdir(parents=True, exist_ok=True)
    run = Run(name, len(data["stations"]), len(data["lines"]), planar)
    source, target = WORK / f"{name}.in.json", WORK / f"{name}.out.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    run.runtime_s, run.error = run_engine(source, target, timeout)
    if run.error:
        return run
    output = json.loads(target.read_text(encoding="utf-8"))
    run.ours = check_layout(data, output)
    run.theirs = run_metrocheck(source, target)
    if run.theirs is not None:
        run.disagreements = compare(run.ours, run.theirs)

    # Stability: one new station mid-way along the longest line, re-run with previous_layout.
    grown = with_extra_stop(data, previous_layout=output)
    source2, target2 = WORK / f"{name}.grown.in.json", WORK / f"{name}.grown.out.json"
    source2.write_text(json.dumps(grown, ensure_ascii=False), encoding="utf-8")
    _, error = run_engine(source2, target2, timeout)
    if error is None:
        after = json.loads(target2.read_text(encoding="utf-8"))
        again = check_layout(grown, after, previous=output)
        run.moved_share = again.moved_share
        run.grown_problems = again.problems
    else:
        run.grown_problems = [f"re-run failed: {error}"]
    return run


Network = tuple[str, Callable[[], dict[str, Any]], bool]  # name, its loader, known planar


def extra_networks(directory: Path, planar: bool) -> list[Network]:
    """Every `*.json` network (our input format) in `directory`, named by file stem.

    `planar` says they are all planar with maximum degree <= 8 (real transit networks are),
    so that the zero-crossings target applies to them. Each file is read here, so that one
    that is not a network stops the benchmark (ValueError) before anything runs; the engine
    still checks the rest.
    """
    found: list[Network] = []
    for path in sorted(directory.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValueError(f"{path}: {exc}") from exc
        if not (
            isinstance(data, dict)
            and isinstance(data.get("stations"), list)
            and isinstance(data.get("lines"), list)
        ):
            raise ValueError(f"{path}: not a network (an object with 'stations' and 'lines')")

        def load(data: dict[str, Any] = data) -> dict[str, Any]:
            return data

        found.append((path.stem, load, planar))
    return found


def networks(only: list[str], extra: list[Network] | None = None) -> list[Network]:
    """The built-in networks, then `extra`; with `only`, those whose name contains one of it."""
    found: list[Network] = []
    if SHARED_NETWORKS.is_dir():
        for path in sorted(SHARED_NETWORKS.glob("*.json")):

            def load(path: Path = path) -> dict[str, Any]:
                return json.loads(path.read_text(encoding="utf-8"))

            found.append((path.stem, load, path.stem in PLANAR_SAMPLES))
    else:
        print(f"note: {SHARED_NETWORKS} not found; shared networks skipped", file=sys.stderr)
    for name, n, k, seed, planar in GENERATED:

        def make(n: int = n, k: int = k, seed: int = seed, planar: bool = planar) -> dict[str, Any]:
            return generate_network(n, k, seed, planar=planar)

        found.append((name, make, planar))
    for kind, make_planar in ((TRANSIT, generate_transit_network), (GRID, generate_grid_network)):
        for name, n, k, seed in kind:

            def make_transit(
                n: int = n, k: int = k, seed: int = seed, make: Any = make_planar
            ) -> dict[str, Any]:
                return make(n, k, seed)

            found.append((name, make_transit, True))
    names = {name for name, _, _ in found}
    for network in extra or []:
        if network[0] in names:
            raise ValueError(f"extra network {network[0]!r} has the name of another; rename it")
        names.add(network[0])
        found.append(network)
    if only:
        found = [f for f in found if any(o in f[0] for o in only)]
    return found


# --- reporting -----------------------------------------------------------------------------


def _num(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value:.{digits}f}"


def targets(run: Run) -> dict[str, bool | None]:
    """Each target of issue 3 for this network: met, missed, or None (not applicable)."""
    r = run.ours
    if r is None:
        return {"hard rules": False}
    met: dict[str, bool | None] = {"hard rules": r.valid}
    if run.planar:
        met["crossings"] = r.crossings == 0
    elif run.name in KAMADA_KAWAI_CROSSINGS:
        met["crossings"] = r.crossings < KAMADA_KAWAI_CROSSINGS[run.name] / 3
    else:
        met["crossings"] = None
    if run.name in OCTI_BEND_COST:
        met["bend cost"] = r.bend_cost < OCTI_BEND_COST[run.name]
    else:
        met["bend cost"] = None
    met["label overlaps"] = r.label_overlaps == 0
    met["runtime"] = run.runtime_s is not None and run.runtime_s <= runtime_limit(run.stations)
    met["area"] = r.area <= MAX_AREA
    met["stability"] = (
        run.moved_share is not None
        and run.moved_share <= MAX_MOVED_SHARE
        and not run.grown_problems
    )
    return met


HEADER = [
    "network",
    "stations",
    "lines",
    "runtime s",
    "valid",
    "crossings",
    "bend cost",
    "line-order",
    "label overlaps",
    "area",
    "moved",
    "metrocheck valid/cross/bends",
    "targets missed",
]


def row(run: Run) -> list[str]:
    r = run.ours
    base = [run.name, str(run.stations), str(run.lines), _num(run.runtime_s, 2)]
    if r is None:
        return [*base, f"error: {run.error}", *["–"] * (len(HEADER) - 5)]
    theirs = "–"
    if run.theirs is not None:
        t = run.theirs
        theirs = f"{'yes' if t.get('valid') else 'no'}/{t.get('crossings')}/{t.get('bend_cost')}"
        if run.disagreements:
            theirs += " DISAGREE: " + "; ".join(run.disagreements)
    missed = [k for k, ok in targets(run).items() if ok is False]
    return [
        *base,
        "yes" if r.valid else f"no ({'; '.join(r.problems)[:120]})",
        str(r.crossings),
        str(r.bend_cost),
        str(r.line_order_crossings),
        str(r.label_overlaps),
        _num(r.area, 2),
        ("–" if run.moved_share is None else f"{run.moved_share:.1%}")
        + (" (re-run invalid)" if run.grown_problems else ""),
        theirs,
        ", ".join(missed) or "none",
    ]


def text_table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [HEADER, *rows]) for i in range(len(HEADER))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in [HEADER, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    def cells(r: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in r) + " |"

    return "\n".join([cells(header), "|" + "---|" * len(header), *map(cells, rows)])


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def reference_seconds() -> float:
    """Seconds this machine takes for a fixed pure-Python loop (best of three): machines of
    one kind differ by two to three times from day to day, and so do the runtimes."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        total = 0
        for i in range(REFERENCE_LOOP):
            total += i
        best = min(best, time.perf_counter() - started)
    return best


REFERENCE_LOOP = 10_000_000

TARGET_NAMES = (
    "hard rules",
    "crossings",
    "bend cost",
    "label overlaps",
    "runtime",
    "area",
    "stability",
)


def target_rows(runs: list[Run]) -> list[list[str]]:
    names = TARGET_NAMES
    out = []
    for run in runs:
        met = targets(run)
        out.append(
            [run.name]
            + ["–" if met.get(n) is None else ("yes" if met[n] else "**no**") for n in names]
        )
    return out


TARGETS_TEXT = """Targets of issue 3 (on the reference 2-core machine):
- hard rules hold on every input;
- crossings: 0 on planar networks of maximum degree ≤ 8 (demo-sisa-suomi, synthetic-small,
  gen-planar-*, transit-*, grid-*, and any given with --extra DIR --planar-extra); fewer than
  a third of the straight-line Kamada-Kawai count on synthetic-medium (351 → < 117) and
  synthetic-large (2262 → < 754); – = no reference;
- bend cost below LOOM octi's (demo 54, small 77, medium 867; octi did not finish large);
- label overlaps 0; line-order crossings 0 where the topology allows;
- runtime of the whole command ≤ 1 s up to 100 stations, ≤ 5 s up to 250, ≤ 10 s up to 600;
- area ≤ 12; stability: adding one stop moves ≤ 5% of the other stations by more than a spacing.
"""


def write_markdown(
    path: Path,
    runs: list[Run],
    rows: list[list[str]],
    command: str,
    reference: tuple[float, float],
) -> None:
    today = dt.datetime.now(dt.UTC).date().isoformat()
    with_mc = any(r.theirs is not None for r in runs)
    text = "\n\n".join(
        [
            "# Layout engine benchmark",
            f"Measured {today} on {machine()} with `{command}` (wall time of the whole "
            "`python -m metromap layout` command; "
            "figures recomputed from the geometry by `metromap/tests/checker.py`"
            + (", cross-checked with shared/tools/metrocheck.py" if with_mc else "")
            + f"). A reference loop of {REFERENCE_LOOP:,} additions in pure Python took "
            f"{reference[0]:.2f} s before the runs and {reference[1]:.2f} s after them "
            "(the speed of the machine that day). "
            "'moved' is the share of stations that moved more than one spacing after one "
            "stop was added mid-way along the longest line and the command re-run with "
            "`previous_layout`.",
            markdown_table(HEADER, rows),
            "## Targets",
            TARGETS_TEXT.strip(),
            markdown_table(
                ["network", *TARGET_NAMES],
                target_rows(runs),
            ),
        ]
    )
    path.write_text(text + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the metromap layout engine.")
    parser.add_argument("--write", type=Path, help="also write the table as Markdown here")
    parser.add_argument(
        "--only", default="", help="comma-separated parts of network names (extra ones too)"
    )
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per run")
    parser.add_argument(
        "--extra",
        type=Path,
        metavar="DIR",
        help="also every *.json network (our input format) in DIR, after the built-in ones",
    )
    parser.add_argument(
        "--planar-extra",
        action="store_true",
        help="the --extra networks are planar with maximum degree <= 8: aim at 0 crossings",
    )
    args = parser.parse_args(argv)
    only = [o for o in args.only.split(",") if o]
    if args.planar_extra and args.extra is None:
        parser.error("--planar-extra needs --extra DIR")
    if args.extra is not None and not args.extra.is_dir():
        parser.error(f"--extra: {args.extra} is not a directory")
    try:
        extra = extra_networks(args.extra, args.planar_extra) if args.extra is not None else []
        selected = networks(only, extra)
    except ValueError as exc:
        parser.error(str(exc))
    if not METROCHECK.exists():
        print("note: shared/tools/metrocheck.py not found; no cross-check", file=sys.stderr)
    before = reference_seconds()
    runs = []
    for name, load, planar in selected:
        print(f"… {name}", file=sys.stderr, flush=True)
        runs.append(bench_one(name, load(), planar, args.timeout))
    reference = (before, reference_seconds())
    rows = [row(r) for r in runs]
    print(text_table(rows))
    print(f"reference loop: {reference[0]:.2f} s before, {reference[1]:.2f} s after")
    if args.write:
        arguments = sys.argv[1:] if argv is None else argv
        command = shlex.join(["python", "benchmarks/layout_bench.py", *arguments])
        write_markdown(args.write, runs, rows, command, reference)
        print(f"written to {args.write}", file=sys.stderr)
    disagreements = [r.name for r in runs if r.disagreements]
    if disagreements:
        print(f"checkers disagree on: {', '.join(disagreements)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
