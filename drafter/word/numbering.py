# ruff: noqa: N802, N815 -- the protocols below spell python-docx's own method names.
"""Word lists: a small typed proxy over python-docx's numbering classes (``CT_Numbering``, ``CT_Num``).

Each list of a statement is counted by a ``w:num`` of its own, so every list restarts where the Markdown
says. A nested list shares its parent's ``w:num`` (Word's multi-level list) when it looks the way that
list's level already looks; a nested list of another kind, or starting elsewhere than 1, gets its own.
A level's look (number format, bullet, indentation) is the house style's when its list styles have
numbering (``List Number``, ``List Number 2``, …, also through ``numStyleLink`` list styles), drafter's own
otherwise.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, cast

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.parts.numbering import NumberingPart

from drafter.document.blocks import ListKind, ListSpec
from drafter.document.info import WORD_LIST_LEVELS, bullet_symbol

if TYPE_CHECKING:
    from docx.document import Document
    from docx.oxml.text.paragraph import CT_P
    from lxml.etree import _Element

LEVELS = WORD_LIST_LEVELS
INDENT_STEP = 720  # twentieths of a point: half an inch per level
HANGING = 360
LIST_STYLES: dict[tuple[ListKind, int], str] = {
    ("numbered", 0): "List Number",
    ("numbered", 1): "List Number 2",
    ("numbered", 2): "List Number 3",
    ("bullet", 0): "List Bullet",
    ("bullet", 1): "List Bullet 2",
    ("bullet", 2): "List Bullet 3",
}


# -- the typed face of python-docx's oxml classes used here ---------------------------------------
class _DecimalNumber(Protocol):
    val: int


class _LvlOverride(Protocol):
    def add_startOverride(self, val: int) -> _DecimalNumber: ...


class _Num(Protocol):
    numId: int

    def append(self, element: _Element) -> None: ...

    def add_lvlOverride(self, ilvl: int) -> _LvlOverride: ...


class _Numbering(Protocol):
    """``CT_Numbering``: the numbering part's root."""

    def insert_element_before(self, elm: _Element, *tagnames: str) -> _Element: ...

    def findall(self, path: str) -> list[_Element]: ...

    def remove(self, element: _Element) -> None: ...

    def __iter__(self) -> Iterator[_Element]: ...


class _NumPr(Protocol):
    def get_or_add_ilvl(self) -> _DecimalNumber: ...

    def get_or_add_numId(self) -> _DecimalNumber: ...


class _PPr(Protocol):
    def get_or_add_numPr(self) -> _NumPr: ...


class _Paragraph(Protocol):
    def get_or_add_pPr(self) -> _PPr: ...


def numbering_root(doc: Document) -> _Numbering:
    """The document's numbering definitions, the numbering part added when the document has none.

    Word leaves ``numbering.xml`` out until a list is used, and python-docx cannot make one.
    """
    document_part = doc.part
    try:
        part = document_part.part_related_by(RT.NUMBERING)
    except KeyError:
        package = document_part.package
        partname = PackURI("/word/numbering.xml")
        if any(p.partname == partname for p in package.iter_parts()):
            partname = package.next_partname("/word/numbering%d.xml")
        element = parse_xml(f"<w:numbering {nsdecls('w')}/>")
        part = NumberingPart(partname, CT.WML_NUMBERING, element, package)
        document_part.relate_to(part, RT.NUMBERING)
    return cast(_Numbering, cast(NumberingPart, part).element)


_PPR, _PSTYLE, _NUMPR, _ILVL, _NUMID, _VAL = (qn(f"w:{t}") for t in ("pPr", "pStyle", "numPr", "ilvl", "numId", "val"))
_BEFORE_NUMPR = frozenset({_PSTYLE, qn("w:keepNext")})


def set_list_level(paragraph: CT_P, num_id: int, level: int) -> None:
    """Make ``paragraph`` (a ``CT_P``) an item of list ``num_id`` at ``level``."""
    ppr = paragraph.find(_PPR)
    if ppr is not None and all(child.tag in _BEFORE_NUMPR for child in ppr):
        # A paragraph drafter just made (a style, keep-with-next): w:numPr goes right after them. Written
        # directly, as python-docx's get_or_add_* would look the schema's order up for every child.
        num_pr = ppr.makeelement(_NUMPR, {})
        ppr.append(num_pr)
        num_pr.append(num_pr.makeelement(_ILVL, {_VAL: str(level)}))
        num_pr.append(num_pr.makeelement(_NUMID, {_VAL: str(num_id)}))
        return
    typed = cast(_Paragraph, paragraph).get_or_add_pPr().get_or_add_numPr()
    typed.get_or_add_ilvl().val = level
    typed.get_or_add_numId().val = num_id


# -- reading a document's lists back ---------------------------------------------------------------
@dataclass(frozen=True)
class ListLevels:
    """The lists a document's numbering part defines: each list's (``w:num``) levels, with their number
    format and first number, the abstract numbering's and then the list's own overrides."""

    levels: dict[tuple[int, int], tuple[str, int]]
    lists: frozenset[int]

    @classmethod
    def read(cls, doc: Document) -> ListLevels:
        """The lists of ``doc`` (a python-docx Document); none when it has no numbering part.

        Read from a file drafter did not write: a number that is not one leaves its element out.
        """
        try:
            root = doc.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return cls({}, frozenset())
        abstracts: dict[int | None, dict[int, tuple[str, int]]] = {}
        for abstract in root.findall(qn("w:abstractNum")):
            levels = abstracts.setdefault(number(abstract.get(qn("w:abstractNumId"))), {})
            for lvl in abstract.findall(qn("w:lvl")):
                level = number(lvl.get(qn("w:ilvl")))
                if level is not None:
                    levels[level] = (_val(lvl, "w:numFmt") or "", number(_val(lvl, "w:start")) or 1)
        found: dict[tuple[int, int], tuple[str, int]] = {}
        lists: set[int] = set()
        for num in root.findall(qn("w:num")):
            num_id = number(num.get(qn("w:numId")))
            if num_id is None:
                continue
            lists.add(num_id)
            for level, shape in abstracts.get(number(_val(num, "w:abstractNumId")), {}).items():
                found[(num_id, level)] = shape
            for override in num.findall(qn("w:lvlOverride")):
                restart = number(_val(override, "w:startOverride"))
                level = number(override.get(qn("w:ilvl")))
                if restart is not None and level is not None and (num_id, level) in found:
                    found[(num_id, level)] = (found[(num_id, level)][0], restart)
        return cls(found, frozenset(lists))

    def number_format(self, num_id: int, level: int) -> str | None:
        """Word's number format of a level ("decimal", "bullet", "none"…); "" when the level names none;
        None when ``num_id`` is no list of the document."""
        if num_id not in self.lists:
            return None
        return self.levels.get((num_id, level), ("", 1))[0]

    def start(self, num_id: int, level: int) -> int:
        """The first number of a level (1 when the document does not say)."""
        return self.levels.get((num_id, level), ("", 1))[1]


_NUMBER = re.compile(r"[+-]?[0-9]+")
_HUGE = 1 << 31
_ID_LIMIT = (1 << 31) - (1 << 20)  # room above for a statement's lists, under the 32-bit limit


def number(text: str | None) -> int | None:
    """A Word decimal number (``w:val``, ``w:ilvl``…) as an int; None when it is missing or not a number.

    Word's own numbers are 32-bit; one of more than nine digits (a hostile file may write thousands) is
    read as ±2³¹, which keeps its sign and is beyond any list level or id.
    """
    text = (text or "").strip()
    if not _NUMBER.fullmatch(text):
        return None
    if len(text.lstrip("+-")) > 9:
        return -_HUGE if text.startswith("-") else _HUGE
    return int(text)


# -- the house style's list levels -----------------------------------------------------------------
def _val(element: _Element | None, tag: str) -> str | None:
    child = element.find(qn(tag)) if element is not None else None
    return None if child is None else cast(str | None, child.get(qn("w:val")))


class HouseLevels:
    """The list levels the house style attaches to its list styles (Word's "define new bullet/number")."""

    def __init__(self, doc: Document, root: _Numbering) -> None:
        self.styles: dict[str, _Element] = {}
        self.ids: dict[str, _Element] = {}
        for style in doc.styles.element.findall(qn("w:style")):
            name = _val(style, "w:name")
            self.ids[style.get(qn("w:styleId")) or ""] = style
            if name is not None:
                self.styles.setdefault(name.lower(), style)
        self.nums = {n.get(qn("w:numId")): n for n in root.findall(qn("w:num"))}
        self.abstracts = {a.get(qn("w:abstractNumId")): a for a in root.findall(qn("w:abstractNum"))}

    def _num_pr(self, style: _Element | None) -> tuple[str | None, int]:
        """The numbering a style gives its paragraphs: ``(numId, ilvl)``, following ``w:basedOn``."""
        seen: set[int] = set()
        while style is not None and id(style) not in seen:
            seen.add(id(style))
            num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if num_pr is not None and num_pr.find(qn("w:numId")) is not None:
                return _val(num_pr, "w:numId"), number(_val(num_pr, "w:ilvl")) or 0
            style = self.ids.get(_val(style, "w:basedOn") or "\0")
        return None, 0

    def _abstract(self, num_id: str | None) -> _Element | None:
        """The abstract numbering of ``num_id``, following ``numStyleLink`` to the list style's own."""
        seen: set[str] = set()
        while num_id is not None and num_id not in seen:
            seen.add(num_id)
            num = self.nums.get(num_id)
            abstract = self.abstracts.get(_val(num, "w:abstractNumId")) if num is not None else None
            link = _val(abstract, "w:numStyleLink") if abstract is not None else None
            if link is None:
                return abstract
            num_id, _ = self._num_pr(self.ids.get(link))
        return None

    def _level_of(self, style_name: str, level: int | None) -> tuple[_Element, int] | None:
        num_id, ilvl = self._num_pr(self.styles.get(style_name.lower()))
        abstract = self._abstract(num_id)
        if abstract is None:
            return None
        wanted = ilvl if level is None else level
        for lvl in abstract.findall(qn("w:lvl")):
            if lvl.get(qn("w:ilvl")) == str(wanted):
                return lvl, wanted
        return None

    def level(self, kind: ListKind, level: int) -> tuple[_Element, int] | None:
        """The house's ``w:lvl`` for an item of ``kind`` at ``level``, and the ``ilvl`` it has there.

        From the level's own style ("List Bullet 2"), else from the same level of the first level's
        list ("List Bullet"'s second level).
        """
        own = LIST_STYLES.get((kind, level))
        found = self._level_of(own, None) if own else None
        if found is None and level > 0:
            found = self._level_of(LIST_STYLES[(kind, 0)], level)
        return found


def _house_level(house: _Element, house_ilvl: int, level: int, start: int) -> _Element:
    """A copy of a house list level, moved to ``level`` and counting from ``start``."""
    lvl = copy.deepcopy(house)
    lvl.set(qn("w:ilvl"), str(level))
    for tag in ("w:pStyle", "w:lvlRestart"):
        for element in lvl.findall(qn(tag)):
            lvl.remove(element)
    start_element = lvl.find(qn("w:start"))
    if start_element is not None:
        start_element.set(qn("w:val"), str(start))
    text = lvl.find(qn("w:lvlText"))
    if text is not None and house_ilvl != level:
        own = f"%{house_ilvl + 1}"
        text.set(qn("w:val"), re.sub(re.escape(own) + r"(?!\d)", f"%{level + 1}", text.get(qn("w:val")) or ""))
    return lvl


def _drafter_level(level: int, kinds: dict[int, ListKind], start: int) -> _Element:
    """drafter's own list level: "1." or a bullet, half an inch deeper per level."""
    lvl = OxmlElement("w:lvl", {qn("w:ilvl"): str(level)})
    numbered = kinds.get(level) == "numbered"
    values = (
        ("w:start", str(start)),
        ("w:numFmt", "decimal" if numbered else "bullet"),
        ("w:lvlText", f"%{level + 1}." if numbered else bullet_symbol(dict(kinds), level)),
        ("w:lvlJc", "left"),
    )
    for tag, value in values:
        lvl.append(OxmlElement(tag, {qn("w:val"): value}))
    ppr = OxmlElement("w:pPr")
    ppr.append(OxmlElement("w:ind", {qn("w:left"): str(INDENT_STEP * (level + 1)), qn("w:hanging"): str(HANGING)}))
    lvl.append(ppr)
    return lvl


# -- planning: which lists share a w:num ----------------------------------------------------------
@dataclass
class ListGroup:
    """Lists counted by one ``w:num``: a list and the nested lists that look like its levels."""

    level: int
    start: int
    kinds: dict[int, ListKind] = field(default_factory=dict)


def group_lists(lists: Iterable[ListSpec]) -> tuple[list[ListGroup], dict[int, int]]:
    """The ``w:num`` groups for ``lists`` (in reading order) and, per list id, its group's index."""
    groups: list[ListGroup] = []
    group_of: dict[int, int] = {}
    for spec in lists:
        if spec.parent is not None and spec.start == 1 and spec.level < LEVELS:
            index = group_of[spec.parent.id]
            if groups[index].kinds.setdefault(spec.level, spec.kind) == spec.kind:
                group_of[spec.id] = index
                continue
        group_of[spec.id] = len(groups)
        level = min(spec.level, LEVELS - 1)
        # A list nested deeper than Word's nine levels is laid out at the ninth, as a list of its own.
        kinds = {depth: kind for depth, kind in spec.kinds.items() if depth < level}
        groups.append(ListGroup(level, spec.start, {**kinds, level: spec.kind}))
    return groups, group_of


def _next_id(root: _Numbering, tag: str, attribute: str, first: int) -> int:
    """One more than the highest id the house's numbering gives ``tag`` elements (``first`` if none).

    Ids that are no number, or too near Word's 32-bit limit to count on from, are left aside.
    """
    ids = (number(element.get(qn(attribute))) for element in root.findall(qn(tag)))
    return max((i + 1 for i in ids if i is not None and first <= i < _ID_LIMIT), default=first)


class Numbering:
    """The document's lists: one abstract numbering and one ``w:num`` per list group, removable again."""

    def __init__(self, doc: Document) -> None:
        self.root = numbering_root(doc)
        self.house = HouseLevels(doc, self.root)
        self.baseline = list(self.root)
        self.first_abstract = self.next_abstract = _next_id(self.root, "w:abstractNum", "w:abstractNumId", 0)
        self.first_num = self.next_num = _next_id(self.root, "w:num", "w:numId", 1)
        # Abstract numberings already built, by list shape: statements of one template repeat them.
        self._built: dict[tuple[int, int, tuple[tuple[int, ListKind], ...]], _Element] = {}

    def reset(self) -> None:
        """Remove the lists added for the previous statement."""
        keep = {id(child) for child in self.baseline}
        for child in list(self.root):
            if id(child) not in keep:
                self.root.remove(child)
        self.next_abstract = self.first_abstract
        self.next_num = self.first_num

    def add_lists(self, lists: Iterable[ListSpec]) -> dict[int, int]:
        """Numbering for every list; per list id, the ``numId`` its items use."""
        groups, group_of = group_lists(lists)
        num_ids = [self.add_group(group) for group in groups]
        return {list_id: num_ids[index] for list_id, index in group_of.items()}

    def add_group(self, group: ListGroup) -> int:
        """One abstract numbering for ``group`` and a ``w:num`` restarting it at its start; the numId."""
        abstract_id = self.next_abstract
        self.next_abstract += 1
        key = (group.level, group.start, tuple(sorted(group.kinds.items())))
        built = self._built.get(key)
        if built is None:
            built = self._built[key] = self._abstract(group)
        abstract = copy.deepcopy(built)
        abstract.set(qn("w:abstractNumId"), str(abstract_id))
        self.root.insert_element_before(abstract, "w:num", "w:numIdMacAtCleanup")
        num = cast(_Num, OxmlElement("w:num", {qn("w:numId"): str(self.next_num)}))
        num.append(OxmlElement("w:abstractNumId", {qn("w:val"): str(abstract_id)}))
        self.next_num += 1
        self.root.insert_element_before(num, "w:numIdMacAtCleanup")
        num.add_lvlOverride(ilvl=group.level).add_startOverride(group.start)
        return num.numId

    def _abstract(self, group: ListGroup) -> _Element:
        """The abstract numbering of a list group (its id set by the caller): the house's levels, else drafter's."""
        abstract = OxmlElement("w:abstractNum")
        abstract.append(OxmlElement("w:multiLevelType", {qn("w:val"): "hybridMultilevel"}))
        for level in range(LEVELS):
            start = group.start if level == group.level else 1
            house = self.house.level(group.kinds.get(level, "bullet"), level)
            if house is None:
                abstract.append(_drafter_level(level, group.kinds, start))
            else:
                abstract.append(_house_level(house[0], house[1], level, start))
        return abstract
