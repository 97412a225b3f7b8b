"""What ``drafter import`` says it did: the template and why, the frame found, the free text, the guesses."""

from __future__ import annotations

from drafter.importing.importer import Imported

_SECTIONS = {
    "opening": "opening",
    "salutation": "salutation",
    "alignment": "alignment",
    "thanks": "thanks",
    "body": "body",
    "closing": "repeated salutation",
    "final": "closing",
}


def _short(text: str, width: int = 70) -> str:
    line = " / ".join(part.strip() for part in text.split("\n\n"))
    return line if len(line) <= width else line[: width - 1] + "…"


def describe(result: Imported) -> list[str]:
    """The report's lines."""
    built = result.built
    reading = result.reading
    lines = [f"Template: {result.template} ({result.kind.reason})"]
    if result.kind.runner_up is not None:
        lines.append(f"  (a close second: {result.kind.runner_up})")
    lines.append(f"Language: {reading.language}")
    lines.append("Recognised:")
    if reading.marker != "none":
        lines.append(f"  marker: {reading.marker}")
    for found in reading.heading:
        lines.append(f"  heading {found.key}: {found.how}: “{_short(found.text)}”")
    frame = 0
    for part in reading.parts:
        for found in part.found:
            frame += 1
            lines.append(
                f"  {_SECTIONS.get(part.section, part.section)} {found.key}: {found.how}: “{_short(found.text)}”"
            )
    if not frame:
        lines.append("  no sentence of the frame (the statement is kept as free paragraphs)")
    free = sum(len(p.paragraphs) for p in reading.parts if p.section in ("body", "closing"))
    free += sum(1 for p in reading.parts if p.extra)
    where = ", ".join(dict.fromkeys(built.free)) or "none"
    lines.append(f"Free text: {free} paragraph(s), in {where}")
    if built.level != "recognised":
        lines.append(f"Kept as {built.level}: the recognised wording did not render back exactly")
    for name, guess in built.guesses.items():
        lines.append(f"Guessed {name}: {guess}")
    for name in ("delegation", "date", "place", "meeting"):
        if name in reading.facts and name not in built.guesses:
            lines.append(f"Read {name} from the statement: {reading.facts[name]}")
    if not built.exact:
        lines.append(f"Warning: the answers do not render back exactly: {built.difference}")
    return lines
