"""``drafter import`` on real statements as users have them, without naming a template.

Every statement of ``tests/data/real`` (tuned on) and ``tests/data/import`` (held out: delegations and
statements drafter had never seen, with what a drafter would write down for each in ``expected.yaml``)
is written as text with one paragraph per line, text with blank lines, hard-wrapped text and a Word
document with List Number / List Bullet paragraphs (and, for the held-out ones, as Google Docs and pandoc
save a Word document, and through LibreOffice), imported through the command line, rendered, and read
back: ``bench/import_corpus.py`` does the work and these tests assert its figures (docs/import.md).
Then the facts, the heading block, the kind's runner-up, a user's template that shadows a built-in,
statements by a delegation in none of the examples, in English and French, and ``new --from``.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from test_corpus import reading_copy
from test_interview_pty import ENTER, Terminal, plain

from drafter.engine import Engine
from drafter.importing.plaintext import read_plain_text
from drafter.importing.source import Paragraph
from drafter.importing.stated import read_facts
from drafter.inputs.catalog import Catalog

from conftest import require_tool
from helpers import ROOT, Result, read_paragraphs

DATA = Path(__file__).parent / "data"
HELD_OUT = DATA / "import"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("import_corpus", ROOT / "bench" / "import_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["import_corpus"] = module
    spec.loader.exec_module(module)
    return module


BENCH = _bench()


@pytest.fixture(scope="module")
def figures() -> dict[str, Any]:
    engine = Engine(Catalog.default([]))
    corpus = BENCH.statements([DATA / "real", HELD_OUT])
    result: dict[str, Any] = BENCH.run(corpus, ("lines", "blank", "wrapped", "docx"), engine, verbose=False)
    return result


@pytest.mark.parametrize("folder", ["real", "import"])
def test_every_form_renders_back_word_for_word(figures: dict[str, Any], folder: str) -> None:
    subset = figures["folders"][folder]
    assert subset["failures"] == {form: {} for form in ("lines", "blank", "wrapped", "docx")}
    assert subset["all_forms_word_for_word"] == subset["statements"]


@pytest.mark.parametrize("folder", ["real", "import"])
def test_the_kind_and_the_delegation_are_read(figures: dict[str, Any], folder: str) -> None:
    subset = figures["folders"][folder]
    assert subset["kind_right"] >= subset["judged"] - 1, subset["kind_wrong"]
    assert subset["delegation_read"] == subset["delegation_named"]
    assert subset["facts_read"] >= subset["facts"] - 1


@pytest.mark.parametrize("folder", ["real", "import"])
def test_the_frame_is_taken_from_the_frame_and_the_bank(figures: dict[str, Any], folder: str) -> None:
    subset = figures["folders"][folder]
    assert subset["from_frame"] >= 0.93 * subset["frame_sentences"]
    assert subset["from_bank"] >= 0.7 * subset["frame_sentences"]  # rises with the phrase bank's variants


def test_most_frame_sentences_are_the_banks(figures: dict[str, Any]) -> None:
    folders = figures["folders"].values()
    assert sum(f["from_bank"] for f in folders) >= 0.78 * sum(f["frame_sentences"] for f in folders)


def test_word_documents_from_google_docs_and_pandoc(isolated: Path) -> None:
    require_tool("pandoc")
    engine = Engine(Catalog.default([]))
    corpus = [s for s in BENCH.statements([HELD_OUT]) if s.slug.startswith(("en-joint", "fr-explanation"))]
    result = BENCH.run(corpus, ("gdocs", "pandoc"), engine, verbose=False)
    assert result["failures"] == {"gdocs": {}, "pandoc": {}}
    assert result["kind_right"] == len(corpus)


def test_word_documents_saved_by_libreoffice(isolated: Path) -> None:
    require_tool("soffice")
    engine = Engine(Catalog.default([]))
    corpus = [
        s
        for s in BENCH.statements([HELD_OUT])
        if s.slug in ("en-hrc-dialogue-norway-2024", "fr-ga-informal-france-2009")
    ]
    result = BENCH.run(corpus, ("libreoffice", "odt"), engine, verbose=False)
    assert result["failures"] == {"libreoffice": {}, "odt": {}}


# -- layouts -----------------------------------------------------------------------------------------
def test_text_layouts_are_told_apart() -> None:
    lines = read_plain_text("Statement by Norway\nMr. President,\nWe thank you.\n1.\tFirst point;\n2.\tSecond.\n")
    assert lines.layout == "text with one paragraph per line"
    assert [(p.text, p.kind) for p in lines.paragraphs][-2:] == [("First point;", "numbered"), ("Second.", "numbered")]
    wrapped = read_plain_text(
        "Mr. President,\n\nWe thank the High Commissioner for her report and for the work of her Office in\n"
        "the field, which we support, and we would like to raise three points about it\ntoday.\n\n"
        "1. The first point is about accountability for the violations that the report\n"
        "   documents in detail.\n2. The second is about access.\n"
    )
    assert wrapped.layout.startswith("text with hard-wrapped lines")
    assert [p.kind for p in wrapped.paragraphs] == ["paragraph", "paragraph", "numbered", "numbered"]
    assert wrapped.paragraphs[1].text.endswith("three points about it today.")
    blank = read_plain_text("Mr. President,\n\nWe thank you.\n\nThank you.\n")
    assert blank.layout == "text with a blank line between paragraphs"
    lettered = read_plain_text("We stress:\na)\tfirst;\nb)\tsecond;\nii.\tthird.\nWe thank a. b. c.\n")
    assert [p.kind for p in lettered.paragraphs] == ["paragraph", "numbered", "numbered", "numbered", "paragraph"]


# -- facts -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("language", "text", "delegation"),
    [
        ("en", "The United States thanks the Special Rapporteur for her report.", "the United States"),
        ("en", "Portugal welcomes the report and its recommendations.", "Portugal"),
        ("en", "During the review, the Philippines opposed the trigger mechanism.", "the Philippines"),
        ("en", "Japan, as the only country to have suffered nuclear attack, condemns this action.", "Japan"),
        ("fr", "Monsieur le Président, La France s’associe à la déclaration de l’Union européenne.", "la France"),
        ("fr", "Le Canada recommande que le Sénégal ratifie le Protocole.", "le Canada"),
        ("fr", "La Suisse s’est abstenue sur ce projet de résolution.", "la Suisse"),
        ("en", "Russia continues its aggression. Russia will not stop. Ukraine welcomes the report.", "Ukraine"),
    ],
)
def test_the_delegation_as_the_statement_names_itself(language: str, text: str, delegation: str) -> None:
    facts = read_facts([], [Paragraph(text)], language)
    assert facts["delegation"].value == delegation


def test_my_delegation_is_not_a_name() -> None:
    facts = read_facts(
        [], [Paragraph("My delegation regrets the use of the word “genocide” by another delegation.")], "en"
    )
    assert "delegation" not in facts


@pytest.mark.parametrize(
    ("language", "body", "expected"),
    [
        ("fr", ["Madame la Présidente,", "La Suisse a voté en faveur de cette résolution."],
         {"presiding_officer": "president", "officer_gender": "female", "vote": "in-favour", "document": "resolution"}),
        ("en", ["Mr. Chairman,", "We will vote against this draft resolution."],
         {"presiding_officer": "chair", "officer_gender": "male", "vote": "against", "timing": "before",
          "document": "draft-resolution"}),
        ("en", ["Thank you Chair.", "We abstained in the vote on this decision."],
         {"officer_gender": "neutral", "vote": "abstain", "timing": "after", "document": "decision"}),
    ],
)  # fmt: skip
def test_facts_the_statement_states(language: str, body: list[str], expected: dict[str, str]) -> None:
    facts = read_facts([], [Paragraph(t) for t in body], language)
    assert {name: facts[name].value for name in expected} == expected


def test_the_report_says_read_not_guessed(drafter: Callable[..., Result], isolated: Path) -> None:
    (isolated / "vote.txt").write_text(
        "Explication de vote de la Suisse\n\nMadame la Présidente,\n\nLa Suisse a voté en faveur de ce projet de "
        "résolution, qui répond à l’urgence humanitaire.\n\nJe vous remercie.\n",
        encoding="utf-8",
    )
    result = drafter("import", "vote.txt", "-o", "vote.yaml")
    assert result.code == 0, result.err
    assert "  officer_gender: female (“Madame la Présidente”)" in result.out
    assert "  vote: in-favour (“a voté en faveur”)" in result.out
    assert "Guessed officer_gender" not in result.out and "Guessed vote" not in result.out
    answers = yaml.safe_load((isolated / "vote.yaml").read_text(encoding="utf-8"))
    assert (answers["delegation"], answers["document"], answers["timing"]) == ("la Suisse", "draft-resolution", "after")


def test_the_meeting_is_never_a_name_or_a_section_title(drafter: Callable[..., Result], isolated: Path) -> None:
    result = drafter("import", DATA / "real" / "en-hrc-dialogue-uk-2024.txt", "-o", "uk.yaml")
    answers = yaml.safe_load((isolated / "uk.yaml").read_text(encoding="utf-8"))
    assert answers["speaker"] == "Rita French" and "Rita French" not in answers["meeting"]
    result = drafter("import", DATA / "real" / "fr-hrc-dialogue-canada-2018.txt", "-o", "ca.yaml", "--force")
    answers = yaml.safe_load((isolated / "ca.yaml").read_text(encoding="utf-8"))
    assert answers["delegation"] == "le Canada"
    assert answers["meeting"] != "Recommandations du Canada"
    assert result.code == 0


def test_a_close_runner_up_is_reported(drafter: Callable[..., Result]) -> None:
    result = drafter("import", HELD_OUT / "fr-explanation-of-position-france-2015.txt", "-o", "x.yaml")
    assert "Template: explanation-of-vote (" in result.out
    assert "  a close second: interactive-dialogue" in result.out


# -- the heading block of drafter's own copy ------------------------------------------------------------
def test_drafter_s_own_word_copy_keeps_its_heading_in_place(drafter: Callable[..., Result], isolated: Path) -> None:
    assert drafter("render", ROOT / "seeds" / "fr-hrc-dialogue-france-2020.yaml", "-o", "first.docx").code == 0
    result = drafter("import", "first.docx", "-o", "back.yaml")
    assert "own order" not in result.out
    assert "  title: own words: “Dialogue avec la Haute-Commissaire aux droits de l’Homme”" in result.out
    assert drafter("render", "back.yaml", "-o", "second.docx").code == 0
    before = [(p.style, p.text) for p in read_paragraphs(isolated / "first.docx")[:6]]
    after = [(p.style, p.text) for p in read_paragraphs(isolated / "second.docx")[:6]]
    assert after == before


# -- a template of one's own -----------------------------------------------------------------------------
def test_a_template_that_shadows_a_built_in_is_read_from_its_questions(
    drafter: Callable[..., Result], isolated: Path
) -> None:
    """The user's own "hrc-dialogue" calls its points "remarks": the import fills "remarks"."""
    own = isolated / "templates" / "hrc-dialogue"
    own.mkdir(parents=True)
    for name in ("questions.yaml", "template.md.j2"):
        text = (ROOT / "templates" / "hrc-dialogue" / name).read_text(encoding="utf-8")
        (own / name).write_text(text.replace("points", "remarks"), encoding="utf-8")
    result = drafter(
        "import", DATA / "real" / "en-hrc-dialogue-uk-2024.txt", "-o", "uk.yaml", "--template-dir", "templates"
    )
    assert result.code == 0, result.err
    assert "  ¶3 “It is two years since your office’s Xinjiang As…” → remarks[0]" in result.out
    answers = yaml.safe_load((isolated / "uk.yaml").read_text(encoding="utf-8"))
    assert len(answers["remarks"]) == 6 and "points" not in answers
    assert drafter("render", "uk.yaml", "-o", "uk.docx", "--template-dir", "templates").code == 0


# -- as a user from a delegation in none of the examples ------------------------------------------------
COSTA_RICA_EN = """Statement by Costa Rica
Human Rights Council, 58th session, interactive dialogue with the Special Rapporteur on the human rights of migrants
Geneva, 12 March 2025
Check against delivery
Thank you, Madam President.
Costa Rica thanks the Special Rapporteur for her report.
We share three concerns:
1.\tthe detention of children in migration proceedings;
2.\tthe lack of access to justice at borders;
3.\tthe criminalisation of humanitarian assistance.
Costa Rica has ended the detention of migrant children and stands ready to share its experience.
Thank you.
"""
COSTA_RICA_FR = """Intervention du Costa Rica

Assemblée générale, 79e session, Troisième Commission, dialogue interactif avec
le Rapporteur spécial sur les droits de l'homme des migrants

New York, le 21 octobre 2024

Madame la Présidente,

Le Costa Rica remercie le Rapporteur spécial pour son rapport et s’associe à
la déclaration prononcée au nom du Groupe restreint. Nous partageons ses
préoccupations quant à la détention des enfants migrants.

Quelles garanties recommanderiez-vous pour assurer l’accès à l’asile aux
frontières terrestres ?

Je vous remercie.
"""


@pytest.mark.parametrize(
    ("text", "template", "delegation", "layout"),
    [
        (COSTA_RICA_EN, "hrc-dialogue", "Costa Rica", "one paragraph per line"),
        (COSTA_RICA_FR, "interactive-dialogue", "le Costa Rica", "hard-wrapped lines"),
    ],
)
def test_a_new_delegation_in_english_and_french(
    text: str, template: str, delegation: str, layout: str, drafter: Callable[..., Result], isolated: Path
) -> None:
    (isolated / "statement.txt").write_text(text, encoding="utf-8")
    result = drafter("import", "statement.txt", "-o", "statement.answers.yaml")
    assert result.code == 0, result.err
    assert layout in result.out.splitlines()[1]
    answers = yaml.safe_load((isolated / "statement.answers.yaml").read_text(encoding="utf-8"))
    assert (answers["template"], answers["delegation"], answers["officer_gender"]) == (template, delegation, "female")
    assert "Guessed date" not in result.out and "Guessed delegation" not in result.out
    assert drafter("render", "statement.answers.yaml", "-o", "statement.docx").code == 0
    _, body = reading_copy(isolated / "statement.docx")
    expected = read_plain_text(text)
    assert [line.text for line in body] == [p.text for p in expected.paragraphs if not p.front][-len(body) :]
    assert body[-1].text in ("Thank you.", "Je vous remercie.")


# -- drafter new --from ---------------------------------------------------------------------------------
def test_new_from_a_delivered_statement_opens_the_interview_on_its_answers(isolated: Path) -> None:
    (isolated / "last.txt").write_text(COSTA_RICA_EN, encoding="utf-8")
    term = Terminal.start("new", "--from", "last.txt", "-o", "next.docx", cwd=isolated)
    typed = {
        "Meeting": "Human Rights Council, 61st session, interactive dialogue on migrants" + ENTER,
        "Date of": "2026-03-10" + ENTER,
    }
    term.walk("Wrote ", typed)
    assert term.finish() == 0
    screen = plain(term.transcript)
    assert "Imported last.txt as hrc-dialogue; cleared for the new occasion: date, meeting" in screen
    answers = yaml.safe_load((isolated / "next.answers.yaml").read_text(encoding="utf-8"))
    assert answers["delegation"] == "Costa Rica" and str(answers["date"]) == "2026-03-10"
    assert answers["meeting"] == "Human Rights Council, 61st session, interactive dialogue on migrants"
    texts = [p.text for p in read_paragraphs(isolated / "next.docx")]
    assert "Costa Rica thanks the Special Rapporteur for her report." in texts
    assert "Geneva, 10 March 2026" in texts
