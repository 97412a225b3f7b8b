"""Render a template with its answers into Markdown, in Jinja's sandbox with StrictUndefined."""

from __future__ import annotations

import datetime as dt
import re
import traceback
from collections.abc import Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import (
    StrictUndefined,
    Template,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
    meta,
    pass_context,
)
from jinja2 import TemplateError as JinjaError
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context

from drafter.errors import InputError, Problem, TemplateError, TemplateSecurityError
from drafter.inputs.catalog import Catalog, TemplateBundle
from drafter.inputs.facts import language_of
from drafter.inputs.manifest import Question
from drafter.inputs.sandbox import BoundedSandboxedEnvironment
from drafter.render.frame import SECTIONS, SENTENCES, Drop, OwnWords, Variant, choice_for, suggestion
from drafter.render.freetext import free_text
from drafter.render.loader import TemplateLoader
from drafter.render.markdown_text import MarkdownText, plain_text
from drafter.render.phrasebank import PhraseBank, is_variants

# What Python or Jinja raise when a template asks for something impossible (a filter's own assertion included).
_TEMPLATE_FAILURES = (ArithmeticError, LookupError, TypeError, ValueError, AttributeError, AssertionError, RuntimeError)
_BLANK_RUNS = re.compile(r"\n[ \t]*(?:\n[ \t]*){2,}")
# How deep in phrases the current t() call is (0: called by the template), and where to note sentences.
_DEPTH: ContextVar[int] = ContextVar("drafter_phrase_depth", default=0)
_LOG: ContextVar[list[Sentence] | None] = ContextVar("drafter_sentence_log", default=None)


def _finalize(value: Any) -> MarkdownText:
    return MarkdownText.escape("" if value is None else value)


def _language(ctx: Context) -> str:
    return language_of(ctx)


class Renderer:
    """A sandboxed Jinja environment over a catalog's folders, with drafter's protocol helpers."""

    def __init__(self, catalog: Catalog, bank: PhraseBank) -> None:
        self.catalog = catalog
        self.bank = bank
        self._phrases: dict[tuple[str, str, str], _Phrase] = {}
        # Phrases already rendered, by everything they read: statements of a batch share most of them.
        self._rendered: dict[tuple[str, ...], MarkdownText] = {}
        env = BoundedSandboxedEnvironment(
            loader=TemplateLoader(catalog),
            undefined=StrictUndefined,
            finalize=_finalize,
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        env.globals.update(
            t=self._t,
            address=self._address,
            salutation=self._salutation,
            opening=self._opening,
            connector=self._connector,
            group=self._group,
            join_all=self._join_all,
            join_phrase=self._join_phrase,
            statements_of=self._statements_of,
            raw=MarkdownText,
        )
        env.filters.update(
            longdate=self._longdate,
            join_all=self._join_all,
            raw=MarkdownText,
            capfirst=capfirst,
            fr_de=french_de,
            fr_a=french_a,
        )
        self.env = env
        self._one_sentence = env.from_string("{{ t(key) }}")

    # -- helpers visible to templates -------------------------------------------------------
    @pass_context
    def _t(self, ctx: Context, key: str, **values: Any) -> Any:
        """A sentence of the frame: the phrase ``key``, as this statement chose to keep, swap, rewrite or drop it."""
        choice = choice_for(ctx.get(SENTENCES), key)
        fallback = values.pop("variant", None)
        depth = _DEPTH.get()
        if isinstance(choice, Drop):
            text = MarkdownText("")
        elif isinstance(choice, OwnWords):
            text = free_text(choice.text)
        else:
            token = _DEPTH.set(depth + 1)
            try:
                chosen = choice.name if isinstance(choice, Variant) else None
                text = self._phrase(ctx, key, values, chosen, fallback)
            finally:
                _DEPTH.reset(token)
        log = _LOG.get()
        if log is not None and depth == 0 and isinstance(text, str):
            log.append(Sentence(key, str(text)))
        return text

    def _phrase(
        self, ctx: Context, key: str, values: Mapping[str, Any], variant: str | None = None, fallback: str | None = None
    ) -> Any:
        """The phrase ``key`` rendered: the ``variant`` chosen, else the one the statement's voice names, else
        the template's ``fallback``, else the first."""
        language = _language(ctx)
        phrase = self.bank.phrase(language, key)
        if isinstance(phrase, list):
            return [MarkdownText.escape(str(p)) for p in phrase]
        name = ""
        if is_variants(phrase):
            name = _variant_name(phrase, key, variant, str(ctx.get("voice") or ""), fallback)
            phrase = phrase[name]
        elif variant is not None:
            raise InputError(Problem(f"the sentence '{key}' has no variants to use", field=f"{SENTENCES}.{key}"))
        if not isinstance(phrase, str):
            raise TemplateError(Problem(f"the phrase '{key}' is a group of phrases; name one of them"))
        compiled = self._phrases.get((language, key, name))
        if compiled is None:
            compiled = self._compile_phrase(phrase, language, key)
            self._phrases[(language, key, name)] = compiled
        reads = compiled.reads or ()
        inputs = (language, key, name, *(repr(values[n] if n in values else ctx.get(n)) for n in reads))
        text = self._rendered.get(inputs) if compiled.reads is not None else None
        if text is None:
            context = {**ctx.get_all(), **values}
            if "address" not in values and "address" in phrase:
                context["address"] = self._address(ctx)
            text = MarkdownText(compiled.template.render(context).strip())
            if compiled.reads is not None:
                if len(self._rendered) > _RENDERED_PHRASES:
                    self._rendered.clear()
                self._rendered[inputs] = text
        return text

    def _compile_phrase(self, phrase: str, language: str, key: str) -> _Phrase:
        try:
            names = meta.find_undeclared_variables(self.env.parse(phrase)) - set(self.env.globals)
            # ``address`` is a helper's name, but a phrase prints it as a value the renderer fills in.
            if "address" in phrase:
                names.add("address")
            # A phrase that renders other phrases reads what they read too: it is not kept.
            reads = None if _NESTED.search(phrase) else (*sorted(names), *_FRAME_INPUTS)
            return _Phrase(self.env.from_string(phrase), reads)
        except TemplateSyntaxError as exc:
            raise TemplateError(
                Problem(f"the {self.bank.language_name(language)} phrase '{key}' is not valid Jinja: {exc.message}")
            ) from None

    @pass_context
    def _address(self, ctx: Context, officer: str | None = None, gender: str | None = None) -> Any:
        officer = officer or str(ctx.get("presiding_officer") or "president")
        gender = gender or str(ctx.get("officer_gender") or "any")
        forms = self.bank.phrase(_language(ctx), f"address.{officer}")
        if not isinstance(forms, Mapping):
            raise TemplateError(Problem(f"the phrase 'address.{officer}' must map genders to forms"))
        key = gender if gender in forms else "any"
        if key not in forms:
            key = next(iter(forms))
        return self._phrase(ctx, f"address.{officer}.{key}", {})

    @pass_context
    def _salutation(self, ctx: Context, officer: str | None = None, gender: str | None = None) -> Any:
        return MarkdownText(self._t(ctx, "salutation", address=self._address(ctx, officer, gender)))

    @pass_context
    def _opening(self, ctx: Context, officer: str | None = None, gender: str | None = None) -> Any:
        return MarkdownText(self._t(ctx, "opening", address=self._address(ctx, officer, gender)))

    @pass_context
    def _connector(self, ctx: Context, position: int, total: int | None = None) -> Any:
        ordinals = self.bank.phrase(_language(ctx), "ordinals")
        if not isinstance(ordinals, list) or not ordinals:
            raise TemplateError(Problem("the phrase 'ordinals' must be a list"))
        if position < 1:
            raise TemplateError(Problem(f"connector() counts from 1, not {position}"))
        choice = choice_for(ctx.get(SENTENCES), "ordinals")
        if isinstance(choice, Drop):
            return MarkdownText("")
        if isinstance(choice, OwnWords):
            ordinals = [word.strip() for word in choice.text.split(",") if word.strip()] or [""]
        elif total is not None and position == total > 2 and self.bank.has_phrase(_language(ctx), "ordinal_last"):
            return self._phrase(ctx, "ordinal_last", {})
        return MarkdownText.escape(str(ordinals[min(position, len(ordinals)) - 1]))

    @pass_context
    def _group(self, ctx: Context, key: str) -> dict[str, Any]:
        return self.bank.group(key, _language(ctx))

    @pass_context
    def _join_all(self, ctx: Context, items: Iterable[Any]) -> Any:
        parts = [_finalize(item) for item in items]
        if len(parts) < 2:
            return MarkdownText("".join(parts))
        conjunction = self._phrase(ctx, "and", {})
        return MarkdownText(f"{', '.join(parts[:-1])} {conjunction} {parts[-1]}")

    @pass_context
    def _join_phrase(self, ctx: Context, key: str, items: Iterable[Any], name: str = "statement") -> Any:
        """Each item put into the phrase ``key`` (as ``name``), joined with commas and "and"."""
        return self._join_all(ctx, [self._phrase(ctx, key, {name: item}) for item in items])

    @pass_context
    def _statements_of(self, ctx: Context, alignments: Iterable[Mapping[str, Any]]) -> list[Any]:
        """How a statement names each group statement it aligns with: its own wording, else the bank's."""
        return [item.get("wording") or self._group(ctx, str(item.get("group")))["statement"] for item in alignments]

    @pass_context
    def _longdate(self, ctx: Context, value: dt.date | str) -> Any:
        from babel.dates import format_date

        if isinstance(value, str):
            value = dt.date.fromisoformat(value)
        language = _language(ctx)
        settings = self.bank.languages.get(language, {})
        pattern = str(settings.get("date_format", "d MMMM y"))
        return format_date(value, pattern, locale=str(settings.get("locale", language)))

    # -- rendering -------------------------------------------------------------------------
    def sentences(self, bundle: TemplateBundle, answers: Mapping[str, Any]) -> list[Sentence]:
        """The sentences the template contributes to this statement, in order, each once."""
        log: list[Sentence] = []
        token = _LOG.set(log)
        try:
            self.render(bundle, answers)
        finally:
            _LOG.reset(token)
        seen: dict[str, Sentence] = {}
        for sentence in log:
            seen.setdefault(sentence.key, sentence)
        return list(seen.values())

    def sentence(self, bundle: TemplateBundle, answers: Mapping[str, Any], key: str) -> str:
        """One sentence of the frame outside the template (the front-page marker), as plain text."""
        template = self._one_sentence
        try:
            text = template.render({**answers, "key": key})
        except TemplateError as exc:
            raise TemplateError([_with_location(p, exc) for p in exc.problems]) from None
        return plain_text(text).strip()

    def variants(self, language: str, key: str) -> dict[str, str]:
        """The named variants the phrase bank offers for ``key`` (empty when it has one wording)."""
        phrase = self.bank.phrase(language, key) if self.bank.has_phrase(language, key) else None
        if not is_variants(phrase):
            return {}
        return {str(k): str(v) for k, v in phrase.items()}

    def render(self, bundle: TemplateBundle, answers: Mapping[str, Any]) -> str:
        """Render ``bundle`` with validated ``answers``; return Markdown text."""
        context = structured_answers(bundle.manifest.questions, answers)
        context[SECTIONS] = answers.get(SECTIONS) or list(bundle.manifest.sections)
        try:
            with self.env.limits():
                text = self.env.get_template(bundle.entry).render(context)
        except SecurityError as exc:
            raise TemplateSecurityError(_located(exc, f"blocked by the sandbox: {exc}")) from None
        except TemplateSyntaxError as exc:
            path = Path(exc.filename) if exc.filename else None
            raise TemplateError(Problem(f"template syntax error: {exc.message}", path=path, line=exc.lineno)) from None
        except TemplateNotFound as exc:
            raise TemplateError(_located(exc, f"template file not found: {exc.name}")) from None
        except UndefinedError as exc:
            raise TemplateError(_located(exc, f"undefined value: {exc.message}")) from None
        except JinjaError as exc:
            raise TemplateError(_located(exc, f"template error: {exc}")) from None
        except TemplateError as exc:
            raise TemplateError([_with_location(p, exc) for p in exc.problems]) from None
        except _TEMPLATE_FAILURES as exc:
            raise TemplateError(_located(exc, f"template failed: {type(exc).__name__}: {exc}")) from None
        return tidy(text)


@dataclass(frozen=True)
class _Phrase:
    """A compiled phrase and the names it reads (its own, and what forms of address and nested phrases read)."""

    template: Template
    reads: tuple[str, ...] | None  # None: its output is not kept (it renders other phrases)


# What a phrase's output may depend on besides the names it prints: the statement's frame choices (nested
# phrases) and the form of address (``address``).
_FRAME_INPUTS = (SENTENCES, "voice", "presiding_officer", "officer_gender")
_RENDERED_PHRASES = 2_000
_NESTED = re.compile(r"\b(t|join_phrase|salutation|opening)\s*\(")


@dataclass(frozen=True)
class Sentence:
    """One sentence the template contributed: its phrase key and its text in this statement."""

    key: str
    text: str


def _variant_name(variants: Mapping[str, Any], key: str, chosen: str | None, voice: str, fallback: str | None) -> str:
    if chosen is not None:
        if chosen not in variants:
            raise InputError(
                Problem(
                    f"the sentence '{key}' has no variant '{chosen}'{suggestion(chosen, variants)} "
                    f"(variants: {', '.join(variants)})",
                    field=f"{SENTENCES}.{key}",
                )
            )
        return chosen
    for name in (voice, fallback):
        if name and name in variants:
            return name
    return next(iter(variants))


def structured_answers(questions: Mapping[str, Question], answers: Mapping[str, Any]) -> dict[str, Any]:
    """Answers with every paragraph answer (long text) as Markdown carrying its lists and quotations."""
    out = dict(answers)
    for name, question in questions.items():
        if name in out and out[name] is not None:
            out[name] = _structured(question, out[name])
    return out


def _structured(question: Question, value: Any) -> Any:
    if question.type == "longtext" and isinstance(value, str):
        return free_text(value)
    if question.type == "list" and isinstance(value, list):
        if question.fields is not None:
            return [structured_answers(question.fields, v) if isinstance(v, Mapping) else v for v in value]
        if question.item is not None:
            return [_structured(question.item, v) for v in value]
    return value


def _like(value: Any, text: str) -> Any:
    """``text`` as the same kind of string as ``value``: Markdown stays Markdown, plain stays plain."""
    return type(value)(text) if hasattr(value, "__html__") else text


def capfirst(value: Any) -> Any:
    """Upper-case the first letter only ("the Netherlands" → "The Netherlands" at a sentence start)."""
    text = str(value)
    return _like(value, text[:1].upper() + text[1:])


_FRENCH_VOWELS = tuple("aeiouyàâäéèêëîïôöùûüœ")


def _french_contraction(value: Any, plain: str, before_le: str, before_les: str, elided: str) -> Any:
    text = str(value).strip()
    lower = text.casefold()
    if lower.startswith("le "):
        result = before_le + text[3:]
    elif lower.startswith("les "):
        result = before_les + text[4:]
    elif lower.startswith(("la ", "l'", "l’")) or not lower.startswith(_FRENCH_VOWELS):
        result = f"{plain} {text}"
    else:
        result = elided + text
    return _like(value, result)


def french_de(value: Any) -> Any:
    """« de » before a French name: la Belgique → de la Belgique, le Luxembourg → du Luxembourg."""
    return _french_contraction(value, "de", "du ", "des ", "d’")


def french_a(value: Any) -> Any:
    """« à » before a French name: le Rapporteur spécial → au Rapporteur spécial, les Pays-Bas → aux Pays-Bas."""
    return _french_contraction(value, "à", "au ", "aux ", "à ")


def tidy(markdown: str) -> str:
    """Strip trailing spaces and collapse runs of blank lines left by template logic."""
    lines = "\n".join(line.rstrip() for line in markdown.strip().splitlines())
    return _BLANK_RUNS.sub("\n\n", lines) + "\n"


def _template_frames(exc: BaseException) -> list[tuple[Path, int | None]]:
    """The template lines an error passed through, outermost first."""
    return [(Path(f.filename), f.lineno) for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]


def _located(exc: BaseException, message: str) -> Problem:
    """A Problem at the innermost template line, naming the nearest caller in another file (a macro's user)."""
    frames = _template_frames(exc)
    if not frames:
        return Problem(message)
    path, line = frames[-1]
    caller = next((frame for frame in reversed(frames) if frame[0] != path), None)
    if caller is not None:
        message += f" (called from {caller[0]}:{caller[1]})"
    return Problem(message, path=path, line=line)


def _with_location(problem: Problem, exc: BaseException) -> Problem:
    if problem.path is not None:
        return problem
    located = _located(exc, problem.message)
    return Problem(located.message, path=located.path, line=located.line, field=problem.field)
