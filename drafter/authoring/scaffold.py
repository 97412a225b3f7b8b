"""``templates new``: a new template folder, either a starter or a child of an existing template."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from drafter.authoring.anatomy import block_source, read_anatomy
from drafter.engine import Engine
from drafter.errors import OutputError, Problem, UsageError
from drafter.inputs.answers import TEMPLATE_KEY, answers_document, read_answers_file
from drafter.inputs.catalog import ENTRY, EXAMPLE, MANIFEST, TemplateBundle
from drafter.output import write_atomic

NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

STARTER_MANIFEST = """\
# Questions of the template "{name}". Every question: type (text, longtext, select, multiselect,
# confirm, date, number, integer, list), label, help, default, required, when, and constraints.
# See docs/templates.md for the full reference.
title: {title}
description: A statement drafted from the template "{name}".
extends: _statement
questions:
  points:
    type: list
    label: Paragraphs
    help: The paragraphs of the statement, in order.
    min_items: 1
    item:
      type: longtext
      label: Paragraph
"""

STARTER_TEMPLATE = """\
{{#- The statement: Markdown written with Jinja. The layout (heading, salutation, closing
    thanks) comes from _statement; this file fills its "body" block. -#}}
{{% extends "_statement/template.md.j2" %}}
{{% import "_shared/macros.md.j2" as m with context %}}

{{% block body %}}
{{{{ m.paragraphs(points) }}}}
{{% endblock %}}
"""

STARTER_EXAMPLE = {
    "language": "en",
    "delegation": "Belgium",
    "meeting": "Meeting of the General Assembly",
    "place": "New York",
    "date": dt.date(2026, 1, 15),
    "presiding_officer": "president",
    "officer_gender": "female",
    "points": ["Belgium welcomes this opportunity to address the Assembly."],
}

CHILD_MANIFEST = """\
# "{name}" extends "{base}": it asks every question of {base} (see `drafter templates show {base}`).
# Add questions here, or redefine one under its own name to change it; list names under
# `remove:` to stop asking them. See docs/templates.md for the full reference.
title: {title}
description: {base} in the house style of "{name}".
extends: {base}
questions: {{}}
"""

CHILD_TEMPLATE = """\
{{#- "{name}" renders like "{base}" except for the blocks redefined below.
    Blocks you can redefine: {blocks}.
    Copy one from `drafter templates show {base} --source` or start with
    `drafter templates new {name} --from {base} --override BLOCK`.
    {{{{ super() }}}} inside a block prints the parent's version. -#}}
{{% extends "{base}/{entry}" %}}
{{% import "_shared/macros.md.j2" as m with context %}}
"""


def _title(name: str) -> str:
    return name.replace("-", " ").replace("_", " ").capitalize()


def create_template(
    engine: Engine, name: str, folder: Path, base: str | None = None, overrides: list[str] | None = None
) -> Path:
    """Write a new template folder ``folder/name``; return it."""
    if not NAME.match(name):
        raise UsageError(Problem(f"'{name}' cannot name a template: use lower-case letters, digits, - and _"))
    target = folder / name
    if target.exists():
        raise OutputError(Problem("already exists; choose another name or remove it", path=target))
    files: dict[str, str]
    if base is None:
        if overrides:
            raise UsageError(Problem("--override needs --from BASE"))
        files = {
            MANIFEST: STARTER_MANIFEST.format(name=name, title=_title(name)),
            ENTRY: STARTER_TEMPLATE.format(),
            EXAMPLE: answers_document(name, STARTER_EXAMPLE),
        }
    else:
        files = _child_files(engine, engine.template(base), name, overrides or [])
    target.mkdir(parents=True)
    for filename, text in files.items():
        write_atomic(target / filename, text.encode(), force=False)
    return target


def _child_files(engine: Engine, parent: TemplateBundle, name: str, overrides: list[str]) -> dict[str, str]:
    anatomy = read_anatomy(engine.renderer.env, parent)
    owners = dict(anatomy.block_owners())
    sources = {f.name: f.source for f in anatomy.files}
    template = CHILD_TEMPLATE.format(name=name, base=parent.name, entry=ENTRY, blocks=", ".join(owners))
    for block in overrides:
        if block not in owners:
            raise UsageError(Problem(f"'{parent.name}' has no block '{block}'; its blocks: {', '.join(owners)}"))
        template += "\n" + block_source(sources[owners[block]], block) + "\n"
    files = {MANIFEST: CHILD_MANIFEST.format(name=name, base=parent.name, title=_title(name)), ENTRY: template}
    if parent.example is not None:
        example = read_answers_file(parent.example, parent.name).answers
        files[EXAMPLE] = answers_document(name, {k: v for k, v in example.items() if k != TEMPLATE_KEY})
    return files
