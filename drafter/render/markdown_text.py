"""Keeping answers from being read as Markdown: every value a template prints is escaped.

Templates render with Jinja's autoescaping switched on, but the escaping is Markdown's, not HTML's:
``MarkdownText`` is markupsafe's ``Markup`` with its ``escape`` replaced, so phrase and macro output
(already Markdown) passes through while any answer printed beside it is escaped.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup

_SPACES = re.compile(r"[ \t\r\n]+")
_INLINE = re.compile(r"[\\`*_\[\]<&]")
_LEADING = re.compile(r"^([#>+=~-]|\d+(?=[.)]))")
_ESCAPED = re.compile(r"\\(.)")


@lru_cache(maxsize=1024)  # pure, and a batch prints the same answers again and again
def escape_markdown(text: str) -> str:
    """Make ``text`` print literally: one line, Markdown's special characters backslash-escaped."""
    one_line = _SPACES.sub(" ", text).strip()
    escaped = _INLINE.sub(lambda m: "\\" + m.group(0), one_line)
    match = _LEADING.match(escaped)
    if match is None:
        return escaped
    if match.group(0).isdigit():
        end = match.end()
        return escaped[:end] + "\\" + escaped[end:]
    return "\\" + escaped


class MarkdownText(Markup):
    """Text that is Markdown on purpose (a phrase, a macro's output): printed as it is."""

    __slots__ = ()

    @classmethod
    def escape(cls, s: object) -> MarkdownText:
        """Escape ``s`` for Markdown unless it is already Markdown."""
        if type(s) is cls:
            return s
        if hasattr(s, "__html__"):
            return cls(s.__html__())
        return cls(escape_markdown(str(s)))


def plain_text(markdown: str) -> str:
    """Escaped Markdown of one line back to the text it prints (for showing and editing)."""
    return _ESCAPED.sub(r"\1", markdown)
