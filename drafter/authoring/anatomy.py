"""What a template is made of, read without running it: its files, blocks, variables and phrases."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, TemplateSyntaxError, meta, nodes

from drafter.errors import Problem, TemplateError
from drafter.inputs.catalog import TemplateBundle

_BLOCK_TAG = re.compile(r"{%-?\s*(block\s+(\w+)|endblock(?:\s+\w+)?)\s*[-+]?%}")


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
        return set(meta.find_undeclared_variables(self.tree)) - defined

    @property
    def phrase_keys(self) -> set[str]:
        """Phrase keys passed literally to ``t("…")``."""
        keys = set()
        for call in self.tree.find_all(nodes.Call):
            if isinstance(call.node, nodes.Name) and call.node.name == "t" and call.args:
                first = call.args[0]
                if isinstance(first, nodes.Const) and isinstance(first.value, str):
                    keys.add(first.value)
        return keys

    @property
    def references(self) -> list[str]:
        """Templates this file extends, imports or includes (when named literally)."""
        return [name for name in meta.find_referenced_templates(self.tree) if name]


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


def read_anatomy(env: Environment, bundle: TemplateBundle) -> Anatomy:
    """Parse the template's entry point and everything it names, collecting syntax errors."""
    anatomy = Anatomy()
    pending = [bundle.entry]
    seen: set[str] = set()
    while pending:
        name = pending.pop(0)
        if name in seen:
            continue
        seen.add(name)
        try:
            source, filename, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
        except Exception as exc:
            anatomy.problems.append(Problem(f"cannot read the template file {name}: {exc}"))
            continue
        path = Path(filename) if filename else Path(name)
        try:
            tree = env.parse(source, name, str(path))
        except TemplateSyntaxError as exc:
            anatomy.problems.append(Problem(f"template syntax error: {exc.message}", path=path, line=exc.lineno))
            continue
        template_file = TemplateFile(name, path, source, tree)
        anatomy.files.append(template_file)
        pending += template_file.references
    return anatomy


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
