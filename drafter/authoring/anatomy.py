"""What a template is made of, read without running it: its files, blocks, variables and phrases."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, TemplateNotFound, TemplateSyntaxError, meta, nodes

from drafter.errors import Problem, TemplateError
from drafter.inputs.catalog import ENTRY, SHARED, TemplateBundle
from drafter.render.explain import explain_syntax, suggest

_BLOCK_TAG = re.compile(r"{%-?\s*(block\s+(\w+)|endblock(?:\s+\w+)?)\s*[-+]?%}")
_REFERENCES: dict[type[nodes.Node], str] = {
    nodes.Extends: "extends",
    nodes.Import: "import",
    nodes.FromImport: "from",
    nodes.Include: "include",
}


@dataclass(frozen=True)
class Reference:
    """A template file named by another: how (extends, import, from, include), and on which line."""

    name: str
    tag: str
    line: int


@dataclass
class TemplateFile:
    """One Jinja file of a template's lineage, parsed."""

    name: str
    path: Path
    source: str
    tree: nodes.Template

    @property
    def blocks(self) -> list[str]:
        """The blocks this file defines, in order."""
        return [block.name for block in self.tree.find_all(nodes.Block)]

    @property
    def top_blocks(self) -> list[nodes.Block]:
        """The blocks not nested in another block: in a file that extends another, those replace the parent's."""
        nested = {id(inner) for block in self.tree.find_all(nodes.Block) for inner in block.find_all(nodes.Block)}
        return [block for block in self.tree.find_all(nodes.Block) if id(block) not in nested]

    @property
    def parent(self) -> Reference | None:
        """The file this one extends, when it names it literally."""
        return next((r for r in self.references if r.tag == "extends"), None)

    @property
    def variables(self) -> set[str]:
        """Names the file reads from its context (answers, helpers), not the ones it defines itself."""
        defined = {node.target for node in self.tree.find_all(nodes.Import)}
        defined |= {
            name if isinstance(name, str) else name[1]
            for node in self.tree.find_all(nodes.FromImport)
            for name in node.names
        }
        defined |= {node.name for node in self.tree.find_all(nodes.Macro)}
        assigns: list[nodes.Assign | nodes.AssignBlock] = [
            *self.tree.find_all(nodes.Assign),
            *self.tree.find_all(nodes.AssignBlock),
        ]
        for assign in assigns:
            target = assign.target
            defined |= (
                {target.name} if isinstance(target, nodes.Name) else {n.name for n in target.find_all(nodes.Name)}
            )
        try:
            return set(meta.find_undeclared_variables(self.tree)) - defined
        except TemplateSyntaxError:  # an unknown filter or test, reported on its own: names read roughly
            names = list(self.tree.find_all(nodes.Name))
            stored = {n.name for n in names if n.ctx != "load"}
            return {n.name for n in names if n.ctx == "load"} - stored - defined

    @property
    def phrase_calls(self) -> list[nodes.Call]:
        """Every call of ``t(…)``."""
        return [
            call
            for call in self.tree.find_all(nodes.Call)
            if isinstance(call.node, nodes.Name) and call.node.name == "t"
        ]

    @property
    def phrase_keys(self) -> set[str]:
        """Phrase keys passed literally to ``t("…")``."""
        keys = set()
        for call in self.phrase_calls:
            first = call.args[0] if call.args else None
            if isinstance(first, nodes.Const) and isinstance(first.value, str):
                keys.add(first.value)
        return keys

    @property
    def references(self) -> list[Reference]:
        """Templates this file extends, imports or includes (when named literally), with their lines."""
        found = []
        for node in self.tree.find_all(tuple(_REFERENCES)):
            target = getattr(node, "template", None)
            if isinstance(target, nodes.Const) and isinstance(target.value, str):
                found.append(Reference(target.value, _REFERENCES[type(node)], node.lineno))
        return found

    def line_of(self, node: nodes.Node) -> Problem:
        """A Problem at ``node``'s line in this file, to give a message to."""
        return Problem("", path=self.path, line=node.lineno)


@dataclass
class Anatomy:
    """Every file a template renders through (its own, its parents', the macros they import)."""

    files: list[TemplateFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def variables(self) -> set[str]:
        """Every name read from the context by any of the files."""
        return set().union(*(f.variables for f in self.files)) if self.files else set()

    @property
    def phrase_keys(self) -> set[str]:
        """Every phrase key used literally."""
        return set().union(*(f.phrase_keys for f in self.files)) if self.files else set()

    def file(self, name: str) -> TemplateFile | None:
        """The file of that Jinja name, when it was read."""
        return next((f for f in self.files if f.name == name), None)

    def ancestors(self, template_file: TemplateFile) -> list[TemplateFile]:
        """The files ``template_file`` extends, nearest first."""
        chain: list[TemplateFile] = []
        current: TemplateFile | None = template_file
        while current is not None and current.parent is not None:
            current = self.file(current.parent.name)
            if current is None or current in chain:
                break
            chain.append(current)
        return chain

    def block_owners(self) -> list[tuple[str, str]]:
        """(block, the file whose version renders) for each block, in the order the layout defines them."""
        owners: dict[str, str] = {}
        order: list[str] = []
        for template_file in self.files:
            for block in template_file.blocks:
                owners.setdefault(block, template_file.name)
        for template_file in reversed(self.files):
            for block in template_file.blocks:
                if block not in order:
                    order.append(block)
        return [(block, owners[block]) for block in order]


def template_name(jinja_name: str) -> str:
    """The template a Jinja file name belongs to: ``_statement/template.md.j2`` → ``_statement``."""
    return jinja_name.removesuffix(f"/{ENTRY}")


def read_anatomy(env: Environment, bundle: TemplateBundle) -> Anatomy:
    """Parse the template's entry point and everything it names, collecting mistakes where they are."""
    anatomy = Anatomy()
    pending: list[tuple[str, TemplateFile | None, Reference | None]] = [(bundle.entry, None, None)]
    seen: set[str] = set()
    while pending:
        name, referrer, reference = pending.pop(0)
        if name in seen:
            continue
        seen.add(name)
        template_file = _read(env, name, referrer, reference, anatomy)
        if template_file is not None:
            anatomy.files.append(template_file)
            pending += [(r.name, template_file, r) for r in template_file.references]
    return anatomy


def _read(
    env: Environment, name: str, referrer: TemplateFile | None, reference: Reference | None, anatomy: Anatomy
) -> TemplateFile | None:
    try:
        source, filename, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
    except TemplateNotFound:
        anatomy.problems.append(_not_found(env, name, referrer, reference))
        return None
    except (OSError, UnicodeDecodeError) as exc:
        anatomy.problems.append(Problem(f"cannot read the template file {name}: {exc}"))
        return None
    path = Path(filename) if filename else Path(name)
    try:
        tree = env.parse(source, name, str(path))
    except TemplateSyntaxError as exc:
        message, line = explain_syntax(env, exc, source)
        anatomy.problems.append(Problem(message, path=path, line=line))
        return None
    return TemplateFile(name, path, source, tree)


def template_files(env: Environment) -> list[str]:
    """The Jinja names of every template's entry point and of the shared macros, to suggest from."""
    names = [n for n in env.list_templates(filter_func=lambda n: n.endswith(".j2"))]
    return [n for n in names if n.endswith(f"/{ENTRY}") or n.startswith(f"{SHARED}/")]


def _not_found(env: Environment, name: str, referrer: TemplateFile | None, reference: Reference | None) -> Problem:
    if referrer is None or reference is None:
        return Problem(f"the template file {name} does not exist")
    try:
        known = template_files(env)
    except (OSError, TypeError):
        known = []
    message = f"{{% {reference.tag} %}} names '{name}', which does not exist{suggest(name, known)}"
    return Problem(message, path=referrer.path, line=reference.line)


def block_source(source: str, block: str) -> str:
    """The text of ``{% block name %}…{% endblock %}`` in ``source``, tags included."""
    depth = 0
    start = None
    for match in _BLOCK_TAG.finditer(source):
        if match.group(2) is not None:
            if match.group(2) == block and start is None:
                start, depth = match.start(), 0
            depth += 1
        elif start is not None:
            depth -= 1
            if depth == 0:
                return source[start : match.end()]
    raise TemplateError(Problem(f"no block '{block}' in this template"))
