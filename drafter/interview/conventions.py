"""The delegation's conventions asked in plain words (``drafter profile``), each sentence shown as it reads."""

from __future__ import annotations

from collections.abc import Mapping

import questionary
from questionary import Choice

from drafter.engine import Engine
from drafter.errors import DrafterError
from drafter.inputs.conventions import Conventions, StandingChoice, Use
from drafter.inputs.examples import example_answers
from drafter.inputs.profile import Profile

# The statement the sentences are shown in (only its frame's sentences are shown, none of its words).
SAMPLE = "hrc-dialogue"
BASE = "_statement"  # the questions every statement asks (their choices for marker and voice)
LANGUAGES = ("en", "fr")
UNSET = ""
SPELLINGS = {
    "en-GB": "British: honour, favour, organisation",
    "en-US": "American: honor, favor, organization",
}
ADDRESS_STYLES = {"Mr. President": "Mr. President, Mrs. Smith (with a full stop)", "Mr President": "Mr President"}
ADDRESS_DEFAULT = "drafter's default (Mr. President)"
END_MARKS = {"./.": 'Close with "./." right after the last sentence ("Je vous remercie./.")'}
SENTENCES = {"opening": "Your usual opening", "closing_thanks": "Your usual closing"}


def _pick(message: str, offered: Mapping[str, str], current: object, unset: str) -> str | None:
    """One of ``offered`` (value → label), or None for drafter's default (``unset`` says what that is)."""
    choices = [Choice(label, value) for value, label in offered.items()] + [Choice(unset, UNSET)]
    start = current if isinstance(current, str) and current in offered else UNSET
    chosen = questionary.select(message, choices=choices, default=start)
    picked = str(chosen.unsafe_ask())
    return picked or None


def variant_readings(engine: Engine, profile: Profile, key: str) -> dict[str, str]:
    """Each variant of the sentence ``key``, as it reads in English and in French ("Thank you, Mr.
    President. · Merci, Monsieur le Président.")."""
    readings: dict[str, list[str]] = {}
    try:
        bundle = engine.template(SAMPLE)
        for language in LANGUAGES:
            sample = {
                **example_answers(bundle, language),
                "presiding_officer": "president",
                "officer_gender": profile.officer_gender or "male",
            }
            answers = engine.validate(bundle, sample)
            for name, text in engine.variant_texts(bundle, answers, key).items():
                readings.setdefault(name, []).append(text)
    except DrafterError:
        return {}
    return {name: " · ".join(texts) for name, texts in readings.items()}


def _sentence(engine: Engine, profile: Profile, key: str, current: StandingChoice | None) -> StandingChoice | None:
    readings = variant_readings(engine, profile, key)
    if not readings:
        return current
    chosen = current.use if isinstance(current, Use) else UNSET
    offered = {name: f"“{text}”" for name, text in readings.items()}
    if current is not None and not isinstance(current, Use):
        offered["keep"] = "Keep your own wording (set in the profile file)"
        chosen = "keep"
    picked = _pick(SENTENCES[key], offered, chosen, "As each template has it")
    if picked == "keep":
        return current
    return Use(use=picked) if picked else None


def ask_conventions(engine: Engine, profile: Profile) -> Conventions:
    """The profile's conventions, asked again with the current ones as defaults."""
    now = profile.conventions
    questionary.print("Your delegation's conventions (every statement follows them):", style="bold")
    spelling = _pick("Spelling in English", SPELLINGS, now.spelling, "drafter's default (British)")
    address_style: object = now.address_style
    if not isinstance(address_style, list):  # one per language, written in the profile: kept as it is
        address_style = _pick(
            "Forms of address", ADDRESS_STYLES, now.address_style, "drafter's default (Mr. President)"
        )
    sentences = dict(now.sentences)
    for key in SENTENCES:
        choice = _sentence(engine, profile, key, sentences.get(key))
        if choice is None:
            sentences.pop(key, None)
        else:
            sentences[key] = choice
    end_mark = _pick("End of the statement", END_MARKS, now.end_mark, "Nothing after the last sentence")
    base = engine.template(BASE).manifest.questions
    marker, voice = (
        _pick(base[name].label, {c.value: c.label for c in base[name].choices}, getattr(now, name), "Each template's")
        for name in ("marker", "voice")
    )
    groups = _groups(engine, now.groups)
    return now.model_copy(
        update={
            "spelling": spelling,
            "address_style": address_style,
            "sentences": sentences,
            "end_mark": end_mark,
            "marker": marker,
            "voice": voice,
            "groups": groups,
        }
    )


def _groups(engine: Engine, current: list[str]) -> list[str]:
    boxes = [Choice(group.label or key, key, checked=key in current) for key, group in engine.bank.groups.items()]
    message = "Groups whose statements you usually align with (offered in every interview)"
    return [str(g) for g in questionary.checkbox(message, choices=boxes).unsafe_ask()]
