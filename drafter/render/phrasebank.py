"""The protocol phrase bank: phrases per language, groups, forums, languages and rules, read from data files
and validated into typed models when they are read.

Every template folder may hold ``_shared/`` data; files from folders of higher precedence are merged
over the built-in ones, so a user can add a group or change a phrase without touching drafter. Each
file is checked on its own first (a mistake is reported at its line), then the merged whole.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal, TypeAlias, TypeGuard, TypeVar

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator
from typing_extensions import TypeAliasType

from drafter.errors import InputError, Problem, TemplateError
from drafter.inputs.catalog import Catalog
from drafter.inputs.validation import did_you_mean, problems_from
from drafter.inputs.yamlio import Origin, load_yaml

Phrase = TypeAliasType("Phrase", "str | list[str] | dict[str, Phrase]")
"""A phrase: one wording (a small Jinja template), a list of wordings (the ordinals), or a mapping of
named variants or of phrases under it (``vote.after.against``)."""
PhraseTree: TypeAlias = dict[str, Phrase]


def deep_merge(base: Mapping[str, object], override: Mapping[str, object]) -> dict[str, object]:
    """Merge ``override`` into ``base``: mappings merged key by key, anything else replaced."""
    merged = dict(base)
    for key, value in override.items():
        below = merged.get(key)
        if isinstance(value, Mapping) and isinstance(below, Mapping):
            merged[key] = deep_merge(below, value)
        else:
            merged[key] = value
    return merged


def is_variants(phrase: object) -> TypeGuard[Mapping[str, str]]:
    """A phrase given as named variants: a mapping of variant names to wordings, the first the default."""
    return isinstance(phrase, Mapping) and bool(phrase) and all(isinstance(v, str) for v in phrase.values())


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class GroupWording(_Entry):
    """How one language names a group and its statement."""

    name: str
    statement: str


class Group(_Entry):
    """A group a delegation aligns with or speaks for: its wording per language, its members."""

    label: str = ""
    members: list[str] = Field(default_factory=list)
    aligned: list[str] = Field(default_factory=list)
    wordings: dict[str, GroupWording] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _languages_as_wordings(cls, value: object) -> object:
        """In groups.yaml a group's wording per language stands under the language's code (``en:``)."""
        if not isinstance(value, Mapping):
            return value
        own = {"label", "members", "aligned", "wordings"}
        wordings = {k: v for k, v in value.items() if k not in own}
        return {**{k: v for k, v in value.items() if k in own}, "wordings": wordings}


class Forum(_Entry):
    """A forum: its label, speaking-time limit, seat per language and usual frame."""

    label: str
    limit_minutes: float | None = Field(default=None, gt=0)
    seat: dict[str, str] = Field(default_factory=dict)
    sentences: dict[str, object] = Field(default_factory=dict)


class Language(_Entry):
    """A language drafter writes statements in."""

    name: str
    locale: str
    words_per_minute: float = Field(default=110, gt=0)
    date_format: str = "d MMMM y"
    word: str
    direction: Literal["ltr", "rtl"] = "ltr"
    spellings: dict[str, dict[str, str]] = Field(default_factory=dict)


Severity = Literal["warning", "error", "off"]


class Rule(_Entry):
    """A whole-statement rule: how much breaking it matters, and the answers it reads."""

    severity: Severity = "warning"
    fields: list[str] = Field(default_factory=list)


class AlignmentMembership(Rule):
    """Aligning with a closed group's statement is for its members and aligned countries."""

    fields: list[str] = Field(default_factory=lambda: ["alignments"])
    groups: list[str] = Field(default_factory=list)


class NumberedActions(Rule):
    """A numbered list holds at least ``minimum`` items."""

    fields: list[str] = Field(default_factory=lambda: ["actions"])
    minimum: int = Field(default=2, ge=1)


class ClosingQuestion(Rule):
    """A question to the panel belongs to interactive formats."""

    fields: list[str] = Field(default_factory=lambda: ["question"])


class MeetingOfficers(_Entry):
    """Meetings whose names hold one of ``contains`` are presided by one of ``officers``."""

    contains: list[str]
    officers: list[str]


class PresidingOfficer(Rule):
    """The form of address fits who presides: by forum, else by the meeting's name."""

    forums: dict[str, list[str]] = Field(default_factory=dict)
    meetings: list[MeetingOfficers] = Field(default_factory=list)


class Rules(_Entry):
    """The whole-statement rules, each with its settings."""

    alignment_membership: AlignmentMembership = Field(default_factory=AlignmentMembership)
    numbered_actions: NumberedActions = Field(default_factory=NumberedActions)
    closing_question: ClosingQuestion = Field(default_factory=ClosingQuestion)
    presiding_officer: PresidingOfficer = Field(default_factory=PresidingOfficer)


_PHRASES: TypeAdapter[PhraseTree] = TypeAdapter(PhraseTree)
EntryT = TypeVar("EntryT", bound=BaseModel)


@dataclass(frozen=True)
class PhraseBank:
    """Phrases by language, and the groups, forums, languages and rules drafter knows."""

    phrases: dict[str, PhraseTree]
    groups: dict[str, Group]
    forums: dict[str, Forum]
    languages: dict[str, Language]
    rules: Rules

    def phrase(self, language: str, key: str) -> Phrase:
        """The phrase ``key`` (dotted for nested entries) in ``language``; a missing one is an error."""
        node: Phrase | None = self.phrases.get(language)
        if node is None:
            raise TemplateError(Problem(f"no phrases for the language '{language}'"))
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                raise TemplateError(Problem(self._missing(language, key)))
            node = node[part]
        return node

    def _missing(self, language: str, key: str) -> str:
        """Why ``key`` is not found in ``language``: no such phrase at all (and the one probably meant), or
        no version in that language."""
        if key not in self.sentence_variants:
            meant = did_you_mean(key, list(self.sentence_variants))
            hint = f"; did you mean '{meant}'?" if meant else ""
            return f"there is no phrase '{key}' in the phrase bank{hint}"
        name = self.language_name(language)
        return (
            f"the phrase '{key}' has no {name} version in the phrase bank (add it to _shared/phrases/{language}.yaml)"
        )

    @cached_property
    def sentence_variants(self) -> dict[str, frozenset[str]]:
        """Every phrase key in any language, with the keys of the groups above it (``vote``, ``vote.after``),
        each with the names of the variants found at it or under it (none for a single wording)."""
        found: dict[str, set[str]] = {}

        def walk(node: Mapping[str, Phrase], prefix: str, above: tuple[str, ...]) -> None:
            for key, value in node.items():
                name = f"{prefix}{key}"
                found.setdefault(name, set())
                if is_variants(value):
                    for holder in (*above, name):
                        found[holder].update(value)
                if isinstance(value, dict):
                    walk(value, f"{name}.", (*above, name))

        for phrases in self.phrases.values():
            walk(phrases, "", ())
        return {key: frozenset(names) for key, names in found.items()}

    def has_phrase(self, language: str, key: str) -> bool:
        """True when ``key`` exists in ``language``."""
        node: object = self.phrases.get(language)
        for part in key.split("."):
            if not isinstance(node, Mapping) or part not in node:
                return False
            node = node[part]
        return True

    def language_name(self, language: str) -> str:
        """The language's English name, for messages."""
        found = self.languages.get(language)
        return found.name if found is not None else language

    def group(self, key: str, language: str) -> GroupWording:
        """A group's wording in ``language``."""
        entry = self.groups.get(key)
        if entry is None:
            meant = did_you_mean(key, list(self.groups))
            hint = f"; did you mean '{meant}'?" if meant else ""
            raise TemplateError(
                Problem(f"unknown group '{key}'{hint} (known groups: {', '.join(sorted(self.groups))})")
            )
        wording = entry.wordings.get(language)
        if wording is None:
            raise TemplateError(
                Problem(f"the group '{key}' has no {self.language_name(language)} wording in the phrase bank")
            )
        return wording

    def spellings(self, language: str, spelling: str) -> dict[str, str]:
        """The words ``spelling`` (e.g. en-US) writes otherwise than the phrase bank of ``language``, by
        the bank's (lower-case) word."""
        found = self.languages.get(language)
        words = found.spellings.get(spelling, {}) if found is not None else {}
        return {k.casefold(): v for k, v in words.items()}

    def words_per_minute(self, language: str) -> float:
        """The speaking rate used for the time estimate in ``language``."""
        found = self.languages.get(language)
        return found.words_per_minute if found is not None else 110.0

    def forum(self, key: str | None) -> Forum | None:
        """The forum called ``key``, if drafter knows it."""
        return self.forums.get(key) if key else None


def _read(path: Path) -> tuple[Mapping[str, object], Origin] | None:
    try:
        loaded = load_yaml(path)
    except InputError as exc:
        raise TemplateError(exc.problems) from None
    if loaded.data is None:
        return None
    if not isinstance(loaded.data, Mapping):
        raise TemplateError(Problem("expected a mapping at the top level", path=path, line=1))
    return loaded.data, Origin(loaded)


def _merged(catalog: Catalog, relative: str, check: TypeAdapter[PhraseTree] | None = None) -> dict[str, object]:
    """A data file merged from every template folder, each file checked by ``check`` on its own first."""
    merged: dict[str, object] = {}
    for path in catalog.shared_files(relative):
        read = _read(path)
        if read is None:
            continue
        data, origin = read
        if check is not None:
            try:
                check.validate_python(data)
            except ValidationError as exc:
                raise TemplateError(problems_from(exc, origin)) from None
        merged = deep_merge(merged, data)
    return merged


def _entries(catalog: Catalog, relative: str, model: type[EntryT]) -> dict[str, EntryT]:
    """The entries of groups.yaml, forums.yaml or languages.yaml, each a ``model``, after merging."""
    entries: dict[str, EntryT] = {}
    problems: list[Problem] = []
    for key, value in _merged(catalog, relative).items():
        try:
            entries[key] = model.model_validate(value)
        except ValidationError as exc:
            problems += [Problem(f"{relative}: {p}") for p in problems_from(exc, Origin(prefix=(key,)))]
    if problems:
        raise TemplateError(problems)
    return entries


def load_phrase_bank(catalog: Catalog) -> PhraseBank:
    """Read, check and merge the phrase bank from every template folder of ``catalog``."""
    languages = _entries(catalog, "languages.yaml", Language)
    phrases = {lang: _PHRASES.validate_python(_merged(catalog, f"phrases/{lang}.yaml", _PHRASES)) for lang in languages}
    try:
        rules = Rules.model_validate(_merged(catalog, "rules.yaml"))
    except ValidationError as exc:
        raise TemplateError([Problem(f"rules.yaml: {p}") for p in problems_from(exc, Origin())]) from None
    return PhraseBank(
        phrases={k: v for k, v in phrases.items() if v},
        groups=_entries(catalog, "groups.yaml", Group),
        forums=_entries(catalog, "forums.yaml", Forum),
        languages=languages,
        rules=rules,
    )
