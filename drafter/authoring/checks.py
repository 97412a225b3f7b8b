"""``templates check``: find a template's mistakes before a statement goes out.

Errors stop a template from being used as it is; warnings point at what is probably unintended. The
template is read first (its syntax, the names, phrases, macros and blocks it uses, its questions); only
a template without such mistakes is rendered with its example, so each mistake is reported once, where
it is.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from jinja2 import TemplateSyntaxError, meta

from drafter.authoring.anatomy import Anatomy, read_anatomy, template_name
from drafter.authoring.questions import ManifestPlaces, manifest_problems
from drafter.authoring.usage import check_usage
from drafter.engine import Engine
from drafter.errors import DrafterError, Problem, TemplateSecurityError
from drafter.inputs.answers import AnswersFile, read_answers_file
from drafter.inputs.catalog import TemplateBundle
from drafter.inputs.facts import FACT_NAMES, REQUIRED_FACTS
from drafter.inputs.manifest import Question
from drafter.inputs.yamlio import Origin
from drafter.render.explain import suggest
from drafter.render.frame import FRAME_NAMES
from drafter.render.phrasebank import is_variants
from drafter.writers import statement_bytes


@dataclass
class CheckReport:
    """What ``check`` found in one template."""

    template: str
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def _flatten(data: Mapping[str, object], prefix: str = "") -> Iterator[tuple[str, object]]:
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
        """All checks, in order; the example is rendered only when reading the template found no mistake."""
        anatomy = read_anatomy(self.engine.renderer.env, self.bundle)
        for problem in anatomy.problems:
            self.error(problem.message, problem)
        if not anatomy.problems:
            anatomy.problems += self.check_lineage(anatomy)
            for problem in anatomy.problems:
                self.error(problem.message, problem)
        if not anatomy.problems:
            usage = check_usage(self.engine, self.bundle, anatomy)
            self.report.errors += usage.errors
            self.report.warnings += usage.warnings
            self.check_unused(anatomy)
            self.check_sections(anatomy)
            self.check_bank(usage.phrase_keys)
        self.report.errors += manifest_problems(self.engine.renderer.env, self.bundle)
        if not self.report.errors:
            self.check_example()
        self.check_reference()
        return self.report

    def check_lineage(self, anatomy: Anatomy) -> list[Problem]:
        """template.md.j2 extends the template questions.yaml extends: their questions and blocks go together."""
        entry = anatomy.file(self.bundle.entry)
        if entry is None:
            return []
        extends = [r for r in entry.references if r.tag == "extends"]
        if len(extends) > 1:
            lines = " and ".join(str(r.line) for r in extends)
            message = f"a template extends one other: {{% extends %}} is at lines {lines}; keep one"
            return [Problem(message, entry.path, extends[0].line)]
        parent = template_name(extends[0].name) if extends else None
        declared = self.bundle.manifest.extends
        if parent == declared or parent is None:
            return []
        places = ManifestPlaces(self.bundle)
        if declared is None:
            message = (
                f"template.md.j2 extends {parent}, but questions.yaml does not: add 'extends: {parent}' to "
                f"questions.yaml, so that it asks the questions {parent} uses"
            )
            return [replace(places.at("title"), message=message)]
        message = f"questions.yaml extends {declared}, but template.md.j2 extends {parent}: make them the same"
        return [replace(places.at("extends"), message=message)]

    def _questions(self) -> dict[str, Question]:
        return self.bundle.manifest.questions

    def check_unused(self, anatomy: Anatomy) -> None:
        """Facts drafter needs that no question asks; questions nothing reads."""
        questions = self._questions()
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

    def check_sections(self, anatomy: Anatomy) -> None:
        """A section block the template writes but its ``sections:`` leave out is never shown."""
        sections = self.bundle.manifest.sections
        entry = anatomy.file(self.bundle.entry)
        layout = {name for owner in (self.bundle, *self.bundle.lineage) for name in owner.manifest.sections}
        if not sections or entry is None or entry.parent is None:
            return
        for block in entry.top_blocks:
            if block.name in layout and block.name not in sections:
                self.warn(
                    f"the block '{block.name}' is never shown: it is not among the template's sections "
                    f"({', '.join(sections)}); add it to 'sections:' in questions.yaml",
                    entry.line_of(block),
                )

    def check_bank(self, reported: set[str]) -> None:
        """Every language the template declares has phrases, and every phrase of the bank in each."""
        bank = self.engine.bank
        reference = dict(_flatten(bank.phrases.get("en", {})))
        for language in self.bundle.manifest.languages:
            if language not in bank.phrases:
                known = [lang for lang in bank.languages if lang in bank.phrases]
                self.error(
                    f"the template declares the language '{language}', which has no phrases in the bank"
                    f"{suggest(language, known)} (languages: {', '.join(known)})",
                    ManifestPlaces(self.bundle).at("languages"),
                )
                continue
            name = bank.language_name(language)
            have = dict(_flatten(bank.phrases[language]))
            for key in sorted(set(reference) - set(have)):
                if key not in reported:
                    self.error(
                        f"the phrase bank has no {name} version of '{key}' (the English one is {reference[key]!r})"
                    )

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
        found: dict[Problem, list[str]] = {}
        for language in languages:
            for problem in self._render_example(dict(source.answers), source, language):
                found.setdefault(problem, []).append(self.engine.bank.language_name(language) if language else "")
        for problem, names in found.items():
            suffix = "" if len(names) == len(languages) else f" (rendering the example in {' and '.join(names)})"
            self.error(problem.message + suffix, problem)

    def _render_example(self, answers: dict[str, object], source: AnswersFile, language: str | None) -> list[Problem]:
        if language is not None:
            answers["language"] = language
        try:
            validated = self.engine.validate(self.bundle, answers, Origin(source.source))
            statement = self.engine.compose(self.bundle, validated)
            statement_bytes(statement, "docx")
        except TemplateSecurityError as exc:
            return [replace(p, message=f"security: {p.message}") for p in exc.problems]
        except DrafterError as exc:
            return list(exc.problems)
        return []

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
