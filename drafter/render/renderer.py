"""Render a template with its answers into Markdown, in Jinja's sandbox with StrictUndefined."""

from __future__ import annotations

import datetime as dt
import re
import traceback
from collections.abc import Callable, Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from jinja2 import (
    StrictUndefined,
    Template,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
    meta,
    nodes,
    pass_context,
)
from jinja2 import TemplateError as JinjaError
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from markupsafe import Markup

from drafter.errors import InputError, Problem, TemplateError, TemplateSecurityError
from drafter.inputs.catalog import Catalog, TemplateBundle
from drafter.inputs.facts import language_of
from drafter.inputs.manifest import Question
from drafter.inputs.question_types import Typeset, structured
from drafter.inputs.sandbox import BoundedSandboxedEnvironment
from drafter.paths import builtin_templates
from drafter.render.explain import Known, explain_runtime, explain_syntax, suggest
from drafter.render.frame import SECTIONS, SENTENCES, Drop, Frame, OwnWords, Variant, choice_for, suggestion
from drafter.render.freetext import free_text
from drafter.render.loader import TemplateLoader
from drafter.render.markdown_text import MarkdownText, plain_text
from drafter.render.phrasebank import GroupWording, PhraseBank, is_variants

SHARED_MACROS = "_shared/macros.md.j2"
_MACRO = re.compile(r"{%-?\s*macro\s+(\w+)")
_HIDDEN = re.compile(r"has no (?:attribute|element) '(_\w*)'")
# What Python or Jinja raise when a template asks for something impossible (a filter's own assertion included).
_TEMPLATE_FAILURES = (ArithmeticError, LookupError, TypeError, ValueError, AttributeError, AssertionError, RuntimeError)
_BLANK_RUNS = re.compile(r"\n[ \t]*(?:\n[ \t]*){2,}")
# How deep in phrases the current t() call is (0: called by the template), and where to note sentences.
_DEPTH: ContextVar[int] = ContextVar("drafter_phrase_depth", default=0)
_LOG: ContextVar[list[Sentence] | None] = ContextVar("drafter_sentence_log", default=None)
# The delegation's style (spelling, address style) for the statement being rendered.
_STYLE: ContextVar[Style] = ContextVar("drafter_style")
# A paragraph of the drafter's that reads "[salutation]" (escaped, as every answer is): the salutation,
# as the statement's frame writes it, repeated there.
_SALUTATION_MARK = re.compile(r"^([ \t]*)\\\[salutation\\\][ \t]*$", re.MULTILINE | re.IGNORECASE)
_ABBREVIATION_STOP = re.compile(r"\b(Mr|Mrs|Ms|Dr)\.(?= )")


def _finalize(value: object) -> MarkdownText:
    return MarkdownText.escape("" if value is None else value)


def _language(ctx: Context) -> str:
    return language_of(ctx)


class Renderer:
    """A sandboxed Jinja environment over a catalog's folders, with drafter's protocol helpers."""

    def __init__(self, catalog: Catalog, bank: PhraseBank) -> None:
        self.catalog = catalog
        self.bank = bank
        self._phrases: dict[tuple[str, str, str, str | None], _Phrase] = {}
        # Phrases already rendered, by everything they read: statements of a batch share most of them.
        self._rendered: dict[tuple[object, ...], MarkdownText] = {}
        self._macros: dict[str, tuple[str, ...]] | None = None
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
        self._repeated_salutation = env.from_string("{{ salutation() }}")

    # -- helpers visible to templates -------------------------------------------------------
    @pass_context
    def _t(self, ctx: Context, key: str, **values: object) -> Phrased:
        """A sentence of the frame: the phrase ``key``, as this statement chose to keep, swap, rewrite or drop it."""
        choice = choice_for(ctx.get(SENTENCES), key)
        fallback = str(values.pop("variant")) if "variant" in values else None
        depth = _DEPTH.get()
        text: Phrased
        if isinstance(choice, Drop):
            text = MarkdownText("")
        elif isinstance(choice, OwnWords):
            text = free_text(_STYLE.get(_PLAIN).typeset(choice.text))
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

    def _text(self, ctx: Context, key: str, values: Mapping[str, object]) -> MarkdownText:
        """The phrase ``key`` rendered, where one wording is expected (not a list)."""
        text = self._phrase(ctx, key, values)
        if isinstance(text, list):
            raise TemplateError(Problem(f"the phrase '{key}' is a list; name one of its wordings"))
        return text

    def _phrase(
        self,
        ctx: Context,
        key: str,
        values: Mapping[str, object],
        variant: str | None = None,
        fallback: str | None = None,
    ) -> Phrased:
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
        style = _STYLE.get(_PLAIN)
        spelling = style.spelling if language == "en" else None
        compiled = self._phrases.get((language, key, name, spelling))
        if compiled is None:
            compiled = self._compile_phrase(self._respelled(phrase, language, spelling), language, key)
            self._phrases[(language, key, name, spelling)] = compiled
        if "address" not in values and "address" in compiled.reads_or_nested:
            # The form of address is filled in before the key is made: the key holds the text it reads.
            values = {**values, "address": self._address(ctx)}
        reads = compiled.reads or ()
        inputs = (language, key, name, style, *(repr(values[n] if n in values else ctx.get(n)) for n in reads))
        text = self._rendered.get(inputs) if compiled.reads is not None else None
        if text is None:
            text = MarkdownText(compiled.template.render({**ctx.get_all(), **values}).strip())
            if compiled.reads is not None:
                if len(self._rendered) > _RENDERED_PHRASES:
                    self._rendered.clear()
                self._rendered[inputs] = text
        return text

    def _respelled(self, phrase: str, language: str, spelling: str | None) -> str:
        """``phrase`` in the delegation's spelling (``en-US``: favor, honor), from languages.yaml's word lists."""
        return respelled(phrase, self.bank.spellings(language, spelling) if spelling else {})

    def _compile_phrase(self, phrase: str, language: str, key: str) -> _Phrase:
        try:
            names = meta.find_undeclared_variables(self.env.parse(phrase)) - set(self.env.globals)
            # ``address`` is a helper's name, but a phrase prints it as a value the renderer fills in.
            if "address" in phrase:
                names.add("address")
            # A phrase that renders other phrases reads what they read too: it is not kept.
            reads = None if _NESTED.search(phrase) else tuple(sorted(names))
            return _Phrase(self.env.from_string(phrase), reads, frozenset(names))
        except TemplateSyntaxError as exc:
            plain, _ = explain_syntax(self.env, exc, phrase)
            name = self.bank.language_name(language)
            raise TemplateError(Problem(f"the {name} phrase '{key}' cannot be read: {plain}")) from None

    @pass_context
    def _address(self, ctx: Context, officer: str | None = None, gender: str | None = None) -> MarkdownText:
        officer = officer or str(ctx.get("presiding_officer") or "president")
        gender = gender or str(ctx.get("officer_gender") or "any")
        forms = self.bank.phrase(_language(ctx), f"address.{officer}")
        if not isinstance(forms, Mapping):
            raise TemplateError(Problem(f"the phrase 'address.{officer}' must map genders to forms"))
        key = gender if gender in forms else "any"
        if key not in forms:
            key = next(iter(forms))
        choice = choice_for(ctx.get(SENTENCES), f"address.{officer}.{key}")
        if isinstance(choice, OwnWords):
            return MarkdownText.escape(choice.text)
        text = self._text(ctx, f"address.{officer}.{key}", {})
        return MarkdownText(styled_address(text, _language(ctx), _STYLE.get(_PLAIN).address_styles))

    @pass_context
    def _salutation(self, ctx: Context, officer: str | None = None, gender: str | None = None) -> MarkdownText:
        """The salutation repeated inside the statement: to whoever the speaker turned to last (someone
        addressed after the presiding officer, when there is one), unless the template names someone."""
        addressee = ctx.get("addressee")
        if officer is None and addressee and addressee != "none":
            officer, gender = str(addressee), gender or str(ctx.get("addressee_gender") or "any")
        return MarkdownText(self._t(ctx, "salutation", address=self._address(ctx, officer, gender)))

    @pass_context
    def _opening(self, ctx: Context, officer: str | None = None, gender: str | None = None) -> MarkdownText:
        return MarkdownText(self._t(ctx, "opening", address=self._address(ctx, officer, gender)))

    @pass_context
    def _connector(self, ctx: Context, position: int, total: int | None = None) -> MarkdownText:
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
            return self._text(ctx, "ordinal_last", {})
        return MarkdownText.escape(str(ordinals[min(position, len(ordinals)) - 1]))

    @pass_context
    def _group(self, ctx: Context, key: str) -> GroupWording:
        return self.bank.group(key, _language(ctx))

    @pass_context
    def _join_all(self, ctx: Context, items: Iterable[object]) -> MarkdownText:
        parts = [_finalize(item) for item in items]
        if len(parts) < 2:
            return MarkdownText("".join(parts))
        conjunction = self._text(ctx, "and", {})
        serial = "," if len(parts) > 2 and _STYLE.get(_PLAIN).serial_comma and _language(ctx) == "en" else ""
        return MarkdownText(f"{', '.join(parts[:-1])}{serial} {conjunction} {parts[-1]}")

    @pass_context
    def _join_phrase(self, ctx: Context, key: str, items: Iterable[object], name: str = "statement") -> MarkdownText:
        """Each item put into the phrase ``key`` (as ``name``), joined with commas and "and"."""
        return self._join_all(ctx, [self._text(ctx, key, {name: item}) for item in items])

    @pass_context
    def _statements_of(self, ctx: Context, alignments: Iterable[Mapping[str, object]]) -> list[object]:
        """How a statement names each statement it aligns with: its own wording, else the statement delivered
        by the delegation it names, else the bank's name of the group's statement."""
        return [self._statement_named(ctx, item) for item in alignments]

    def _statement_named(self, ctx: Context, item: Mapping[str, object]) -> object:
        if item.get("wording"):
            return item["wording"]
        if item.get("by"):
            return self._text(ctx, "statement_delivered_by", {"by": item["by"]})
        if not item.get("group"):
            raise InputError(Problem("name the group, or the delegation whose statement it is", field="alignments"))
        return self._group(ctx, str(item["group"])).statement

    @pass_context
    def _longdate(self, ctx: Context, value: dt.date | str) -> str:
        from babel.dates import format_date

        if isinstance(value, str):
            value = dt.date.fromisoformat(value)
        language = _language(ctx)
        settings = self.bank.languages.get(language)
        if settings is None:
            return format_date(value, "d MMMM y", locale=language)
        return format_date(value, settings.date_format, locale=settings.locale)

    # -- rendering -------------------------------------------------------------------------
    def sentences(self, bundle: TemplateBundle, answers: Mapping[str, object]) -> list[Sentence]:
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

    def sentence(self, bundle: TemplateBundle, answers: Mapping[str, object], key: str) -> str:
        """One sentence of the frame outside the template (the front-page marker), as plain text."""
        frame = self.frame(bundle, answers)
        token = _STYLE.set(Style(frame.spelling, frame.address_styles, frame.serial_comma, frame.typeset))
        try:
            text = self._one_sentence.render({**answers, SENTENCES: frame.sentences, "key": key})
        except TemplateError as exc:
            raise TemplateError([_with_location(p, exc) for p in exc.problems]) from None
        finally:
            _STYLE.reset(token)
        return plain_text(text).strip()

    def frame(self, bundle: TemplateBundle, answers: Mapping[str, object]) -> Frame:
        """The frame of this statement: the forum's usage, the delegation's conventions, its own choices."""
        name = str(answers.get("forum") or bundle.manifest.forum or "")
        forum = self.bank.forum(name)
        defaults = {**bundle.manifest.sentences, **(forum.sentences if forum is not None else {})}
        return Frame.read(answers, bundle.name, defaults, list(bundle.manifest.sections), name or None)

    def _syntax_problem(self, exc: TemplateSyntaxError) -> Problem:
        filename = exc.filename
        if filename is None and exc.name:  # some of Jinja's errors name the file only by its template name
            try:
                filename = self.env.loader.get_source(self.env, exc.name)[1]  # type: ignore[union-attr]
            except TemplateNotFound:
                filename = exc.name if Path(exc.name).is_file() else None
        path = Path(filename) if filename else None
        try:
            source = path.read_text(encoding="utf-8") if path is not None else None
        except (OSError, UnicodeDecodeError):
            source = None
        message, line = explain_syntax(self.env, exc, source)
        return Problem(message, path=path, line=line)

    def _known(self, bundle: TemplateBundle) -> Known:
        """The names this template may use, for the "did you mean" of a message."""
        if self._macros is None:
            try:
                source, _, _ = self.env.loader.get_source(self.env, SHARED_MACROS)  # type: ignore[union-attr]
                tree = self.env.parse(source)
                self._macros = {m.name: tuple(a.name for a in m.args) for m in tree.find_all(nodes.Macro)}
            except (JinjaError, OSError):
                self._macros = {}
        answers = [*bundle.manifest.questions, SENTENCES, SECTIONS]
        return Known(answers=answers, helpers=list(self.env.globals), macros=self._macros)

    def variants(self, language: str, key: str) -> dict[str, str]:
        """The named variants the phrase bank offers for ``key`` (empty when it has one wording)."""
        phrase = self.bank.phrase(language, key) if self.bank.has_phrase(language, key) else None
        if not is_variants(phrase):
            return {}
        return {str(k): str(v) for k, v in phrase.items()}

    def render(self, bundle: TemplateBundle, answers: Mapping[str, object]) -> str:
        """Render ``bundle`` with validated ``answers``; return Markdown text."""
        frame = self.frame(bundle, answers)
        context = structured_answers(bundle.manifest.questions, answers, frame.typeset)
        for name in bundle.manifest.remove:  # a question removed by a child template: no answer, never asked
            context.setdefault(name, None)
        context[SENTENCES] = frame.sentences
        context[SECTIONS] = frame.sections
        token = _STYLE.set(Style(frame.spelling, frame.address_styles, frame.serial_comma, frame.typeset))
        try:
            with self.env.limits():
                text = self.env.get_template(bundle.entry).render(context)
                if _SALUTATION_MARK.search(text):
                    salutation = self._repeated_salutation.render(context)
                    text = _SALUTATION_MARK.sub(lambda m: m.group(1) + salutation, text)
        except SecurityError as exc:
            raise TemplateSecurityError(_located(exc, f"blocked by the sandbox: {exc}")) from None
        except TemplateSyntaxError as exc:
            raise TemplateError(self._syntax_problem(exc)) from None
        except TemplateNotFound as exc:
            files = [f"{n}/template.md.j2" for n in self.catalog.names(include_hidden=True)]
            message = f"the template file '{exc.name}' is not found{suggest(str(exc.name), files)}"
            raise TemplateError(_located(exc, message)) from None
        except UndefinedError as exc:
            hidden = _HIDDEN.search(exc.message or "")
            if hidden is not None:
                message = f"blocked by the sandbox: templates cannot read '{hidden.group(1)}'"
                raise TemplateSecurityError(_located(exc, message)) from None
            raise TemplateError(_located(exc, explain_runtime(exc.message or "", self._known(bundle)))) from None
        except JinjaError as exc:
            raise TemplateError(_located(exc, explain_runtime(str(exc), self._known(bundle)))) from None
        except TemplateError as exc:
            raise TemplateError([_with_location(p, exc) for p in exc.problems]) from None
        except _TEMPLATE_FAILURES as exc:
            plain = explain_runtime(str(exc), self._known(bundle))
            message = plain if plain != str(exc) else f"the template failed here: {plain}"
            raise TemplateError(_located(exc, message)) from None
        finally:
            _STYLE.reset(token)
        return with_end_mark(tidy(text), frame.end_mark)


Phrased = MarkdownText | list[MarkdownText]
"""What a phrase renders to: its text, or a list of texts (the ordinals)."""


@dataclass(frozen=True)
class Style:
    """How the delegation writes the frame's sentences: English spelling and the address's abbreviations."""

    spelling: str | None = None
    address_styles: frozenset[str] = frozenset()
    serial_comma: bool = False
    typeset: Callable[[str], str] = str


_PLAIN = Style()


_FRENCH_TITLES = (("Monsieur l", "M. l"), ("Madame l", "Mme l"))


def styled_address(text: str, language: str, styles: frozenset[str]) -> str:
    """A form of address in the delegation's style: "Mr President" (no full stop), "M. le Président"."""
    if language == "en" and "Mr President" in styles:
        return type(text)(_ABBREVIATION_STOP.sub(r"\1", text))
    if language == "fr" and "M. le Président" in styles:
        styled = text
        for full, short in _FRENCH_TITLES:
            styled = styled.replace(full, short)
        return type(text)(styled)
    return text


def respelled(text: str, words: Mapping[str, str]) -> str:
    """``text`` with each word of ``words`` (by its lower-case form) written the other way, its case kept."""
    if not words:
        return text
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)
    return pattern.sub(lambda m: _same_case(m.group(), words[m.group().casefold()]), text)


def _same_case(found: str, replacement: str) -> str:
    return replacement[:1].upper() + replacement[1:] if found[:1].isupper() else replacement


def with_end_mark(markdown: str, end_mark: str) -> str:
    """The statement's text with the delegation's end mark ("./.") right after its last sentence."""
    if not end_mark:
        return markdown
    text = markdown.rstrip()
    if end_mark.startswith(".") and text.endswith("."):
        text = text[:-1]  # "Je vous remercie." and "./." make "Je vous remercie./."
    return f"{text}{MarkdownText.escape(end_mark)}\n"


@dataclass(frozen=True)
class _Phrase:
    """A compiled phrase and the names it reads (its own, and what forms of address and nested phrases read)."""

    template: Template
    reads: tuple[str, ...] | None  # None: its output is not kept (it renders other phrases)
    reads_or_nested: frozenset[str] = frozenset()  # the names it prints, kept or not


# A phrase's output is kept by everything it reads: its language, key and variant, the delegation's style,
# and the value of each name it prints (the form of address filled in first). A phrase that renders other
# phrases (t(), join_phrase(), salutation(), opening()) is not kept.
_RENDERED_PHRASES = 2_000
_NESTED = re.compile(r"\b(t|join_phrase|salutation|opening)\s*\(")


@dataclass(frozen=True)
class Sentence:
    """One sentence the template contributed: its phrase key and its text in this statement."""

    key: str
    text: str


def _variant_name(variants: Mapping[str, str], key: str, chosen: str | None, voice: str, fallback: str | None) -> str:
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


def structured_answers(
    questions: Mapping[str, Question], answers: Mapping[str, object], typeset: Callable[[str], str] = str
) -> dict[str, object]:
    """Answers with every paragraph answer (long text) as Markdown carrying its lists and quotations, and
    every text the drafter typed set by ``typeset`` (French typography in a French statement)."""
    return structured(questions, answers, Typeset(typeset, lambda text: free_text(typeset(text))))


def _like(value: object, text: str) -> str:
    """``text`` as the same kind of string as ``value``: Markdown stays Markdown, plain stays plain."""
    return type(value)(text) if isinstance(value, Markup) else text


def capfirst(value: object) -> str:
    """Upper-case the first letter only ("the Netherlands" → "The Netherlands" at a sentence start)."""
    text = str(value)
    return _like(value, text[:1].upper() + text[1:])


_FRENCH_VOWELS = tuple("aeiouyàâäéèêëîïôöùûüœ")


def _french_contraction(value: object, plain: str, before_le: str, before_les: str, elided: str) -> str:
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


def french_de(value: object) -> str:
    """« de » before a French name: la Belgique → de la Belgique, le Luxembourg → du Luxembourg."""
    return _french_contraction(value, "de", "du ", "des ", "d’")


def french_a(value: object) -> str:
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
    """A Problem at the template line where the mistake is: the innermost line of the author's own files (a
    drafter macro or layout is not where a template author goes wrong), naming the macro it failed in, or
    the nearest caller when that is in another of the author's files."""
    frames = _template_frames(exc)
    if not frames:
        return Problem(message)
    builtin = builtin_templates().resolve()
    own = [frame for frame in frames if not frame[0].resolve().is_relative_to(builtin)]
    if own and own[-1] != frames[-1]:
        macro = _macro_at(*frames[-1])
        return Problem(f"{macro}: {message}" if macro else message, path=own[-1][0], line=own[-1][1])
    path, line = frames[-1]
    caller = next((frame for frame in reversed(own) if frame[0] != path), None)
    if caller is not None:
        message += f" (called from {caller[0]}:{caller[1]})"
    return Problem(message, path=path, line=line)


def _macro_at(path: Path, line: int | None) -> str:
    """``m.name`` for the macro of drafter's shared macros that holds ``line``, else ''."""
    if line is None or path.name != Path(SHARED_MACROS).name:
        return ""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()[:line]
    except (OSError, UnicodeDecodeError):
        return ""
    for text in reversed(lines):
        found = _MACRO.search(text)
        if found:
            return f"m.{found.group(1)}"
    return ""


def _with_location(problem: Problem, exc: BaseException) -> Problem:
    if problem.path is not None:
        return problem
    located = _located(exc, problem.message)
    return Problem(located.message, path=located.path, line=located.line, field=problem.field)
