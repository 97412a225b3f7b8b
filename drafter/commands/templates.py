"""``drafter templates``: list, show, create, check, preview and restyle templates."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from drafter.catalog import MANIFEST, Catalog, TemplateBundle
from drafter.console import make_console
from drafter.engine import Engine
from drafter.errors import DrafterError, InputError, OutputError, Problem, UsageError
from drafter.manifest import Question


def _engine(args: argparse.Namespace) -> Engine:
    return Engine(Catalog.default(args.template_dir))


def list_templates(args: argparse.Namespace) -> int:
    """A table of every template, where it comes from and what it hides."""
    from rich.table import Table

    engine = _engine(args)
    table = Table(title="drafter templates")
    for column in ("name", "title", "languages", "from"):
        table.add_column(column, overflow="fold")
    for name in engine.catalog.names():
        try:
            bundle = engine.template(name)
        except DrafterError as exc:
            table.add_row(name, f"[red]cannot be read: {exc.problems[0].message}[/]", "", "")
            continue
        origin = f"{bundle.origin}: {bundle.folder}"
        if bundle.shadows:
            origin += "\n[yellow]shadows " + ", ".join(str(p) for p in bundle.shadows) + "[/]"
        table.add_row(name, bundle.manifest.title, ", ".join(bundle.manifest.languages), origin)
    make_console().print(table)
    return 0


def _question_lines(questions: dict[str, Question], depth: int = 1) -> list[str]:
    """Each question as a line (name, type, choices, default) and its conditions and help below it."""
    lines: list[str] = []
    pad = "  " * depth
    for question in questions.values():
        kind: str = question.type
        if question.choices:
            kind += " of " + ", ".join(c.value for c in question.choices)
        elif question.choices_from:
            kind += f" (choices from the {question.choices_from})"
        head = f"{pad}{question.name}: {kind}"
        if question.default is not None:
            head += f" (default: {question.default})"
        if not question.required and not question.when:
            head += " (optional)"
        lines.append(head)
        if question.label:
            lines.append(f"{pad}    asks: {question.label}")
        if question.when:
            lines.append(f"{pad}    asked when: {question.when}")
        if question.help:
            lines.append(f"{pad}    help: {question.help}")
        if question.fields:
            lines += _question_lines(question.fields, depth + 2)
        if question.item:
            lines += _question_lines({"each item": question.item.model_copy(update={"name": "each item"})}, depth + 2)
    return lines


def show_template(args: argparse.Namespace) -> int:
    """A template's questions and blocks, read without running it."""
    from rich.table import Table

    from drafter.anatomy import block_source, read_anatomy

    engine = _engine(args)
    bundle = engine.template(args.name)
    console = make_console()
    manifest = bundle.manifest
    console.print(f"[bold]{bundle.name}[/] — {manifest.title}")
    if manifest.description:
        console.print(manifest.description)
    lineage = " → ".join([bundle.name, *(p.name for p in bundle.lineage)])
    console.print(
        f"from {bundle.origin}: {bundle.folder}\nextends: {lineage}\nlanguages: {', '.join(manifest.languages)}"
    )
    if manifest.forum:
        console.print(f"forum: {manifest.forum}")
    console.print("questions:", markup=False)
    for line in _question_lines(manifest.questions):
        console.print(line, markup=False, highlight=False, soft_wrap=True)
    anatomy = read_anatomy(engine.renderer.env, bundle)
    for problem in anatomy.problems:
        console.print(f"[red]{problem}[/]")
    blocks = Table(title="blocks (in layout order; the file whose version is used)")
    blocks.add_column("block")
    blocks.add_column("from")
    sources = {f.name: f.source for f in anatomy.files}
    for block, owner in anatomy.block_owners():
        blocks.add_row(block, owner)
    console.print(blocks)
    if manifest.sections:
        console.print(f"sections: {', '.join(manifest.sections)} (and salutation wherever it is repeated)")
    if args.sentences:
        _print_sentences(engine, bundle, args.lang or manifest.languages[0])
    if args.source:
        for block, owner in anatomy.block_owners():
            console.print(f"\n[bold]{block}[/] ({owner}):", markup=True)
            console.print(block_source(sources[owner], block), markup=False)
    return 0


def _print_sentences(engine: Engine, bundle: TemplateBundle, language: str) -> None:
    """The sentences the template contributes to its example, each with the variants it offers."""
    from rich.table import Table

    from drafter.answers import read_answers_file
    from drafter.markdown_text import plain_text

    if bundle.example is None:
        raise InputError(Problem(f"{bundle.name} has no example.yaml to take its sentences from"))
    answers = engine.validate(bundle, {**read_answers_file(bundle.example, bundle.name).answers, "language": language})
    table = Table(title="sentences (keep, swap with sentences: {key: {use: variant}}, rewrite, or drop)")
    for column in ("key", "in the example", "variants"):
        table.add_column(column)
    for sentence in engine.sentences(bundle, answers):
        variants = ", ".join(engine.renderer.variants(language, sentence.key))
        table.add_row(sentence.key, plain_text(sentence.text), variants)
    make_console().print(table)


def new_template(args: argparse.Namespace) -> int:
    """Create a template folder."""
    from drafter.scaffold import create_template

    engine = _engine(args)
    folder = Path(args.dir) if args.dir else Path.cwd() / "templates"
    created = create_template(engine, args.name, folder, args.base, args.override)
    print(f"Created {created}")
    for child in sorted(created.iterdir()):
        print(f"  {child.name}")
    print(
        f"Next: edit the files, then 'drafter templates check {args.name}' and 'drafter templates preview {args.name}'"
    )
    return 0


def _bundle_for(engine: Engine, target: str, args: argparse.Namespace) -> tuple[Engine, TemplateBundle]:
    """A template by name, or by the path of its folder."""
    path = Path(target)
    if ("/" in target or "\\" in target or target.startswith(".")) and (path / MANIFEST).is_file():
        scoped = Engine(Catalog.default([path.resolve().parent, *args.template_dir]))
        return scoped, scoped.template(path.resolve().name)
    return engine, engine.template(target)


def check_templates(args: argparse.Namespace) -> int:
    """Check the named templates (all by default); exit 1 on any error."""
    from drafter.checks import CheckReport, check_template

    engine = _engine(args)
    targets = args.targets or engine.catalog.names()
    errors = 0
    for target in targets:
        try:
            scoped, bundle = _bundle_for(engine, target, args)
            report = check_template(scoped, bundle)
        except DrafterError as exc:
            report = CheckReport(target, errors=list(exc.problems))
        errors += len(report.errors)
        counts = f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)"
        print(f"{report.template}: {'ok' if not report.errors and not report.warnings else counts}")
        for problem in report.errors:
            print(f"  error: {problem}")
        for problem in report.warnings:
            print(f"  warning: {problem}")
    return 1 if errors else 0


def _render_preview(args: argparse.Namespace) -> Any:
    """The Markdown renderable of the template with its answers, or the errors."""
    from rich.markdown import Markdown
    from rich.text import Text

    from drafter.answers import read_answers_file

    engine = _engine(args)
    try:
        scoped, bundle = _bundle_for(engine, args.name, args)
        answers_path = args.answers or bundle.example
        if answers_path is None:
            raise UsageError(Problem(f"'{bundle.name}' has no example.yaml; give --answers FILE"))
        source = read_answers_file(answers_path, bundle.name)
        answers = dict(source.answers)
        if args.lang:
            answers["language"] = args.lang
        statement = scoped.compose(bundle, scoped.validate(bundle, answers, source.source), args.rate)
    except DrafterError as exc:
        return Text(f"drafter: error: {exc}", style="red"), None
    marker = f"*{statement.info.marker}*\n\n" if statement.info.marker else ""
    return Markdown(marker + statement.markdown), f"Speaking time: {statement.estimate.describe()}"


def _watched(args: argparse.Namespace) -> dict[Path, float]:
    from drafter.anatomy import iter_template_files

    engine = _engine(args)
    files: list[Path] = []
    try:
        _, bundle = _bundle_for(engine, args.name, args)
        files += iter_template_files(bundle)
    except DrafterError:
        pass
    for root in engine.catalog.roots:
        shared = root.path / "_shared"
        if shared.is_dir():
            files += [p for p in shared.rglob("*") if p.is_file()]
    if args.answers:
        files.append(Path(args.answers))
    return {p: p.stat().st_mtime for p in files if p.exists()}


def preview_template(args: argparse.Namespace) -> int:
    """Render the template in the terminal; with --watch, again whenever one of its files changes."""
    console = make_console()
    rendered, timing = _render_preview(args)
    console.print(rendered)
    if timing:
        console.print(timing)
    if not args.watch:
        return 0 if timing else 1
    console.print("[dim]Watching the template's files; Ctrl-C stops.[/]")
    seen = _watched(args)
    try:
        while True:
            time.sleep(args.interval)
            now = _watched(args)
            if now != seen:
                seen = now
                console.clear()
                rendered, timing = _render_preview(args)
                console.print(rendered)
                if timing:
                    console.print(timing)
                console.print("[dim]Watching the template's files; Ctrl-C stops.[/]")
    except KeyboardInterrupt:
        return 0


def _default_reference() -> bytes:
    import io

    from drafter.docx_writer import build_reference_document

    buffer = io.BytesIO()
    build_reference_document().save(buffer)
    return buffer.getvalue()


def style_template(args: argparse.Namespace) -> int:
    """Write the template's house-style document (or drafter's default) for restyling in Word."""
    from drafter.output import write_atomic

    engine = _engine(args)
    bundle = engine.template(args.name)
    if args.output:
        target = Path(args.output)
    elif bundle.origin == "built-in":
        target = Path.cwd() / "reference.docx"
    else:
        target = bundle.folder / "reference.docx"
    if bundle.reference_docx is not None:
        data = bundle.reference_docx.read_bytes()
        what = f"the house style of '{bundle.name}' ({bundle.reference_docx})"
    else:
        data, what = _default_reference(), "drafter's default house style"
    if bundle.reference_docx is not None and target.resolve() == bundle.reference_docx.resolve():
        if not args.force:
            raise OutputError(
                Problem("is already the template's house style: open it in Word (--force resets it)", path=target)
            )
        data, what = _default_reference(), "drafter's default house style"
    write_atomic(target, data, args.force)
    print(f"Wrote {what} to {target}")
    print(
        "Open it in Word, change the styles (Normal, Title, Subtitle, Statement Marker, List Number, List Bullet, …),"
    )
    print("fonts, margins, header and footer, and save it as reference.docx in the template's folder.")
    return 0


COMMANDS = {
    "list": list_templates,
    "show": show_template,
    "new": new_template,
    "check": check_templates,
    "preview": preview_template,
    "style": style_template,
}


def run(args: argparse.Namespace) -> int:
    """Dispatch to the templates sub-command."""
    return COMMANDS[args.templates_command](args)
