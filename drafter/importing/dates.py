"""Dates as statements write them ("8 September 2014", "September 8, 2014", "le 5 juillet 2024")."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from babel.dates import get_month_names


@lru_cache(maxsize=8)
def _months(language: str) -> dict[str, int]:
    months: dict[str, int] = {}
    for locale in dict.fromkeys((language, "en", "fr")):
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=locale).items():
                months.setdefault(str(name).casefold().rstrip("."), int(number))
    return months


@lru_cache(maxsize=8)
def _patterns(language: str) -> tuple[re.Pattern[str], ...]:
    names = "|".join(sorted((re.escape(m) for m in _months(language)), key=len, reverse=True))
    return (
        re.compile(rf"\b(?P<day>\d{{1,2}})(?:er|st|nd|rd|th)?\.? (?P<month>{names})\.?,? (?P<year>\d{{4}})\b", re.I),
        re.compile(rf"\b(?P<month>{names})\.? (?P<day>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<year>\d{{4}})\b", re.I),
        re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
        # 20.06.2023, 12-09-2022: day first, as statements outside the United States write it
        re.compile(r"(?<![\d.-])(?P<day>\d{1,2})[.-](?P<month>\d{1,2})[.-](?P<year>\d{4})\b"),
    )


def _match(text: str, language: str) -> tuple[re.Match[str], dt.date] | None:
    for pattern in _patterns(language):
        for match in pattern.finditer(text):
            month = match.group("month")
            number = int(month) if month.isdigit() else _months(language).get(month.casefold().rstrip("."))
            try:
                return match, dt.date(int(match.group("year")), number or 0, int(match.group("day")))
            except ValueError:
                continue
    return None


def find_date(text: str, language: str) -> dt.date | None:
    """The first date written in ``text``, or None."""
    found = _match(text, language)
    return found[1] if found else None


def place_before(text: str, date: dt.date) -> str:
    """The place written before the date ("New York, 8 September 2014" → "New York"), or ''."""
    for language in ("en", "fr"):
        found = _match(text, language)
        if found is not None and found[1] == date:
            before = text[: found[0].start()]
            before = re.sub(r"(,|\ble\b|\bden\b|\bon\b|\s)+$", "", before)
            if before and not any(ch.isdigit() for ch in before) and len(before.split()) <= 4:
                return before.strip(" ,–-")
    return ""
