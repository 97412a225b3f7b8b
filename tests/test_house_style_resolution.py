"""The house style once for every template: which reference.docx a statement is laid out on (per language),
``drafter templates style`` writing one with a sample of every style, and the reading copy's fonts and
keep-with-next read back from the Word files drafter writes."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from drafter.word.house import REQUIRED_STYLES
from drafter.word.writer import build_reference_document

from helpers import EXAMPLES, SEED, Result, read_paragraphs

Run = Callable[..., Result]
FRENCH = EXAMPLES / "interactive-dialogue.fr.yaml"
THEME_FONTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _reference(path: Path, header: str) -> Path:
    """A house style whose header says ``header``: which one a statement used is read from its header."""
    doc = build_reference_document()
    doc.sections[0].header.paragraphs[0].text = header
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def _header(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).sections[-1].header.paragraphs).strip()


def _used(drafter: Run, answers: Path, *options: str | Path) -> str:
    result = drafter("render", answers, "-o", "out.docx", "--force", *options)
    assert result.code == 0, result.err
    return _header(Path("out.docx"))


def _user_house() -> Path:
    from drafter.paths import user_house_style

    return user_house_style()


def test_the_house_style_is_found_in_order_and_per_language(drafter: Run, isolated: Path) -> None:
    folder = isolated / "mission"
    statement = _reference(folder / "_statement" / "reference.docx", "mission, _statement")
    statement_fr = _reference(folder / "_statement" / "reference.fr.docx", "mission, _statement, fr")
    root = _reference(folder / "reference.docx", "mission")
    _reference(_user_house() / "reference.docx", "user")
    user_fr = _reference(_user_house() / "reference.fr.docx", "user, fr")
    profile_style = _reference(isolated / "letterhead.docx", "profile")
    built_in = ["--template-dir", folder]
    # A --template-dir's house style applies to the built-in templates it sits beside (it was ignored).
    assert _used(drafter, SEED, *built_in) == "mission, _statement"
    assert _used(drafter, FRENCH, *built_in) == "mission, _statement, fr"
    statement.unlink()
    statement_fr.unlink()
    assert _used(drafter, SEED, *built_in) == _used(drafter, FRENCH, *built_in) == "mission"
    root.unlink()
    assert _used(drafter, SEED) == "user"
    assert _used(drafter, FRENCH) == "user, fr"
    user_fr.unlink()
    assert _used(drafter, FRENCH) == "user"
    shutil.rmtree(_user_house())
    assert drafter("profile", "set", "house_style", str(profile_style)).code == 0
    assert _used(drafter, SEED) == _used(drafter, FRENCH) == "profile"
    assert drafter("profile", "set", "house_style", "").code == 0
    assert _used(drafter, SEED) == ""


def test_a_template_s_own_house_style_comes_first(drafter: Run, isolated: Path) -> None:
    assert drafter("templates", "new", "tribute", "--dir", isolated / "mine").code == 0
    template = isolated / "mine" / "tribute"
    _reference(_user_house() / "reference.docx", "user")
    _reference(_user_house() / "reference.fr.docx", "user, fr")
    _reference(isolated / "mine" / "reference.docx", "mine")
    _reference(template / "reference.docx", "tribute")
    options = ("--template-dir", isolated / "mine")
    assert _used(drafter, template / "example.yaml", *options) == "tribute"
    # The template's own reference.docx before a French one further away: the nearest place wins.
    french = template / "example.fr.yaml"
    french.write_text((template / "example.yaml").read_text().replace("language: en", "language: fr"))
    assert _used(drafter, french, *options) == "tribute"
    _reference(template / "reference.fr.docx", "tribute, fr")
    assert _used(drafter, french, *options) == "tribute, fr"


def test_a_profile_house_style_may_be_a_folder_and_must_exist(drafter: Run, isolated: Path) -> None:
    _reference(isolated / "house" / "reference.fr.docx", "folder, fr")
    assert drafter("profile", "set", "house_style", str(isolated / "house")).code == 0
    assert _used(drafter, FRENCH) == "folder, fr"
    assert _used(drafter, SEED) == ""  # no English one there: drafter's own
    assert drafter("profile", "set", "house_style", str(isolated / "gone.docx")).code == 0
    result = drafter("render", SEED, "-o", "out.docx", "--force")
    assert result.code == 1
    assert "profile.yaml: house_style: no such Word file" in result.err and "gone.docx" in result.err


def test_check_reads_every_house_style_a_template_uses(drafter: Run, isolated: Path) -> None:
    (_user_house()).mkdir(parents=True)
    (_user_house() / "reference.fr.docx").write_text("not a Word file")
    result = drafter("templates", "check", "interactive-dialogue")
    assert result.code == 1
    assert "reference.fr.docx: is not a Word document (.docx)" in result.out, result.out


# -- drafter templates style ---------------------------------------------------------------------------
def test_style_writes_a_sample_of_every_style_and_says_where_it_serves_every_template(
    drafter: Run, isolated: Path
) -> None:
    result = drafter("templates", "style")
    assert result.code == 0, result.err
    assert str(_user_house() / "reference.docx") in result.out
    assert "site-packages" not in result.out and "in the template's folder" not in result.out
    doc = Document(str(isolated / "reference.docx"))
    styles = {p.style.name for p in doc.paragraphs}
    assert set(REQUIRED_STYLES) <= styles, set(REQUIRED_STYLES) - styles
    for paragraph in doc.paragraphs:
        if paragraph.style.name not in ("Statement Rule", "Normal"):
            assert paragraph.style.name in paragraph.text  # each sample names its style
    items = [p for p in read_paragraphs(isolated / "reference.docx") if p.level is not None]
    assert {(p.style, p.level) for p in items} >= {("List Number", 0), ("List Bullet 2", 1), ("List Number 3", 2)}
    assert "Footer" in doc.sections[0].footer.paragraphs[-1].style.name
    # Saved where it said, it is every template's house style.
    _user_house().mkdir(parents=True)
    shutil.move(isolated / "reference.docx", _user_house() / "reference.docx")
    styled = Document(str(_user_house() / "reference.docx"))
    styled.styles["Normal"].font.name = "Georgia"
    styled.save(str(_user_house() / "reference.docx"))
    assert drafter("render", SEED, "-o", "out.docx").code == 0
    out = Document(str(isolated / "out.docx"))
    assert out.styles["Normal"].font.name == "Georgia"
    assert "Normal:" not in "".join(p.text for p in out.paragraphs)  # the samples never reach a statement


def test_style_in_french_writes_reference_fr_docx(drafter: Run, isolated: Path) -> None:
    result = drafter("templates", "style", "--language", "fr")
    assert result.code == 0, result.err
    assert str(_user_house() / "reference.fr.docx") in result.out
    texts = [p.text for p in read_paragraphs(isolated / "reference.fr.docx")]
    assert texts[0].startswith("Seul le prononcé fait foi")
    assert Document(str(isolated / "reference.fr.docx")).core_properties.language.startswith("fr")
    assert drafter("templates", "style", "--language", "xx").code == 2


def test_style_starts_from_the_house_style_in_use(drafter: Run, isolated: Path) -> None:
    _reference(_user_house() / "reference.docx", "Permanent Mission of Norway")
    assert drafter("templates", "style", "-o", "restyle.docx").code == 0
    assert _header(isolated / "restyle.docx") == "Permanent Mission of Norway"
    # Writing over the house style in use is refused, or resets it with --force.
    assert drafter("templates", "style", "-o", _user_house() / "reference.docx").code == 1
    assert drafter("templates", "style", "-o", _user_house() / "reference.docx", "--force").code == 0
    assert _header(_user_house() / "reference.docx") == ""


# -- the reading copy's fonts and keep-with-next, read back -----------------------------------------------------
def _style_element(doc: object, name: str) -> object:
    return doc.styles[name].element  # type: ignore[attr-defined]


def _theme_fonts(element: object) -> list[str]:
    return [a for fonts in element.iter(qn("w:rFonts")) for a in THEME_FONTS if fonts.get(qn(a))]  # type: ignore[attr-defined]


def _font(style: object) -> str | None:
    """The font a style shows: its own, else the style it is based on's (as Word resolves it)."""
    while style is not None:
        if style.font.name:  # type: ignore[attr-defined]
            return str(style.font.name)  # type: ignore[attr-defined]
        style = style.base_style  # type: ignore[attr-defined]
    return None


def test_every_heading_is_in_the_body_s_font_and_kept_with_what_follows(drafter: Run, isolated: Path) -> None:
    assert drafter("render", FRENCH, "-o", "out.docx").code == 0
    doc = Document(str(isolated / "out.docx"))
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    assert _theme_fonts(defaults) == []
    assert defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}").get(qn("w:ascii")) == "Arial"
    assert defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:val")).startswith("fr")
    assert doc.styles["Normal"].font.name == "Arial"
    for name in ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Statement Marker", "Quote"):
        assert _theme_fonts(_style_element(doc, name)) == [], name
        assert _font(doc.styles[name]) == "Arial", name  # its own, else its parent's: Normal's
    for name in ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Statement Front"):
        assert doc.styles[name].paragraph_format.keep_with_next is True, name


def test_a_lead_in_is_kept_with_the_list_it_introduces(drafter: Run, isolated: Path) -> None:
    assert drafter("render", SEED, "-o", "out.docx").code == 0
    doc = Document(str(isolated / "out.docx"))
    body = [p for p in doc.paragraphs if p.text]
    kept = {p.text[:40] for p in body if p.paragraph_format.keep_with_next}
    for before, after in itertools.pairwise(body):
        introduces = before.style.name == "Normal" and after.style.name.startswith("List ")
        if introduces or before.text.rstrip().endswith(":"):
            assert before.text[:40] in kept, before.text
    assert any(p.text.startswith("Let me now bring up some actions") for p in body if p.text[:40] in kept)
    long_points = [p for p in body if p.style.name == "List Number" and not p.text.rstrip().endswith(":")]
    assert long_points and not any(p.paragraph_format.keep_with_next for p in long_points)


@pytest.mark.parametrize("theme", ["majorHAnsi", "minorHAnsi"])
def test_a_house_title_tied_to_the_theme_takes_the_body_s_font(drafter: Run, isolated: Path, theme: str) -> None:
    doc = build_reference_document()
    doc.styles["Normal"].font.name = "Georgia"
    title = doc.styles["Title"].element.get_or_add_rPr()
    fonts = title.get_or_add_rFonts()  # as Word writes its own Title: the theme's font, no other
    fonts.set(qn("w:asciiTheme"), theme)
    fonts.set(qn("w:hAnsiTheme"), theme)
    assert drafter("templates", "new", "tribute", "--dir", isolated / "mine").code == 0
    doc.save(str(isolated / "mine" / "tribute" / "reference.docx"))
    options = ("--template-dir", isolated / "mine")
    assert drafter("render", isolated / "mine" / "tribute" / "example.yaml", "-o", "out.docx", *options).code == 0
    out = Document(str(isolated / "out.docx"))
    assert _theme_fonts(_style_element(out, "Title")) == []
    assert out.styles["Title"].font.name is None  # it names none: it takes Normal's
    assert _font(out.styles["Title"]) == out.styles["Normal"].font.name == "Georgia"


def test_restyling_normal_restyles_the_title_headings_and_lists(drafter: Run, isolated: Path) -> None:
    assert drafter("templates", "style").code == 0
    doc = Document(str(isolated / "reference.docx"))
    doc.styles["Normal"].font.name = "Garamond"
    doc.save(str(isolated / "reference.docx"))
    _user_house().mkdir(parents=True)
    shutil.move(isolated / "reference.docx", _user_house() / "reference.docx")
    assert drafter("render", SEED, "-o", "out.docx").code == 0
    out = Document(str(isolated / "out.docx"))
    for paragraph in out.paragraphs:
        assert _font(paragraph.style) == "Garamond", paragraph.style.name


def test_a_font_the_author_names_wins_over_a_theme_font_beside_it(drafter: Run, isolated: Path) -> None:
    doc = build_reference_document()
    fonts = doc.styles["Normal"].element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:ascii"), "Garamond")
    fonts.set(qn("w:hAnsi"), "Garamond")
    fonts.set(qn("w:asciiTheme"), "minorHAnsi")  # as LibreOffice may save it: the theme's would win in Word
    _user_house().mkdir(parents=True)
    doc.save(str(_user_house() / "reference.docx"))
    assert drafter("render", SEED, "-o", "out.docx").code == 0
    normal = Document(str(isolated / "out.docx")).styles["Normal"]
    assert _theme_fonts(normal.element) == []
    assert normal.font.name == "Garamond"
