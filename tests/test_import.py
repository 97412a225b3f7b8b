"""``drafter import``: delivered statements back to answers files that render the same text.

Round trips through the command line: every example, seed and real statement rendered (as Word, text
and Markdown), imported without naming a template, rendered again, and compared paragraph by paragraph
with their list structure; each real statement's stored text imported and rendered word for word; no
word of the input missing from the answers; bad input refused with one message and nothing written.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_corpus import REAL, SLUGS, delivered, reading_copy

from drafter.engine import Engine
from drafter.inputs.catalog import Catalog

from helpers import ROOT, Result

EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*.yaml") if not p.name.endswith(".batch.yaml"))
SEEDS = sorted((ROOT / "seeds").glob("*.yaml"))
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _import(drafter: Callable[..., Result], source: Path, answers: str = "back.answers.yaml") -> Result:
    result = drafter("import", source, "-o", answers)
    assert result.code == 0, result.err
    assert "Template: " in result.out
    return result


@pytest.mark.parametrize("answers", [*EXAMPLES, *SEEDS], ids=lambda p: p.name)
def test_render_import_render_gives_the_same_statement(
    answers: Path, drafter: Callable[..., Result], isolated: Path
) -> None:
    assert drafter("render", answers, "-o", "first.docx").code == 0
    _import(drafter, isolated / "first.docx")
    result = drafter("render", "back.answers.yaml", "-o", "second.docx")
    assert result.code == 0, result.err
    heading, body = reading_copy(isolated / "first.docx")
    again_heading, again_body = reading_copy(isolated / "second.docx")
    assert again_body == body
    assert again_heading == heading


@pytest.mark.parametrize("fmt", ["txt", "md"])
@pytest.mark.parametrize("answers", EXAMPLES, ids=lambda p: p.name)
def test_text_and_markdown_copies_import_too(
    answers: Path, fmt: str, drafter: Callable[..., Result], isolated: Path
) -> None:
    assert drafter("render", answers, "-o", "first.docx").code == 0
    assert drafter("render", answers, "-o", f"first.{fmt}").code == 0
    _import(drafter, isolated / f"first.{fmt}")
    assert drafter("render", "back.answers.yaml", "-o", "second.docx").code == 0
    assert reading_copy(isolated / "second.docx") == reading_copy(isolated / "first.docx")


@pytest.mark.parametrize("slug", SLUGS)
def test_real_statement_imports_word_for_word(slug: str, drafter: Callable[..., Result], isolated: Path) -> None:
    _import(drafter, REAL / f"{slug}.txt")
    result = drafter("render", "back.answers.yaml", "-o", "copy.docx")
    assert result.code == 0, result.err
    heading, body = delivered(slug)
    copy_heading, copy_body = reading_copy(isolated / "copy.docx")
    assert copy_body == body
    assert copy_heading == heading


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [str(value)]


@pytest.mark.parametrize("slug", SLUGS)
def test_no_word_of_the_input_is_lost(slug: str, drafter: Callable[..., Result], isolated: Path) -> None:
    """Every word is in the answers file itself, or in a sentence of the bank the answers choose."""
    _import(drafter, REAL / f"{slug}.txt")
    data = yaml.safe_load((isolated / "back.answers.yaml").read_text(encoding="utf-8"))
    engine = Engine(Catalog.default([]))
    bundle = engine.template(data.pop("template"))
    answers = engine.validate(bundle, data)
    chosen = " ".join(s.text for s in engine.sentences(bundle, answers))
    known = set(_WORD.findall(" ".join(_strings(data)) + " " + chosen))
    heading, body = delivered(slug)  # the words, without the list markers ("1.", "-")
    words = _WORD.findall(" ".join([*heading, *(line.text for line in body)]))
    assert [w for w in words if w not in known] == []


def test_report_says_where_each_paragraph_went(drafter: Callable[..., Result]) -> None:
    result = _import(drafter, REAL / "en-hrc-dialogue-uk-2024.txt")
    assert "Read: text with a blank line between paragraphs; 2 heading line(s)" in result.out
    assert "Template: hrc-dialogue" in result.out
    assert "  speaker: the bank's wording: “Rita French”" in result.out
    assert "  The reading copy lays these lines out in its own order: speaker, meeting" in result.out
    assert "  ¶1 “Thank you, Mr President,” → opening: opening, variant 'thank-you-address-comma'" in result.out
    assert "  ¶2 “High Commissioner.” → addressee: salutation_addressee, variant 'address-full-stop'" in result.out
    assert "  ¶8 “Finally, we welcome your report on the situatio…” → points[5]" in result.out
    assert "  ¶9 “Thank you.” → closing thanks: closing_thanks, variant 'thank-you'" in result.out
    assert "  officer_gender: male (“Mr President”)" in result.out
    assert "Guessed date:" in result.out
    conventions = "The delegation's conventions, as the statement shows them (kept under conventions:):"
    assert f"{conventions}\n  address_style: Mr President\n" in result.out


def test_a_form_of_address_of_the_delegations_own_is_a_convention(
    drafter: Callable[..., Result], isolated: Path
) -> None:
    """ "Madame Vice President" is not the bank's form: the opening and closing are still the bank's sentences,
    and the form is kept as the delegation's, so the statement renders back as delivered."""
    result = _import(drafter, REAL / "en-right-of-reply-usa-2022.txt")
    assert "→ opening: opening, variant 'thank-you-for-the-floor'" in result.out
    assert "→ closing thanks: closing_thanks, variant 'i-thank-you-address'" in result.out
    assert "  address.vice-president.female: Madame Vice President" in result.out
    answers = yaml.safe_load((isolated / "back.answers.yaml").read_text("utf-8"))
    assert answers["conventions"] == {"sentences": {"address.vice-president.female": "Madame Vice President"}}
    assert (answers["presiding_officer"], answers["officer_gender"]) == ("vice-president", "female")
    text = drafter("render", isolated / "back.answers.yaml", "--format", "txt", "-o", "-").out
    assert "Thank you, Madame Vice President, for giving me the floor." in text
    assert "I thank you, Madame Vice President." in text


def test_word_document_from_elsewhere(drafter: Callable[..., Result], isolated: Path) -> None:
    """Word's own list styles and numbering, a Quote paragraph, no drafter styles."""
    from docx import Document

    document = Document()
    document.add_paragraph("Statement by Norway", style="Title")
    document.add_paragraph("Geneva, 3 March 2025")
    document.add_paragraph("Mr. President,")
    document.add_paragraph("We thank the High Commissioner for her update.")
    document.add_paragraph("We stress three points:")
    document.add_paragraph("accountability;", style="List Number")
    document.add_paragraph("access;", style="List Number")
    document.add_paragraph("protection of defenders.", style="List Bullet")
    document.add_paragraph("As the Charter says, “We the peoples”.", style="Quote")
    document.add_paragraph("Thank you.")
    document.save(str(isolated / "norway.docx"))
    result = _import(drafter, isolated / "norway.docx")
    assert "Template: hrc-dialogue" in result.out
    text = (isolated / "back.answers.yaml").read_text(encoding="utf-8")
    assert "delegation: Norway" in text and "date: 2025-03-03" in text and "place: Geneva" in text
    assert drafter("render", "back.answers.yaml", "-o", "copy.docx").code == 0
    _, body = reading_copy(isolated / "copy.docx")
    assert [(line.text, line.kind) for line in body] == [
        ("Mr. President,", "paragraph"),
        ("We thank the High Commissioner for her update.", "paragraph"),
        ("We stress three points:", "paragraph"),
        ("accountability;", "numbered"),
        ("access;", "numbered"),
        ("protection of defenders.", "bullet"),
        ("As the Charter says, “We the peoples”.", "quote"),
        ("Thank you.", "paragraph"),
    ]


def test_template_named_is_used(drafter: Callable[..., Result], isolated: Path) -> None:
    result = drafter("import", REAL / "en-hrc-dialogue-uk-2024.txt", "--template", "joint-statement", "-o", "x.yaml")
    assert result.code == 0, result.err
    assert "Template: joint-statement (named with --template)" in result.out
    assert (isolated / "x.yaml").read_text(encoding="utf-8").count("template: joint-statement") == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.docx", None, "missing.docx: no such file"),
        ("fake.docx", b"not a zip file", "fake.docx: is not a Word document"),
        ("empty.txt", b"", "empty.txt: holds no text to import"),
        ("blank.md", b"\n\n   \n", "blank.md: holds no text to import"),
        ("statement.pdf", b"%PDF-1.4", "drafter imports .docx, .txt and .md files"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(
    name: str, content: bytes | None, message: str, drafter: Callable[..., Result], isolated: Path
) -> None:
    if content is not None:
        (isolated / name).write_bytes(content)
    result = drafter("import", name, "-o", "out.yaml")
    assert result.code == 1
    assert result.err.startswith("drafter: error: ") and message in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert not (isolated / "out.yaml").exists()


def test_existing_answers_are_kept_without_force(drafter: Callable[..., Result], isolated: Path) -> None:
    (isolated / "out.yaml").write_text("mine\n", encoding="utf-8")
    result = drafter("import", REAL / "en-hrc-dialogue-uk-2024.txt", "-o", "out.yaml")
    assert result.code == 1
    assert "out.yaml: already exists; use --force to replace it" in result.err
    assert (isolated / "out.yaml").read_text(encoding="utf-8") == "mine\n"
    assert drafter("import", REAL / "en-hrc-dialogue-uk-2024.txt", "-o", "out.yaml", "--force").code == 0
    assert "template: hrc-dialogue" in (isolated / "out.yaml").read_text(encoding="utf-8")


def test_the_import_walk_through_runs_as_written(drafter: Callable[..., Result], isolated: Path) -> None:
    """docs/workflows.md, section "Import": its commands succeed and its sample report is what they print."""
    guide = (ROOT / "docs" / "workflows.md").read_text(encoding="utf-8")
    section = guide[guide.index("## Import") :]
    commands = re.search(r"<!-- commands -->\n```sh\n(?P<body>.*?)```", section, re.S)
    report = re.search(r"```text\n(?P<body>.*?)```", section, re.S)
    assert commands is not None and report is not None
    (isolated / "examples").symlink_to(ROOT / "examples")
    printed = ""
    for line in commands.group("body").strip().splitlines():
        result = drafter(*shlex.split(line)[1:])
        assert result.code == 0, result.err
        printed += result.out if shlex.split(line)[1] == "import" else ""
    assert printed == report.group("body")
    assert reading_copy(isolated / "this-year.docx") == reading_copy(isolated / "last-year.docx")


MOROCCO = """Intervention du Royaume du Maroc
Conseil des droits de l'homme, 58e session
Dialogue interactif avec la Rapporteuse spéciale sur le droit à l'éducation
Genève, le 12 mars 2025
Madame la présidente,
Madame la Rapporteuse spéciale,
Le Royaume du Maroc remercie la Rapporteuse spéciale pour son rapport.
Nous souhaitons poser les questions suivantes :
• Quelles bonnes pratiques recommandez-vous ?
• Comment renforcer la coopération régionale ?
Je vous remercie./.
"""


def test_a_french_statement_saved_one_paragraph_per_line(drafter: Callable[..., Result], isolated: Path) -> None:
    """A delegation in none of the examples: two meeting lines stay the meeting (not a speaker), the
    mandate holder turned to is the addressee, and "Madame la présidente" and "./." are its conventions."""
    source = isolated / "maroc.txt"
    source.write_text(MOROCCO, encoding="utf-8")
    result = _import(drafter, source)
    assert "Read: text with one paragraph per line; 4 heading line(s)" in result.out
    assert "(2 lines kept together as one meeting line)" in result.out
    assert "speaker:" not in result.out
    assert "  meeting: Conseil des droits de l'homme, 58e session" in result.out
    assert "→ addressee: salutation_addressee, variant 'address'" in result.out
    assert "  address.president.female: Madame la présidente" in result.out
    assert "  end_mark: ./." in result.out
    text = drafter("render", isolated / "back.answers.yaml", "--format", "txt", "-o", "-").out
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert lines == MOROCCO.splitlines()  # word for word, heading included


TOGO = """Déclaration du Togo

Conseil des droits de l’homme, 58e session

Monsieur le Président,

Le Togo remercie la Rapporteuse spéciale pour son rapport.

Nous appelons à renforcer la coopération technique.

Je vous remercie de votre aimable attention.

Genève, le 4 mars 2025
"""


def test_the_place_and_date_after_the_closing_are_a_section_of_their_own(
    drafter: Callable[..., Result], isolated: Path
) -> None:
    """A text signed with its place and date after the closing thanks: the closing is the bank's
    "aimable attention", the place and date the `dateline` section, and both render back word for word."""
    source = isolated / "togo.txt"
    source.write_text(TOGO, encoding="utf-8")
    result = _import(drafter, source)
    assert (
        "“Je vous remercie de votre aimable attention.” → closing thanks: closing_thanks, variant 'kind-attention'"
        in (result.out)
    )
    assert "“Genève, le 4 mars 2025” → place and date: dateline, variant 'place-date'" in result.out
    answers = yaml.safe_load((isolated / "back.answers.yaml").read_text(encoding="utf-8"))
    assert answers["sections"][-1] == "dateline"
    assert answers["place"] == "Genève" and str(answers["date"]) == "2025-03-04"
    text = drafter("render", isolated / "back.answers.yaml", "--format", "txt", "-o", "-").out
    lines = [line.strip() for line in text.split("---", 1)[-1].splitlines() if line.strip()]
    assert lines[-2:] == ["Je vous remercie de votre aimable attention.", "Genève, le 4 mars 2025"]


HEAD_OF_STATE = """Statement by the President of the Republic of Ghana

General debate of the eightieth session of the General Assembly

Madam President of the General Assembly,

Heads of State and Government,

Mr. Secretary-General,

Ladies and Gentlemen,

Distinguished Delegates,

Ghana remains committed to the Charter and to the multilateral system that serves us all.

We call for a reformed Security Council that reflects the world as it is today.

I thank you for your kind attention.
"""


def test_a_greeting_audience_by_audience_is_the_full_salutation(drafter: Callable[..., Result], isolated: Path) -> None:
    """Five greeting lines, one per audience, are the general debate's full salutation (variant `audiences`),
    not five paragraphs of the delegation's; the statement renders back word for word."""
    source = isolated / "ghana.txt"
    source.write_text(HEAD_OF_STATE, encoding="utf-8")
    result = _import(drafter, source)
    assert "Template: general-debate" in result.out
    assert result.out.count("→ opening: salutation_full, variant 'audiences'") == 5
    assert "→ closing thanks: closing_thanks, variant 'kind-attention'" in result.out
    text = drafter("render", isolated / "back.answers.yaml", "--format", "md", "-o", "-").out
    body = [p.strip() for p in text.split("\n---\n", 1)[1].split("\n\n") if p.strip()]
    assert body == [p.strip() for p in HEAD_OF_STATE.split("\n\n")[2:]]


SIGNED = """Statement by Chile

Security Council open debate on children and armed conflict

Madam President,

Chile thanks the Special Representative for her briefing.

We call on all parties to release the children held in their ranks.

Thank you.

Paula Narváez, Ambassador, Permanent Representative
"""


def test_the_speakers_name_after_the_closing_is_a_signature(drafter: Callable[..., Result], isolated: Path) -> None:
    """A name and title after the closing thanks, where the heading names no speaker: the `signature` section,
    the speaker read from it; rendered back word for word, the name not repeated in the heading."""
    source = isolated / "chile.txt"
    source.write_text(SIGNED, encoding="utf-8")
    result = _import(drafter, source)
    assert "→ the speaker's name: signature" in result.out
    answers = yaml.safe_load((isolated / "back.answers.yaml").read_text(encoding="utf-8"))
    assert answers["speaker"] == "Paula Narváez, Ambassador, Permanent Representative"
    assert answers["sections"][-2:] == ["final", "signature"]
    text = drafter("render", isolated / "back.answers.yaml", "--format", "md", "-o", "-").out
    heading, body = text.split("\n---\n", 1)
    assert "Paula" not in heading
    assert [p.strip() for p in body.split("\n\n") if p.strip()] == [p.strip() for p in SIGNED.split("\n\n")[2:]]


def test_the_place_and_date_of_the_heading_are_read_when_no_dateline_follows(
    drafter: Callable[..., Result], isolated: Path
) -> None:
    """The dateline and the signature are sections a statement adds: their facts (place, date, speaker) are
    the heading's too, and are read from it when the statement does not end with them."""
    source = isolated / "togo.txt"
    source.write_text(
        TOGO.replace("\n\nGenève, le 4 mars 2025\n", "\n").replace(
            "Conseil des droits de l’homme, 58e session\n",
            "Conseil des droits de l’homme, 58e session\n\nGenève, le 4 mars 2025\n",
        ),
        encoding="utf-8",
    )
    result = _import(drafter, source)
    assert "Guessed date" not in result.out
    answers = yaml.safe_load((isolated / "back.answers.yaml").read_text(encoding="utf-8"))
    assert answers["place"] == "Genève" and str(answers["date"]) == "2025-03-04"
    assert "dateline" not in answers["sections"]
