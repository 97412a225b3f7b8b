"""``drafter new``: the interview in the terminal, the draft reviewed, the statement and its answers written."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from drafter.console import require_terminal
from drafter.engine import Engine
from drafter.errors import EXIT_INTERRUPTED, DrafterError
from drafter.inputs.answers import answers_document, read_answers_file
from drafter.inputs.catalog import Catalog, TemplateBundle
from drafter.inputs.facts import statement_stem
from drafter.inputs.profile import interview_defaults, load_profile
from drafter.interview.unfinished import Unfinished
from drafter.output import answers_path_for, check_writable, write_atomic
from drafter.writers import check_format, output_format


def _is_complete(engine: Engine, bundle: TemplateBundle, answers: dict[str, Any]) -> bool:
    try:
        engine.validate(bundle, answers)
    except DrafterError:
        return False
    return True


def _starting_point(engine: Engine, args: argparse.Namespace) -> tuple[str | None, dict[str, Any]]:
    """The template and answers the interview starts from: an answers file, a delivered statement, or none."""
    if args.answers:
        source = read_answers_file(args.answers, args.template)
        return source.template, source.answers
    if getattr(args, "from_file", None):
        from drafter.importing.reuse import next_draft

        draft = next_draft(engine, args.from_file, args.template)
        print(draft.summary)
        return draft.template, dict(draft.answers)
    return args.template, {}


def run(args: argparse.Namespace) -> int:
    """Interview, review, write."""
    require_terminal("new")
    engine = Engine(Catalog.default(args.template_dir))
    profile = load_profile()
    template, prefilled = _starting_point(engine, args)
    check_format(output_format(args.format, args.output))
    if args.output:
        check_writable(Path(args.output), args.force)
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
            target = session.choose_output(folder / f"{statement_stem(answers)}.{args.format or 'docx'}", args.force)
        from drafter.writers import write_statement

        fmt = output_format(args.format, str(target))
        check_format(fmt)
        write_statement(statement, target, fmt, force=True)
        answers_file = answers_path_for(target)
        write_atomic(answers_file, answers_document(bundle.name, answers).encode(), force=True)
        progress.discard()
    except (KeyboardInterrupt, EOFError):
        print(f"\nInterrupted. {progress.resume_hint()}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BaseException:
        print(progress.resume_hint(), file=sys.stderr)
        raise
    print(f"Wrote {target} and {answers_file}")
    print(f"Speaking time: {statement.estimate.describe()}")
    print(f"Render it again with: drafter render {answers_file}")
    return 0
