"""``drafter templates show``: a template's questions, blocks and sentences, read without running it."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from drafter.commands.templates import template_engine
from drafter.console import make_console
from drafter.engine import Engine
from drafter.errors import InputError, Problem
from drafter.inputs.catalog import TemplateBundle
from drafter.inputs.conventions import CONVENTIONS
from drafter.inputs.manifest import Question

_PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}")
_NAME = re.compile(r"[A-Za-z_][\w.]*")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def _placeholder(match: re.Match[str]) -> str:
    """``{{ delegation | capfirst }}`` → ``[delegation]``; ``{{ join_phrase('item', statements) }}`` →
    ``[statements]``: the answer a phrase fills in, by name."""
    expression = match.group(1).split("|")[0]
    called = "(" in expression
    names = _NAME.findall(_QUOTED.sub("", expression[expression.find("(") + 1 :] if called else expression))
    if not names:
        return "[…]"
    return f"[{names[-1] if called else names[0]}]"


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
            "dateline and signature where the text ends with its place and date or the speaker's name)"
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
    delegation's conventions make them, each variant as it would read; then the sentences the example does
    not show, and the forms of address."""
    from rich.markup import escape
    from rich.table import Table

    from drafter.inputs.answers import read_answers_file
    from drafter.inputs.examples import example_answers
    from drafter.render.markdown_text import plain_text

    if bundle.example is None:
        raise InputError(Problem(f"{bundle.name} has no example.yaml to take its sentences from"))
    example = read_answers_file(bundle.example, bundle.name).answers
    language = language or str(example.get("language") or bundle.manifest.languages[0])
    example = example_answers(bundle, language) or example  # the example in that language, when there is one
    answers = engine.validate(bundle, {**example, "language": language, CONVENTIONS: conventions or None})
    title = "sentences as the example reads them (keep, swap with sentences: {key: {use: variant}}, rewrite, or drop)"
    if conventions:
        title += ", with your conventions"
    table = Table(title=title)
    for column in ("key", "variant", "reads"):
        table.add_column(column)
    shown: set[str] = set()
    for sentence in engine.sentences(bundle, answers):
        if sentence.key in shown:
            continue
        shown.add(sentence.key)
        current = plain_text(sentence.text)
        texts = engine.variant_texts(bundle, answers, sentence.key)
        if not texts:
            table.add_row(sentence.key, "", escape(current))
            continue
        for index, (name, text) in enumerate(texts.items()):
            reads = plain_text(text)
            mark = " ← as in the example" if reads == current and len(texts) > 1 else ""
            table.add_row(sentence.key if index == 0 else "", name + mark, escape(reads))
        table.add_section()
    make_console().print(table)
    _print_other_sentences(engine, bundle, language, shown)


def _print_other_sentences(engine: Engine, bundle: TemplateBundle, language: str, shown: set[str]) -> None:
    """The sentences the template writes that its example does not show, as the phrase bank words them, and
    the forms of address (each a sentence key: ``address.president.female``)."""
    from rich.markup import escape
    from rich.table import Table

    from drafter.importing.shapes import read_shape
    from drafter.render.frame import EXTRA_SECTIONS

    shape = read_shape(engine.renderer.env, bundle)
    keys = [s.key for s in shape.all_sentences() if "{" not in s.key]
    others = [k for k in dict.fromkeys([*keys, *EXTRA_SECTIONS]) if k not in shown]
    table = Table(title=escape("other sentences the template writes (not in the example; [name]: from the answers)"))
    for column in ("key", "variant", "wording"):
        table.add_column(column)
    for key in others:
        if not engine.bank.has_phrase(language, key):
            continue
        variants = engine.renderer.variants(language, key) or {"": str(engine.bank.phrase(language, key))}
        for index, (name, source) in enumerate(variants.items()):
            table.add_row(key if index == 0 else "", name, escape(_PLACEHOLDER.sub(_placeholder, source)))
        table.add_section()
    console = make_console()
    console.print(table)
    forms = engine.bank.phrase(language, "address")
    if isinstance(forms, dict):
        title = "forms of address (your own under sentences: {address.president.female: Madame President})"
        addresses = Table(title=escape(title))
        for column in ("key", "reads"):
            addresses.add_column(column)
        for officer, genders in forms.items():
            for gender, form in genders.items() if isinstance(genders, dict) else ():
                addresses.add_row(f"address.{officer}.{gender}", escape(str(form)))
        console.print(addresses)
