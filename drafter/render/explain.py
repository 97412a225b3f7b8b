"""Template mistakes said in a template author's words: where the mistake is, what is wrong, and the fix.

Jinja reports a mistake where it noticed it, in its own terms ("Encountered unknown tag 'endblock'").
These functions find where the author made it — the ``{% if %}`` left open, the ``{{`` never closed —
and say it plainly, with the name that was probably meant.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from jinja2 import Environment, TemplateSyntaxError

from drafter.inputs.validation import did_you_mean

# Tags that open a part of the template closed by ``{% end<tag> %}`` (``set`` only without ``=``).
PAIRED = ("if", "for", "block", "macro", "call", "filter", "with", "set", "trans", "autoescape")
TAGS = (
    "if",
    "elif",
    "else",
    "for",
    "set",
    "block",
    "extends",
    "import",
    "from",
    "include",
    "macro",
    "call",
    "filter",
    "with",
    "raw",
)
ENDS = tuple(f"end{tag}" for tag in PAIRED)
_DELIMITERS = {"variable_begin": ("{{", "}}"), "block_begin": ("{%", "%}")}
_ENDS = {"variable_end", "block_end"}


def suggest(name: str, known: Iterable[str]) -> str:
    """ "; did you mean 'x'?" when ``name`` looks like one of ``known``, else ""."""
    meant = did_you_mean(name, sorted(set(known)))
    return f"; did you mean '{meant}'?" if meant and meant != name else ""


@dataclass(frozen=True)
class Tag:
    """A tag that opens a part of the template: its name, line, and how the author wrote it."""

    name: str
    line: int
    text: str


@dataclass
class Scan:
    """The template's tags read up to a line: those still open, and a ``{{`` or ``{%`` left open."""

    open: list[Tag] = field(default_factory=list)
    unclosed: tuple[str, str, int] | None = None  # (opening, closing delimiter, line)

    def innermost(self, name: str | None = None) -> Tag | None:
        """The innermost open tag (of that name)."""
        return next((t for t in reversed(self.open) if name is None or t.name == name), None)


def scan_tags(env: Environment, source: str, until: int | None = None) -> Scan:
    """Read the template's tags with Jinja's lexer (which knows comments and raw parts) up to line ``until``."""
    scan = Scan()
    words: list[tuple[str, str]] = []
    begun: tuple[str, int] | None = None
    try:
        for line, kind, value in env.lexer.tokeniter(source, None):
            if until is not None and line > until and begun is None:
                break
            if kind in _DELIMITERS:
                begun, words = (kind, line), []
            elif kind in _ENDS:
                if kind == "block_end" and words:
                    _tag(scan, words, begun[1] if begun else line)
                begun = None
            elif begun is not None and kind in ("name", "operator", "string"):
                words.append((kind, value))
    except TemplateSyntaxError:
        pass
    if begun is not None:
        opening, closing = _DELIMITERS[begun[0]]
        scan.unclosed = (opening, closing, begun[1])
    return scan


def _tag(scan: Scan, words: list[tuple[str, str]], line: int) -> None:
    name = words[0][1]
    if name in PAIRED and not (name == "set" and ("operator", "=") in words):
        label = f" {words[1][1]}" if name in ("block", "macro") and len(words) > 1 else ""
        scan.open.append(Tag(name, line, f"{{% {name}{label} %}}"))
    elif name.startswith("end") and scan.open and scan.open[-1].name == name[3:]:
        scan.open.pop()


_UNKNOWN_TAG = re.compile(r"Encountered unknown tag '(\w+)'")
_INNERMOST = re.compile(r"innermost block that needs to be closed is '(\w+)'")
_EXPECTED_END = re.compile(r"expected token 'end of (print statement|statement block)', got '(.*)'")
_NO_FILTER = re.compile(r"No (filter|test) named '([\w.]+)'")
_DEFINED_TWICE = re.compile(r"block '(\w+)' defined twice")


def explain_syntax(env: Environment, exc: TemplateSyntaxError, source: str | None) -> tuple[str, int | None]:
    """What a syntax error means, in plain words, and the line where the mistake is."""
    message, line = exc.message or "", exc.lineno
    if source is None:
        return _plain(message), line
    known = _known_failure(env, message, line)
    if known is not None:
        return known, line
    scan = scan_tags(env, source, line)
    unknown = _UNKNOWN_TAG.search(message)
    innermost = _INNERMOST.search(message)
    tag = unknown.group(1) if unknown else None
    if tag is not None and (not _closes(tag) or _opener(tag) not in {t.name for t in scan.open}):
        written = source.splitlines()[line - 1] if 0 < line <= len(source.splitlines()) else ""
        looping = re.search(r"{%-?\s*" + re.escape(tag) + r"\s+[\w, ]+\s+in\s", written) is not None
        return (_unknown_tag(tag, "for") if looping else _unknown_tag(tag)), line
    if innermost:
        return _never_closed(scan, innermost.group(1), tag, line)
    if scan.unclosed is not None and (scan.unclosed[2] < line or "unexpected" in message):
        opening, closing, opened = scan.unclosed
        return f"the {opening} opened at line {opened} is never closed; end it with {closing}", opened
    return _misread(message), line


def _opener(tag: str) -> str:
    """The tag that ``tag`` ends or continues: endif → if, else → if (or for)."""
    return tag[3:] if tag.startswith("end") else "if"


def _known_failure(env: Environment, message: str, line: int) -> str | None:
    missing = _NO_FILTER.search(message)
    if missing:
        kind, name = missing.groups()
        known = env.filters if kind == "filter" else env.tests
        names = [n for n in known if not n.startswith("drafter_")]
        return f"there is no {kind} '{name}'{suggest(name, names)}"
    twice = _DEFINED_TWICE.search(message)
    if twice:
        return f"the block '{twice.group(1)}' is defined twice in this file; keep one"
    if "expected ')'" in message or "expected ']'" in message:
        bracket = "(" if "')'" in message else "["
        closing = ")" if bracket == "(" else "]"
        return f"a {bracket} is never closed on this line; add {closing}"
    if message.startswith("Missing end of comment tag"):
        return "the comment {# opened here is never closed; end it with #}"
    return None


def _never_closed(scan: Scan, name: str, noticed: str | None, line: int) -> tuple[str, int]:
    tag = scan.innermost(name)
    end = f"{{% end{name} %}}"
    where = f"before {{% {noticed} %}}" if noticed else "where it ends"
    if tag is None:
        return f"a {{% {name} %}} is never closed; add {end} {where}", line
    return f"the {tag.text} opened at line {tag.line} is never closed; add {end} {where}", tag.line


def _closes(name: str) -> bool:
    """Whether the tag ends (or continues) a part another tag opened: endif, else, elif…"""
    return name in ("else", "elif") or (name.startswith("end") and name[3:] in PAIRED)


def _unknown_tag(name: str, meant: str | None = None) -> str:
    if meant is not None:
        return f"there is no tag {{% {name} %}}; did you mean '{meant}'? (a loop is written {{% for item in list %}})"
    if _closes(name):
        opener = _opener(name)
        return f"{{% {name} %}} closes nothing: no {{% {opener} %}} is open here; remove it"
    return f"there is no tag {{% {name} %}}{suggest(name, [*TAGS, *ENDS])} (tags: {', '.join(TAGS)})"


def _misread(message: str) -> str:
    after = _EXPECTED_END.search(message)
    if after:
        what = "{{ … }}" if after.group(1) == "print statement" else "{% … %}"
        return (
            f"this {what} holds something more after its value ('{after.group(2)}'): it holds one value or call, "
            'e.g. {{ delegation }} or {{ t("closing_thanks") }}'
        )
    if message.startswith("unexpected char '\"'") or message.startswith('unexpected char "\'"'):
        return "a text in quotes is never closed on this line; add the closing quote"
    if "expected ')'" in message:
        return "a ( is never closed on this line; add )"
    if message.startswith("Expected an expression"):
        return "this tag is incomplete: {% if %} needs a condition ({% if points %}), {% for %} a list"
    if message.startswith("expected token 'in'"):
        return "a {% for %} is written {% for item in list %}"
    return _plain(message)


def _plain(message: str) -> str:
    return "the template cannot be read here: " + message.replace("Jinja", "drafter").rstrip(".")


# -- errors while rendering ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Known:
    """The names a template may use, for "did you mean": answers, helpers, and macros with their arguments."""

    answers: Collection[str] = ()
    helpers: Collection[str] = ()
    macros: Mapping[str, Sequence[str]] = field(default_factory=dict)


IMPORT_MACROS = '{% import "_shared/macros.md.j2" as m with context %}'
_UNDEFINED = re.compile(r"^'([\w.]+)' is undefined$")
_NO_ATTRIBUTE = re.compile(r"'([\w. ]+?) object' has no (attribute|element) '?([^']+)'?$")
_NO_KEYWORD = re.compile(r"macro '(\w+)' takes no keyword argument '(\w+)'")
_TOO_MANY = re.compile(r"macro '(\w+)' takes not more than (\d+) argument")
_HELPER_KEYWORD = re.compile(r"_?(\w+)\(\) got an unexpected keyword argument '(\w+)'")
_HELPER_MISSING = re.compile(r"_?(\w+)\(\) missing \d+ required positional argument")
_KINDS = {
    "dict": "this group of answers",
    "str": "a text",
    "MarkdownText": "a text",
    "Markup": "a text",
    "list": "a list",
    "int": "a number",
    "float": "a number",
    "bool": "a yes/no answer",
    "date": "a date",
    "NoneType": "an empty answer",
}


def explain_runtime(message: str, known: Known) -> str:
    """What an error while rendering means, in plain words."""
    for explain in (_undefined, _missing_attribute, _macro_arguments, _helper_arguments):
        plain = explain(message, known)
        if plain is not None:
            return plain
    return message.replace("jinja2.", "").replace("Jinja", "drafter")


def _undefined(message: str, known: Known) -> str | None:
    found = _UNDEFINED.match(message)
    if found is None:
        return None
    name = found.group(1)
    if name == "m":
        return f"'m' names drafter's macros only once they are imported: add {IMPORT_MACROS} at the top"
    return (
        f"the template uses '{name}', which no question in questions.yaml declares"
        f"{suggest(name, [*known.answers, *known.helpers])}"
    )


def _missing_attribute(message: str, known: Known) -> str | None:
    found = _NO_ATTRIBUTE.search(message)
    if found is None:
        return None
    kind, attribute = found.group(1).split(".")[-1], found.group(3)
    if kind == "TemplateModule":
        names = ", ".join(known.macros)
        return f"the macros have no '{attribute}'{suggest(attribute, known.macros)} (macros: {names})"
    what = _KINDS.get(kind, "this value")
    hint = ""
    if what == "a text":
        hint = " (a list of single paragraphs given where items with fields, such as text and points, are expected?)"
    return f"{what} has no '{attribute}'{hint}"


def _macro_arguments(message: str, known: Known) -> str | None:
    keyword = _NO_KEYWORD.search(message)
    if keyword:
        macro, argument = keyword.groups()
        arguments = known.macros.get(macro, ())
        return (
            f"m.{macro} has no argument '{argument}'{suggest(argument, arguments)} "
            f"(its arguments: {', '.join(arguments) or 'none'})"
        )
    many = _TOO_MANY.search(message)
    if many:
        macro, count = many.groups()
        return f"m.{macro} takes at most {count} value(s): {', '.join(known.macros.get(macro, ()))}"
    return None


def _helper_arguments(message: str, known: Known) -> str | None:
    if message == "extended multiple times":
        return "a template extends one other: keep one {% extends %}"
    if "_t() missing" in message:
        return 't() needs the key of a phrase, e.g. t("closing_thanks")'
    keyword = _HELPER_KEYWORD.search(message)
    if keyword:
        return f"{keyword.group(1)}() has no argument '{keyword.group(2)}'"
    missing = _HELPER_MISSING.search(message)
    if missing:
        return f"{missing.group(1)}() needs more values between its brackets"
    return None
