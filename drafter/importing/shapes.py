"""Where a template puts the sentences of its frame and the delegation's paragraphs, read from the template.

Every template, built-in or a user's own (one that shadows a built-in included), is read the same way:
its Jinja files are parsed (the template's own, then the ones it extends), and each block it renders
says, in order, which sentences it writes (``t("key")``, ``opening()``, ``salutation()``) with the answers
each is given (``t("thank_chair", reason=chair_thanks)``: the phrase's ``reason`` is the answer
``chair_thanks``), and which answers it prints (``{{ lead_in }}``, ``m.paragraphs(points)``). The answers a
``{% if %}`` tests are noted, so a sentence found sets the yes/no question that shows it. Renaming a
question, or adding one, changes the shape with it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from jinja2 import Environment, TemplateSyntaxError, nodes

from drafter.inputs.catalog import TemplateBundle

# Helpers of the renderer: what a template calls them with is not an answer of its own.
_HELPERS = frozenset({"t", "address", "connector", "group", "join_all", "join_phrase", "statements_of", "raw"})
# Helpers that write a sentence of the frame.
_SENTENCE_HELPERS = {"opening": "opening", "salutation": "salutation"}
HEADING_BLOCK = "front"


@dataclass(frozen=True)
class Sentence:
    """A sentence a block writes: its key (``{name}`` where an answer picks part of it), the answers it is
    given by phrase variable, and the yes/no answers that show it (``True``) or hide it (``False``)."""

    key: str
    given: tuple[tuple[str, str], ...] = ()
    shown_by: tuple[tuple[str, bool], ...] = ()

    @property
    def root(self) -> str:
        """The key's fixed first part: ``explain`` for ``explain.{timing}``."""
        return self.key.split(".", 1)[0]

    def answer_for(self, variable: str) -> str:
        """The answer a phrase variable of this sentence comes from (by default, the answer of that name)."""
        return dict(self.given).get(variable, variable)


@dataclass(frozen=True)
class Printed:
    """An answer a block prints as it is (free text, a list of paragraphs, themes, numbered actions)."""

    name: str
    shown_by: tuple[tuple[str, bool], ...] = ()


Use = Sentence | Printed


@dataclass(frozen=True)
class Shape:
    """A template's frame as ``recognise`` looks for it and ``answers`` fills it in."""

    name: str
    sections: tuple[str, ...]
    blocks: dict[str, tuple[Use, ...]] = field(default_factory=dict)

    def sentences(self, section: str) -> tuple[Sentence, ...]:
        """The sentences a section writes, in order."""
        return tuple(u for u in self.blocks.get(section, ()) if isinstance(u, Sentence))

    def printed(self, section: str) -> tuple[str, ...]:
        """The answers a section prints, in order."""
        return tuple(u.name for u in self.blocks.get(section, ()) if isinstance(u, Printed))

    def all_sentences(self) -> tuple[Sentence, ...]:
        """Every sentence the template writes."""
        return tuple(u for uses in self.blocks.values() for u in uses if isinstance(u, Sentence))

    def printed_anywhere(self) -> frozenset[str]:
        """Every answer a block prints (they show their sentences by being given)."""
        return frozenset(u.name for uses in self.blocks.values() for u in uses if isinstance(u, Printed))

    def keys(self, section: str) -> tuple[str, ...]:
        """The keys of the sentences a section writes."""
        return tuple(s.key for s in self.sentences(section))

    @property
    def heading(self) -> tuple[str, ...]:
        """The heading lines' sentence keys, in the order the reading copy shows them: the title first."""
        return (self.title, *(k for k in self.keys(HEADING_BLOCK) if k != self.title))

    @property
    def title(self) -> str:
        """The sentence of the title line."""
        return next(iter(self.keys("title")), "statement_by")

    def sentence(self, key: str) -> Sentence | None:
        """The use of the sentence ``key`` (a pattern's key matches its expansions: ``explain.after``)."""
        for uses in self.blocks.values():
            for use in uses:
                if isinstance(use, Sentence) and fits(use.key, key):
                    return use
        return None

    def body_answers(self) -> tuple[str, ...]:
        """The answers the body prints, in order."""
        return self.printed("body")

    def body_lead(self) -> tuple[str, ...]:
        """Sentences the body writes before the delegation's paragraphs (a reply's opening sentence)."""
        lead: list[str] = []
        for use in self.blocks.get("body", ()):
            if isinstance(use, Printed):
                break
            lead.append(use.key)
        return tuple(lead)

    def body_lists(self) -> tuple[tuple[str, str], ...]:
        """(lead sentence, answer) pairs the body writes after its paragraphs ("We would like to ask:" and
        the questions)."""
        pairs: list[tuple[str, str]] = []
        uses = self.blocks.get("body", ())
        for index, use in enumerate(uses[1:], start=1):
            previous = uses[index - 1]
            if isinstance(use, Printed) and isinstance(previous, Sentence) and index > 1:
                pairs.append((previous.key, use.name))
        return tuple(pairs)


def fits(pattern: str, key: str) -> bool:
    """Whether a bank key is one a template's sentence key stands for (``explain.after`` for ``explain.{timing}``)."""
    parts, wanted = pattern.split("."), key.split(".")
    return len(parts) == len(wanted) and all(p == w or p.startswith("{") for p, w in zip(parts, wanted, strict=True))


def read_shape(env: Environment, bundle: TemplateBundle) -> Shape:
    """The shape of ``bundle``, read from its Jinja files (the template's own blocks override its parents')."""
    questions = set(bundle.manifest.questions)
    blocks: dict[str, tuple[Use, ...]] = {}
    aliases: dict[str, str] = {}
    for tree in _lineage(env, bundle.entry):
        aliases.update({k: v for k, v in _assignments(tree).items() if k not in aliases})
        for block in tree.find_all(nodes.Block):
            if block.name not in blocks:
                reader = _BlockReader(questions, aliases)
                blocks[block.name] = tuple(reader.read(block.body))
    sections = (*bundle.manifest.sections, "salutation")
    return Shape(bundle.name, tuple(dict.fromkeys(sections)), blocks)


def _lineage(env: Environment, entry: str) -> Iterator[nodes.Template]:
    """The template's file, then each file it extends."""
    name: str | None = entry
    seen: set[str] = set()
    while name and name not in seen:
        seen.add(name)
        try:
            source, _, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
            tree = env.parse(source)
        except (TemplateSyntaxError, OSError, LookupError):
            return
        yield tree
        extends = next(iter(tree.find_all(nodes.Extends)), None)
        name = extends.template.value if extends is not None and isinstance(extends.template, nodes.Const) else None


def _assignments(tree: nodes.Template) -> dict[str, str]:
    """Names a template sets from an answer (``{% set speaking_for = group_name or … %}``)."""
    found: dict[str, str] = {}
    for assign in tree.find_all(nodes.Assign):
        if isinstance(assign.target, nodes.Name):
            first = next((n.name for n in assign.node.find_all(nodes.Name)), None)
            if first is not None:
                found[assign.target.name] = first
    return found


@dataclass
class _BlockReader:
    """Walks a block's nodes in order, noting the sentences it writes and the answers it prints."""

    questions: set[str]
    aliases: dict[str, str]
    shown_by: list[tuple[str, bool]] = field(default_factory=list)
    loop_names: set[str] = field(default_factory=set)

    def read(self, body: Sequence[nodes.Node]) -> Iterator[Use]:
        for node in body:
            yield from self._node(node)

    def _node(self, node: nodes.Node) -> Iterator[Use]:
        if isinstance(node, nodes.If):
            yield from self._branches(node)
        elif isinstance(node, nodes.For):
            yield from self._loop(node)
        elif isinstance(node, nodes.Output):
            for expression in node.nodes:
                yield from self._expression(expression)
        elif isinstance(node, nodes.Block):
            return  # a nested block is read as a block of its own
        else:
            for child in node.iter_child_nodes():
                yield from self._node(child)

    def _branches(self, node: nodes.If) -> Iterator[Use]:
        test = node.test.name if isinstance(node.test, nodes.Name) else None
        for branch, shown in ((node.body, True), ([*node.elif_, *node.else_], False)):
            if test is not None:
                self.shown_by.append((self.aliases.get(test, test), shown))
            yield from self.read(branch)
            if test is not None:
                self.shown_by.pop()

    def _loop(self, node: nodes.For) -> Iterator[Use]:
        iterated = next((n.name for n in node.iter.find_all(nodes.Name)), None)
        if iterated in self.questions:
            yield Printed(iterated, tuple(self.shown_by))
        targets = {n.name for n in node.target.find_all(nodes.Name)}
        self.loop_names |= targets
        for child in node.body:
            for use in self._node(child):
                if isinstance(use, Sentence):
                    yield use
        self.loop_names -= targets

    def _expression(self, node: nodes.Node) -> Iterator[Use]:
        if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name):
            sentence = self._sentence(node)
            if sentence is not None:
                yield sentence
                return
        if isinstance(node, nodes.Name) and node.name in self.questions and node.name not in self.loop_names:
            yield Printed(node.name, tuple(self.shown_by))
            return
        for child in node.iter_child_nodes():
            yield from self._expression(child)

    def _sentence(self, call: nodes.Call) -> Sentence | None:
        assert isinstance(call.node, nodes.Name)
        name = call.node.name
        if name in _SENTENCE_HELPERS:
            return Sentence(_SENTENCE_HELPERS[name], shown_by=tuple(self.shown_by))
        if name != "t" or not call.args:
            return None
        key = _key_of(call.args[0])
        if key is None:
            return None
        given = []
        for keyword in call.kwargs:
            first = next((n.name for n in keyword.value.find_all(nodes.Name) if n.name not in _HELPERS), None)
            if isinstance(keyword.value, nodes.Name):
                first = keyword.value.name
            if keyword.key != "variant" and first is not None:
                given.append((keyword.key, self.aliases.get(first, first)))
        return Sentence(key, tuple(given), tuple(self.shown_by))


def _key_of(node: nodes.Node) -> str | None:
    """A phrase key written literally or joined from parts (``"explain." ~ timing`` → ``explain.{timing}``)."""
    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        return node.value
    if isinstance(node, nodes.Filter) and node.node is not None and not node.args:
        wrapped: nodes.Node = node.node
        return _key_of(wrapped)  # the sandbox's own bound on joined strings
    if isinstance(node, nodes.Concat):
        parts = [_key_of(n) if not isinstance(n, nodes.Name) else f"{{{n.name}}}" for n in node.nodes]
        return "".join(parts) if all(p is not None for p in parts) else None  # type: ignore[arg-type]
    return None
