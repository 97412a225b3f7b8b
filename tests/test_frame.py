"""Every sentence a template contributes is the drafter's to keep, swap, rewrite or drop; sections in any order;
paragraph answers carry lists and quotations. Checked on the Word copy the installed command writes."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from drafter.document.blocks import parse_blocks
from drafter.engine import Engine
from drafter.inputs.answers import read_answers_file
from drafter.inputs.catalog import Catalog
from drafter.render.freetext import free_text, literal_line

from helpers import EXAMPLES, SEED, Para, Result, numbering_formats, read_paragraphs

Run = Callable[..., Result]


def render(drafter: Run, folder: Path, base: Path, **changes: Any) -> list[Para]:
    """Render ``base`` with ``changes`` to its answers; the body paragraphs of the Word copy."""
    answers = yaml.safe_load(base.read_text(encoding="utf-8"))
    answers.update(changes)
    source = folder / "answers.yaml"
    source.write_text(yaml.safe_dump(answers, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = drafter("render", source, "-o", "out.docx", "--force")
    assert result.code == 0, result.err
    paragraphs = read_paragraphs(folder / "out.docx")
    front = {"Statement Marker", "Title", "Subtitle", "Statement Front"}
    return [p for p in paragraphs if p.style not in front]


def texts(paragraphs: list[Para]) -> list[str]:
    return [p.text for p in paragraphs]


def test_a_sentence_kept_swapped_rewritten_or_dropped(drafter: Run, isolated: Path) -> None:
    hrc = EXAMPLES / "hrc-dialogue.en.yaml"
    kept = texts(render(drafter, isolated, hrc))
    assert kept[-1] == "Thank you."
    swapped = texts(render(drafter, isolated, hrc, sentences={"closing_thanks": {"use": "thank-you-address"}}))
    assert swapped[-1] == "Thank you, Mr. President."
    rewritten = texts(render(drafter, isolated, hrc, sentences={"closing_thanks": "Thank you and kommol tata."}))
    assert rewritten[-1] == "Thank you and kommol tata."
    dropped = texts(render(drafter, isolated, hrc, sentences={"closing_thanks": False}))
    assert dropped == kept[:-1]


def test_voice_picks_the_first_or_third_person(drafter: Run, isolated: Path) -> None:
    hrc = EXAMPLES / "hrc-dialogue.en.yaml"
    assert any(t.startswith("We thank ") for t in texts(render(drafter, isolated, hrc, voice="we")))
    assert any(t.startswith("I thank ") for t in texts(render(drafter, isolated, hrc, voice="i")))
    third = texts(render(drafter, isolated, hrc, voice="delegation"))
    assert any(t.startswith("Belgium thanks ") for t in third)


def test_sections_reordered_left_out_and_the_salutation_repeated(drafter: Run, isolated: Path) -> None:
    seed = texts(render(drafter, isolated, SEED))
    alignment = next(t for t in seed if "aligns itself" in t)
    thanks = next(t for t in seed if t.startswith("First, I wish to thank you"))
    moved = texts(render(drafter, isolated, SEED, sections=["opening", "thanks", "alignment", "body", "final"]))
    assert moved.index(thanks) < moved.index(alignment)
    assert not any(t.startswith("Finally, I would like") for t in moved)
    repeated = texts(render(drafter, isolated, SEED, sections=["opening", "alignment", "salutation", "thanks"]))
    assert repeated[:4] == ["Mr. President,", alignment, "Mr. President,", thanks]


def test_unknown_sentence_section_or_variant_is_one_clear_message(drafter: Run, isolated: Path) -> None:
    answers = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    for change, expected in (
        ({"sentences": {"closing_thank": False}}, "did you mean 'closing_thanks'"),
        ({"sections": ["openin"]}, "did you mean 'opening'"),
        ({"sentences": {"closing_thanks": {"use": "thank-yu"}}}, "did you mean 'thank-you'"),
    ):
        source = isolated / "bad.yaml"
        source.write_text(yaml.safe_dump({**answers, **change}, allow_unicode=True), encoding="utf-8")
        result = drafter("render", source, "-o", "bad.docx")
        assert result.code == 1, result.err
        assert expected in result.err
        assert "bad.yaml:" in result.err  # the file and line of the mistake
        assert "Traceback" not in result.err
        assert not (isolated / "bad.docx").exists()


def test_free_text_lines_become_word_lists_and_quotations(drafter: Run, isolated: Path) -> None:
    point = (
        "We recommend:\n1. first point\n   - a detail\n2. second point\n\n"
        "> A quotation on its own.\n\nA paragraph with 1. and * mid-sentence."
    )
    body = render(drafter, isolated, EXAMPLES / "hrc-dialogue.en.yaml", points=[point])
    words = texts(body)
    start = words.index("We recommend:")
    first, detail, second = body[start + 1 : start + 4]
    assert (first.text, detail.text, second.text) == ("first point", "a detail", "second point")
    assert first.num_id is not None and first.num_id == second.num_id
    formats = numbering_formats(isolated / "out.docx", first.num_id)
    assert formats[0][0] == "decimal" and (first.level, detail.level) == (0, 1)
    assert formats[1][0] == "bullet"
    quote = body[start + 4]
    assert (quote.text, quote.style) == ("A quotation on its own.", "Quote")
    assert body[start + 5].text == "A paragraph with 1. and * mid-sentence."
    assert body[start + 5].num_id is None


@pytest.mark.parametrize("text", ["– including the Council", "2. is a number", "- a dash", "\\- a backslash", "> sign"])
def test_a_paragraph_that_starts_like_a_list_item_can_stay_a_paragraph(text: str) -> None:
    blocks = parse_blocks(free_text(literal_line(text))).blocks
    assert [(b.kind, b.text) for b in blocks] == [("paragraph", text)]


def test_free_text_without_structure_stays_one_literal_paragraph() -> None:
    assert free_text("Article 2. * stars # and {{ x }} stay") == "Article 2. \\* stars # and {{ x }} stay"
    assert "\n" not in free_text("one line\nbroken by the editor")


def test_the_interview_lists_the_sentences_and_their_variants() -> None:
    engine = Engine(Catalog.default())
    bundle = engine.template("hrc-dialogue")
    answers = engine.validate(bundle, read_answers_file(EXAMPLES / "hrc-dialogue.en.yaml").answers)
    keys = [s.key for s in engine.sentences(bundle, answers)]
    assert keys[:3] == ["statement_by", "speaker_line", "meeting_line"]
    assert "thank_mandate_holder" in keys and keys[-1] == "closing_thanks"
    variants = engine.variant_texts(bundle, answers, "closing_thanks")
    assert variants["thank-you-address"] == "Thank you, Mr. President."


def test_french_phrases_use_the_typographic_apostrophe() -> None:
    text = (Path(__file__).parent.parent / "templates" / "_shared" / "phrases" / "fr.yaml").read_text()
    prose = re.sub(r"{{.*?}}|{%.*?%}", "", "\n".join(strings(yaml.safe_load(text))))
    assert "’" in prose
    assert "'" not in prose


def strings(node: Any) -> list[str]:
    """Every string in a nested mapping."""
    if isinstance(node, dict):
        return [s for v in node.values() for s in strings(v)]
    return [node] if isinstance(node, str) else []
