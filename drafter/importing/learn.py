"""A delegation's conventions learnt from statements it delivered: the frame choices its statements share.

Each statement is imported; the choices it shows for the frame's standing sentences (the opening, the
closing thanks, the salutations, the alignment, the formula for a group, the forms of address) are votes.
A choice becomes a convention when it is the most common among the statements that have that sentence;
one kind of statement (a template) gets its own choice where all its statements agree on another. Own
words become a convention only when two statements say them alike, and in their language only: words
one statement says once are that statement's, not the delegation's habit.
"""

from __future__ import annotations

import collections
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from drafter.importing.importer import Imported
from drafter.importing.patterns import ADDRESS_KEY
from drafter.inputs.conventions import CONVENTIONS
from drafter.render.frame import SECTIONS, SENTENCES

# The sentences a delegation says the same way from one statement to the next. A statement votes on those
# its template writes: its choice, or drafter's own where it has the sentence's section and sets nothing.
STANDING = (
    "opening",
    "salutation_full",
    "salutation_addressee",
    "alignment",
    "national_capacity",
    "on_behalf",
    "salutation",
    "closing_thanks",
    "dateline",
)
# The sections a delegation may end its texts with, after the closing: its place and date, the speaker's name.
FOOT = {"dateline": "ending with the place and date", "signature": "ending with the speaker's name"}
# Sentences drafter would add: a statement without their section leaves them out.
DROPPED_WHEN_ABSENT = ("opening", "closing_thanks")
# The delegation's conventions import reads as such (its own forms of address among them).
SCALARS = ("address_style", "typography", "end_mark", "spelling", "serial_comma")
KEEP = "as drafter has it"


@dataclass(frozen=True)
class Vote:
    """What one statement shows for one sentence."""

    kind: str
    choice: object
    date: str = ""
    language: str = ""


@dataclass
class Learnt:
    """The conventions learnt and, for each, the statements that showed it."""

    conventions: dict[str, object] = field(default_factory=dict)
    evidence: list[str] = field(default_factory=list)


def _key(choice: object) -> str:
    """A vote's identity, so that equal choices written differently count together."""
    return repr(sorted(choice.items())) if isinstance(choice, Mapping) else repr(choice)


def _sections(answers: Mapping[str, object]) -> set[str]:
    """The sections an imported statement has (import always writes its ``sections:``)."""
    given = answers.get(SECTIONS)
    return {part for section in given for part in str(section).split("+")} if isinstance(given, list) else set()


def votes(imported: Imported) -> Iterator[tuple[str, Vote]]:
    """The choices a statement shows for the standing sentences it has, each with its sentence."""
    answers = imported.built.answers
    sentences = answers.get(SENTENCES)
    chosen = dict(sentences) if isinstance(sentences, Mapping) else {}
    present = _sections(answers)
    date = "" if "date" in imported.built.guesses else str(answers.get("date") or "")  # never a guessed one
    language = imported.reading.language
    home = {key: section for section in imported.shape.sections for key in imported.shape.keys(section)}
    for key in STANDING:
        section = home.get(key)
        if key in chosen:
            yield key, Vote(imported.template, chosen[key], date, language)
        elif section in present:
            yield key, Vote(imported.template, KEEP, date, language)
        elif section is not None and key in DROPPED_WHEN_ABSENT:
            yield key, Vote(imported.template, False, date, language)


def _in_language(choice: object, language: str) -> object:
    """Own words hold in the language they were said in: a statement in another language keeps drafter's."""
    return {language: choice} if isinstance(choice, str) and language else choice


def _winner(ballots: Sequence[Vote]) -> tuple[object, int] | None:
    """The most common choice and its count; between choices as common, the latest statement's (habits
    change); None when the tied statements bear no date."""
    counts = collections.Counter(_key(v.choice) for v in ballots)
    most = max(counts.values(), default=0)
    tied = [v for v in ballots if counts[_key(v.choice)] == most]
    if not tied:
        return None
    latest = max(tied, key=lambda v: v.date)
    if len({_key(v.choice) for v in tied}) > 1 and not latest.date:
        return None
    return latest.choice, most


def _learnable(choice: object, ballots: Sequence[Vote]) -> bool:
    """Own words are a habit only when two statements say them alike."""
    if choice == KEEP:
        return False
    if isinstance(choice, str):
        return sum(1 for v in ballots if v.choice == choice) >= 2
    return True


def _share(count: int, total: int) -> str:
    return f"in {count} of {total} statement{'s' if total > 1 else ''}"


def _shown(choice: object) -> str:
    if choice is False:
        return "left out"
    if isinstance(choice, Mapping) and "use" in choice:
        return f"variant '{choice['use']}'"
    return f"“{choice}”"


def learn(statements: Mapping[str, Imported]) -> Learnt:
    """The conventions ``statements`` (name → imported statement) share."""
    learnt = Learnt()
    ballots: dict[str, list[Vote]] = collections.defaultdict(list)
    for imported in statements.values():
        for key, vote in votes(imported):
            ballots[key].append(vote)
    sentences: dict[str, object] = {}
    kinds: dict[str, dict[str, object]] = collections.defaultdict(dict)
    for key, cast in ballots.items():
        _decide(key, cast, sentences, kinds, learnt.evidence)
    _scalars(statements, learnt, sentences)
    orders = _foot_orders(statements, learnt.evidence)
    if sentences:
        learnt.conventions[SENTENCES] = sentences
    layers: dict[str, dict[str, object]] = {kind: {SENTENCES: chosen} for kind, chosen in kinds.items() if chosen}
    for kind, order in orders.items():
        layers.setdefault(kind, {})[SECTIONS] = order
    if layers:
        learnt.conventions["kinds"] = dict(sorted(layers.items()))
    return learnt


def _foot_orders(statements: Mapping[str, Imported], notes: list[str]) -> dict[str, list[str]]:
    """Where most statements end with their place and date (or the speaker's name), each kind's sections with
    them last."""
    feet = []
    for section, said in FOOT.items():
        ending = [i for i in statements.values() if section in _sections(i.built.answers)]
        if len(ending) * 2 > len(statements):
            feet.append(section)
            notes.append(f"sections: {said} {_share(len(ending), len(statements))}")
    if not feet:
        return {}
    return {i.template: [*i.bundle.manifest.sections, *feet] for i in statements.values()}


def _decide(
    key: str, cast: list[Vote], sentences: dict[str, object], kinds: dict[str, dict[str, object]], notes: list[str]
) -> None:
    """Settle one sentence: the delegation's choice, then any kind whose statements all agree on another."""
    won = _winner(cast)
    general: object = KEEP
    if won and _learnable(won[0], cast):
        general = won[0]
        language = next(v.language for v in cast if _key(v.choice) == _key(general))
        sentences[key] = _in_language(general, language)
        notes.append(f"{key}: {_shown(general)} {_share(won[1], len(cast))}")
    by_kind: dict[str, list[Vote]] = collections.defaultdict(list)
    for vote in cast:
        by_kind[vote.kind].append(vote)
    for kind, kind_votes in sorted(by_kind.items()):
        choice = kind_votes[0].choice
        agreed = len({_key(v.choice) for v in kind_votes}) == 1
        if not agreed or _key(choice) == _key(general):
            continue
        if choice == KEEP:  # the delegation's choice does not hold for this kind: drafter's own does
            kinds[kind][key] = True
        elif not isinstance(choice, str) or len(kind_votes) >= 2:
            kinds[kind][key] = _in_language(choice, kind_votes[0].language)
            notes.append(f"{key} in {kind}: {_shown(choice)} in all {len(kind_votes)} of its statements")


def _scalars(statements: Mapping[str, Imported], learnt: Learnt, sentences: dict[str, object]) -> None:
    """The conventions import reads directly (address style, typography, end mark, forms of address)."""
    seen: dict[str, list[object]] = collections.defaultdict(list)
    for imported in statements.values():
        given = imported.built.answers.get(CONVENTIONS)
        if not isinstance(given, Mapping):
            continue
        for name in SCALARS:
            if name in given:
                seen[name].append(given[name])
        forms = given.get(SENTENCES)
        if isinstance(forms, Mapping):
            for key, value in forms.items():
                form = sentences.setdefault(str(key), {}) if str(key).startswith(ADDRESS_KEY) else None
                if isinstance(form, dict) and imported.reading.language not in form:
                    form[imported.reading.language] = value
                    learnt.evidence.append(f"{key}: “{value}”")
    total = len(statements)
    for name, values in seen.items():
        counts = collections.Counter(repr(v) for v in values).most_common(1)
        if counts and counts[0][1] * 2 > total:
            chosen = next(v for v in values if repr(v) == counts[0][0])
            learnt.conventions[name] = chosen
            learnt.evidence.append(f"{name}: {chosen} {_share(counts[0][1], total)}")
