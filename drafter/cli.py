"""The ``drafter`` command: parse options, call the library, turn DrafterError into an exit code.

Command modules are imported only when their command runs, so ``drafter --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from drafter import __version__

EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130
FORMAT_CHOICES = ("docx", "md", "txt")


def _template_dirs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--template-dir",
        action="append",
        type=Path,
        default=[],
        metavar="DIR",
        help="look for templates in DIR first (repeatable)",
    )


def _output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=FORMAT_CHOICES, help="output format (default: from the file name, else docx)"
    )
    parser.add_argument("--force", action="store_true", help="replace an existing output file")
    parser.add_argument(
        "--rate", type=float, metavar="WPM", help="speaking rate for the time estimate (words per minute)"
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = argparse.ArgumentParser(
        prog="drafter",
        description="Draft the statements delegations deliver in multilateral meetings.",
    )
    parser.add_argument("--version", action="version", version=f"drafter {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the full traceback of an error")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    render = commands.add_parser(
        "render", help="write a statement from an answers file", description="Write a statement from an answers file."
    )
    render.add_argument("answers", type=Path, help="answers file (YAML with a 'template:' key)")
    render.add_argument("-o", "--output", help="output file, or - for standard output (md, txt)")
    render.add_argument("--template", help="use this template instead of the one the file names")
    _output_options(render)
    _template_dirs(render)
    render.set_defaults(module="render")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run drafter; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    from drafter.errors import DrafterError

    try:
        module = importlib.import_module(f"drafter.commands.{args.module}")
        return int(module.run(args))
    except DrafterError as exc:
        if args.debug:
            raise
        print(f"drafter: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("drafter: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        if args.debug:
            raise
        print(
            f"drafter: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in drafter; run again with --debug for the details.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
