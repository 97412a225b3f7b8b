"""The pipeline, end to end: template + answers → model → text → blocks → document.

``Engine`` ties a catalog of templates to the phrase bank and the renderer; each step is a function of
its own module, and this one only calls them in order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from pydantic import BaseModel, ValidationError

from drafter.document.blocks import Draft, parse_blocks
from drafter.document.info import WORD_LIST_LEVELS, DocumentInfo
from drafter.document.statement import Statement
from drafter.document.timing import estimate
from drafter.errors import InputError, Problem
from drafter.inputs.answers import build_model, validate_answers
from drafter.inputs.catalog import Catalog, TemplateBundle
from drafter.inputs.conventions import CONVENTIONS, Conventions, conventions_file, read_conventions
from drafter.inputs.facts import NO_MARKER, StatementFacts
from drafter.inputs.house_style import find_house_style, profile_house_style
from drafter.inputs.manifest import Choice, Question
from drafter.inputs.profile import load_profile, profile_path
from drafter.inputs.question_types import TypeForm
from drafter.inputs.yamlio import Origin
from drafter.render.frame import SENTENCES, frame_fields
from drafter.render.phrasebank import PhraseBank, load_phrase_bank
from drafter.render.protocol import check_statement
from drafter.render.renderer import Renderer, Sentence


class Engine:
    """Templates from a catalog, validated, rendered and laid out."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._bank: PhraseBank | None = None
        self._renderer: Renderer | None = None
        self._models: dict[str, type[BaseModel]] = {}
        self._bundles: dict[str, TemplateBundle] = {}
        self._conventions: dict[tuple[Path, str], dict[str, object]] = {}
        self._house_styles: dict[tuple[str, str | None], Path | None] = {}

    @property
    def bank(self) -> PhraseBank:
        """The phrase bank merged from every template folder (read on first use)."""
        if self._bank is None:
            self._bank = load_phrase_bank(self.catalog)
        return self._bank

    @property
    def renderer(self) -> Renderer:
        """The sandboxed Jinja renderer (built on first use)."""
        if self._renderer is None:
            self._renderer = Renderer(self.catalog, self.bank)
        return self._renderer

    def template(self, name: str) -> TemplateBundle:
        """The template called ``name``, with ``choices_from`` questions given their choices."""
        resolved = self._bundles.get(name)
        if resolved is None:
            bundle = self.catalog.find(name)
            languages = bundle.manifest.languages
            questions = {k: self._resolve(q, languages) for k, q in bundle.manifest.questions.items()}
            manifest = bundle.manifest.model_copy(update={"questions": questions})
            resolved = replace(bundle, manifest=manifest)
            self._bundles[name] = resolved
        return resolved

    def _resolve(self, question: Question, languages: list[str]) -> Question:
        """The question with ``choices_from`` filled in (languages: those the template renders in)."""
        update: dict[str, object] = {}
        if question.choices_from:
            update["choices"] = self._choices(question.choices_from, languages)
        if question.fields:
            update["fields"] = {k: self._resolve(q, languages) for k, q in question.fields.items()}
        if question.item:
            update["item"] = self._resolve(question.item, languages)
        return question.model_copy(update=update) if update else question

    def _choices(self, source: str, languages: list[str]) -> list[Choice]:
        bank = self.bank
        if source == "groups":
            return [Choice(value=key, label=group.label or key) for key, group in bank.groups.items()]
        if source == "forums":
            return [Choice(value=key, label=forum.label) for key, forum in bank.forums.items()]
        return [
            Choice(value=key, label=language.name)
            for key, language in bank.languages.items()
            if key in bank.phrases and key in languages
        ]

    def model(self, bundle: TemplateBundle) -> type[BaseModel]:
        """The pydantic model validating answers to ``bundle``."""
        model = self._models.get(bundle.name)
        if model is None:
            model = build_model(bundle.manifest.questions, f"{bundle.name}_answers", self._frame(bundle))
            self._models[bundle.name] = model
        return model

    def _frame(self, bundle: TemplateBundle) -> dict[str, tuple[TypeForm, object]]:
        """The answers every template accepts (sentences, sections, conventions), checked for ``bundle``."""
        bank = self.bank
        names = tuple(self.catalog.names())
        sections = tuple(bundle.manifest.sections)
        return frame_fields(bank.sentence_variants, sections, tuple(bank.forums), names, bundle.name)

    def validate(
        self,
        bundle: TemplateBundle,
        data: Mapping[str, object],
        origin: Origin | None = None,
    ) -> dict[str, object]:
        """Validated answers as plain Python data (dates stay dates).

        A ``conventions:`` answer naming a file is read (relative to the answers file); the conventions'
        usual answers (voice, marker) fill in the ones the statement does not give.
        """
        given = self._with_conventions(bundle, data, origin)
        return validate_answers(self.model(bundle), given, origin).model_dump(warnings=False)

    def _with_conventions(
        self, bundle: TemplateBundle, data: Mapping[str, object], origin: Origin | None
    ) -> Mapping[str, object]:
        given = data.get(CONVENTIONS)
        if isinstance(given, str):
            source = origin.source.path if origin is not None and origin.source is not None else None
            path = conventions_file(given, source)
            given = self._conventions.get((path, bundle.name))
            if given is None:
                checked_as = self._frame(bundle)[CONVENTIONS][0]
                given = self._conventions[(path, bundle.name)] = read_conventions(path, checked_as)
            data = {**data, CONVENTIONS: given}
        if not isinstance(given, Mapping):
            return data
        try:
            usual = Conventions.model_validate(given).answer_defaults()
        except ValidationError:
            return data  # the answers' own validation says what is wrong, at its line
        return {**data, **{k: v for k, v in usual.items() if data.get(k) is None}}

    def compose(self, bundle: TemplateBundle, answers: Mapping[str, object], rate: float | None = None) -> Statement:
        """Render validated answers into a Statement ready to write.

        Whole-statement rules set to ``error`` refuse the statement; the others become its warnings.
        """
        findings = check_statement(self.bank, bundle, answers)
        refused = [f.problem for f in findings if f.severity == "error"]
        if refused:
            raise InputError(refused)
        markdown = self.renderer.render(bundle, answers)
        draft = parse_blocks(markdown)
        facts = StatementFacts.read(answers, bundle.manifest.forum)
        settings = self.bank.languages.get(facts.language)
        timing = estimate(draft.body, rate or self.bank.words_per_minute(facts.language), self._limit(facts))
        info = DocumentInfo(
            title=draft.title or facts.delegation,
            delegation=facts.delegation,
            meeting=facts.meeting,
            marker=self.marker(bundle, answers, facts),
            language_tag=settings.word if settings is not None else facts.language,
            comments=f"Estimated speaking time: {timing.describe()}",
            category=bundle.name,
            right_to_left=settings is not None and settings.direction == "rtl",
        )
        warnings = tuple(f.problem for f in findings) + _word_limits(draft)
        reference = self.house_style(bundle, facts.language)
        return Statement(bundle.name, dict(answers), markdown, draft, info, timing, reference, warnings)

    def house_style(self, bundle: TemplateBundle, language: str | None) -> Path | None:
        """The ``reference.docx`` a statement from ``bundle`` in ``language`` is laid out on; None for drafter's
        own (the order: ``inputs.house_style``). Looked up once per template and language."""
        key = (bundle.name, language)
        if key not in self._house_styles:
            found = find_house_style(bundle, self.catalog, language)
            if found is None:
                setting = load_profile().house_style
                if setting is not None:
                    found = profile_house_style(setting, language, profile_path())
            self._house_styles[key] = found
        return self._house_styles[key]

    def marker(self, bundle: TemplateBundle, answers: Mapping[str, object], facts: StatementFacts) -> str:
        """The front-page marker, a sentence of the frame like any other (``sentences: {markers: …}``)."""
        if facts.marker == NO_MARKER:
            return ""
        return self.renderer.sentence(bundle, answers, f"markers.{facts.marker}")

    def sentences(self, bundle: TemplateBundle, answers: Mapping[str, object]) -> list[Sentence]:
        """The sentences ``bundle`` contributes to the statement ``answers`` make, in order."""
        return self.renderer.sentences(bundle, answers)

    def variant_texts(self, bundle: TemplateBundle, answers: Mapping[str, object], key: str) -> dict[str, str]:
        """Each variant the phrase bank offers for the sentence ``key``, as it would read in this statement."""
        texts: dict[str, str] = {}
        for name in self.renderer.variants(StatementFacts.read(answers).language, key):
            chosen = answers.get(SENTENCES)
            trial = {**answers, SENTENCES: {**(chosen if isinstance(chosen, Mapping) else {}), key: {"use": name}}}
            found = [s.text for s in self.renderer.sentences(bundle, trial) if s.key == key]
            if found:
                texts[name] = found[0]
        return texts

    def _limit(self, facts: StatementFacts) -> float | None:
        if facts.time_limit:
            return facts.time_limit
        forum = self.bank.forum(facts.forum)
        return forum.limit_minutes if forum is not None else None


def _word_limits(draft: Draft) -> tuple[Problem, ...]:
    """What the Word copy cannot show as the Markdown has it, said (the words themselves are all kept)."""
    deepest = max((b.list_spec.level for b in draft.blocks if b.list_spec is not None), default=0)
    if deepest < WORD_LIST_LEVELS:
        return ()
    return (
        Problem(
            f"lists are nested {deepest + 1} levels deep; Word has {WORD_LIST_LEVELS}, "
            f"so the Word copy sets the deeper items at the {WORD_LIST_LEVELS}th"
        ),
    )
