"""Command line: `python -m metromap layout IN.json --out OUT.json [--svg OUT.svg]`.

Every failure ends in one line on stderr and a non-zero exit status, never a
traceback: 2 for bad input (including invalid JSON and bad arguments),
1 for files that cannot be read or written, 3 for an internal error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from metromap.model import InputError, parse_network
from metromap.serialize import dumps_layout

EXIT_IO = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3
STDIO = "-"


class CliError(Exception):
    """A failure to report in one line, with the exit status to use."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # argparse prints usage plus the message and exits 2; keep that, but in our one-line style.
        self.exit(EXIT_INPUT, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="metromap",
        description="Schematic octilinear metro-map layouts from network topology.",
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    layout = commands.add_parser(
        "layout",
        help="compute a layout",
        description="Read a network (docs/metromap-format.md) and write its layout as JSON.",
    )
    layout.add_argument("input", metavar="IN.json", help="input network, '-' for stdin")
    layout.add_argument(
        "--out", metavar="OUT.json", default=STDIO, help="layout JSON, '-' for stdout (default)"
    )
    layout.add_argument("--svg", metavar="OUT.svg", help="also draw the layout as SVG")
    layout.add_argument("--title", help="title of the SVG drawing (default: the input's name)")
    return parser


def _display_name(path: str) -> str:
    return "<stdin>" if path == STDIO else path


def read_input(path: str) -> Any:
    """Read and parse the input JSON; raise CliError with line and column on bad JSON."""
    name = _display_name(path)
    try:
        raw = sys.stdin.buffer.read() if path == STDIO else Path(path).read_bytes()
    except OSError as exc:
        raise CliError(f"{name}: cannot read: {exc.strerror or exc}", EXIT_IO) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CliError(
            f"{name}: not UTF-8 text (byte {exc.start}: {exc.reason})", EXIT_INPUT
        ) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CliError(
            f"{name}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
            EXIT_INPUT,
        ) from exc
    except RecursionError as exc:
        raise CliError(f"{name}: invalid JSON: nested too deeply", EXIT_INPUT) from exc


def write_output(path: str, text: str) -> None:
    """Write text to a file atomically (no half-written file on failure) or to stdout."""
    if path == STDIO:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent or Path(), prefix=f".{target.name}.")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise CliError(f"{path}: cannot write: {exc.strerror or exc}", EXIT_IO) from exc


def run_layout(args: argparse.Namespace) -> None:
    if args.out == STDIO and args.svg == STDIO:
        raise CliError("--out and --svg cannot both be '-' (stdout)", EXIT_INPUT)
    data = read_input(args.input)
    try:
        network = parse_network(data)
    except InputError as exc:
        raise CliError(f"{_display_name(args.input)}: {exc}", EXIT_INPUT) from exc

    from metromap.engine import layout_network  # imported late: argument errors stay fast

    layout_text = dumps_layout(layout_network(network))
    svg_text = None
    if args.svg is not None:
        from metromap.svg import render_svg

        title = args.title
        if title is None and args.input != STDIO:
            title = Path(args.input).stem
        svg_text = render_svg(network, json.loads(layout_text), title=title)
    write_output(args.out, layout_text)
    if svg_text is not None:
        write_output(args.svg, svg_text)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "layout":
            run_layout(args)
    except CliError as exc:
        print(f"{parser.prog}: error: {exc}", file=sys.stderr)
        return exc.status
    except BrokenPipeError:
        # The reader of stdout went away (e.g. `| head`); nothing more to say.
        sys.stderr.close()
        return EXIT_IO
    except KeyboardInterrupt:
        print(f"{parser.prog}: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        # Should never happen; still one clear line instead of a traceback.
        detail = str(exc).splitlines()[0] if str(exc) else ""
        print(
            f"{parser.prog}: internal error: {type(exc).__name__}: {detail} "
            "(please report this with the input file)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    return 0
