"""``drafter templates show``: a template's questions, blocks and sentences, read without running it."""

from __future__ import annotations

import argparse
from pathlib import Path

from drafter.commands.templates import template_engine
from drafter.console import make_console
from drafter.engine import Engine
from drafter.errors import InputError, Problem
from drafter.inputs.catalog import TemplateBundle
from drafter.inputs.conventions import CONVENTIONS
from drafter.inputs.manifest import Question


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


def run(args: argparse.Namespace) -> int:
    """Print the template's questions and blocks (and, asked for, its sentences and block sources)."""
    from rich.table import Table

    from drafter.authoring.anatomy import block_source, read_anatomy

    engine = template_engine(args)
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
        console.print(
            f"sections: {', '.join(manifest.sections)} (and salutation wherever it is repeated, "
            "dateline where the text ends with its place and date)"
        )
    if args.sentences:
        _print_sentences(engine, bundle, args.lang, _conventions(args.conventions))
    if args.source:
        for block, owner in anatomy.block_owners():
            console.print(f"\n[bold]{block}[/] ({owner}):", markup=True)
            console.print(block_source(sources[owner], block), markup=False)
    return 0


def _conventions(path: Path | None) -> dict[str, object]:
    """The conventions to show the sentences with: a file's, else the profile's."""
    from drafter.inputs.conventions import read_conventions
    from drafter.inputs.profile import load_profile

    if path is not None:
        return read_conventions(path)
    return load_profile().conventions.model_dump(exclude_defaults=True)


def _print_sentences(
    engine: Engine, bundle: TemplateBundle, language: str | None, conventions: dict[str, object]
) -> None:
    """The sentences the template contributes to its example (in ``language``, else the example's own), as the
    delegation's conventions make them, each with the variants it offers."""
    from rich.table import Table

    from drafter.inputs.answers import read_answers_file
    from drafter.render.markdown_text import plain_text

    if bundle.example is None:
        raise InputError(Problem(f"{bundle.name} has no example.yaml to take its sentences from"))
    example = read_answers_file(bundle.example, bundle.name).answers
    language = language or str(example.get("language") or bundle.manifest.languages[0])
    answers = engine.validate(bundle, {**example, "language": language, CONVENTIONS: conventions or None})
    title = "sentences (keep, swap with sentences: {key: {use: variant}}, rewrite, or drop)"
    if conventions:
        title += ", with your conventions"
    table = Table(title=title)
    for column in ("key", "in the example", "variants"):
        table.add_column(column)
    for sentence in engine.sentences(bundle, answers):
        variants = ", ".join(engine.renderer.variants(language, sentence.key))
        table.add_row(sentence.key, plain_text(sentence.text), variants)
    make_console().print(table)
