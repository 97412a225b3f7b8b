"""French typography for the drafter's own words, as Word's French autocorrect sets it while typing.

The phrase bank is written with French typography already; the delegation's paragraphs are typed with
a keyboard's straight apostrophes and ordinary spaces. In a French statement, drafter sets them like
the bank's sentences beside them:

- an apostrophe after a letter is the typographic one: l'Union → l’Union;
- a no-break space (U+00A0) stands before ``;``, ``!``, ``?``, and before ``:`` ending a clause, so a
  line never starts with them: « Monsieur le Président : » — never in 10:30, 3:1 or a web address;
- « and » hold their text with no-break spaces; straight double quotes around a text become « ».

Web addresses, e-mail addresses and document symbols are left as typed, and a backslash keeps the
character after it as typed (``\\:``, ``\\'``, ``\\"``); a delegation's conventions may keep every
text as typed (``typography: as-typed``).
"""

from __future__ import annotations

import re
from functools import lru_cache

NBSP = "\u00a0"
_KEPT = re.compile(r"(?:https?://|www\.|mailto:)\S+|[\w.+-]+@[\w-]+\.[\w.-]+|\\[;:!?'\"«»]")
_BEFORE_HIGH = re.compile(r"[ \u00a0\u202f]?([;!?]+)")
_BEFORE_COLON = re.compile(r"(?<=\S)[ \u00a0\u202f]?:(?=\s|$)")
_APOSTROPHE = re.compile(r"(?<=[^\W\d_])'")
_OPEN_GUILLEMET = re.compile(r"«[ \u00a0\u202f]?")
_CLOSE_GUILLEMET = re.compile(r"[ \u00a0\u202f]?»")
_DOUBLE_QUOTED = re.compile(r'"([^"\n]+)"')


def _set(text: str) -> str:
    """One stretch of text (no web address in it) set in French typography."""
    text = _APOSTROPHE.sub("’", text)
    text = _DOUBLE_QUOTED.sub(lambda m: f"«{m.group(1).strip()}»", text)
    text = _OPEN_GUILLEMET.sub("«" + NBSP, text)
    text = _CLOSE_GUILLEMET.sub(NBSP + "»", text)
    text = _BEFORE_HIGH.sub(lambda m: NBSP + m.group(1), text)
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    # Nothing starts a line with the punctuation a no-break space was put before.
    return re.sub(rf"(^|\n){NBSP}(?=[;:!?»])", r"\1", text)


@lru_cache(maxsize=4096)  # pure, and a batch sets the same answers again and again
def french(text: str) -> str:
    """``text`` in French typography; web and e-mail addresses and backslashed characters kept as typed."""
    if not any(c in text for c in ";:!?'\"«»"):
        return text
    out: list[str] = []
    start = 0
    for kept in _KEPT.finditer(text):
        out.append(_set(text[start : kept.start()]))
        found = kept.group()
        out.append(found[1:] if found.startswith("\\") else found)
        start = kept.end()
    out.append(_set(text[start:]))
    return "".join(out)
