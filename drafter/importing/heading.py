"""The heading block read into the template's heading lines: title, speaker, meeting, agenda item, place
and date, and the front-page marker; and the facts they state.

drafter's own copies say which line is which (the Word styles Title and Subtitle, the Markdown ``#`` and
``##``): their lines go back to the lines they came from, in their order. Other files are read by what
each line says: a marker ("Check against delivery"), a date, an agenda item, a person (a name, a title:
"Ambassador", "Permanent Representative"), a meeting (a session, a council, a debate, a dialogue), a
title ("Statement by …"). A line that is none of these fills a free line of the heading in its own words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from drafter.importing.dates import find_date, place_before
from drafter.importing.front import HEADING_CUES
from drafter.importing.patterns import Patterns
from drafter.importing.reading import FactBook, Found
from drafter.importing.source import Paragraph

_I = re.IGNORECASE
_MARKER = re.compile(r"against delivery|^\(?as delivered\)?\.?$|verbatim|fait foi|talade ordet|det talade", _I)
_AGENDA = re.compile(r"^(agenda )?item \d|^point \d", _I)
_TITLE = re.compile(
    r"^(joint |national )?(statement|intervention|déclaration|discours|explanation|explication|remarks|allocution"
    r"|speech|right of reply|droit de réponse)\b|^[\w.’']+ statement\b",
    _I,
)
_PERSON = re.compile(
    r"\b(ambassad(or|eur|rice)|h\.e\.|s\.e\.|minister|ministre|deputy|adjoint|chargée? d|representative"
    r"|représentante?|adviser|advisor|conseill(er|ère)|counsell?or|secretary|secrétaire|delegate|délégué"
    r"|président de la république|prime minister|premier ministre)\b|^(by|par) |^(mr|ms|mrs|dr|m|mme)\.? [A-Z]",
    _I,
)
_NAME = re.compile(r"^[A-ZÀ-Ý][\w’'-]+( [A-ZÀ-Ý][\w’'.-]*){1,3}$")
_MEETING = re.compile(
    r"\b(session|sesión|council|conseil|assembly|assemblée|committee|commission|comité|dialogue|debate|débat"
    r"|meeting|réunion|review|examen|summit|sommet|conference|conférence|forum|briefing|hrc|upr|epu|item)\b",
    _I,
)
_BODY = re.compile(
    r"\b(session|council|conseil|assembly|assemblée|committee|commission|comité|summit|sommet|conference"
    r"|conférence)\b",
    _I,
)
# drafter's own heading styles, and the heading line each stands for.
_STYLE_SLOTS = {"Title": "title", "Subtitle": "meeting_line"}


@dataclass
class Heading:
    """The heading block as read: each line as a heading sentence, the marker's choice, the file's order."""

    found: list[Found] = field(default_factory=list)
    marker: str = "none"
    order: list[str] = field(default_factory=list)  # the heading sentences in the order the file has them


def line_class(text: str, language: str) -> str:
    """What a heading line says: marker, date, agenda, title, person, meeting, or other."""
    short = len(text.split()) <= 12
    if _MARKER.search(text) and len(text.split()) <= 8:
        return "marker"
    if find_date(text, language) is not None and short:
        return "date"
    if _AGENDA.match(text):
        return "agenda"
    if _TITLE.match(text):
        return "title"
    if (_PERSON.search(text) and len(text.split()) <= 16) or (_NAME.match(text) and not _MEETING.search(text)):
        return "person"
    if _MEETING.search(text) or HEADING_CUES.search(text):
        return "meeting"
    return "other"


_CLASS_SLOTS = {"title": "title", "person": "speaker_line", "meeting": "meeting_line", "agenda": "agenda_item"}
_FITS = {**_CLASS_SLOTS, "date": "place_date"}
# The heading sentences that state a fact only from a line of that kind.
_STATES = {"speaker_line": "person", "meeting_line": "meeting"}


class HeadingReader:
    """Reads heading lines into the template's heading sentences."""

    def __init__(self, patterns: Patterns, book: FactBook, keys: Sequence[str], markers: Sequence[str] = ()) -> None:
        self.patterns = patterns
        self.book = book
        self.keys = tuple(keys)  # the template's heading sentences, the title first
        self.markers = markers  # the front-page markers of every language

    def read(self, lines: Sequence[Paragraph]) -> Heading:
        """The heading sentences ``lines`` fill, and the marker."""
        heading = Heading()
        rest: list[Paragraph] = []
        for line in lines:
            choice = self._marker(line.text, line.style == "Statement Marker") if heading.marker == "none" else None
            if choice is None:
                rest.append(line)
                continue
            heading.marker = choice[0]
            heading.order.append("markers")
            if choice[1] is not None:
                heading.found.append(choice[1])
        self._date(rest)
        styled = any(p.style in _STYLE_SLOTS for p in rest)
        slots = self._by_style(rest) if styled else self._by_content(rest)
        for key, _ in slots:
            heading.order.append(key)
        heading.found.extend(self._sentences(slots, trusted=styled))
        return heading

    # -- which line goes where -------------------------------------------------------------------------
    def _slot(self, name: str) -> str:
        return self.keys[0] if name == "title" else name

    def _by_style(self, lines: Sequence[Paragraph]) -> list[tuple[str, Paragraph]]:
        """A heading set in styles (drafter's own: the title, the speaker, the subtitle that is the meeting,
        the agenda item, the place and date): the styled lines to their lines, the others by what they say,
        else in the layout's order."""
        slots: list[tuple[str, Paragraph]] = []
        styled = {self._slot(_STYLE_SLOTS[p.style]) for p in lines if p.style in _STYLE_SLOTS}
        free = [k for k in self.keys if k not in styled]
        for line in lines:
            slot = _STYLE_SLOTS.get(line.style)
            if slot is not None:
                slots.append((self._slot(slot), line))
                continue
            after_meeting = any(k == "meeting_line" for k, _ in slots)
            wanted = [k for k in free if not after_meeting or k != "speaker_line"]
            fits = self._slot(_FITS.get(line_class(line.text, self.patterns.language), ""))
            key = fits if fits in wanted else next(iter(wanted), "")
            if key:
                free.remove(key)
            slots.append((key, line))
        return self._joined(slots)

    def _by_content(self, lines: Sequence[Paragraph]) -> list[tuple[str, Paragraph]]:
        """Each line to the heading sentence its words call for; the others to the free sentences in order."""
        language = self.patterns.language
        classes = [line_class(p.text, language) for p in lines]
        taken: dict[int, str] = {}
        wanted = {"title": "title", "date": "place_date", **_CLASS_SLOTS}
        # The meeting line that names a body ("45th session of the Human Rights Council") before one that
        # names only the debate ("Dialogue with the High Commissioner").
        order = sorted(range(len(lines)), key=lambda i: classes[i] != "meeting" or not _BODY.search(lines[i].text))
        for index in order:
            cls = classes[index]
            key = self._slot(wanted.get(cls, ""))
            if key in self.keys and key not in taken.values():
                taken[index] = key
        if lines and self.keys[0] not in taken.values() and 0 not in taken:
            taken[0] = self.keys[0]
        free = [k for k in self.keys if k not in taken.values()]
        meeting = self._slot("meeting_line")
        slots: list[tuple[str, Paragraph]] = []
        for index, line in enumerate(lines):
            key = taken.get(index, "")
            # A second meeting line right after the meeting's ("Dialogue interactif avec …") that names no
            # one is more of the meeting, not a speaker: it joins the line before.
            more_of_meeting = (
                classes[index] == "meeting" and not _PERSON.search(line.text) and slots and slots[-1][0] == meeting
            )
            if not key and not more_of_meeting:
                key = free.pop(0) if free else ""
            slots.append((key, line))
        return self._joined(slots)

    @staticmethod
    def _joined(slots: list[tuple[str, Paragraph]]) -> list[tuple[str, Paragraph]]:
        """Lines left without a sentence of their own, joined to the one before (as separate paragraphs)."""
        out: list[tuple[str, Paragraph]] = []
        for key, line in slots:
            if key or not out:
                out.append((key or "", line))
            else:
                last_key, last = out[-1]
                out[-1] = (last_key, Paragraph(f"{last.text}\n\n{line.text}", front=True))
        return [(k, p) for k, p in out if k]

    # -- what each line says ---------------------------------------------------------------------------
    def _sentences(self, slots: list[tuple[str, Paragraph]], trusted: bool) -> list[Found]:
        """Each line as its heading sentence (``trusted``: the file says which line is which)."""
        language = self.patterns.language
        found: list[Found] = []
        for key, line in slots:
            text = line.text
            cls = line_class(text, language) if "\n\n" not in text else "other"
            if key == "place_date":
                found.append(self._place_date(text))
            elif key == self._slot("meeting_line") and "\n\n" in text:  # lines kept together: the first names it
                self.book.note("meeting", text.split("\n\n")[0])
                found.append(Found(key, text))
            elif not trusted and _STATES.get(key, cls) != cls:  # "{{ speaker }}" writes any line: a person's only
                found.append(Found(key, text))
            else:
                match = self.patterns.match(key, text)
                found.append(self.book.accept(match, text) or Found(key, text))
        return found

    def _date(self, lines: Sequence[Paragraph]) -> None:
        """The first date in the heading; the place written before it on a short line."""
        for line in lines:
            date = find_date(line.text, self.patterns.language)
            if date is None:
                continue
            self.book.note("date", date)
            place = place_before(line.text, date) if len(line.text.split()) <= 12 else ""
            if place and "place" not in self.book.facts:
                self.book.note("place", place)
            return

    def _place_date(self, text: str) -> Found:
        facts = self.book.facts
        if "place" in facts and "date" in facts:
            written = self.patterns.written("place_date", {"place": facts["place"], "date": facts["date"]})
            if written.get(None) == text:
                return Found("place_date", text, bank=True)
        return Found("place_date", text)

    def _marker(self, text: str, styled: bool = False) -> tuple[str, Found | None] | None:
        """The marker's choice (and its wording when not the bank's), if ``text`` is a front-page marker."""
        for variant, wording in self.patterns.variants("markers").items():
            if wording == text and variant is not None:
                return variant, None
        short = len(text.split()) <= 6 and find_date(text, self.patterns.language) is None
        if styled or (short and _MARKER.search(text)) or text in self.markers:
            return "check-against-delivery", Found("markers", text)
        return None
