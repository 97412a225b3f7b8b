"""The protocol phrase bank: phrases per language, groups, forums and languages, read from data files.

Every template folder may hold ``_shared/`` data; files from folders of higher precedence are merged
over the built-in ones, so a user can add a group or change a phrase without touching drafter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeGuard

from drafter.errors import InputError, Problem, TemplateError
from drafter.inputs.catalog import Catalog
from drafter.inputs.validation import did_you_mean
from drafter.inputs.yamlio import load_yaml


def deep_merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Merge ``override`` into ``base``: mappings merged key by key, anything else replaced."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def is_variants(phrase: Any) -> TypeGuard[Mapping[str, str]]:
    """A phrase given as named variants: a mapping of variant names to wordings, the first the default."""
    return isinstance(phrase, Mapping) and bool(phrase) and all(isinstance(v, str) for v in phrase.values())


def _merged(catalog: Catalog, relative: str) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for path in catalog.shared_files(relative):
        try:
            data = load_yaml(path).data
        except InputError as exc:
            raise TemplateError(exc.problems) from None
        if data is None:
            continue
        if not isinstance(data, Mapping):
            raise TemplateError(Problem("expected a mapping at the top level", path=path, line=1))
        merged = deep_merge(merged, data)
    return merged


@dataclass(frozen=True)
class PhraseBank:
    """Phrases by language, and the groups, forums and languages drafter knows."""

    phrases: dict[str, dict[str, Any]]
    groups: dict[str, dict[str, Any]]
    forums: dict[str, dict[str, Any]]
    languages: dict[str, dict[str, Any]]
    rules: dict[str, Any]

    def phrase(self, language: str, key: str) -> Any:
        """The phrase ``key`` (dotted for nested entries) in ``language``; a missing one is an error."""
        node: Any = self.phrases.get(language)
        if node is None:
            raise TemplateError(Problem(f"no phrases for the language '{language}'"))
        for part in key.split("."):
            if not isinstance(node, Mapping) or part not in node:
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

        def walk(node: Mapping[str, Any], prefix: str, above: tuple[str, ...]) -> None:
            for key, value in node.items():
                name = f"{prefix}{key}"
                found.setdefault(name, set())
                if is_variants(value):
                    for holder in (*above, name):
                        found[holder].update(value)
                if isinstance(value, Mapping):
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
        return str(self.languages.get(language, {}).get("name", language))

    def group(self, key: str, language: str) -> dict[str, Any]:
        """A group's wording in ``language``."""
        entry = self.groups.get(key)
        if entry is None:
            meant = did_you_mean(key, list(self.groups))
            hint = f"; did you mean '{meant}'?" if meant else ""
            raise TemplateError(
                Problem(f"unknown group '{key}'{hint} (known groups: {', '.join(sorted(self.groups))})")
            )
        wording = entry.get(language)
        if not isinstance(wording, Mapping):
            raise TemplateError(
                Problem(f"the group '{key}' has no {self.language_name(language)} wording in the phrase bank")
            )
        return {**{k: v for k, v in entry.items() if not isinstance(v, Mapping)}, **wording}

    def words_per_minute(self, language: str) -> float:
        """The speaking rate used for the time estimate in ``language``."""
        rate = self.languages.get(language, {}).get("words_per_minute", 110)
        if not isinstance(rate, int | float) or isinstance(rate, bool) or rate <= 0:
            raise TemplateError(Problem(f"languages.yaml: words_per_minute of '{language}' must be a positive number"))
        return float(rate)


def load_phrase_bank(catalog: Catalog) -> PhraseBank:
    """Read and merge the phrase bank from every template folder of ``catalog``."""
    languages = _merged(catalog, "languages.yaml")
    phrases = {lang: _merged(catalog, f"phrases/{lang}.yaml") for lang in languages}
    return PhraseBank(
        phrases={k: v for k, v in phrases.items() if v},
        groups=_merged(catalog, "groups.yaml"),
        forums=_merged(catalog, "forums.yaml"),
        languages=languages,
        rules=_merged(catalog, "rules.yaml"),
    )
