"""The statement's frame as the drafter chose it: each template sentence kept, swapped, rewritten or dropped.

Every sentence a template contributes comes from the phrase bank through ``t("key")``. An answers file
may say, per statement, what becomes of any of them, under two answers every template accepts:

```yaml
sentences:
  closing_thanks: Thank you, Mr. President.    # own words (free text, printed as written)
  thank_presidency: false                      # dropped
  alignment: {use: fully}                      # another variant from the phrase bank
  explain: true                                # kept as the template has it, where usage drops it
sections: [opening, thanks, alignment, body, closing, final]   # order, and which sections appear
```

A choice made for a key also applies to the keys under it (``vote`` covers ``vote.after.against``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator, Field, create_model

from drafter.inputs.conventions import CONVENTIONS, Conventions, KindConventions, SentenceChoice, StandingChoice, Use
from drafter.inputs.question_types import TypeForm
from drafter.inputs.validation import did_you_mean
from drafter.render.typography import french

SENTENCES = "sentences"
SECTIONS = "sections"
FRAME_NAMES = frozenset({SENTENCES, SECTIONS, CONVENTIONS})
# Sections every statement may place in its order: the salutation, wherever the speaker repeats it, the
# place and date, and the speaker's name, where a text ends with them.
EXTRA_SECTIONS = ("salutation", "dateline", "signature")


@dataclass(frozen=True)
class Keep:
    """The sentence as the template has it (or the variant the statement's voice picks)."""


@dataclass(frozen=True)
class Drop:
    """The sentence left out."""


@dataclass(frozen=True)
class OwnWords:
    """The sentence rewritten in the drafter's words."""

    text: str


@dataclass(frozen=True)
class Variant:
    """Another variant of the sentence from the phrase bank."""

    name: str


Choice = Keep | Drop | OwnWords | Variant


def choice_for(sentences: Mapping[str, object] | None, key: str) -> Choice:
    """What the statement chose for the sentence ``key``: its own entry, else its nearest parent's."""
    if not sentences:
        return Keep()
    parts = key.split(".")
    for end in range(len(parts), 0, -1):
        name = ".".join(parts[:end])
        if name in sentences:
            return _as_choice(sentences[name])
    return Keep()


def _as_choice(value: object) -> Choice:
    if value is False:
        return Drop()
    if value is True:
        return Keep()
    if isinstance(value, Use):
        return Variant(value.use)
    if isinstance(value, Mapping) and "use" in value:
        return Variant(str(value["use"]))
    if isinstance(value, str):
        return OwnWords(value)
    return Keep()


def suggestion(name: str, known: Iterable[str]) -> str:
    """'; did you mean …?' when ``name`` looks like one of ``known``, else ''."""
    meant = did_you_mean(name, list(known))
    return f"; did you mean '{meant}'?" if meant else ""


def _known_sections(allowed: tuple[str, ...]) -> Callable[[list[str] | None], list[str] | None]:
    """A check that every section named is one of ``allowed``; "opening+addressee" names two sections said
    one after the other in one paragraph."""

    def known(value: list[str] | None) -> list[str] | None:
        for part in (part for entry in value or [] for part in entry.split("+")):
            if part not in allowed:
                raise ValueError(
                    f"no section '{part}' in this template{suggestion(part, allowed)} (sections: {', '.join(allowed)})"
                )
        return value

    return known


def _known_forum(forums: tuple[str, ...]) -> Callable[[str], str]:
    """A check that a forum's name is one of ``forums`` (when drafter knows any)."""

    def known(name: str) -> str:
        if forums and name not in forums:
            raise ValueError(f"no forum '{name}'{suggestion(name, forums)} (forums: {', '.join(forums)})")
        return name

    return known


def _not_misspelt_template(templates: tuple[str, ...]) -> Callable[[str], str]:
    """A check that a template's name is not a misspelling of one of ``templates``; a template found in
    another folder (a colleague's) is not refused."""

    def checked(name: str) -> str:
        hint = suggestion(name, templates) if name not in templates else ""
        if hint:
            raise ValueError(f"no template '{name}'{hint}")
        return name

    return checked


def frame_fields(
    sentence_variants: Mapping[str, frozenset[str]],
    sections: tuple[str, ...],
    forums: tuple[str, ...] = (),
    templates: tuple[str, ...] = (),
    name: str = "",
) -> dict[str, tuple[TypeForm, object]]:
    """The answers every template accepts, as pydantic fields checking keys, variants and section names
    (``name``: the template the answers are for).

    ``sentence_variants`` maps every phrase key of the bank to the variant names found at it or under it.
    A misspelt key is reported at its own line; a misspelt variant at the line of its ``sentences:``.
    """

    def known_key(key: str) -> str:
        if sentence_variants and key not in sentence_variants:
            raise ValueError(f"no sentence '{key}' in the phrase bank{suggestion(key, sentence_variants)}")
        return key

    def known_variants(value: dict[str, object]) -> dict[str, object]:
        for key, choice in value.items():
            variants = sentence_variants.get(key, frozenset())
            if sentence_variants and isinstance(choice, Use) and choice.use not in variants:
                offered = f"variants: {', '.join(sorted(variants))}" if variants else "it has no variants"
                raise ValueError(f"'{key}' has no variant '{choice.use}'{suggestion(choice.use, variants)} ({offered})")
        return value

    allowed = (*sections, *EXTRA_SECTIONS)
    known_sections = _known_sections(allowed)

    def own_kind(value: dict[str, KindConventions]) -> dict[str, KindConventions]:
        mine = value.get(name)  # the choices for this very template: its sections are checked too
        if mine is not None:
            known_sections(mine.sections)
        return value

    key = Annotated[str, AfterValidator(known_key)]
    forum = Annotated[str, AfterValidator(_known_forum(forums))]
    template = Annotated[str, AfterValidator(_not_misspelt_template(templates))]
    standing = Annotated[dict[key, StandingChoice], AfterValidator(known_variants)]
    kind = create_model("KindConventions", __base__=KindConventions, sentences=(standing, Field(default_factory=dict)))
    kinds: TypeForm = Annotated[dict[template, kind], AfterValidator(own_kind)]  # type: ignore[valid-type]
    conventions = create_model(
        "Conventions",
        __base__=Conventions,
        sentences=(standing, Field(default_factory=dict)),
        sections=(Annotated[list[str] | None, AfterValidator(known_sections)], None),
        forums=(dict[forum, kind], Field(default_factory=dict)),  # type: ignore[valid-type]
        kinds=(kinds, Field(default_factory=dict)),
    )
    return {
        SENTENCES: (
            Annotated[dict[key, SentenceChoice], AfterValidator(known_variants)],
            Field(
                default_factory=dict,
                title="Sentences of the template: kept, swapped, rewritten or dropped",
                description="Per phrase key: own words (text), false to drop, true to keep, or {use: variant}.",
            ),
        ),
        SECTIONS: (
            Annotated[list[str] | None, AfterValidator(known_sections)],
            Field(
                default=None,
                title="Sections in order",
                description=f"Each one of: {', '.join(allowed)}; 'a+b' says two in one paragraph.",
            ),
        ),
        CONVENTIONS: (
            conventions | None,
            Field(
                default=None,
                title="The delegation's conventions",
                description="Standing choices of the delegation: spelling, address style, end mark, usual sentences.",
            ),
        ),
    }


@dataclass(frozen=True)
class Frame:
    """The frame one statement is rendered with: its sentence choices and sections after the forum's usage
    and the delegation's conventions are laid under the statement's own, and the delegation's style."""

    sentences: Mapping[str, object]
    sections: list[str]
    spelling: str | None = None
    address_styles: frozenset[str] = frozenset()
    serial_comma: bool = False
    end_mark: str = ""
    typeset: Callable[[str], str] = str

    @classmethod
    def read(
        cls,
        answers: Mapping[str, object],
        template: str,
        defaults: Mapping[str, object],
        sections: list[str],
        forum: str | None = None,
    ) -> Frame:
        """The frame of ``answers`` to ``template`` in ``forum``: ``defaults`` are the forum's usual sentence
        choices, ``sections`` the template's own order."""
        language = str(answers.get("language") or "en")
        given = answers.get(CONVENTIONS)
        conventions = Conventions.model_validate(given) if given else Conventions()
        own = answers.get(SENTENCES)
        standing = conventions.standing_choices(template, language, forum)
        chosen = {**defaults, **standing, **(own if isinstance(own, Mapping) else {})}
        given_order = answers.get(SECTIONS)
        order = given_order if isinstance(given_order, list) and given_order else None
        order = order or conventions.standing_sections(template, forum) or sections
        return cls(
            sentences=chosen,
            sections=list(order),
            spelling=conventions.spelling,
            address_styles=conventions.address_styles(),
            serial_comma=bool(conventions.serial_comma),
            end_mark=conventions.end_mark or "",
            typeset=french if language == "fr" and conventions.typography != "as-typed" else str,
        )
