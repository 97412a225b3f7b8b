"""Render a template with its answers into Markdown, in Jinja's sandbox with StrictUndefined."""

from __future__ import annotations

import datetime as dt
import re
import traceback
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from jinja2 import (
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
    pass_context,
)
from jinja2 import TemplateError as JinjaError
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from drafter.catalog import Catalog, TemplateBundle
from drafter.errors import Problem, TemplateError, TemplateSecurityError
from drafter.markdown_text import MarkdownText
from drafter.phrasebank import PhraseBank

DEFAULT_LANGUAGE = "en"
_BLANK_RUNS = re.compile(r"\n[ \t]*(?:\n[ \t]*){2,}")


def _finalize(value: Any) -> MarkdownText:
    return MarkdownText.escape("" if value is None else value)


def _language(ctx: Context) -> str:
    return str(ctx.get("language") or DEFAULT_LANGUAGE)


class Renderer:
    """A sandboxed Jinja environment over a catalog's folders, with drafter's protocol helpers."""

    def __init__(self, catalog: Catalog, bank: PhraseBank) -> None:
        self.catalog = catalog
        self.bank = bank
        self._phrases: dict[tuple[str, str], Template] = {}
        env = ImmutableSandboxedEnvironment(
            loader=FileSystemLoader(catalog.search_path),
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
            connector=self._connector,
            group=self._group,
            join_all=self._join_all,
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

    # -- helpers visible to templates -------------------------------------------------------
    @pass_context
    def _t(self, ctx: Context, key: str, **values: Any) -> Any:
        language = _language(ctx)
        phrase = self.bank.phrase(language, key)
        if isinstance(phrase, list):
            return [MarkdownText.escape(str(p)) for p in phrase]
        if not isinstance(phrase, str):
            raise TemplateError(Problem(f"the phrase '{key}' is a group of phrases; name one of them"))
        compiled = self._phrases.get((language, key))
        if compiled is None:
            compiled = self._compile_phrase(phrase, language, key)
            self._phrases[(language, key)] = compiled
        return MarkdownText(compiled.render({**ctx.get_all(), **values}).strip())

    def _compile_phrase(self, phrase: str, language: str, key: str) -> Template:
        try:
            return self.env.from_string(phrase)
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
        return self._t(ctx, f"address.{officer}.{key}")

    @pass_context
    def _salutation(self, ctx: Context, officer: str | None = None, gender: str | None = None) -> Any:
        return MarkdownText(self._t(ctx, "salutation", address=self._address(ctx, officer, gender)))

    @pass_context
    def _connector(self, ctx: Context, position: int, total: int | None = None) -> Any:
        ordinals = self.bank.phrase(_language(ctx), "ordinals")
        if not isinstance(ordinals, list) or not ordinals:
            raise TemplateError(Problem("the phrase 'ordinals' must be a list"))
        if position < 1:
            raise TemplateError(Problem(f"connector() counts from 1, not {position}"))
        if total is not None and position == total > 2 and self.bank.has_phrase(_language(ctx), "ordinal_last"):
            return self._t(ctx, "ordinal_last")
        return MarkdownText.escape(str(ordinals[min(position, len(ordinals)) - 1]))

    @pass_context
    def _group(self, ctx: Context, key: str) -> dict[str, Any]:
        return self.bank.group(key, _language(ctx))

    @pass_context
    def _join_all(self, ctx: Context, items: Iterable[Any]) -> Any:
        parts = [_finalize(item) for item in items]
        if len(parts) < 2:
            return MarkdownText("".join(parts))
        conjunction = self._t(ctx, "and")
        return MarkdownText(f"{', '.join(parts[:-1])} {conjunction} {parts[-1]}")

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
    def render(self, bundle: TemplateBundle, answers: Mapping[str, Any]) -> str:
        """Render ``bundle`` with validated ``answers``; return Markdown text."""
        try:
            template = self.env.get_template(bundle.entry)
            text = template.render(dict(answers))
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
        except (ArithmeticError, LookupError, TypeError, ValueError, AttributeError) as exc:
            raise TemplateError(_located(exc, f"template failed: {type(exc).__name__}: {exc}")) from None
        return tidy(text)


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
    return _french_contraction(value, "de", "du ", "des ", "d'")


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
