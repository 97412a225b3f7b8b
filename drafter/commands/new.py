"""``drafter new``: the interview in the terminal, the draft reviewed, the statement and its answers written."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from drafter.console import command_line, given_options, require_terminal
from drafter.engine import Engine
from drafter.errors import EXIT_INTERRUPTED, DrafterError
from drafter.inputs.answers import answers_document, read_answers_file
from drafter.inputs.catalog import Catalog, TemplateBundle
from drafter.inputs.conventions import CONVENTIONS, conventions_file
from drafter.inputs.facts import statement_stem
from drafter.inputs.profile import Profile, load_profile
from drafter.inputs.question_types import AnswerValue
from drafter.interview.unfinished import Unfinished, read_asked
from drafter.output import answers_path_for, check_writable, write_atomic
from drafter.writers import OutputFormat, WriterSettings, check_format, output_formats, output_targets, writer_settings

if TYPE_CHECKING:
    from drafter.document.statement import Statement

_AGAIN = ("output", "format", "pdf_a", "force", "rate", "template_dir")
"""The options a printed command repeats."""


def _is_complete(engine: Engine, bundle: TemplateBundle, answers: dict[str, AnswerValue]) -> bool:
    try:
        engine.validate(bundle, answers)
    except DrafterError:
        return False
    return True


def _starting_point(
    engine: Engine, args: argparse.Namespace
) -> tuple[str | None, dict[str, AnswerValue], list[str] | None]:
    """The template and answers the interview starts from (an answers file, a delivered statement, or none),
    and the questions already asked (None: every valid answer counts as asked)."""
    if args.answers:
        source = read_answers_file(args.answers, args.template)
        answers = dict(source.answers)
        named = answers.get(CONVENTIONS)
        if isinstance(named, str):
            # A conventions file named relative to the answers file: the answers move to another folder.
            answers[CONVENTIONS] = str(conventions_file(named, args.answers).resolve())
        return source.template, answers, read_asked(args.answers)
    if getattr(args, "from_file", None):
        from drafter.importing.reuse import next_draft

        draft = next_draft(engine, args.from_file, args.template)
        print(draft.summary)
        return draft.template, dict(draft.answers), None
    return args.template, {}, []


def _start(args: argparse.Namespace, engine: Engine, profile: Profile) -> tuple[Unfinished, bool]:
    """The interview's answers file, and whether its answers are all there (review them straight away)."""
    template, prefilled, asked = _starting_point(engine, args)
    if not template:
        from drafter.interview.session import pick_template

        manifests = {name: engine.template(name).manifest for name in engine.catalog.names()}
        template = pick_template([(name, m.title, m.description) for name, m in manifests.items()])
    bundle = engine.template(template)
    conventions = profile.conventions_answer()
    if conventions and CONVENTIONS not in prefilled:
        # The profile's conventions travel with the answers, so that `render` gives the same statement.
        prefilled[CONVENTIONS] = conventions
    progress = Unfinished.start(bundle.name, prefilled, args.answers, asked)
    progress.resume_command = lambda path: command_line("new", "--answers", path, *given_options(args, *_AGAIN))
    return progress, asked is None and _is_complete(engine, bundle, prefilled)


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
    formats = output_formats(args.format, args.output)
    settings = writer_settings(args.pdf_a, formats)
    for fmt in formats:
        check_format(fmt)
    if args.output:
        for output in output_targets(Path(args.output), formats):
            check_writable(output, args.force)
        check_writable(answers_path_for(Path(args.output)), args.force)

    from drafter.interview import session as interview
    from drafter.interview.defaults import RecentAnswers, Suggestions

    progress, complete = _start(args, engine, profile)
    bundle = engine.template(progress.template)
    recent = RecentAnswers.load()
    suggestions = Suggestions(engine, bundle, profile, recent)
    session = interview.Interview(engine, bundle, progress, suggestions, rate=args.rate)
    try:
        if not complete:
            session.ask_missing()
        statement = session.review()
        if statement is None:
            print(progress.resume_hint())
            return 0
        answers = {k: v for k, v in statement.answers.items() if v is not None}
        if CONVENTIONS in progress.answers:
            answers[CONVENTIONS] = progress.answers[CONVENTIONS]  # as written, not every field spelt out
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
    recent.remember(answers)
    print(f"Wrote {', '.join(map(str, targets))} and {answers_file}")
    print(f"Speaking time: {statement.estimate.describe()}")
    options = given_options(args, "format", "pdf_a", "rate", "template_dir")
    print(f"Render it again with: {command_line('render', answers_file, '-o', target, '--force', *options)}")
    return 0
