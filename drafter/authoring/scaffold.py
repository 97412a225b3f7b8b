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

STARTER_EXAMPLE: dict[str, object] = {
    "language": "en",
    "delegation": "Belgium",
    "meeting": "Meeting of the General Assembly",
    "place": "New York",
    "date": dt.date(2026, 1, 15),
    "presiding_officer": "president",
    "officer_gender": "female",
    "points": ["Belgium welcomes this opportunity to address the Assembly."],
}

NATIONAL_MANIFEST = """\
# Questions of "{name}", a national statement: the delegation aligns itself with group statements
# (the questions 'alignments' and 'national_remarks' come from _national), thanks someone, and makes
# numbered points. Its sentences come from the phrase bank, in English or in French: nothing here
# is written twice. See docs/templates.md.
title: {title}
description: A national statement with alignment, thanks and numbered points.
extends: _national
languages: [en, fr]
remove: [closing]
questions:
  presiding_officer:
    default: chair
  mandate_holder:
    type: text
    label: Whom the statement thanks, as a sentence names them
    help: e.g. "the Special Rapporteur, Mr. Jean Dupont," ("le Rapporteur spécial, M. Jean Dupont,").
  thanks_for:
    type: text
    label: What the statement thanks them for
    help: e.g. "his report on the topic" ("son rapport sur le sujet").
  numbered_points:
    type: list
    label: Numbered points
    item_label: point
    min_items: 1
    fields:
      text:
        type: longtext
        label: Point
      points:
        type: list
        label: Bullets under the point
        required: false
        item:
          type: longtext
          label: Bullet
"""

NATIONAL_TEMPLATE = """\
{{#- A national statement. _national (which extends _statement) lays it out: the heading lines,
    "Mr. Chair," the alignment with group statements; this file fills the other sections. Every
    sentence is a phrase of the bank, t("key"), printed in the statement's language. -#}}
{{% extends "_national/template.md.j2" %}}
{{% import "_shared/macros.md.j2" as m with context %}}

{{% block thanks %}}
{{{{ t("thank_mandate_holder") }}}}
{{% endblock %}}

{{% block body %}}
{{{{ m.numbered(numbered_points, connectors=false) }}}}
{{% endblock %}}

{{% block final %}}
{{{{ t("closing_thanks", variant="thank-you-address") }}}}
{{% endblock %}}
"""

NATIONAL_EXAMPLE = {
    "language": "en",
    "delegation": "Norway",
    "meeting": "Sixth Committee: Report of the International Law Commission",
    "place": "New York",
    "date": dt.date(2026, 10, 27),
    "presiding_officer": "chair",
    "officer_gender": "male",
    "alignments": [{"group": "nordic-baltic"}],
    "mandate_holder": "the Special Rapporteur",
    "thanks_for": "his report",
    "numbered_points": [
        {"text": "Norway welcomes the draft articles adopted on first reading.", "points": []},
        {"text": "Norway will submit its written comments before the deadline.", "points": []},
    ],
}

JOINT_MANIFEST = """\
# Questions of "{name}", a statement delivered on behalf of a group. Its sentences come from the
# phrase bank, in English or in French. See docs/templates.md.
title: {title}
description: A joint statement delivered on behalf of a group.
extends: _statement
languages: [en, fr]
questions:
  group_name:
    type: text
    label: The group, as a sentence names it
    help: e.g. "the Group of Friends of Mediation" ("le Groupe des amis de la médiation").
  members:
    type: list
    label: Members named after the group
    help: Leave empty to name none.
    required: false
    item:
      type: text
      label: Member
  paragraphs:
    type: list
    label: Paragraphs
    min_items: 1
    item:
      type: longtext
      label: Paragraph
"""

JOINT_TEMPLATE = """\
{{#- A joint statement: the title and the first sentence say whom it is delivered for; the rest is
    the group's paragraphs. Every sentence is a phrase of the bank, t("key"), in the statement's
    language. -#}}
{{% extends "_statement/template.md.j2" %}}
{{% import "_shared/macros.md.j2" as m with context %}}

{{% block title %}}{{{{ t("joint_statement_by") }}}}{{% endblock %}}

{{% block alignment %}}
{{{{ t("on_behalf", members=join_all(members)) }}}}
{{% endblock %}}

{{% block body %}}
{{{{ m.paragraphs(paragraphs) }}}}
{{% endblock %}}
"""

JOINT_EXAMPLE = {
    "language": "en",
    "delegation": "Costa Rica",
    "meeting": "Human Rights Council, interactive dialogue",
    "place": "Geneva",
    "date": dt.date(2026, 3, 10),
    "presiding_officer": "president",
    "officer_gender": "female",
    "group_name": "the Group of Friends of Mediation",
    "members": ["Costa Rica", "Finland", "Türkiye"],
    "paragraphs": ["The Group welcomes this opportunity to address the Council."],
}

REPLY_MANIFEST = """\
# Questions of "{name}", a right of reply. Its sentences come from the phrase bank, in English or in
# French. See docs/templates.md.
title: {title}
description: A right of reply to a statement made by another delegation.
extends: _statement
languages: [en, fr]
forum: right-of-reply-first
sections: [opening, body, final]
questions:
  responding_to:
    type: text
    label: The statement replied to, as "the statement made by …" continues
    help: e.g. "the representative of …" ("le représentant de …").
  points:
    type: list
    label: Points of the reply
    min_items: 1
    item:
      type: longtext
      label: Paragraph
"""

REPLY_TEMPLATE = """\
{{#- A right of reply: whom it answers, its points, "I thank you." Every sentence is a phrase of the
    bank, t("key"), in the statement's language. -#}}
{{% extends "_statement/template.md.j2" %}}
{{% import "_shared/macros.md.j2" as m with context %}}

{{% block body %}}
{{{{ t("right_of_reply") }}}}

{{{{ m.paragraphs(points) }}}}
{{% endblock %}}

{{% block final %}}
{{{{ t("closing_thanks", variant="i-thank-you") }}}}
{{% endblock %}}
"""

REPLY_EXAMPLE = {
    "language": "en",
    "delegation": "Senegal",
    "meeting": "General debate of the General Assembly",
    "place": "New York",
    "date": dt.date(2026, 9, 26),
    "presiding_officer": "president",
    "officer_gender": "female",
    "responding_to": "the representative of another delegation this morning",
    "points": ["My delegation rejects the allegations made this morning."],
}

KINDS: dict[str, tuple[str, str, dict[str, object]]] = {
    "national": (NATIONAL_MANIFEST, NATIONAL_TEMPLATE, NATIONAL_EXAMPLE),
    "joint": (JOINT_MANIFEST, JOINT_TEMPLATE, JOINT_EXAMPLE),
    "reply": (REPLY_MANIFEST, REPLY_TEMPLATE, REPLY_EXAMPLE),
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
    """Write a new template folder ``folder/name``, a starter or a child of ``base``; return it."""
    target = template_folder(name, folder)
    if base is None:
        if overrides:
            raise UsageError(Problem("--override needs --from BASE"))
        files = starter_files(name)
    else:
        files = _child_files(engine, engine.template(base), name, overrides or [])
    return write_template(target, files)


def template_folder(name: str, folder: Path) -> Path:
    """The folder a new template ``name`` goes to in ``folder``, refused when the name cannot be one or it exists."""
    if not NAME.match(name):
        raise UsageError(Problem(f"'{name}' cannot name a template: use lower-case letters, digits, - and _"))
    target = folder / name
    if target.exists():
        raise OutputError(Problem("already exists; choose another name or remove it", path=target))
    return target


def starter_files(name: str, kind: str | None = None) -> dict[str, str]:
    """The files of a starter: the plainest one, or one of a kind (national, joint, reply)."""
    if kind is None:
        manifest, template, example = STARTER_MANIFEST, STARTER_TEMPLATE, STARTER_EXAMPLE
    else:
        manifest, template, example = KINDS[kind]
    return {
        MANIFEST: manifest.format(name=name, title=_title(name)),
        ENTRY: template.format(),
        EXAMPLE: answers_document(name, example),
    }


def write_template(target: Path, files: dict[str, str]) -> Path:
    """Create the folder ``target`` with ``files``; return it."""
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
