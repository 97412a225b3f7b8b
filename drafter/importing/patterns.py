"""The phrase bank's sentences as patterns: which variant wrote a sentence, and the facts inside it.

A phrase is rendered once with a marker in place of each answer it uses (``{{ delegation }}`` becomes a
marker), its optional parts both in and out, and the choices of the answers that pick other phrases
(``document``, ``possessive``) one by one; the text around the markers becomes a regular expression.
Forms of address are the bank's own (``address.*``), so a match also says whom the statement addresses.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from jinja2 import meta

from drafter.errors import DrafterError
from drafter.render.markdown_text import plain_text
from drafter.render.phrasebank import PhraseBank, is_variants
from drafter.render.renderer import Renderer, respelled, styled_address

_MARK = "\x02{}\x03"
_MARKED = re.compile("\x02(\\w+)\x03")
_CONDITION = re.compile(r"{%-?\s*if\s+(\w+)\s*-?%}")
_MAX_OPTIONAL = 6
# Answers a phrase uses to pick another phrase: tried choice by choice rather than captured.
_CHOICES = {
    "document": ("draft-resolution", "draft-decision", "amendment", "resolution", "decision"),
    "possessive": ("his", "her", "the"),
}
_LISTS = frozenset({"statements"})
_ADDRESSES = {"address": "address", "secretary_general": "secretary-general"}
# The address styles a delegation may write its forms of address in, per language (conventions).
ADDRESS_STYLES = {"en": ("Mr President",), "fr": ("M. le Président",)}
ADDRESS_STYLE = "address_style"
ADDRESS_KEY = "address."  # a fact under this prefix is a form of address the statement writes its own way
SPELLING = "spelling"
ADDRESSEE_SALUTATION = "salutation_addressee"
_TURNED_TO = {"presiding_officer": "addressee", "officer_gender": "addressee_gender"}
# French contractions the fr_de / fr_a filters put before a name, and the article they stand for.
_CONTRACTIONS = {
    "de": {"de ": "", "du ": "le ", "des ": "les ", "d’": ""},
    "à": {"à ": "", "au ": "le ", "aux ": "les "},
}


@dataclass(frozen=True)
class Address:
    """A form of address from the bank and whom it names."""

    text: str
    officer: str
    gender: str
    style: str | None = None  # a delegation's address style ("Mr President") that writes it so
    own: bool = False  # the statement's own form, not the bank's ("Madame President"): a convention

    @property
    def key(self) -> str:
        """The bank's key of this form of address (``address.president.female``)."""
        return f"{ADDRESS_KEY}{self.officer}.{self.gender}"


@dataclass(frozen=True)
class PhraseMatch:
    """A sentence of the bank found in a text: its key, variant, the facts it holds and where it ends."""

    key: str
    variant: str | None
    facts: dict[str, str | list[str]] = field(default_factory=dict)
    end: int = 0


@dataclass(frozen=True)
class _Pattern:
    variant: str | None
    regex: re.Pattern[str]
    fixed: tuple[tuple[str, str], ...]


class Patterns:
    """Patterns of one language's phrase bank."""

    def __init__(self, renderer: Renderer, bank: PhraseBank, language: str, own: Sequence[Address] = ()) -> None:
        self.renderer = renderer
        self.bank = bank
        self.language = language
        self.own = tuple(own)
        self._cache: dict[str, list[_Pattern]] = {}

    @cached_property
    def addresses(self) -> list[Address]:
        """Every form of address of the language, longest first."""
        forms = self.bank.phrase(self.language, "address")
        found: dict[str, Address] = {}
        for officer, genders in forms.items() if isinstance(forms, dict) else ():
            for gender, text in genders.items() if isinstance(genders, dict) else ():
                found.setdefault(str(text), Address(str(text), officer, gender))
        for address in list(found.values()):
            for style in ADDRESS_STYLES[self.language]:
                styled = styled_address(address.text, self.language, frozenset({style}))
                if styled != address.text:
                    found.setdefault(styled, Address(styled, address.officer, address.gender, style))
        for address in self.own:
            found.setdefault(address.text, address)
        return sorted(found.values(), key=lambda a: -len(a.text))

    def with_own(self, own: Sequence[Address]) -> Patterns:
        """These patterns knowing the statement's own forms of address too."""
        return self if not own else Patterns(self.renderer, self.bank, self.language, own)

    def address(self, text: str) -> Address | None:
        """The form of address ``text`` is, exactly."""
        return next((a for a in self.addresses if a.text == text), None)

    def written(self, key: str, facts: Mapping[str, object]) -> dict[str | None, str]:
        """Each wording of ``key`` written with ``facts`` (a place and a date …), by variant name or ``None``;
        a wording that needs more than ``facts`` is left out."""
        context = {**facts, "language": self.language}
        texts: dict[str | None, str] = {}
        for variant, source in self.variants(key).items():
            try:
                texts[variant] = str(self.renderer.env.from_string(source).render(context))
            except Exception:  # any failure only means this wording does not write these facts
                continue
        return texts

    def variants(self, key: str) -> dict[str | None, str]:
        """The wordings of ``key``: by variant name, or one under ``None``."""
        if not self.bank.has_phrase(self.language, key):
            return {}
        phrase = self.bank.phrase(self.language, key)
        if isinstance(phrase, Mapping) and is_variants(phrase):
            return {str(k): str(v) for k, v in phrase.items()}
        return {None: str(phrase)} if isinstance(phrase, str) else {}

    def match(self, key: str, text: str, whole: bool = True, start: int = 0) -> PhraseMatch | None:
        """The first variant of ``key`` that wrote ``text`` (from ``start``; all of it when ``whole``)."""
        for pattern in self._patterns(key):
            found = pattern.regex.fullmatch(text, start) if whole else pattern.regex.match(text, start)
            if found is None:
                continue
            facts = self._facts(found)
            facts.update(dict(pattern.fixed))
            if key == ADDRESSEE_SALUTATION:  # whom it addresses is the one turned to, not who presides
                facts = {_TURNED_TO.get(name, name): value for name, value in facts.items()}
            return PhraseMatch(key, pattern.variant, facts, found.end())
        return None

    # -- building patterns -------------------------------------------------------------------------
    def _patterns(self, key: str) -> list[_Pattern]:
        if key not in self._cache:
            patterns: list[_Pattern] = []
            for variant, source in self.variants(key).items():
                patterns.extend(self._build(variant, source))
            # Longer literal text first: the most specific wording wins.
            patterns.sort(key=lambda p: -len(_MARKED.sub("", p.regex.pattern)))
            self._cache[key] = patterns
        return self._cache[key]

    def _build(self, variant: str | None, source: str) -> Iterator[_Pattern]:
        env = self.renderer.env
        names = set(meta.find_undeclared_variables(env.parse(source)))
        # ``address`` is also a helper of templates, so Jinja does not count it as an answer.
        names |= {n for n in _ADDRESSES if re.search(rf"{{{{\s*{n}\b", source)}
        # Each optional name doubles the wordings tried: a phrase bank's phrase may not ask for 2**40 of them.
        optional = sorted(set(_CONDITION.findall(source)) & names)[:_MAX_OPTIONAL]
        chosen = sorted(n for n in names if n in _CHOICES)
        seen: set[str] = set()
        for present in itertools.product((True, False), repeat=len(optional)):
            for picks in itertools.product(*(_CHOICES[n] for n in chosen)):
                context: dict[str, object] = {"language": self.language}
                for name in names:
                    context[name] = [_MARK.format(name)] if name in _LISTS else _MARK.format(name)
                context.update({n: ("" if not on else context[n]) for n, on in zip(optional, present, strict=True)})
                context.update(dict(zip(chosen, picks, strict=True)))
                try:
                    rendered = plain_text(str(env.from_string(source).render(context))).strip()
                except (DrafterError, ValueError, TypeError, LookupError):
                    continue
                if rendered in seen:
                    continue
                seen.add(rendered)
                fixed = tuple(zip(chosen, picks, strict=True))
                yield _Pattern(variant, re.compile(self._regex(rendered)), fixed)
                # The same sentence in another spelling of the language (a delegation's convention).
                for spelling, words in self._spellings.items():
                    other = respelled(rendered, words)
                    if other != rendered and other not in seen:
                        seen.add(other)
                        yield _Pattern(variant, re.compile(self._regex(other)), (*fixed, (SPELLING, spelling)))

    @cached_property
    def _spellings(self) -> dict[str, dict[str, str]]:
        language = self.bank.languages.get(self.language)
        return {name: self.bank.spellings(self.language, name) for name in (language.spellings if language else {})}

    def _regex(self, rendered: str) -> str:
        parts = _MARKED.split(rendered)
        out: list[str] = []
        used: set[str] = set()
        for index, part in enumerate(parts):
            if index % 2 == 0:
                out.append(re.escape(part))
                continue
            name = part
            if name in used:
                out.append(f"(?P={name})")
                continue
            used.add(name)
            if name in _ADDRESSES:
                forms = [
                    a.text for a in self.addresses if name != "secretary_general" or a.officer == "secretary-general"
                ]
                out.append(f"(?P<{name}>{'|'.join(re.escape(f) for f in forms)})")
                continue
            previous = parts[index - 1]
            for word, contractions in _CONTRACTIONS.items():
                if self.language == "fr" and previous.endswith(f"{word} "):
                    out[-1] = re.escape(previous[: -len(word) - 1])
                    alternatives = "|".join(re.escape(c) for c in contractions)
                    out.append(f"(?P<{name}__{'de' if word == 'de' else 'a'}>{alternatives})")
                    break
            out.append(f"(?P<{name}>.+?)")
        return "".join(out)

    def _facts(self, found: re.Match[str]) -> dict[str, str | list[str]]:
        facts: dict[str, str | list[str]] = {}
        groups = found.groupdict()
        for name, value in groups.items():
            if value is None or "__" in name:
                continue
            if name in _ADDRESSES:
                address = next((a for a in self.addresses if a.text == value), None)
                if address is not None and name == "address":
                    facts["presiding_officer"] = address.officer
                    facts["officer_gender"] = "neutral" if address.gender == "any" else address.gender
                    if address.style is not None:
                        facts[ADDRESS_STYLE] = address.style
                    if address.own:
                        facts[address.key] = address.text
                elif address is not None:
                    facts["sg_gender"] = address.gender
                continue
            text = value
            for suffix, table in (("de", _CONTRACTIONS["de"]), ("a", _CONTRACTIONS["à"])):
                contraction = groups.get(f"{name}__{suffix}")
                if contraction is not None:
                    text = table[contraction] + text
            facts[name] = self._split(text) if name in _LISTS else text
        return facts

    def _split(self, value: str) -> list[str]:
        """A joined list back into its items ("the A, with the B and with the C")."""
        join = str(self.bank.phrase(self.language, "and"))
        item = self.renderer.env.from_string(str(self.variants("alignment_item")[None]))
        lead = plain_text(str(item.render({"statement": "\x02", "language": self.language}))).split("\x02")[0]
        if self.language == "fr":
            pieces = re.split(rf", (?=à |au |aux )| {join} (?=à |au |aux )", value)
            return [_unfrench(p) for p in pieces]
        pieces = re.split(rf", {re.escape(lead)}| {join} {re.escape(lead)}", value)
        return [p for p in pieces if p]


def _unfrench(text: str) -> str:
    for contraction, article in sorted(_CONTRACTIONS["à"].items(), key=lambda kv: -len(kv[0])):
        if text.startswith(contraction):
            return article + text[len(contraction) :]
    return text
