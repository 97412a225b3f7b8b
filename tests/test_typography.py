"""French typography for the drafter's own words: set like the phrase bank's sentences, in every output."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from drafter.render.typography import NBSP, french

from helpers import Result, read_paragraphs


@pytest.mark.parametrize(
    ("typed", "set_"),
    [
        ("L'Union européenne", "L’Union européenne"),
        ("Nous disons : non", f"Nous disons{NBSP}: non"),
        ("Pourquoi?", f"Pourquoi{NBSP}?"),
        ("Qu'en est-il ?!", f"Qu’en est-il{NBSP}?!"),
        ("Trois points ; ensuite", f"Trois points{NBSP}; ensuite"),
        ("le « mot » et «autre»", f"le «{NBSP}mot{NBSP}» et «{NBSP}autre{NBSP}»"),
        ('un texte "cité"', f"un texte «{NBSP}cité{NBSP}»"),
        ("Article 2:", f"Article 2{NBSP}:"),
    ],
)
def test_french_typography_as_word_sets_it(typed: str, set_: str) -> None:
    assert french(typed) == set_
    assert french(set_) == set_  # setting twice changes nothing


@pytest.mark.parametrize(
    "kept",
    [
        "https://www.ohchr.org/fr/hrbodies?lang=fr",
        "www.diplomatie.gouv.fr",
        "ecrire à mission.geneve@example.org",
        "la séance de 10:30",
        "un rapport de 3:1",
        "A/HRC/RES/31:2",
        "1er décembre",
    ],
)
def test_addresses_times_and_symbols_are_left_as_typed(kept: str) -> None:
    assert french(kept) == kept


def test_a_backslash_keeps_one_character_as_typed() -> None:
    assert french("Voir\\: la note, l\\'exemple") == "Voir: la note, l'exemple"


def _statement(tmp: Path, language: str, typography: str | None = None) -> Path:
    conventions = f"conventions: {{typography: {typography}}}\n" if typography else ""
    text = f"""template: hrc-dialogue
language: {language}
{conventions}delegation: le Costa Rica
meeting: Conseil des droits de l'homme, 58e session
place: Genève
date: 2026-03-04
presiding_officer: president
officer_gender: female
points:
  - "Le Costa Rica s'associe aux recommandations : elles sont claires ; nous les soutenons!"
  - |-
    Nous demandons :
    1. l'accès des observateurs ;
    2. la publication du rapport "sans délai".
"""
    path = tmp / f"{language}-{typography}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_drafters_paragraphs_are_set_in_french_in_every_output(
    drafter: Callable[..., Result], isolated: Path
) -> None:
    answers = _statement(isolated, "fr")
    assert drafter("render", answers, "-o", "copy.docx").code == 0
    texts = [p.text for p in read_paragraphs(isolated / "copy.docx")]
    first = f"Le Costa Rica s’associe aux recommandations{NBSP}: elles sont claires{NBSP}; nous les soutenons{NBSP}!"
    assert first in texts
    assert f"l’accès des observateurs{NBSP};" in texts
    assert f"la publication du rapport «{NBSP}sans délai{NBSP}»." in texts
    assert "Conseil des droits de l’homme, 58e session" in texts  # a fact on the heading lines
    for fmt in ("md", "txt"):
        out = drafter("render", answers, "--format", fmt, "-o", "-").out
        assert f"s’associe aux recommandations{NBSP}:" in out
    # The answers file keeps what was typed.
    assert "s'associe aux recommandations : elles" in answers.read_text(encoding="utf-8")


def test_english_and_as_typed_statements_keep_the_drafters_keys(drafter: Callable[..., Result], isolated: Path) -> None:
    for language, typography in (("en", None), ("fr", "as-typed")):
        out = drafter("render", _statement(isolated, language, typography), "--format", "md", "-o", "-").out
        assert NBSP not in out
        assert "s'associe aux recommandations : elles sont claires ; nous les soutenons!" in " ".join(out.split())
