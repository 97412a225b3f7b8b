"""The statement library: every template in English and French, protocol right, time limits, rules."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from drafter.engine import Engine
from drafter.inputs.catalog import Catalog
from drafter.render.protocol import normalize_name
from drafter.render.renderer import french_a, french_de

from helpers import EXAMPLES, SEED, TEMPLATES, Result, read_paragraphs

Run = Callable[..., Result]
TEMPLATE_NAMES = sorted(p.name for p in TEMPLATES.iterdir() if (p / "template.md.j2").is_file() and p.name[0] != "_")
FINAL = {
    "interactive-dialogue": (
        "Mr. President, I thank you for your attention.",
        "Monsieur le Président, je vous remercie de votre attention.",
    ),
    "general-debate": ("Thank you.", "Je vous remercie."),
    "open-debate": ("Thank you.", "Je vous remercie."),
    "hrc-dialogue": ("Thank you.", "Je vous remercie."),
    "explanation-of-vote": ("Thank you.", "Je vous remercie."),
    "right-of-reply": ("Thank you.", "Je vous remercie."),
    "joint-statement": ("Thank you.", "Je vous remercie."),
}
LANGUAGE = {"en": ("Check against delivery", "en-GB"), "fr": ("Seul le prononcé fait foi", "fr-BE")}


def test_the_library_has_seven_templates_each_with_both_examples() -> None:
    assert sorted(FINAL) == TEMPLATE_NAMES
    for name in TEMPLATE_NAMES:
        for language in ("en", "fr"):
            assert (EXAMPLES / f"{name}.{language}.yaml").is_file(), (name, language)


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("name", sorted(FINAL))
def test_every_example_renders_through_docx_and_back(drafter: Run, isolated: Path, name: str, language: str) -> None:
    result = drafter("render", EXAMPLES / f"{name}.{language}.yaml", "-o", "out.docx")
    assert result.code == 0, result.err
    assert "Warning" not in result.out
    paragraphs = read_paragraphs(isolated / "out.docx")
    marker, tag = LANGUAGE[language]
    assert paragraphs[0].text == marker
    assert paragraphs[1].style == "Title"
    assert paragraphs[1].text.startswith(("Statement by", "Joint statement") if language == "en" else "Déclaration")
    assert paragraphs[-1].text == FINAL[name][language == "fr"]
    doc = Document(str(isolated / "out.docx"))
    assert doc.core_properties.language == tag
    assert doc.core_properties.comments.startswith("Estimated speaking time:")
    english_only = ("Statement by", "I thank you", "fully aligns", "Check against delivery")
    if language == "fr":
        assert not any(phrase in p.text for p in paragraphs for phrase in english_only)


def test_built_in_templates_pass_their_own_check(drafter: Run) -> None:
    result = drafter("templates", "check")
    assert result.code == 0, result.out
    assert result.out.count(": ok") == len(TEMPLATE_NAMES)


def test_dates_follow_the_language(drafter: Run) -> None:
    english = drafter("render", EXAMPLES / "general-debate.en.yaml", "-o", "-", "--format", "md").out
    french = drafter("render", EXAMPLES / "general-debate.fr.yaml", "-o", "-", "--format", "md").out
    assert "New York, 26 September 2025" in english
    assert "New York, le 26 septembre 2025" in french


@pytest.mark.parametrize(
    ("example", "limit"),
    [
        ("general-debate.en", "limit 15 min"),
        ("open-debate.en", "limit 5 min"),
        ("hrc-dialogue.en", "limit 3 min"),
        ("explanation-of-vote.en", "limit 10 min"),
        ("right-of-reply.en", "limit 10 min"),
        ("right-of-reply.fr", "limit 5 min"),
    ],
)
def test_each_forum_has_its_speaking_time_limit(drafter: Run, example: str, limit: str) -> None:
    result = drafter("render", EXAMPLES / f"{example}.yaml", "-o", "-", "--format", "txt")
    assert f"({limit})" in result.err


def test_observer_states_get_two_minutes_and_a_limit_can_be_overridden(drafter: Run, isolated: Path) -> None:
    text = (EXAMPLES / "hrc-dialogue.en.yaml").read_text()
    Path("observer.yaml").write_text(text.replace("forum: hrc-member", "forum: hrc-observer"))
    assert "(limit 2 min)" in drafter("render", "observer.yaml", "-o", "-", "--format", "txt").err
    Path("short.yaml").write_text(text + "time_limit: 0.5\n")
    result = drafter("render", "short.yaml", "-o", "-", "--format", "txt")
    assert "OVER the 30 s limit" in result.err


def test_french_contractions() -> None:
    assert french_de("la Belgique") == "de la Belgique"
    assert french_de("le Luxembourg") == "du Luxembourg"
    assert french_de("les Pays-Bas") == "des Pays-Bas"
    assert french_de("Israël") == "d’Israël"
    assert french_a("le Rapporteur spécial") == "au Rapporteur spécial"
    assert french_a("les pays du Benelux") == "aux pays du Benelux"


def test_protocol_forms_of_address(drafter: Run, isolated: Path) -> None:
    seed = SEED.read_text()
    cases = {
        ("president", "female", "en"): "Madam President,",
        ("chair", "male", "en"): "Mr. Chair,",
        ("co-chairs", "male", "en"): "Co-Chairs,",
        ("co-facilitators", "male", "en"): "Distinguished Co-facilitators,",
        ("president", "female", "fr"): "Madame la Présidente,",
        ("co-facilitators", "male", "fr"): "Mesdames et Messieurs les Cofacilitateurs,",
    }
    for (officer, gender, language), salutation in cases.items():
        text = seed.replace("presiding_officer: president", f"presiding_officer: {officer}")
        text = text.replace("officer_gender: male", f"officer_gender: {gender}").replace(
            "language: en", f"language: {language}"
        )
        Path("s.yaml").write_text(text)
        out = drafter("render", "s.yaml", "-o", "-", "--format", "md").out
        assert f"\n{salutation}\n" in out, (officer, gender, language)


def test_eu_alignment_by_a_non_member_warns_and_can_be_an_error(drafter: Run, isolated: Path) -> None:
    text = (EXAMPLES / "open-debate.en.yaml").read_text().replace("delegation: Belgium", "delegation: Chile")
    Path("chile.yaml").write_text(text)
    result = drafter("render", "chile.yaml", "-o", "chile.docx")
    assert result.code == 0
    assert "Warning: alignments[0].group: Chile is neither a member of the European Union" in result.out
    Path("norway.yaml").write_text(text.replace("delegation: Chile", "delegation: Norway"))
    assert "Warning" not in drafter("render", "norway.yaml", "-o", "norway.docx").out
    shared = isolated / "templates" / "_shared"
    shared.mkdir(parents=True)
    (shared / "rules.yaml").write_text("alignment_membership:\n  severity: error\n")
    refused = drafter("render", "chile.yaml", "-o", "refused.docx")
    assert refused.code == 1 and "Chile is neither a member" in refused.err
    assert not (isolated / "refused.docx").exists()


def test_other_whole_statement_rules(drafter: Run, isolated: Path) -> None:
    seed = SEED.read_text()
    one_action = seed[: seed.index("  - text: >-\n      the necessity")] + seed[seed.index("closing:") :]
    Path("one.yaml").write_text(one_action)
    assert "a numbered list needs at least 2" in drafter("render", "one.yaml", "-o", "one.docx").out
    committee = seed.replace(
        "meeting: Informal interactive dialogue of the General Assembly",
        "meeting: Third Committee dialogue of the General Assembly",
    )
    Path("committee.yaml").write_text(committee)
    assert "usually presided by: chair" in drafter("render", "committee.yaml", "-o", "c.docx").out
    drafter("templates", "new", "formal", "--from", "interactive-dialogue")
    manifest = Path("templates/formal/questions.yaml")
    manifest.write_text(manifest.read_text().replace("questions: {}", "interactive: false\nquestions: {}"))
    Path("formal.yaml").write_text(seed.replace("template: interactive-dialogue", "template: formal"))
    assert (
        "a question to the panel, in a format that is not interactive"
        in drafter("render", "formal.yaml", "-o", "f.docx").out
    )


def test_member_names_compare_without_articles_or_accents() -> None:
    assert normalize_name("the Netherlands") == normalize_name("Netherlands")
    assert normalize_name("la Belgique") == "belgique"
    assert normalize_name("Türkiye") == "turkiye"


def test_a_missing_translation_is_an_error_never_english(drafter: Run, isolated: Path) -> None:
    shared = isolated / "templates" / "_shared" / "phrases"
    shared.mkdir(parents=True)
    (shared / "en.yaml").write_text("welcome: We welcome this debate.\n")
    drafter("templates", "new", "welcoming", "--from", "right-of-reply", "--override", "body")
    template = Path("templates/welcoming/template.md.j2")
    template.write_text(template.read_text().replace('{{ t("right_of_reply") }}', '{{ t("welcome") }}'))
    check = drafter("templates", "check", "welcoming")
    assert check.code == 1 and "the phrase 'welcome' has no French version" in check.out
    french = (
        (EXAMPLES / "right-of-reply.fr.yaml").read_text().replace("template: right-of-reply", "template: welcoming")
    )
    Path("w.yaml").write_text(french)
    result = drafter("render", "w.yaml", "-o", "w.docx")
    assert result.code == 1 and "has no French version" in result.err
    assert not (isolated / "w.docx").exists()


def test_a_right_to_left_language_can_be_added(drafter: Run, isolated: Path) -> None:
    shared = isolated / "templates" / "_shared"
    (shared / "phrases").mkdir(parents=True)
    (shared / "languages.yaml").write_text(
        "ar:\n  name: Arabic\n  locale: ar\n  words_per_minute: 100\n"
        "  date_format: d MMMM y\n  word: ar-SA\n  direction: rtl\n"
    )
    (shared / "phrases" / "ar.yaml").write_text((TEMPLATES / "_shared" / "phrases" / "en.yaml").read_text())
    assert drafter("templates", "new", "dialogue-ar", "--from", "interactive-dialogue").code == 0
    manifest = Path("templates/dialogue-ar/questions.yaml")
    manifest.write_text(manifest.read_text().replace("questions: {}", "languages: [en, fr, ar]\nquestions: {}"))
    seed = SEED.read_text().replace("language: en", "language: ar")
    Path("ar.yaml").write_text(seed.replace("template: interactive-dialogue", "template: dialogue-ar"))
    result = drafter("render", "ar.yaml", "-o", "ar.docx")
    assert result.code == 0, result.err
    assert "at 100 words per minute" in result.out
    doc = Document(str(isolated / "ar.docx"))
    normal = doc.styles["Normal"].element
    assert normal.pPr.find(qn("w:bidi")) is not None
    # Word takes w:rtl on runs, not in a style's run properties (the OOXML schema for w:style/w:rPr).
    assert all(run.font.rtl for paragraph in doc.paragraphs for run in paragraph.runs)


def test_each_built_in_template_s_example_is_its_english_example_in_examples() -> None:
    # One copy: examples/<name>.en.yaml is what the interview offers and what `check` renders.
    engine = Engine(Catalog.default())
    for name in TEMPLATE_NAMES:
        example = engine.template(name).example
        assert example is not None and example.name == f"{name}.en.yaml"
        # The package's copy (installed) or the repository's own (from source): the same file.
        assert example.read_bytes() == (EXAMPLES / f"{name}.en.yaml").read_bytes()
        assert not (TEMPLATES / name / "example.yaml").exists()
