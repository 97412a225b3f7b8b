"""How a template uses answers, drafter's helpers and filters, the phrase bank, macros and its parent's
blocks, checked without running it: each mistake at its file and line, with the name probably meant."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from jinja2 import nodes

from drafter.authoring.anatomy import Anatomy, TemplateFile, template_name
from drafter.engine import Engine
from drafter.errors import InputError, Problem
from drafter.inputs.catalog import SHARED, TemplateBundle
from drafter.inputs.manifest import Question
from drafter.inputs.validation import did_you_mean
from drafter.inputs.yamlio import load_yaml
from drafter.render.explain import IMPORT_MACROS, suggest
from drafter.render.frame import FRAME_NAMES

SHARED_MACROS = f"{SHARED}/macros.md.j2"
# What each of drafter's own macros takes, said the way a template author reads questions.yaml.
_GROUPS = "items with fields: {text, points} (a list question with fields: text and points)"
_SINGLE = "a list of single paragraphs (a list question with item: longtext)"
_MACRO_TAKES = {"numbered": _GROUPS, "paragraphs": _SINGLE, "bullets": _SINGLE}


@dataclass
class Usage:
    """What the usage checks found: errors, warnings, and the phrase keys already reported."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    phrase_keys: set[str] = field(default_factory=set)


def _at(where: Problem, message: str) -> Problem:
    return replace(where, message=message)


def _macros(template_file: TemplateFile) -> dict[str, nodes.Macro]:
    return {macro.name: macro for macro in template_file.tree.find_all(nodes.Macro)}


class UsageChecker:
    """Runs the checks of how one template uses what it names."""

    def __init__(self, engine: Engine, bundle: TemplateBundle, anatomy: Anatomy) -> None:
        self.engine = engine
        self.bundle = bundle
        self.anatomy = anatomy
        self.env = engine.renderer.env
        self.usage = Usage()

    def run(self) -> Usage:
        """Every check, file by file."""
        for template_file in self.anatomy.files:
            self.check_names(template_file)
            self.check_filters(template_file)
            self.check_phrases(template_file)
            self.check_macros(template_file)
            self.check_blocks(template_file)
        return self.usage

    def error(self, where: Problem, message: str) -> None:
        """Record an error at ``where``."""
        self.usage.errors.append(_at(where, message))

    # -- names -------------------------------------------------------------------------------------
    def check_names(self, template_file: TemplateFile) -> None:
        """Names read that no question declares and no helper is, at their first use."""
        questions = self.bundle.manifest.questions
        helpers = set(self.env.globals)
        known = [*questions, *helpers, *FRAME_NAMES]
        unknown = template_file.variables - helpers - set(questions) - FRAME_NAMES - set(self.bundle.manifest.remove)
        called = {
            call.node.name for call in template_file.tree.find_all(nodes.Call) if isinstance(call.node, nodes.Name)
        }
        for name in sorted(unknown):
            node = next(n for n in template_file.tree.find_all(nodes.Name) if n.name == name and n.ctx == "load")
            local = [n.name for n in template_file.tree.find_all(nodes.Name) if n.ctx != "load"]
            if name == "m":
                message = f"'m' names drafter's macros only once they are imported: add {IMPORT_MACROS} at the top"
            elif name in called:
                message = f"there is no helper '{name}'{suggest(name, helpers)}"
            else:
                message = f"the template uses '{name}', which no question in questions.yaml declares"
                message += suggest(name, [*known, *local])
            self.error(template_file.line_of(node), message)

    def check_filters(self, template_file: TemplateFile) -> None:
        """Filters (``| longdate``) and tests (``is odd``) that do not exist."""
        filters = [name for name in self.env.filters if not name.startswith("drafter_")]
        for node in template_file.tree.find_all(nodes.Filter):
            if node.name not in self.env.filters:
                self.error(
                    template_file.line_of(node), f"there is no filter '{node.name}'{suggest(node.name, filters)}"
                )
        for test in template_file.tree.find_all(nodes.Test):
            if test.name not in self.env.tests:
                self.error(
                    template_file.line_of(test), f"there is no test '{test.name}'{suggest(test.name, self.env.tests)}"
                )

    # -- phrases -----------------------------------------------------------------------------------
    def check_phrases(self, template_file: TemplateFile) -> None:
        """``t()`` calls: a key given, known in every language the template declares, and a variant it has."""
        for call in template_file.phrase_calls:
            where = template_file.line_of(call)
            key = _literal(call.args[0]) if call.args else _keyword(call, "key")
            if not call.args and call.dyn_args is None and not any(k.key == "key" for k in call.kwargs):
                self.error(where, 't() needs the key of a phrase between its brackets, e.g. t("closing_thanks")')
                continue
            if key is None:
                continue
            if self._phrase_missing(key, where):
                self.usage.phrase_keys.add(key)
                continue
            variant = _keyword(call, "variant")
            if variant is not None:
                self._check_variant(key, variant, where)

    def _phrase_missing(self, key: str, where: Problem) -> bool:
        bank = self.engine.bank
        languages = self.bundle.manifest.languages
        missing = [lang for lang in languages if lang in bank.phrases and not bank.has_phrase(lang, key)]
        if not missing:
            return False
        have = [lang for lang in bank.phrases if bank.has_phrase(lang, key)]
        if not have:
            self.error(where, f"there is no phrase '{key}' in the phrase bank{suggest(key, bank.sentence_variants)}")
            return True
        names = " or ".join(bank.language_name(lang) for lang in missing)
        where_to = " and ".join(str(self._phrase_file(key, have[0], lang)) for lang in missing)
        declared = ", ".join(languages)
        self.error(
            where,
            f"the phrase '{key}' has no {names} version, and the template declares languages: [{declared}]; "
            f"add it to {where_to}",
        )
        return True

    def _phrase_file(self, key: str, defined_in: str, language: str) -> Path:
        """The phrases file to add ``key`` to in ``language``: beside the file that defines it in another."""
        files = self.engine.catalog.shared_files(f"phrases/{defined_in}.yaml")
        for path in reversed(files):
            try:
                node = load_yaml(path).data
            except InputError:
                continue
            for part in key.split("."):
                node = node.get(part) if isinstance(node, dict) else None
            if node is not None:
                return _shown(path.with_name(f"{language}.yaml"))
        return Path(SHARED, "phrases", f"{language}.yaml")

    def _check_variant(self, key: str, variant: str, where: Problem) -> None:
        renderer = self.engine.renderer
        offered: dict[str, str] = {}
        for language in self.bundle.manifest.languages:
            if language in self.engine.bank.phrases:
                offered.update(renderer.variants(language, key))
        if not offered:
            self.error(where, f"the phrase '{key}' has one wording, without variants: remove variant=\"{variant}\"")
        elif variant not in offered:
            self.error(
                where,
                f"the phrase '{key}' has no variant '{variant}'{suggest(variant, offered)} "
                f"(its variants: {', '.join(offered)})",
            )

    # -- macros ------------------------------------------------------------------------------------
    def check_macros(self, template_file: TemplateFile) -> None:
        """Macros imported from another file: the names exist, calls give arguments they take."""
        imported: dict[str, tuple[str, dict[str, nodes.Macro]]] = {}
        for node in template_file.tree.find_all(nodes.Import):
            macro_file = self._imported_file(node)
            if macro_file is not None:
                imported[node.target] = (macro_file.name, _macros(macro_file))
        for from_import in template_file.tree.find_all(nodes.FromImport):
            self._check_from_import(template_file, from_import)
        for getattr_node in template_file.tree.find_all(nodes.Getattr):
            target = getattr_node.node
            if isinstance(target, nodes.Name) and target.name in imported:
                macros = imported[target.name][1]
                if getattr_node.attr not in macros:
                    self.error(
                        template_file.line_of(getattr_node),
                        f"the macros have no '{getattr_node.attr}'{suggest(getattr_node.attr, macros)} "
                        f"(macros: {', '.join(macros)})",
                    )
        for call in template_file.tree.find_all(nodes.Call):
            called = call.node
            if (
                isinstance(called, nodes.Getattr)
                and isinstance(called.node, nodes.Name)
                and called.node.name in imported
            ):
                source, macros = imported[called.node.name]
                if called.attr in macros:
                    self._check_call(template_file, call, macros[called.attr], source)

    def _imported_file(self, node: nodes.Import | nodes.FromImport) -> TemplateFile | None:
        name = _literal(node.template)
        return self.anatomy.file(name) if name is not None else None

    def _check_from_import(self, template_file: TemplateFile, node: nodes.FromImport) -> None:
        source = self._imported_file(node)
        if source is None:
            return
        macros = _macros(source)
        for entry in node.names:
            name = entry if isinstance(entry, str) else entry[0]
            if name not in macros:
                self.error(
                    template_file.line_of(node),
                    f"{source.name} has no macro '{name}'{suggest(name, macros)} (macros: {', '.join(macros)})",
                )

    def _check_call(self, template_file: TemplateFile, call: nodes.Call, macro: nodes.Macro, source: str) -> None:
        where = template_file.line_of(call)
        arguments = [arg.name for arg in macro.args]
        free = any(n.name in ("varargs", "kwargs") for n in macro.find_all(nodes.Name))
        for keyword in call.kwargs:
            if keyword.key not in arguments and not free:
                self.error(
                    where,
                    f"m.{macro.name} has no argument '{keyword.key}'{suggest(keyword.key, arguments)} "
                    f"(its arguments: {', '.join(arguments)})",
                )
        if len(call.args) > len(arguments) and not free:
            self.error(where, f"m.{macro.name} takes at most {len(arguments)} value(s): {', '.join(arguments)}")
        if source == SHARED_MACROS and call.args and isinstance(call.args[0], nodes.Name):
            self._check_shape(where, macro.name, call.args[0].name)

    def _check_shape(self, where: Problem, macro: str, answer: str) -> None:
        """drafter's macros print lists of a given shape: say so when the question given has another."""
        question = self.bundle.manifest.questions.get(answer)
        takes = _MACRO_TAKES.get(macro)
        if question is None or takes is None:
            return
        shape = _shape(question)
        wanted = "groups" if takes == _GROUPS else "single"
        if shape == wanted:
            return
        if shape == "single":
            fix = f"use m.paragraphs({answer}), or give '{answer}' fields: text and points"
            what = f"'{answer}' is a list of single paragraphs (item:)"
        elif shape == "groups":
            fix = f"use m.numbered({answer}), or give '{answer}' an item: instead of fields:"
            what = f"each '{answer}' item is a group of answers (fields:)"
        else:
            fix = f"make '{answer}' a list question"
            what = f"'{answer}' is a {question.type} question, not a list"
        self.error(where, f"m.{macro} takes {takes}, but {what}; {fix}")

    # -- blocks ------------------------------------------------------------------------------------
    def check_blocks(self, template_file: TemplateFile) -> None:
        """In a file that extends another, every block it writes must be one of the parent's, or it never shows."""
        parent = template_file.parent
        ancestors = self.anatomy.ancestors(template_file)
        if parent is None or not ancestors:
            return
        allowed = list(dict.fromkeys(block for ancestor in ancestors for block in ancestor.blocks))
        for block in template_file.top_blocks:
            if block.name in allowed:
                continue
            meant = did_you_mean(block.name, allowed)
            hint = f": did you mean '{meant}'?" if meant else ""
            self.error(
                template_file.line_of(block),
                f"block '{block.name}' is not a block of {template_name(parent.name)}{hint} "
                f"(its blocks: {', '.join(allowed)})",
            )


def _shape(question: Question) -> str:
    if question.type != "list":
        return "other"
    return "groups" if question.fields is not None else "single"


def _literal(node: nodes.Node | None) -> str | None:
    return node.value if isinstance(node, nodes.Const) and isinstance(node.value, str) else None


def _keyword(call: nodes.Call, name: str) -> str | None:
    return next((_literal(k.value) for k in call.kwargs if k.key == name), None)


def _shown(path: Path) -> Path:
    """``path`` relative to the current folder when it is inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def check_usage(engine: Engine, bundle: TemplateBundle, anatomy: Anatomy) -> Usage:
    """Check how the template uses what it names."""
    return UsageChecker(engine, bundle, anatomy).run()
