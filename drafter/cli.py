"""The ``drafter`` command: parse options, call the library, turn DrafterError into an exit code.

Command modules are imported only when their command runs, so ``drafter --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from drafter import __version__
from drafter.writers import OutputFormat, parse_formats


def _words_per_minute(text: str) -> float:
    try:
        rate = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of words per minute") from None
    if not 20 <= rate <= 400:
        raise argparse.ArgumentTypeError(f"{text} words per minute is not a speaking rate (give 20 to 400)")
    return rate


def _formats(text: str) -> tuple[OutputFormat, ...]:
    try:
        return parse_formats(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


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
        "--format",
        type=_formats,
        metavar="FORMAT[,FORMAT]",
        help="docx, md, txt or pdf, or several at once (docx,pdf); default: from the file name, else docx",
    )
    parser.add_argument(
        "--pdf-a", action="store_true", help="write PDFs as PDF/A-2b, for archives (default: tagged PDF)"
    )
    parser.add_argument("--force", action="store_true", help="replace an existing output file")
    parser.add_argument(
        "--rate", type=_words_per_minute, metavar="WPM", help="speaking rate for the time estimate (words per minute)"
    )


def _redline_options(parser: argparse.ArgumentParser, old: str) -> None:
    parser.add_argument(
        "--redline",
        type=Path,
        metavar="OLD",
        help=f"write a Word document whose tracked changes turn {old} into the new statement",
    )
    parser.add_argument("--author", help="the tracked changes' author (default: the delegation)")


def _templates_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    templates = commands.add_parser(
        "templates",
        help="list, show, create, check, preview and restyle templates",
        description="Work with templates: your own (project, user folder, --template-dir) and drafter's.",
    )
    sub = templates.add_subparsers(dest="templates_command", metavar="ACTION", required=True)
    sub.add_parser("list", help="every template, where it comes from, what it shadows")
    show = sub.add_parser("show", help="a template's questions and blocks")
    show.add_argument("name")
    show.add_argument("--source", action="store_true", help="print each block's Jinja source too")
    show.add_argument(
        "--sentences", action="store_true", help="the sentences the template gives its example, with their variants"
    )
    show.add_argument("--lang", help="with --sentences: the language of the example (default: the example's own)")
    show.add_argument(
        "--conventions",
        type=Path,
        metavar="FILE",
        help="with --sentences: as these conventions make them (default: your profile's)",
    )
    new = sub.add_parser("new", help="create a template (a starter, a child of another, or from a statement)")
    new.add_argument("name")
    new.add_argument("--from", dest="base", metavar="BASE", help="extend this template")
    new.add_argument("--kind", choices=("national", "joint", "reply"), help="a starter of this kind of statement")
    new.add_argument(
        "--from-statement",
        type=Path,
        metavar="FILE",
        help="draw the template from a delivered statement (.docx, .txt, .md); its example renders it back",
    )
    new.add_argument(
        "--override", action="append", default=[], metavar="BLOCK", help="copy BASE's block to edit (repeatable)"
    )
    new.add_argument("--dir", metavar="DIR", help="create it in DIR (default: ./templates)")
    check = sub.add_parser("check", help="find a template's mistakes (all templates by default)")
    check.add_argument("targets", nargs="*", metavar="NAME|PATH")
    preview = sub.add_parser("preview", help="the rendered statement in the terminal")
    preview.add_argument("name", metavar="NAME|PATH")
    preview.add_argument("--answers", type=Path, metavar="FILE", help="answers to render (default: the example)")
    preview.add_argument("--lang", help="render in this language")
    preview.add_argument("--watch", action="store_true", help="render again whenever a template file changes")
    preview.add_argument("--interval", type=float, default=0.1, help=argparse.SUPPRESS)
    preview.add_argument("--rate", type=_words_per_minute, metavar="WPM", help="speaking rate for the time estimate")
    style = sub.add_parser("style", help="write the house-style Word document to restyle (a sample of each style)")
    style.add_argument("name", nargs="?", help="the template (default: the house style every template uses)")
    style.add_argument("-o", "--output", help="where to write it (default: your template's folder, else ./)")
    style.add_argument("--language", metavar="LANG", help="the house style of statements in LANG (reference.LANG.docx)")
    style.add_argument("--force", action="store_true", help="replace an existing file")
    for action, parser in sub.choices.items():
        _template_dirs(parser)
        parser.set_defaults(module=f"templates.{action}")


def _command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], name: str, summary: str, description: str
) -> argparse.ArgumentParser:
    """A command that reads templates; ``drafter.commands.<name>`` runs it."""
    parser: argparse.ArgumentParser = commands.add_parser(name, help=summary, description=description)
    _template_dirs(parser)
    parser.set_defaults(module=name)
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = argparse.ArgumentParser(
        prog="drafter",
        description="Draft the statements delegations deliver in multilateral meetings.",
    )
    parser.add_argument("--version", action="version", version=f"drafter {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the full traceback of an error")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    render = _command(
        commands, "render", "write a statement from an answers file", "Write a statement from an answers file."
    )
    render.add_argument("answers", type=Path, help="answers file (YAML with a 'template:' key)")
    render.add_argument("-o", "--output", help="output file, or - for standard output (md, txt)")
    render.add_argument("--template", help="use this template instead of the one the file names")
    _output_options(render)
    _redline_options(render, "OLD (a .docx reading copy or an answers file)")

    new = _command(
        commands,
        "new",
        "draft a statement in an interview in the terminal",
        "Answer a template's questions, review the whole draft, write the statement and its answers file.",
    )
    new.add_argument("template", nargs="?", help="template name (default: choose from a list)")
    start = new.add_mutually_exclusive_group()
    start.add_argument("--answers", type=Path, metavar="FILE", help="start from these answers (resume or replay)")
    start.add_argument(
        "--from", dest="from_file", type=Path, metavar="FILE",
        help="start from a delivered statement (.docx, .txt, .md): its answers, date and meeting cleared",
    )  # fmt: skip
    new.add_argument("-o", "--output", help="output file (default: asked, named from date, delegation, meeting)")
    _output_options(new)

    batch = _command(
        commands,
        "batch",
        "write many statements from answers and batch files",
        "Validate every entry of the given YAML files (folders are searched), then write them in parallel.",
    )
    batch.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="answers file, batch file or folder")
    batch.add_argument("-o", "--output-dir", required=True, metavar="OUTDIR", help="folder for the statements")
    batch.add_argument("--dry-run", action="store_true", help="validate and render everything, write nothing")
    batch.add_argument("--jobs", type=int, metavar="N", help="processes (default: the cores; at most four a core)")
    _output_options(batch)
    _redline_options(batch, "the file of the same name in the folder OLD (.docx, or <name>.answers.yaml)")

    imported = _command(
        commands,
        "import",
        "turn a delivered statement (.docx, .txt, .md) into an answers file",
        "Read a delivered statement, recognise its frame with the phrase bank, write answers that render it back.",
    )
    imported.add_argument("file", type=Path, help="the statement: a Word document, a text or a Markdown file")
    imported.add_argument("--template", help="use this template (default: the best-fitting built-in one)")
    imported.add_argument("-o", "--output", help="answers file to write (default: <name>.answers.yaml)")
    imported.add_argument("--force", action="store_true", help="replace an existing answers file")
    imported.set_defaults(module="import_cmd")

    schema = _command(
        commands,
        "schema",
        "print the JSON Schema of a template's answers (or of a batch file)",
        "Print a JSON Schema that YAML editors use to validate and complete answers and batch files.",
    )
    schema.add_argument("template", nargs="?", help="template name")
    schema.add_argument(
        "--batch", action="store_true", help="the schema of a batch file (of every template by default)"
    )

    _templates_parser(commands)

    profile = commands.add_parser(
        "profile",
        help="your delegation's usual choices (interview defaults)",
        description="Show, set, or interactively fill in your profile; its values pre-fill every interview. "
        "'drafter profile learn STATEMENT...' reads statements your delegation delivered and writes the "
        "conventions they share.",
    )
    profile.add_argument("action", nargs="?", choices=("edit", "show", "set", "learn"), default="edit")
    profile.add_argument(
        "values", nargs="*", metavar="KEY VALUE", help="with 'set': a setting and its value; with 'learn': statements"
    )
    profile.add_argument("-o", "--output", help="with 'learn': the conventions file to write (default: print them)")
    profile.add_argument("--save", action="store_true", help="with 'learn': make them your profile's conventions")
    profile.add_argument("--force", action="store_true", help="with 'learn -o': replace an existing file")
    profile.set_defaults(module="profile")
    return parser


def _silence_stdout() -> None:
    """Nothing more can go to standard output (a reader gone, a full pipe): what is left goes nowhere."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        if null != 1:
            os.dup2(null, 1)
            os.close(null)
    except OSError:
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run drafter; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    from drafter.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, DrafterError

    try:
        if sys.stdout is None:  # started with standard output closed
            from drafter.output import ensure_stdout

            ensure_stdout()
        module = importlib.import_module(f"drafter.commands.{args.module}")
        code = int(module.run(args))
        sys.stdout.flush()  # a full disk or pipe is reported here, not at exit
        return code
    except DrafterError as exc:
        if args.debug:
            raise
        print(f"drafter: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("drafter: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        from drafter.output import stream_problem

        problem = stream_problem(exc) if isinstance(exc, OSError) else None
        if problem is not None and not args.debug:
            _silence_stdout()
            print(f"drafter: error: {problem}", file=sys.stderr)
            return 1
        if args.debug:
            raise
        print(
            f"drafter: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in drafter; run again with --debug for the details.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
