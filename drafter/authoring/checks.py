"""``templates check``: find a template's mistakes before a statement goes out.

Errors stop a template from being used as it is; warnings point at what is probably unintended.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError, meta, nodes

from drafter.authoring.anatomy import Anatomy, read_anatomy
from drafter.engine import Engine
from drafter.errors import DrafterError, Problem, TemplateSecurityError
from drafter.inputs.answers import read_answers_file
from drafter.inputs.catalog import TemplateBundle
from drafter.inputs.facts import FACT_NAMES, REQUIRED_FACTS
from drafter.inputs.manifest import Question
from drafter.inputs.yamlio import Origin
from drafter.render.frame import FRAME_NAMES
from drafter.render.phrasebank import is_variants
from drafter.writers import statement_bytes


@dataclass
class CheckReport:
    """What ``check`` found in one template."""

    template: str
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def _flatten(data: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping) and not is_variants(value):
            yield from _flatten(value, f"{name}.")
        else:
            yield name, value


def _names_in(engine: Engine, text: str) -> set[str]:
    try:
        return set(meta.find_undeclared_variables(engine.renderer.env.parse(text)))
    except TemplateSyntaxError:
        return set()


def _at(message: str, where: Problem | None) -> Problem:
    """``message`` at the place ``where`` names."""
    return replace(where, message=message) if where is not None else Problem(message)


def _first_use(anatomy: Anatomy, name: str) -> Problem:
    for template_file in anatomy.files:
        for node in template_file.tree.find_all(nodes.Name):
            if node.name == name and node.ctx == "load":
                return Problem("", path=template_file.path, line=node.lineno)
    return Problem("")


class TemplateChecker:
    """Runs every check on one template."""

    def __init__(self, engine: Engine, bundle: TemplateBundle) -> None:
        self.engine = engine
        self.bundle = bundle
        self.report = CheckReport(bundle.name)

    def error(self, message: str, where: Problem | None = None) -> None:
        """Record an error (``where`` gives the file and line)."""
        self.report.errors.append(_at(message, where))

    def warn(self, message: str, where: Problem | None = None) -> None:
        """Record a warning (``where`` gives the file and line)."""
        self.report.warnings.append(_at(message, where))

    def run(self) -> CheckReport:
        """All checks, in order; a syntax error stops the ones that need the template to parse."""
        anatomy = read_anatomy(self.engine.renderer.env, self.bundle)
        for problem in anatomy.problems:
            self.error(problem.message, problem)
        if not anatomy.problems:
            self.check_variables(anatomy)
            self.check_phrases(anatomy)
            self.check_example()
        self.check_reference()
        return self.report

    def _questions(self) -> dict[str, Question]:
        return self.bundle.manifest.questions

    def check_variables(self, anatomy: Anatomy) -> None:
        """Names the template reads that no question declares; questions nothing reads."""
        helpers = set(self.engine.renderer.env.globals)
        questions = self._questions()
        for name in sorted(anatomy.variables - helpers - set(questions) - FRAME_NAMES):
            self.error(
                f"the template uses '{name}', which no question in questions.yaml declares", _first_use(anatomy, name)
            )
        for name in sorted(REQUIRED_FACTS - set(questions)):
            self.warn(f"no question '{name}': drafter reads it for the document (see drafter/facts.py)")
        used = set(anatomy.variables) | FACT_NAMES | FRAME_NAMES
        bank = self.engine.bank
        for language in self.bundle.manifest.languages:
            for _, phrase in _flatten(bank.phrases.get(language, {})):
                for wording in phrase.values() if is_variants(phrase) else [phrase]:
                    if isinstance(wording, str) and "{" in wording:
                        used |= _names_in(self.engine, wording)
        for question in questions.values():
            if question.when:
                used |= _names_in(self.engine, "{{ " + question.when + " }}")
        for name in questions:
            if name not in used:
                self.warn(f"the question '{name}' is asked but the template never uses its answer")

    def check_phrases(self, anatomy: Anatomy) -> None:
        """Every phrase the template names exists in every language it declares, and the bank is complete."""
        bank = self.engine.bank
        reference = dict(_flatten(bank.phrases.get("en", {})))
        for language in self.bundle.manifest.languages:
            if language not in bank.phrases:
                self.error(f"the template declares the language '{language}', which has no phrases in the bank")
                continue
            name = bank.language_name(language)
            for key in sorted(anatomy.phrase_keys):
                if not bank.has_phrase(language, key):
                    self.error(f"the phrase '{key}' has no {name} version in the phrase bank")
            have = dict(_flatten(bank.phrases[language]))
            for key in sorted(set(reference) - set(have)):
                self.error(f"the phrase bank has no {name} version of '{key}' (the English one is {reference[key]!r})")

    def check_example(self) -> None:
        """The example answers validate and render, in every language, through to a Word document."""
        example = self.bundle.example
        if example is None:
            self.warn("there is no example.yaml, so the template could not be rendered as a test")
            return
        try:
            source = read_answers_file(example, self.bundle.name)
        except DrafterError as exc:
            for problem in exc.problems:
                self.error(problem.message, problem)
            return
        languages = self.bundle.manifest.languages if "language" in self._questions() else [None]
        for language in languages:
            answers = dict(source.answers)
            if language is not None:
                answers["language"] = language
            try:
                validated = self.engine.validate(self.bundle, answers, Origin(source.source))
                statement = self.engine.compose(self.bundle, validated)
                statement_bytes(statement, "docx")
            except TemplateSecurityError as exc:
                for problem in exc.problems:
                    self.error(f"security: {problem.message}", problem)
            except DrafterError as exc:
                suffix = f" (rendering the example in {self.engine.bank.language_name(language)})" if language else ""
                for problem in exc.problems:
                    self.error(problem.message + suffix, problem)

    def check_reference(self) -> None:
        """Every house style the template's statements are laid out on (one per language) opens and has the
        styles drafter uses."""
        from drafter.word.house import reference_missing_styles

        seen: set[Path] = set()
        for language in self.bundle.manifest.languages or ["en"]:
            try:
                reference = self.engine.house_style(self.bundle, language)
                if reference is None or reference in seen:
                    continue
                seen.add(reference)
                missing = reference_missing_styles(reference)
            except DrafterError as exc:
                for problem in exc.problems:
                    self.error(problem.message, problem)
                continue
            if missing:
                self.warn(
                    f"has no styles {', '.join(missing)}: drafter adds its own (Arial 14 pt); define them in Word "
                    "to set their look, or start from 'drafter templates style'",
                    Problem("", path=reference),
                )


def check_template(engine: Engine, bundle: TemplateBundle) -> CheckReport:
    """Check one template."""
    return TemplateChecker(engine, bundle).run()
