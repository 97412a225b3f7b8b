"""House styles made elsewhere: reference documents shaped like Word's, LibreOffice's and pandoc's.

Each house document is a template's ``reference.docx``; the seed is rendered through it by the CLI and
read back by python-docx, pandoc, LibreOffice and an OOXML schema validator. The Word-shaped documents
are built here part by part, as Word writes them: a blank document has no ``numbering.xml`` (Word adds
it with the first list), built-in styles carry English ``w:name`` values under localised ids, headers
and footers live in parts of their own referenced from each section's ``w:sectPr``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
import pytest
from docx import Document
from docx.oxml.ns import qn

from drafter.cli import main
from drafter.word.footers import field_codes, has_page_field

from conftest import require_tool
from helpers import SEED, TEMPLATES, pandoc_nodes, read_paragraphs

HOUSE_DATA = Path(__file__).parent / "data" / "house"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_W = "application/vnd.openxmlformats-officedocument.wordprocessingml"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# The theme Word writes into every document (python-docx ships a Word-made one).
with zipfile.ZipFile(Path(docx.__file__).parent / "templates" / "default.docx") as _default:
    WORD_THEME = _default.read("word/theme/theme1.xml").decode()


# -- Word's parts, as Word writes them ------------------------------------------------------------
def _xml(root: str, body: str, extra_ns: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:{root} xmlns:w="{W}" xmlns:r="{R}"{extra_ns}>{body}</w:{root}>'
    )


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def _complex_field(code: str, shown: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{code}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{_run(shown)}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def _paragraph(content: str = "", style: str | None = None, jc: str | None = None) -> str:
    props = (f'<w:pStyle w:val="{style}"/>' if style else "") + (f'<w:jc w:val="{jc}"/>' if jc else "")
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{content}</w:p>"


def _style(kind: str, style_id: str, name: str, body: str = "", default: bool = False) -> str:
    attrs = f' w:type="{kind}"' + (' w:default="1"' if default else "") + f' w:styleId="{style_id}"'
    return f'<w:style{attrs}><w:name w:val="{name}"/>{body}</w:style>'


@dataclass(frozen=True)
class Margins:
    """A section's page margins, in twentieths of a point."""

    top: int = 1417
    right: int = 1417
    bottom: int = 1134
    left: int = 1417

    def xml(self) -> str:
        return (
            f'<w:pgMar w:top="{self.top}" w:right="{self.right}" w:bottom="{self.bottom}" w:left="{self.left}" '
            'w:header="708" w:footer="708" w:gutter="0"/>'
        )


@dataclass
class WordDoc:
    """A .docx package put together the way Word lays one out."""

    font: str = "Calibri"
    normal_id: str = "Normal"
    styles: list[str] = field(default_factory=list)
    numbering: str | None = None
    settings: str = ""
    with_settings: bool = True
    with_styles: bool = True
    parts: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # name → (content type, rel type, xml)
    sections: list[tuple[str, Margins, str]] = field(default_factory=list)  # (references, margins, options)

    def add_part(self, name: str, kind: str, xml: str) -> str:
        """Add ``word/<name>``; return its relationship id."""
        content_type = {"header": f"{CT_W}.header+xml", "footer": f"{CT_W}.footer+xml"}[kind]
        self.parts[name] = (content_type, f"{RT}/{kind}", xml)
        return f"rId{100 + len(self.parts)}"

    def header(self, name: str, *paragraphs: str) -> str:
        return self.add_part(name, "header", _xml("hdr", "".join(paragraphs)))

    def footer(self, name: str, *paragraphs: str) -> str:
        return self.add_part(name, "footer", _xml("ftr", "".join(paragraphs)))

    def section(self, references: str = "", margins: Margins | None = None, title_page: bool = False) -> None:
        self.sections.append((references, margins or Margins(), "<w:titlePg/>" if title_page else ""))

    def _styles_xml(self) -> str:
        defaults = (
            f'<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="{self.font}" w:hAnsi="{self.font}" '
            f'w:cs="{self.font}"/><w:sz w:val="22"/><w:lang w:val="en-US" w:eastAsia="en-US" w:bidi="ar-SA"/>'
            '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="259" w:lineRule="auto"/>'
            "</w:pPr></w:pPrDefault></w:docDefaults>"
        )
        latent = (
            '<w:latentStyles w:defLockedState="0" w:defUIPriority="99" w:defSemiHidden="0" w:defUnhideWhenUsed="0" '
            'w:defQFormat="0" w:count="376"><w:lsdException w:name="Normal" w:uiPriority="0" w:qFormat="1"/>'
            '<w:lsdException w:name="List Number" w:semiHidden="1" w:unhideWhenUsed="1"/></w:latentStyles>'
        )
        base = [
            _style(
                "paragraph",
                self.normal_id,
                "Normal",
                f'<w:qFormat/><w:rPr><w:rFonts w:ascii="{self.font}" w:hAnsi="{self.font}"/></w:rPr>',
                default=True,
            ),
            _style(
                "character",
                "DefaultParagraphFont",
                "Default Paragraph Font",
                '<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/>',
                default=True,
            ),
            _style(
                "table",
                "TableNormal",
                "Normal Table",
                '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" '
                'w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
                '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>',
                default=True,
            ),
            _style(
                "numbering",
                "NoList",
                "No List",
                '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>',
                default=True,
            ),
        ]
        return _xml("styles", defaults + latent + "".join(base + self.styles))

    def _document_xml(self) -> str:
        body = _paragraph(_run("Delete me: the house document's own text."))
        sections = self.sections or [("", Margins(), "")]
        for index, (references, margins, options) in enumerate(sections):
            sect_pr = (
                f'<w:sectPr>{references}<w:pgSz w:w="11906" w:h="16838"/>{margins.xml()}'
                f'<w:cols w:space="708"/>{options}<w:docGrid w:linePitch="360"/></w:sectPr>'
            )
            if index < len(sections) - 1:
                body += f"<w:p><w:pPr>{sect_pr}</w:pPr>{_run(f'Section {index + 1}.')}</w:p>"
            else:
                body += sect_pr
        return _xml("document", f"<w:body>{body}</w:body>")

    def save(self, path: Path) -> Path:
        """Write the package: content types, relationships and parts."""
        parts: dict[str, tuple[str, str, str]] = {}
        if self.with_styles:
            parts["styles.xml"] = (f"{CT_W}.styles+xml", f"{RT}/styles", self._styles_xml())
        if self.with_settings:
            settings = _xml(
                "settings",
                '<w:zoom w:percent="100"/><w:defaultTabStop w:val="708"/>'
                f'{self.settings}<w:characterSpacingControl w:val="doNotCompress"/>'
                '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/'
                'word" w:val="15"/></w:compat>',
            )
            parts["settings.xml"] = (f"{CT_W}.settings+xml", f"{RT}/settings", settings)
        if self.numbering is not None:
            parts["numbering.xml"] = (f"{CT_W}.numbering+xml", f"{RT}/numbering", _xml("numbering", self.numbering))
        if self.with_styles:
            parts["theme/theme1.xml"] = (
                "application/vnd.openxmlformats-officedocument.theme+xml",
                f"{RT}/theme",
                WORD_THEME,
            )
        parts["fontTable.xml"] = (
            f"{CT_W}.fontTable+xml",
            f"{RT}/fontTable",
            _xml("fonts", f'<w:font w:name="{self.font}"><w:family w:val="swiss"/></w:font>'),
        )
        rel_ids = {name: f"rId{index + 1}" for index, name in enumerate(parts)}
        for offset, name in enumerate(self.parts):
            rel_ids[name] = f"rId{101 + offset}"
        parts.update(self.parts)
        overrides = "".join(
            f'<Override PartName="/word/{name}" ContentType="{content_type}"/>'
            for name, (content_type, _rel, _xml_text) in parts.items()
        )
        content_types = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{CT_W}.document.main+xml"/>{overrides}'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>'
        )
        package_rels = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PKG}">'
            f'<Relationship Id="rId1" Type="{RT}/officeDocument" Target="word/document.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
            'core-properties" Target="docProps/core.xml"/></Relationships>'
        )
        document_rels = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PKG}">'
            + "".join(
                f'<Relationship Id="{rel_ids[name]}" Type="{rel}" Target="{name}"/>'
                for name, (_ct, rel, _text) in parts.items()
            )
            + "</Relationships>"
        )
        core = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://'
            'schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/'
            'elements/1.1/"><dc:creator>Protocol Office</dc:creator></cp:coreProperties>'
        )
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
            package.writestr("[Content_Types].xml", content_types)
            package.writestr("_rels/.rels", package_rels)
            package.writestr("docProps/core.xml", core)
            package.writestr("word/document.xml", self._document_xml())
            package.writestr("word/_rels/document.xml.rels", document_rels)
            for name, (_ct, _rel, text) in parts.items():
                package.writestr(f"word/{name}", text)
        return path


def _reference(kind: str, rel_id: str, which: str = "default") -> str:
    return f'<w:{kind}Reference w:type="{which}" r:id="{rel_id}"/>'


FOOTER_STYLE = _style(
    "paragraph",
    "Footer",
    "footer",
    '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr><w:tabs>'
    '<w:tab w:val="center" w:pos="4513"/><w:tab w:val="right" w:pos="9026"/></w:tabs>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>',
)
HEADER_STYLE = FOOTER_STYLE.replace('"Footer"', '"Header"').replace('"footer"', '"header"')


@dataclass(frozen=True)
class House:
    """A house document and what must survive it."""

    name: str
    build: Callable[[Path], Path]
    margins: Margins | None = None  # the last section's, when the house sets its own
    texts: tuple[str, ...] = ()  # header and footer texts that must survive
    style_ids: dict[str, str] = field(default_factory=dict)  # style name → the id items must use


def blank(path: Path) -> Path:
    """Word's blank document: styles, settings, a font table; no numbering, no header, no footer."""
    return WordDoc().save(path)


LETTERHEAD_MARGINS = Margins(top=1701, right=1134, bottom=1418, left=1985)


def letterhead(path: Path) -> Path:
    """A header with the mission's name and a field, a footer whose text says HOMEPAGE, own margins."""
    doc = WordDoc(font="Georgia", styles=[HEADER_STYLE, FOOTER_STYLE])
    header = doc.header(
        "header1.xml",
        _paragraph(_run("Permanent Mission of Belgium to the United Nations"), "Header", "center"),
        _paragraph(_complex_field(' DATE \\@ "d MMMM yyyy" ', "8 September 2014"), "Header", "right"),
    )
    footer = doc.footer("footer1.xml", _paragraph(_run("One United Nations Plaza · HOMEPAGE: diplomatie.be"), "Footer"))
    doc.section(_reference("header", header) + _reference("footer", footer), LETTERHEAD_MARGINS)
    return doc.save(path)


def first_and_even(path: Path) -> Path:
    """Different first page (w:titlePg) and odd/even footers; the default footer has "Page X of Y" already."""
    doc = WordDoc(styles=[HEADER_STYLE, FOOTER_STYLE], settings="<w:evenAndOddHeaders/>")
    header = doc.header("header1.xml", _paragraph(_run("Statement — Mission of Belgium"), "Header"))
    first_header = doc.header("header2.xml", _paragraph(_run("KINGDOM OF BELGIUM"), "Header", "center"))
    default = doc.footer(
        "footer1.xml",
        _paragraph(
            _run("Page ")
            + _complex_field(" PAGE \\* MERGEFORMAT ", "2")
            + _run(" of ")
            + _complex_field(" NUMPAGES ", "3"),
            "Footer",
            "right",
        ),
    )
    first = doc.footer("footer2.xml", _paragraph(_run("Rue des Petits Carmes 15, 1000 Brussels"), "Footer"))
    even = doc.footer("footer3.xml", _paragraph(_run("Belgium — even pages"), "Footer"))
    references = (
        _reference("header", header)
        + _reference("header", first_header, "first")
        + _reference("footer", default)
        + _reference("footer", first, "first")
        + _reference("footer", even, "even")
    )
    doc.section(references, title_page=True)
    return doc.save(path)


def _level(ilvl: int, fmt: str, text: str, left: int, style: str | None = None) -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        + (f'<w:pStyle w:val="{style}"/>' if style else "")
        + f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{left}" w:hanging="360"/>'
        "</w:pPr></w:lvl>"
    )


def _list_style(style_id: str, name: str, num_id: int, ilvl: int | None = None) -> str:
    level = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
    return _style(
        "paragraph",
        style_id,
        name,
        f'<w:basedOn w:val="Standard"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr><w:numPr>{level}'
        f'<w:numId w:val="{num_id}"/></w:numPr><w:contextualSpacing/></w:pPr>',
    )


def german(path: Path) -> Path:
    """German Word: localised style ids ("Listennummer") under English names, a numbering part for them."""
    styles = [
        _list_style("Listennummer", "List Number", 1),
        _list_style("Aufzhlungszeichen", "List Bullet", 2),
        _list_style("Aufzhlungszeichen2", "List Bullet 2", 3),
        _style(
            "paragraph", "Titel", "Title", '<w:basedOn w:val="Standard"/><w:qFormat/><w:rPr><w:sz w:val="56"/></w:rPr>'
        ),
        _style(
            "paragraph", "berschrift1", "heading 1", '<w:basedOn w:val="Standard"/><w:qFormat/><w:rPr><w:b/></w:rPr>'
        ),
        FOOTER_STYLE.replace('w:styleId="Footer"', 'w:styleId="Fuzeile"').replace('"Normal"', '"Standard"'),
    ]
    numbering = (
        '<w:abstractNum w:abstractNumId="0"><w:nsid w:val="1A2B3C4D"/><w:multiLevelType w:val="singleLevel"/>'
        + _level(0, "decimal", "%1)", 567, "Listennummer")
        + "</w:abstractNum>"
        '<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="singleLevel"/>'
        + _level(0, "bullet", "■", 567, "Aufzhlungszeichen")
        + "</w:abstractNum>"
        '<w:abstractNum w:abstractNumId="2"><w:multiLevelType w:val="singleLevel"/>'
        + _level(0, "bullet", "□", 1134, "Aufzhlungszeichen2")
        + "</w:abstractNum>"
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/>'
        '</w:num><w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>'
    )
    doc = WordDoc(font="Arial", normal_id="Standard", styles=styles, numbering=numbering)
    footer = doc.footer("footer1.xml", _paragraph(_run("Ständige Vertretung Belgiens"), "Fuzeile"))
    doc.section(_reference("footer", footer))
    return doc.save(path)


def linked_list_style(path: Path) -> Path:
    """A list style ("House List") that List Number and List Bullet 2 reach through ``w:numStyleLink``."""
    numbering_style = _style(
        "numbering",
        "HouseList",
        "House List",
        '<w:uiPriority w:val="99"/><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr>',
    )
    styles = [
        numbering_style,
        _list_style("ListNumber", "List Number", 1).replace('"Standard"', '"Normal"'),
        _list_style("ListBullet2", "List Bullet 2", 1, ilvl=1).replace('"Standard"', '"Normal"'),
    ]
    numbering = (
        '<w:abstractNum w:abstractNumId="0"><w:nsid w:val="0AAA0001"/><w:multiLevelType w:val="multilevel"/>'
        '<w:numStyleLink w:val="HouseList"/></w:abstractNum>'
        '<w:abstractNum w:abstractNumId="1"><w:nsid w:val="0AAA0002"/><w:multiLevelType w:val="multilevel"/>'
        '<w:styleLink w:val="HouseList"/>'
        + _level(0, "upperRoman", "%1.", 454)
        + _level(1, "bullet", "–", 907)
        + "".join(_level(i, "decimal", f"%{i + 1}.", 907 + 454 * i) for i in range(2, 9))
        + "</w:abstractNum>"
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/>'
        '</w:num><w:numIdMacAtCleanup w:val="1"/>'
    )
    return WordDoc(styles=styles, numbering=numbering).save(path)


SECTION_MARGINS = Margins(top=1000, right=1000, bottom=1000, left=1500)


def sections(path: Path) -> Path:
    """Three sections: a cover with its own header and footer, then two that inherit the second's footer."""
    doc = WordDoc(styles=[HEADER_STYLE, FOOTER_STYLE])
    cover_header = doc.header("header1.xml", _paragraph(_run("COVER HEADER"), "Header"))
    cover_footer = doc.footer("footer1.xml", _paragraph(_run("COVER FOOTER"), "Footer"))
    body_footer = doc.footer("footer2.xml", _paragraph(_run("Belgian delegation · HOMEPAGE"), "Footer"))
    last_header = doc.header("header2.xml", _paragraph(_run("Statement header"), "Header"))
    doc.section(_reference("header", cover_header) + _reference("footer", cover_footer))
    doc.section(_reference("footer", body_footer), Margins(top=800))
    doc.section(_reference("header", last_header), SECTION_MARGINS)
    return doc.save(path)


def bare(path: Path) -> Path:
    """Only a document part: no styles, no settings, no numbering (as some converters write)."""
    return WordDoc(with_styles=False, with_settings=False).save(path)


def pandoc_reference(path: Path) -> Path:
    """pandoc's own reference.docx, the one ``--reference-doc`` users start from."""
    pandoc = require_tool("pandoc")
    subprocess.run([pandoc, "-o", str(path), "--print-default-data-file", "reference.docx"], check=True)
    return path


def libreoffice_saved(name: str) -> Callable[[Path], Path]:
    """A document saved by LibreOffice (``soffice --convert-to docx``), kept in tests/data/house."""

    def build(path: Path) -> Path:
        shutil.copy(HOUSE_DATA / name, path)
        return path

    return build


HOUSES = [
    House("blank", blank),
    House(
        "letterhead",
        letterhead,
        LETTERHEAD_MARGINS,
        ("Permanent Mission of Belgium to the United Nations", "One United Nations Plaza · HOMEPAGE: diplomatie.be"),
    ),
    House(
        "first-and-even",
        first_and_even,
        texts=("KINGDOM OF BELGIUM", "Rue des Petits Carmes 15, 1000 Brussels", "Belgium — even pages", "Page"),
    ),
    House(
        "german",
        german,
        texts=("Ständige Vertretung Belgiens",),
        style_ids={"List Number": "Listennummer", "List Bullet 2": "Aufzhlungszeichen2", "Title": "Titel"},
    ),
    House("numstylelink", linked_list_style),
    House("sections", sections, SECTION_MARGINS, ("Statement header", "Belgian delegation · HOMEPAGE")),
    House("bare", bare),
    House("pandoc", pandoc_reference),
    House("libreoffice-lists", libreoffice_saved("libreoffice-lists.docx"), texts=("Ständige Vertretung Belgiens",)),
    House(
        "libreoffice",
        libreoffice_saved("libreoffice-letterhead.docx"),
        LETTERHEAD_MARGINS,
        ("Permanent Mission of Belgium to the United Nations", "One United Nations Plaza · HOMEPAGE: diplomatie.be"),
    ),
]


# -- rendering the seed through each house -----------------------------------------------------------
@dataclass(frozen=True)
class Rendered:
    """A house document and the seed rendered through it."""

    house: House
    reference: Path
    output: Path


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Rendered]]:
    """The seed rendered once through every house style, by the CLI, each from its own template folder."""
    root = tmp_path_factory.mktemp("houses")
    out: dict[str, Rendered] = {}
    with pytest.MonkeyPatch.context() as patch:
        for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
            patch.setenv(var, str(root / "home" / var.lower()))
        patch.setenv("HOME", str(root / "home"))
        for house in HOUSES:
            project = root / house.name
            template = project / "templates" / "interactive-dialogue"
            shutil.copytree(TEMPLATES / "interactive-dialogue", template)
            try:
                reference = house.build(template / "reference.docx")
            except pytest.skip.Exception:
                continue
            patch.chdir(project)
            output = project / "statement.docx"
            assert main(["render", str(SEED), "-o", str(output)]) == 0, house.name
            out[house.name] = Rendered(house, reference, output)
    yield out


def _get(rendered: dict[str, Rendered], name: str) -> Rendered:
    if name not in rendered:
        pytest.skip(f"{name}: its house document needs a program that is not installed")
    return rendered[name]


NAMES = [house.name for house in HOUSES]


def _seed_shape(path: Path) -> tuple[list[str], list[tuple[str, int | None]]]:
    paragraphs = read_paragraphs(path)
    return [p.text for p in paragraphs], [(p.style, p.level) for p in paragraphs if p.num_id is not None]


@pytest.fixture(scope="module")
def default_shape(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], list[tuple[str, int | None]]]:
    """The seed in drafter's own house style, to compare with."""
    folder = tmp_path_factory.mktemp("default")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(folder))
        patch.setenv("XDG_CONFIG_HOME", str(folder / "config"))
        assert main(["render", str(SEED), "-o", str(folder / "seed.docx")]) == 0
    return _seed_shape(folder / "seed.docx")


@pytest.mark.parametrize("name", NAMES)
def test_the_seed_renders_with_its_words_lists_and_styles(
    rendered: dict[str, Rendered], name: str, default_shape: tuple[list[str], list[tuple[str, int | None]]]
) -> None:
    result = _get(rendered, name)
    texts, items = _seed_shape(result.output)
    assert texts == default_shape[0]
    assert items == default_shape[1]
    assert "Delete me" not in " ".join(texts)
    doc = Document(str(result.output))
    for name_, style_id in result.house.style_ids.items():
        used = {p.style.style_id for p in doc.paragraphs if p.style is not None and p.style.name == name_}
        assert used == {style_id}, name_
    names = [s.name for s in doc.styles]
    assert len(names) == len(set(names)), "a style the house has was added again"


@pytest.mark.parametrize("name", NAMES)
def test_house_margins_fonts_headers_and_footers_survive(rendered: dict[str, Rendered], name: str) -> None:
    result = _get(rendered, name)
    before, after = Document(str(result.reference)), Document(str(result.output))
    assert len(after.sections) == 1
    section = after.sections[0]
    expected = before.sections[-1]
    assert (section.left_margin, section.right_margin, section.top_margin, section.bottom_margin) == (
        expected.left_margin,
        expected.right_margin,
        expected.top_margin,
        expected.bottom_margin,
    )
    if result.house.margins is not None:
        assert section.left_margin == result.house.margins.left * 635
    normal_before = before.styles["Normal"].font.name
    assert after.styles["Normal"].font.name == normal_before
    shown = " ".join(_header_footer_texts(after))
    for text in result.house.texts:
        assert text in shown


def _header_footer_texts(doc: Any) -> Iterator[str]:
    section = doc.sections[-1]
    for part in (
        section.header,
        section.footer,
        section.first_page_header,
        section.first_page_footer,
        section.even_page_header,
        section.even_page_footer,
    ):
        if not part.is_linked_to_previous:
            yield from (p.text for p in part.paragraphs)


def _footers(doc: Any) -> list[Any]:
    section = doc.sections[-1]
    footers = [section.footer]
    if section.different_first_page_header_footer:
        footers.append(section.first_page_footer)
    if doc.settings.odd_and_even_pages_header_footer:
        footers.append(section.even_page_footer)
    return [f for f in footers if not f.is_linked_to_previous]


def _text(paragraph: Any) -> str:
    """A paragraph's text, fields' shown results included (python-docx leaves out ``w:fldSimple``'s)."""
    return "".join(t.text or "" for t in paragraph._p.iter(qn("w:t")))


def _texts(footer: Any) -> list[str]:
    return [text for text in map(_text, footer.paragraphs) if text]


@pytest.mark.parametrize("name", NAMES)
def test_every_footer_shows_one_page_number_in_a_paragraph_of_its_own(rendered: dict[str, Rendered], name: str) -> None:
    result = _get(rendered, name)
    before, after = Document(str(result.reference)), Document(str(result.output))
    footers = _footers(after)
    assert footers
    for footer in footers:
        codes = [code.split()[0].upper() for code in field_codes(footer._element) if code.strip()]
        assert codes.count("PAGE") == 1, codes
        house = _texts(_same_footer(before, footer, after))
        texts = _texts(footer)
        assert texts[: len(house)] == house, "the house's footer text changed"
        assert texts[len(house) :] in ([], ["1"]), f"page number glued to the house's text: {texts}"


def _same_footer(before: Any, footer: Any, after: Any) -> Any:
    """The reference document's footer shown on the same kind of page as ``footer``."""
    section, old = after.sections[-1], before.sections[-1]
    if footer is section.first_page_footer or footer._element is section.first_page_footer._element:
        return old.first_page_footer
    if footer._element is section.even_page_footer._element:
        return old.even_page_footer
    return old.footer


def test_page_numbers_go_to_first_and_even_page_footers_but_not_twice(rendered: dict[str, Rendered]) -> None:
    doc = Document(str(_get(rendered, "first-and-even").output))
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    assert doc.settings.odd_and_even_pages_header_footer
    default = section.footer._element
    assert [c.split()[0] for c in field_codes(default)] == ["PAGE", "NUMPAGES"]  # the house's own, untouched
    for footer in (section.first_page_footer, section.even_page_footer):
        assert has_page_field(footer._element)
        assert footer.paragraphs[0].text in ("Rue des Petits Carmes 15, 1000 Brussels", "Belgium — even pages")


def test_homepage_is_not_a_page_number(rendered: dict[str, Rendered]) -> None:
    footer = Document(str(_get(rendered, "letterhead").output)).sections[0].footer
    texts = [_text(p) for p in footer.paragraphs]
    assert texts[0] == "One United Nations Plaza · HOMEPAGE: diplomatie.be"
    assert texts[1:] == ["1"]
    assert footer.paragraphs[1].alignment is not None


def test_sections_keep_what_the_last_one_inherits(rendered: dict[str, Rendered]) -> None:
    doc = Document(str(_get(rendered, "sections").output))
    texts = list(_header_footer_texts(doc))
    assert "COVER HEADER" not in texts and "COVER FOOTER" not in texts
    with zipfile.ZipFile(_get(rendered, "sections").output) as package:
        names = package.namelist()
    assert sum(n.startswith("word/footer") for n in names) == 1
    assert sum(n.startswith("word/header") for n in names) == 1


def test_localised_and_linked_list_levels_come_from_the_house(rendered: dict[str, Rendered]) -> None:
    from helpers import numbering_formats

    german_doc = _get(rendered, "german").output
    items = [p for p in read_paragraphs(german_doc) if p.num_id is not None]
    root = Document(str(german_doc)).part.numbering_part.element
    texts = {lvl.find(qn("w:lvlText")).get(qn("w:val")) for lvl in root.iter(qn("w:lvl"))}
    assert {"%1)", "□"} <= texts
    assert numbering_formats(german_doc, items[0].num_id)[0] == ("decimal", 1)

    linked = _get(rendered, "numstylelink").output
    items = [p for p in read_paragraphs(linked) if p.num_id is not None]
    formats = numbering_formats(linked, items[0].num_id)
    assert formats[0] == ("upperRoman", 1)
    assert formats[1][0] == "bullet"
    numbering = Document(str(linked)).part.numbering_part.element
    children = [child.tag.split("}")[1] for child in numbering]
    assert children[-1] == "numIdMacAtCleanup"
    assert children.index("num") > max(i for i, tag in enumerate(children) if tag == "abstractNum")


@pytest.mark.parametrize("name", NAMES)
def test_pandoc_reads_three_numbered_items_and_five_bullets(rendered: dict[str, Rendered], name: str) -> None:
    pandoc = require_tool("pandoc")
    result = _get(rendered, name)
    ast = json.loads(
        subprocess.run([pandoc, "-t", "json", str(result.output)], capture_output=True, text=True, check=True).stdout
    )
    ordered = pandoc_nodes(ast["blocks"], "OrderedList")
    assert len(ordered) == 1
    assert len(ordered[0]["c"][1]) == 3
    bullets = pandoc_nodes(ordered[0]["c"][1], "BulletList")
    assert sum(len(b["c"]) for b in bullets) == 5


@pytest.mark.parametrize("name", NAMES)
def test_the_ooxml_validator_finds_nothing_the_house_did_not_bring(rendered: dict[str, Rendered], name: str) -> None:
    validator = pytest.importorskip("openxml_audit").OpenXmlValidator()
    result = _get(rendered, name)
    house_errors = {(e.part_uri, e.description) for e in validator.validate(str(result.reference)).errors}
    errors = [
        e for e in validator.validate(str(result.output)).errors if (e.part_uri, e.description) not in house_errors
    ]
    assert not errors, [str(e) for e in errors]


def test_libreoffice_converts_every_house_styled_statement(rendered: dict[str, Rendered], tmp_path: Path) -> None:
    soffice = require_tool("soffice")
    pdftotext = require_tool("pdftotext")
    documents = []
    for name, result in rendered.items():
        copy = tmp_path / f"{name}.docx"
        shutil.copy(result.output, copy)
        documents.append(copy)
    out = tmp_path / "pdf"
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"
    command = [soffice, "--headless", profile, "--convert-to", "pdf", "--outdir", str(out), *map(str, documents)]
    subprocess.run(command, capture_output=True, check=True, timeout=600)
    for document in documents:
        pdf = out / f"{document.stem}.pdf"
        assert pdf.is_file(), document.name
        text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "Check against delivery" in text, document.name
        assert "I thank you for your attention." in text, document.name
        assert text.count("\f") >= 2, document.name
