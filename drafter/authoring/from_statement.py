"""``templates new NAME --from-statement FILE``: a template drawn from a statement a delegation delivered.

The import reads the statement with the phrase bank: the built-in template it is closest to, the
sentences of its frame with the variant each uses, the facts inside them, and the delegation's own
paragraphs. The new template writes that frame as the bank's sentences (``t("key", variant="…")``), so
it renders in every language the bank has, and asks the delegation's paragraphs as questions (points,
lead-in and numbered points, questions to the panel, closing). Its example answers are the statement
itself, checked to render it back word for word before anything is written.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from jinja2 import meta, nodes

from drafter.authoring.anatomy import read_anatomy
from drafter.engine import Engine
from drafter.errors import DrafterError
from drafter.importing.check import rows_of, rows_of_draft
from drafter.importing.freeform import free_items
from drafter.importing.importer import Imported, import_statement
from drafter.importing.patterns import ADDRESSEE_SALUTATION
from drafter.importing.reading import Found, Part
from drafter.importing.source import Paragraph
from drafter.inputs.answers import answers_document
from drafter.inputs.catalog import ENTRY, EXAMPLE, MANIFEST, Catalog, TemplateBundle, TemplateRoot
from drafter.inputs.conventions import CONVENTIONS
from drafter.inputs.facts import FACT_NAMES
from drafter.inputs.manifest import Question
from drafter.inputs.yamlio import dump_yaml
from drafter.render.frame import SECTIONS, SENTENCES

BASE = "_statement"
_TITLES = ("statement_by", "joint_statement_by")
# Values a phrase reads that templates compute from an answer: (the expression, the answer it reads).
_COMPUTED = {
    "statements": ("statements_of(alignments)", "alignments"),
    "secretary_general": ('address("secretary-general", sg_gender)', "sg_gender"),
}
_ADDRESS = re.compile(r"{{-?\s*address\b")
# Sentences the shared layout says to whom the speaker turned to (a mandate holder) when there is one: a
# drawn template leaves them to it, their wording chosen in the example's ``sentences:``.
_TURNED_TO = {ADDRESSEE_SALUTATION: "", "salutation": "{{ salutation() }}"}
_POINTS = "The delegation's paragraphs, in order. A line starting with '1.' or '-' makes a list."
_PARAGRAPHS = {
    "points": ("Points", _POINTS),
    "questions": ("Questions to the panel", "Each question its own paragraph, after the points."),
    "closing": ("Closing paragraphs", "The paragraphs after the repeated salutation."),
    "lead_in": ("Lead-in to the numbered points", "The paragraphs before the numbered points."),
    "thanks_text": ("The rest of the thanks paragraph", "Words that follow the thanks in the same paragraph."),
    "alignment_text": ("The rest of the alignment paragraph", "Words that follow the alignment in its paragraph."),
}


@dataclass
class Drawn:
    """A template drawn from a statement: its files, and what its author should know about them."""

    files: dict[str, str]
    imported: Imported
    languages: list[str]
    paragraphs: list[str]
    exact: bool = False
    difference: str = ""
    plain: bool = False  # the frame could not be kept: everything after the heading is the delegation's


@dataclass
class _Draft:
    """The pieces of the template as they are written: questions, blocks, the example answers."""

    questions: dict[str, dict[str, object]] = field(default_factory=dict)
    blocks: dict[str, str] = field(default_factory=dict)
    example: dict[str, object] = field(default_factory=dict)
    variants: dict[str, str] = field(default_factory=dict)  # phrase key -> the variant the template names
    keys: set[str] = field(default_factory=set)
    own_words: dict[str, str] = field(default_factory=dict)  # phrase key -> the statement's own wording
    paragraphs: list[str] = field(default_factory=list)


def _definition(question: Question) -> dict[str, object]:
    """A question as questions.yaml writes it, without the conditions that name questions left behind."""
    data = question.model_dump(exclude_unset=True, exclude={"name", "when", "after"})
    return _tidy(data)


def _tidy(data: dict[str, object]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, given in data.items():
        if key in ("name", "when", "after"):
            continue
        value = given
        if key == "choices" and isinstance(given, list):
            value = {c["value"]: c["label"] for c in given if isinstance(c, dict)}
        elif key == "fields" and isinstance(given, dict):
            value = {k: _tidy(v) for k, v in given.items()}
        elif key == "item" and isinstance(given, dict):
            value = _tidy(given)
        out[key] = value
    return out


class Drawer:
    """Writes the template's files from the import's reading of one statement."""

    def __init__(self, engine: Engine, name: str, imported: Imported, source: str) -> None:
        self.engine = engine
        self.name = name
        self.source = source
        self.imported = imported
        self.model = engine.catalog.find(imported.template)
        self.base = engine.catalog.find(BASE)
        self.answers = dict(imported.built.answers)
        self.calls = _passed_answers(engine, self.model)
        self.draft = _Draft()

    # -- the frame ---------------------------------------------------------------------------------
    def call(self, found: Found) -> str:
        """``{{ t("key", variant=…, …) }}`` for a sentence found, its answers asked as questions."""
        self.draft.keys.add(found.key)
        if found.key in _TURNED_TO:  # its variant stays the example's choice (sentences:)
            return _TURNED_TO[found.key]
        arguments = [json.dumps(found.key)]
        if found.variant is not None:
            arguments.append(f"variant={json.dumps(found.variant)}")
            self.draft.variants[found.key] = found.variant
        elif not found.bank:
            self.draft.own_words[found.key] = found.text
        for variable in sorted(self._reads(found.key)):
            arguments += self._argument(found, variable)
        return "{{ t(" + ", ".join(arguments) + ") }}"

    def _reads(self, key: str) -> set[str]:
        """The names any wording of the phrase reads, in any language."""
        env = self.engine.renderer.env
        names: set[str] = set()
        for language in self.engine.bank.phrases:
            phrase = self.engine.bank.phrase(language, key) if self.engine.bank.has_phrase(language, key) else None
            wordings = list(phrase.values()) if isinstance(phrase, Mapping) else [phrase]
            for wording in (w for w in wordings if isinstance(w, str)):
                names |= set(meta.find_undeclared_variables(env.parse(wording))) - set(env.globals)
                if _ADDRESS.search(wording):
                    names.add("address")
        return names

    def _argument(self, found: Found, variable: str) -> list[str]:
        if variable == "address" or variable in self.base.manifest.questions:
            return []
        if variable in _COMPUTED:
            expression, answer = _COMPUTED[variable]
            self._ask(answer, self.model.manifest.questions.get(answer), self.answers.get(answer))
            return [f"{variable}={expression}"]
        passed = self.calls.get(found.key, {}).get(variable)
        if passed is not None and passed in self.model.manifest.questions:
            self._ask(passed, self.model.manifest.questions[passed], self.answers.get(passed))
            return [f"{variable}={passed}"]
        own = self.model.manifest.questions.get(variable)
        # A list the built-in template joins into the sentence: the sentence takes the joined text.
        question = own if own is not None and own.type != "list" else None
        value = self.answers.get(variable) if question is not None else None
        self._ask(variable, question, value if value is not None else found.facts.get(variable))
        return []

    def _ask(self, name: str, question: Question | None, value: object) -> None:
        """The question ``name`` (the built-in template's, else a one-line text), answered with ``value``."""
        if name in self.draft.questions:
            return
        spec: dict[str, object]
        if question is not None:
            spec = _definition(question)
        elif isinstance(value, list):
            spec = {"type": "list", "label": name.replace("_", " ").capitalize(), "item": {"type": "text"}}
        else:
            spec = {"type": "text", "label": name.replace("_", " ").capitalize()}
        if value in (None, "", []):
            spec["required"] = False
        else:
            self.draft.example[name] = value
        self.draft.questions[name] = spec

    def paragraphs(self, name: str, items: list[str]) -> str:
        """The delegation's paragraphs as a question: a list where there are several, else one paragraph."""
        label, help_text = _PARAGRAPHS.get(name.rstrip("_0123456789"), _PARAGRAPHS["points"])
        if len(items) == 1:
            self.draft.questions[name] = {"type": "longtext", "label": label, "help": help_text}
            self.draft.example[name] = items[0]
            text = "{{ " + name + " }}"
        else:
            item = {"type": "longtext", "label": "Paragraph"}
            spec = {"type": "list", "label": label, "help": help_text, "min_items": 1, "item": item}
            self.draft.questions[name] = spec
            self.draft.example[name] = items
            text = "{{ m.paragraphs(" + name + ") }}"
        self.draft.paragraphs.append(name)
        return text

    # -- the sections ------------------------------------------------------------------------------
    def section(self, part: Part) -> None:
        """The block of one section of the statement (of each, for sections said in one paragraph)."""
        joined = part.section.split("+")
        if len(joined) > 1 and len(joined) == len(part.found):
            for name, found in zip(joined, part.found, strict=True):
                self.section(Part(name, [found]))
            return
        if part.section in self.draft.blocks:
            return
        handler = {"body": self._body, "closing": self._closing}.get(part.section, self._sentences)
        block = handler(part)
        if block:  # the addressee's salutation: the shared layout's block says it
            self.draft.blocks[part.section] = block

    def _sentences(self, part: Part) -> str:
        line = " ".join(self.call(found) for found in part.found)
        if part.extra:
            name = f"{part.section}_text"
            if name not in _PARAGRAPHS:
                name = "thanks_text"
            line += " " + self.paragraphs(name, [part.extra])
        return line

    def _body(self, part: Part) -> str:
        lines = [self.call(found) + "\n" for found in part.found]
        actions = self.answers.get("actions")
        if actions and "actions" in self.model.manifest.questions:
            if self.answers.get("lead_in"):
                lines.append(self.paragraphs("lead_in", [str(self.answers["lead_in"])]) + "\n")
            self._ask("actions", self.model.manifest.questions["actions"], actions)
            self.draft.paragraphs.append("actions")
            lines.append("{{ m.numbered(actions) }}")
            return "\n".join(lines)
        pieces: list[str] = []
        for _, sentence, paragraphs, listed in _in_order(part, self.imported.source.body):
            if sentence is not None:
                pieces.append(self.call(sentence))
            elif listed:
                pieces.append(self._listed(listed, paragraphs))
            else:
                pieces += self._free(paragraphs)
        return "\n\n".join(pieces)

    def _free(self, paragraphs: list[Paragraph]) -> list[str]:
        """A run of the delegation's paragraphs: the points, and the questions to the panel that end them."""
        items = free_items(paragraphs)
        asked = _questions_at_end(items)
        points = items[: len(items) - len(asked)]
        name = _unused("points", self.draft.questions)
        pieces = [self.paragraphs(name, points)] if points else []
        if asked:
            pieces.append(self.paragraphs(_unused("questions", self.draft.questions), asked))
        return pieces

    def _listed(self, name: str, items: list[Paragraph]) -> str:
        """Items the statement lists (the questions after "We would like to ask:") as a bulleted list."""
        label = name.replace("_", " ").capitalize()
        self.draft.questions[name] = {"type": "list", "label": label, "min_items": 1, "item": {"type": "text"}}
        self.draft.example[name] = [p.text for p in items]
        self.draft.paragraphs.append(name)
        return "{{ m.bullets(" + name + ") }}"

    def _closing(self, part: Part) -> str:
        lines = [self.call(found) + "\n" for found in part.found]
        if part.paragraphs:
            lines.append(self.paragraphs("closing", free_items(part.paragraphs)))
        return "\n".join(lines)

    def title(self) -> str | None:
        """The title line when the statement names itself otherwise than ``_statement`` does."""
        found = next((f for f in self.imported.reading.heading if f.key in _TITLES), None)
        if found is None or (found.key == "statement_by" and found.variant in (None, self._first("statement_by"))):
            return None
        return self.call(found)

    def _first(self, key: str) -> str | None:
        """The phrase's first variant, the one a template gets without naming one."""
        return next(iter(self.engine.renderer.variants(self.imported.reading.language, key)), None)

    # -- the example -------------------------------------------------------------------------------
    def facts(self) -> None:
        """The base questions' answers (the built-in template's defaults where they differ), the marker,
        the statement's choices of sentences and sections."""
        validated = self._validated()
        for name, question in self.base.manifest.questions.items():
            own = self.model.manifest.questions.get(name)
            if own is not None and own.default != question.default and own.default is not None:
                self.draft.questions[name] = {"default": own.default}
            value = validated.get(name)
            if value is not None and (name in self.answers or value != question.default):
                self.draft.example[name] = value
        for name in sorted(FACT_NAMES - set(self.base.manifest.questions)):
            fact = self.model.manifest.questions.get(name)
            if fact is not None and name not in self.draft.questions:
                self._ask(name, fact, validated.get(name))
        self.draft.example[SENTENCES] = self._sentences_kept(validated)
        if self.answers.get(CONVENTIONS):  # e.g. a French text typed without French typography
            self.draft.example[CONVENTIONS] = self.answers[CONVENTIONS]

    def _validated(self) -> dict[str, object]:
        try:
            return self.engine.validate(self.engine.template(self.imported.template), self.answers)
        except DrafterError:
            return dict(self.answers)

    def _sentences_kept(self, validated: Mapping[str, object]) -> dict[str, object]:
        """The statement's own choices of sentences, less the variants the template now names itself (unless
        the statement's voice would pick another)."""
        voice = str(validated.get("voice") or "")
        language = str(validated.get("language") or "en")
        kept: dict[str, object] = dict(self.draft.own_words)
        chosen = self.answers.get(SENTENCES)
        for key, choice in (chosen if isinstance(chosen, dict) else {}).items():
            named = self.draft.variants.get(key)
            if named is not None and choice == {"use": named}:
                offered = self.engine.renderer.variants(language, key)
                if voice not in offered or voice == named:
                    continue
            kept[key] = choice
        return kept


def _unused(name: str, taken: Mapping[str, object]) -> str:
    """``name``, or ``name_2``, ``name_3`` … when a question already has it."""
    count = 1
    candidate = name
    while candidate in taken:
        count += 1
        candidate = f"{name}_{count}"
    return candidate


Piece = tuple[int, Found | None, list[Paragraph], str]


def _in_order(part: Part, body: Sequence[Paragraph]) -> list[Piece]:
    """The body's sentences, runs of paragraphs and listed items, in the order the statement has them:
    (position, the sentence or None, the paragraphs, the name of the list they answer or '')."""
    position = {id(p): i for i, p in enumerate(body)}
    texts = [p.text for p in body]
    pieces: list[Piece] = [(texts.index(f.text) if f.text in texts else -1, f, [], "") for f in part.found]
    run: list[Paragraph] = []
    for paragraph in part.paragraphs:
        if run and position.get(id(paragraph), -2) != position.get(id(run[-1]), -9) + 1:
            pieces.append((position.get(id(run[0]), 0), None, run, ""))
            run = []
        run.append(paragraph)
    if run:
        pieces.append((position.get(id(run[0]), 0), None, run, ""))
    for name, items in getattr(part, "lists", {}).items():
        pieces.append((position.get(id(items[0]), len(body)) if items else len(body), None, list(items), name))
    return sorted(pieces, key=lambda piece: piece[0])


def _ordered(example: dict[str, object], first: list[str]) -> dict[str, object]:
    """The example's answers as a reader expects them: the statement's facts, its paragraphs, its sentences."""
    ordered = {name: example[name] for name in first if name in example}
    ordered.update({k: v for k, v in example.items() if k not in ordered and k != SENTENCES})
    if example.get(SENTENCES):
        ordered[SENTENCES] = example[SENTENCES]
    return ordered


def _questions_at_end(items: list[str]) -> list[str]:
    """The paragraphs at the end that are questions (to a panel, a mandate holder), when others come first."""
    count = 0
    for item in reversed(items):
        if not item.rstrip().endswith("?") or "\n" in item:
            break
        count += 1
    return items[len(items) - count :] if 0 < count < len(items) else []


def _passed_answers(engine: Engine, bundle: TemplateBundle) -> dict[str, dict[str, str]]:
    """For each phrase key a built-in template names literally: the answers it passes in (``reason=chair_thanks``)."""
    passed: dict[str, dict[str, str]] = {}
    for template_file in read_anatomy(engine.renderer.env, bundle).files:
        for call in template_file.phrase_calls:
            first = call.args[0] if call.args else None
            if isinstance(first, nodes.Const) and isinstance(first.value, str):
                names = {k.key: k.value.name for k in call.kwargs if isinstance(k.value, nodes.Name)}
                passed.setdefault(first.value, {}).update(names)
    return passed


def _template_text(name: str, source: str, drawer: Drawer, title: str | None) -> str:
    head = (
        f'{{#- "{name}", drawn by drafter from {source}.\n'
        '    Every sentence comes from the phrase bank, in the statement\'s language: t("key") prints it,\n'
        f'    variant="…" picks one of its wordings (`drafter templates show {name} --sentences` lists them).\n'
        "    The delegation's paragraphs are the questions of questions.yaml. -#}\n"
        '{% extends "_statement/template.md.j2" %}\n{% import "_shared/macros.md.j2" as m with context %}\n'
    )
    blocks = [f"{{% block title %}}{title}{{% endblock %}}"] if title else []
    blocks += [f"{{% block {n} %}}\n{text}\n{{% endblock %}}" for n, text in drawer.draft.blocks.items()]
    return head + "\n" + "\n\n".join(blocks) + "\n"


def _manifest_text(name: str, drawer: Drawer, languages: list[str], sections: list[str]) -> str:
    model = drawer.model.manifest
    data: dict[str, object] = {
        "title": name.replace("-", " ").replace("_", " ").capitalize(),
        "description": f"A statement like {drawer.source}, drawn from it (closest built-in template: "
        f"{drawer.imported.template}).",
        "extends": BASE,
        "languages": languages,
    }
    if model.forum:
        data["forum"] = model.forum
    if model.interactive:
        data["interactive"] = True
    data[SECTIONS] = sections
    data["questions"] = drawer.draft.questions
    head = (
        f'# Questions of "{name}": rename, remove or add them here (and where template.md.j2 prints them),\n'
        f"# then run `drafter templates check {name}`. The questions every statement asks (delegation,\n"
        "# meeting, date…) come from _statement. See docs/templates.md.\n"
    )
    return head + dump_yaml(data)


def _languages(engine: Engine, language: str, keys: set[str]) -> list[str]:
    """The statement's language and every other one in which the bank has all the template's sentences."""
    bank = engine.bank
    return [other for other in bank.phrases if other == language or all(bank.has_phrase(other, key) for key in keys)]


def draw_template(engine: Engine, name: str, statement: Path) -> Drawn:
    """The files of a template drawn from ``statement``, checked to render it back: the frame as the bank's
    sentences; failing that, with the statement's own choice of every sentence in the example; failing
    that, the heading kept and everything after it as the delegation's paragraphs."""
    imported = import_statement(engine, statement)
    drawn = _draw(engine, name, imported, statement.name, keep_sentences=False)
    if not drawn.exact:
        drawn = _draw(engine, name, imported, statement.name, keep_sentences=True)
    if not drawn.exact:
        plain = replace(imported.reading, parts=[Part("body", paragraphs=list(imported.source.body))])
        second = _draw(engine, name, replace(imported, built=replace(imported.built, reading=plain)), statement.name)
        if second.exact:
            second.plain = True
            return second
    return drawn


def _draw(engine: Engine, name: str, imported: Imported, source: str, keep_sentences: bool = True) -> Drawn:
    drawer = Drawer(engine, name, imported, source)
    title = drawer.title()
    for part in imported.reading.parts:
        drawer.section(part)
    drawer.facts()
    if keep_sentences:
        given = imported.built.answers.get(SENTENCES)
        whole = dict(given) if isinstance(given, dict) else {}
        own = drawer.draft.example.get(SENTENCES)
        drawer.draft.example[SENTENCES] = {**whole, **(own if isinstance(own, dict) else {})}
    drawer.draft.example = _ordered(drawer.draft.example, list(drawer.base.manifest.questions))
    language = str(drawer.draft.example.get("language") or imported.reading.language)
    languages = _languages(engine, language, drawer.draft.keys)
    files = {
        MANIFEST: _manifest_text(name, drawer, languages, [p.section for p in imported.reading.parts]),
        ENTRY: _template_text(name, source, drawer, title),
        EXAMPLE: answers_document(name, drawer.draft.example),
    }
    drawn = Drawn(files, imported, languages, drawer.draft.paragraphs)
    _verify(engine, name, drawn)
    return drawn


def _verify(engine: Engine, name: str, drawn: Drawn) -> None:
    """Render the example with the files as they would be written; note whether it gives the statement back."""
    with tempfile.TemporaryDirectory(prefix="drafter-") as folder:
        target = Path(folder) / name
        target.mkdir()
        for filename, text in drawn.files.items():
            (target / filename).write_text(text, encoding="utf-8")
        catalog = Catalog([TemplateRoot(Path(folder), "--template-dir"), *engine.catalog.roots])
        trial = Engine(catalog)
        try:
            bundle = trial.template(name)
            answers = trial.validate(bundle, _without_end_mark(drawn_answers(drawn)))
            statement = trial.compose(bundle, answers)
        except DrafterError as exc:
            drawn.exact, drawn.difference = False, str(exc).splitlines()[0]
            return
    expected_front, expected = rows_of(drawn.imported.source)
    front, body = rows_of_draft(statement.draft, statement.info.marker)
    drawn.exact = body == expected and front == expected_front
    if not drawn.exact:
        pairs = enumerate(zip(expected, body, strict=False))
        first = next((i for i, (a, b) in pairs if a != b), min(len(body), len(expected)))
        got = body[first][0][:60] if first < len(body) else "nothing"
        want = expected[first][0][:60] if first < len(expected) else "nothing"
        drawn.difference = f"paragraph {first + 1}: the statement has {want!r}, the example gives {got!r}"


def _without_end_mark(answers: dict[str, object]) -> dict[str, object]:
    """The answers without the delegation's end mark ("./."): the statement is read without it."""
    given = answers.get(CONVENTIONS)
    if not isinstance(given, dict) or "end_mark" not in given:
        return answers
    return {**answers, CONVENTIONS: {k: v for k, v in given.items() if k != "end_mark"}}


def drawn_answers(drawn: Drawn) -> dict[str, object]:
    """The example's answers, as the example file holds them."""
    from drafter.inputs.yamlio import parse_yaml

    data = dict(parse_yaml(drawn.files[EXAMPLE], Path(EXAMPLE)).data)
    data.pop("template", None)
    return data
