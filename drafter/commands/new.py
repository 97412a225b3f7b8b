"""``drafter new``: the interview in the terminal, the draft reviewed, the statement and its answers written."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drafter.console import require_terminal
from drafter.engine import Engine
from drafter.errors import EXIT_INTERRUPTED, DrafterError
from drafter.inputs.answers import answers_document, read_answers_file
from drafter.inputs.catalog import Catalog, TemplateBundle
from drafter.inputs.facts import statement_stem
from drafter.inputs.profile import interview_defaults, load_profile
from drafter.interview.unfinished import Unfinished
from drafter.output import answers_path_for, check_writable, write_atomic
from drafter.writers import OutputFormat, WriterSettings, check_format, output_formats, output_targets, writer_settings

if TYPE_CHECKING:
    from drafter.document.statement import Statement


def _is_complete(engine: Engine, bundle: TemplateBundle, answers: dict[str, Any]) -> bool:
    try:
        engine.validate(bundle, answers)
    except DrafterError:
        return False
    return True


def _write(
    statement: Statement, target: Path, formats: tuple[OutputFormat, ...], settings: WriterSettings, force: bool
) -> list[Path]:
    """Write the statement in each format (``target``, confirmed, and its siblings of the other formats,
    checked first); every file is made before any is written."""
    from drafter.writers import Writers

    targets = output_targets(target, formats)
    for other in targets:
        if other != target:
            check_writable(other, force)
    for fmt in formats:
        check_format(fmt)
    with Writers(settings) as writers:
        contents = [writers.write(statement, fmt) for fmt in formats]
    for path, data in zip(targets, contents, strict=True):
        write_atomic(path, data, force=True if path == target else force)
    return targets


def run(args: argparse.Namespace) -> int:
    """Interview, review, write."""
    require_terminal("new")
    engine = Engine(Catalog.default(args.template_dir))
    profile = load_profile()
    template, prefilled = args.template, {}
    if args.answers:
        source = read_answers_file(args.answers, args.template)
        template, prefilled = source.template, source.answers
    formats = output_formats(args.format, args.output)
    settings = writer_settings(args.pdf_a, formats)
    for fmt in formats:
        check_format(fmt)
    if args.output:
        for output in output_targets(Path(args.output), formats):
            check_writable(output, args.force)
        check_writable(answers_path_for(Path(args.output)), args.force)

    from drafter.interview import session as interview

    if not template:
        manifests = {name: engine.template(name).manifest for name in engine.catalog.names()}
        rows = [(name, m.title, m.description) for name, m in manifests.items()]
        template = interview.pick_template(rows)
    bundle = engine.template(template)
    progress = Unfinished.start(bundle.name, prefilled, args.answers)
    session = interview.Interview(engine, bundle, progress, interview_defaults(bundle, profile), rate=args.rate)
    try:
        if not _is_complete(engine, bundle, prefilled):
            session.ask_missing()
        statement = session.review()
        if statement is None:
            print(progress.resume_hint())
            return 0
        answers = {k: v for k, v in statement.answers.items() if v is not None}
        if args.output:
            target = Path(args.output)
        else:
            folder = profile.output_dir or Path.cwd()
            target = session.choose_output(folder / f"{statement_stem(answers)}.{formats[0]}", args.force)
        targets = _write(statement, target, output_formats(args.format, str(target)), settings, args.force)
        answers_file = answers_path_for(target)
        write_atomic(answers_file, answers_document(bundle.name, answers).encode(), force=True)
        progress.discard()
    except (KeyboardInterrupt, EOFError):
        print(f"\nInterrupted. {progress.resume_hint()}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BaseException:
        print(progress.resume_hint(), file=sys.stderr)
        raise
    print(f"Wrote {', '.join(map(str, targets))} and {answers_file}")
    print(f"Speaking time: {statement.estimate.describe()}")
    print(f"Render it again with: drafter render {answers_file}")
    return 0
