"""Beginner mistakes in a fresh ``templates new`` starter, each through ``templates check``.

Each must be one message naming the file and the line where the mistake is, in plain words, with the
right name suggested where one was misspelt, and no word of the libraries drafter is built on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import Result

Run = Callable[..., Result]
TEMPLATE = "template.md.j2"
QUESTIONS = "questions.yaml"
EXAMPLE = "example.yaml"
# Words of the libraries underneath, or of Python, that a desk officer should never have to read.
LIBRARY_WORDS = re.compile(
    r"jinja|pydantic|TemplateModule|Traceback|Encountered|Input should|Value error|UndefinedError|"
    r"object has no attribute|mapping values|could not find expected|expected <block end>|"
    r"found character|while scanning|while parsing|KeyError|TypeError|AttributeError|NoneType|"
    r"__|dict object|str object|unexpected '|unexpected end of template",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mistake:
    """One mistake: the file changed, the change, the text marking the line it is on, what must be said."""

    name: str
    filename: str
    edit: Callable[[str], str]
    at: str  # a text on the line where the mistake is, in the changed file
    says: tuple[str, ...] = ()  # what the message must contain (suggestions, plain words)
    errors: int | None = 1  # how many errors check reports (None: at least one)


def replace(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text, f"{old!r} is not in the starter"
        return text.replace(old, new, 1)

    return edit


def add_question(yaml_text: str) -> Callable[[str], str]:
    """A question added at the end of questions.yaml (which ends with the questions)."""

    def edit(text: str) -> str:
        return text.rstrip("\n") + "\n" + yaml_text

    return edit


def use(expression: str) -> Callable[[str], str]:
    """A line added to the body block, right after ``{% block body %}``."""
    return replace("{% block body %}\n", "{% block body %}\n" + expression + "\n")


MISTAKES = [
    Mistake(
        "answer misspelt",
        TEMPLATE,
        replace("m.paragraphs(points)", "m.paragraphs(point)"),
        "m.paragraphs(point)",
        ("'point'", "did you mean 'points'"),
    ),
    Mistake(
        "endif missing",
        TEMPLATE,
        use("{% if points %}"),
        "{% if points %}",
        ("{% if %}", "never closed", "{% endif %}"),
    ),
    Mistake(
        "phrase key misspelt",
        TEMPLATE,
        use('{{ t("closing_thank") }}'),
        'closing_thank"',
        ("'closing_thank'", "did you mean 'closing_thanks'"),
    ),
    Mistake(
        "block name misspelt",
        TEMPLATE,
        lambda t: t + '\n{% block finale %}\n{{ t("closing_thanks") }}\n{% endblock %}\n',
        "{% block finale %}",
        ("'finale'", "did you mean 'final'"),
    ),
    Mistake(
        "select default not a choice",
        QUESTIONS,
        add_question("  tone:\n    type: select\n    choices: [warm, formal]\n    default: fromal\n"),
        "default: fromal",
        ("'fromal'", "did you mean 'formal'"),
    ),
    Mistake(
        "macro misspelt",
        TEMPLATE,
        replace("m.paragraphs(points)", "m.paragraph(points)"),
        "m.paragraph(",
        ("'paragraph'", "did you mean 'paragraphs'"),
    ),
    Mistake(
        "questions.yaml indented wrongly",
        QUESTIONS,
        replace("    label: Paragraphs", "     label: Paragraphs"),
        "     label: Paragraphs",
        ("indented", "two spaces"),
    ),
    Mistake(
        "{{ never closed",
        TEMPLATE,
        replace("m.paragraphs(points) }}", "m.paragraphs(points) }"),
        "m.paragraphs(points) }",
        ("{{", "}}"),
    ),
    Mistake(
        "unknown filter", TEMPLATE, use("{{ date | longdat }}"), "longdat", ("'longdat'", "did you mean 'longdate'")
    ),
    Mistake(
        "endblock missing",
        TEMPLATE,
        replace("{% endblock %}", ""),
        "{% block body %}",
        ("{% block body %}", "{% endblock %}"),
    ),
    Mistake(
        "question type misspelt",
        QUESTIONS,
        replace("type: longtext", "type: longtex"),
        "type: longtex",
        ("'longtex'", "did you mean 'longtext'"),
    ),
    Mistake(
        "choices missing on a select",
        QUESTIONS,
        add_question("  tone:\n    type: select\n    label: Tone\n"),
        "  tone:",
        ("choices",),
    ),
    Mistake(
        "when names an unknown answer",
        QUESTIONS,
        replace("    min_items: 1\n", "    min_items: 1\n    when: delegatoin\n"),
        "when: delegatoin",
        ("'delegatoin'", "did you mean 'delegation'"),
    ),
    Mistake(
        "after names an unknown question",
        QUESTIONS,
        replace("    min_items: 1\n", "    min_items: 1\n    after: speakr\n"),
        "after: speakr",
        ("'speakr'", "did you mean 'speaker'"),
    ),
    Mistake(
        "a tab in questions.yaml",
        QUESTIONS,
        replace("    label: Paragraphs", "\tlabel: Paragraphs"),
        "\tlabel: Paragraphs",
        ("tab", "spaces"),
    ),
    Mistake(
        "a key written twice",
        QUESTIONS,
        replace("    label: Paragraphs\n", "    label: Paragraphs\n    label: Points\n"),
        "label: Points",
        ("'label'", "twice"),
    ),
    Mistake(
        "extends a missing parent",
        TEMPLATE,
        replace('"_statement/template.md.j2"', '"_statment/template.md.j2"'),
        "_statment",
        ("'_statment", "did you mean '_statement"),
    ),
    Mistake(
        "a macro's argument misspelt",
        TEMPLATE,
        replace("m.paragraphs(points)", 'm.paragraphs(points, lst="Thank you.")'),
        "lst=",
        ("'lst'", "did you mean 'last'"),
    ),
    Mistake("t() without a key", TEMPLATE, use("{{ t() }}"), "{{ t() }}", ('t("',)),
    Mistake(
        "a variant misspelt",
        TEMPLATE,
        use('{{ t("closing_thanks", variant="thank-yu") }}'),
        "thank-yu",
        ("'thank-yu'", "did you mean 'thank-you'"),
    ),
    Mistake(
        "a date default that is not a date",
        QUESTIONS,
        add_question("  deadline:\n    type: date\n    required: false\n    default: next week\n"),
        "default: next week",
        ("date", "YYYY-MM-DD"),
    ),
    Mistake(
        "a number default out of its bounds",
        QUESTIONS,
        add_question("  minutes:\n    type: number\n    minimum: 1\n    maximum: 5\n    default: 10\n"),
        "default: 10",
        ("10", "5"),
    ),
    Mistake(
        "a question key misspelt",
        QUESTIONS,
        replace("    label: Paragraphs", "    lable: Paragraphs"),
        "lable:",
        ("'lable'", "did you mean 'label'"),
    ),
    Mistake(
        "extends an unknown template",
        QUESTIONS,
        replace("extends: _statement", "extends: _statment"),
        "extends: _statment",
        ("'_statment'", "did you mean _statement"),
    ),
    Mistake(
        "remove names an unknown question",
        QUESTIONS,
        add_question("remove: [speakr]\n"),
        "remove: [speakr]",
        ("'speakr'", "did you mean 'speaker'"),
    ),
    Mistake(
        "an answer misspelt in the example",
        EXAMPLE,
        replace("delegation:", "delegatoin:"),
        "delegatoin:",
        ("delegatoin", "did you mean 'delegation'"),
        errors=2,  # and 'delegation' is missing
    ),
    Mistake(
        "an unknown tag",
        TEMPLATE,
        use("{% iff points %}x{% endif %}"),
        "{% iff",
        ("{% iff %}", "did you mean 'if'"),
        errors=None,
    ),
    Mistake(
        "endfor missing",
        TEMPLATE,
        use("{% for point in points %}{{ point }}"),
        "{% for point",
        ("{% for %}", "{% endfor %}"),
    ),
    Mistake("a helper misspelt", TEMPLATE, use("{{ salutaton() }}"), "salutaton", ("did you mean 'salutation'",)),
    Mistake(
        "a question name with a hyphen",
        QUESTIONS,
        replace("  points:", "  our-points:"),
        "  our-points:",
        ("'our-points'", "our_points"),
    ),
    Mistake(
        "a multiselect default that is not a list",
        QUESTIONS,
        add_question("  tones:\n    type: multiselect\n    choices: [warm, formal]\n    default: warm\n"),
        "default: warm",
        ("[warm]",),
    ),
    Mistake(
        "a language the bank does not have",
        QUESTIONS,
        replace("extends: _statement\n", "extends: _statement\nlanguages: [en, es]\n"),
        "languages: [en, es]",
        ("'es'", "en, fr"),
    ),
    Mistake(
        "questions.yaml without the extends of template.md.j2",
        QUESTIONS,
        replace("extends: _statement\n", ""),
        "title:",
        ("extends: _statement",),
    ),
    Mistake(
        "macros used without their import",
        TEMPLATE,
        replace('{% import "_shared/macros.md.j2" as m with context %}\n', ""),
        "m.paragraphs(points)",
        ('{% import "_shared/macros.md.j2" as m with context %}',),
    ),
    Mistake(
        "an endif that closes nothing", TEMPLATE, use("{% endif %}"), "{% endif %}", ("closes nothing", "remove it")
    ),
    Mistake("a bracket never closed", TEMPLATE, use('{{ t("closing_thanks" }}'), 'closing_thanks" }}', ("(", "add )")),
    Mistake(
        "a colon inside a value",
        QUESTIONS,
        replace("label: Paragraphs", "label: Note: paragraphs"),
        "label: Note",
        ("quotes",),
    ),
    Mistake(
        "two extends",
        TEMPLATE,
        replace("{% import", '{% extends "_national/template.md.j2" %}\n{% import'),
        '{% extends "_statement',
        ("keep one",),
    ),
    Mistake("a comment never closed", TEMPLATE, use("{# a note"), "{# a note", ("{#", "#}")),
    Mistake(
        "endblock misspelt",
        TEMPLATE,
        replace("{% endblock %}", "{% endblok %}"),
        "{% endblok",
        ("did you mean 'endblock'",),
    ),
    Mistake(
        "a loop misspelt", TEMPLATE, use("{% fro p in points %}{{ p }}{% endfor %}"), "{% fro", ("did you mean 'for'",)
    ),
    Mistake(
        "a top-level key misspelt",
        QUESTIONS,
        replace("questions:", "questons:"),
        "questons:",
        ("did you mean 'questions'",),
    ),
    Mistake(
        "choices_from misspelt",
        QUESTIONS,
        add_question("  ally:\n    type: select\n    choices_from: group\n"),
        "choices_from: group",
        ("'group'", "did you mean 'groups'"),
    ),
    Mistake(
        "a choice misspelt in the example",
        EXAMPLE,
        replace("officer_gender: female", "officer_gender: femal"),
        "officer_gender: femal",
        ("'femal'", "did you mean 'female'"),
    ),
    Mistake(
        "a filter of drafter misspelt",
        TEMPLATE,
        use("{{ delegation | capfist }}"),
        "capfist",
        ("did you mean 'capfirst'",),
    ),
    Mistake("a group misspelt", TEMPLATE, use('{{ group("euu").name }}'), 'group("euu")', ("did you mean 'eu'",)),
    Mistake(
        "numbered points given plain paragraphs",
        TEMPLATE,
        replace("m.paragraphs(points)", "m.numbered(points)"),
        "m.numbered(points)",
        ("text", "points"),
    ),
]


def starter(drafter: Run, name: str = "beginner") -> Path:
    result = drafter("templates", "new", name)
    assert result.code == 0, result.err
    return Path("templates") / name


def line_of(text: str, marker: str) -> int:
    index = text.index(marker)
    return text.count("\n", 0, index) + 1


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.name for m in MISTAKES])
def test_a_beginner_mistake_is_named_where_it_is(drafter: Run, mistake: Mistake) -> None:
    folder = starter(drafter)
    path = folder / mistake.filename
    changed = mistake.edit(path.read_text(encoding="utf-8"))
    path.write_text(changed, encoding="utf-8")
    result = drafter("templates", "check", "beginner")
    report = result.out + result.err
    assert result.code == 1, report
    errors = [line for line in result.out.splitlines() if line.startswith("  error: ")]
    if mistake.errors is not None:
        assert len(errors) == mistake.errors, report
    where = f"{mistake.filename}:{line_of(changed, mistake.at)}"
    assert any(where + ":" in line for line in errors), f"{where} not in\n{report}"
    for words in mistake.says:
        assert words.casefold() in report.casefold(), f"{words!r} not in\n{report}"
    assert not LIBRARY_WORDS.search(report), report


# What rendering (drafter render, preview, new) refuses too, with the same plain words; the others (a block
# misspelt, a variant misspelt, a default that does not fit) only `templates check` can see.
CHECK_ONLY = {
    "block name misspelt",
    "select default not a choice",
    "when names an unknown answer",
    "a variant misspelt",
    "a date default that is not a date",
    "a number default out of its bounds",
    "a multiselect default that is not a list",
    "a language the bank does not have",
    "questions.yaml without the extends of template.md.j2",
}


@pytest.mark.parametrize("mistake", [m for m in MISTAKES if m.name not in CHECK_ONLY], ids=lambda m: m.name)
def test_rendering_says_the_same_mistake_in_the_same_words(drafter: Run, mistake: Mistake) -> None:
    folder = starter(drafter)
    path = folder / mistake.filename
    changed = mistake.edit(path.read_text(encoding="utf-8"))
    path.write_text(changed, encoding="utf-8")
    result = drafter("render", folder / EXAMPLE, "-o", "statement.docx")
    assert result.code == 1, result.out
    assert f"{mistake.filename}:{line_of(changed, mistake.at)}" in result.err, result.err
    assert not LIBRARY_WORDS.search(result.err), result.err
    assert not Path("statement.docx").exists()


def test_a_phrase_of_one_s_own_in_english_only_is_named_with_the_file_to_add_it_to(drafter: Run) -> None:
    folder = starter(drafter)
    phrases = Path("templates") / "_shared" / "phrases"
    phrases.mkdir(parents=True)
    (phrases / "en.yaml").write_text("our_motto: Peace through dialogue.\n", encoding="utf-8")
    template = folder / TEMPLATE
    changed = template.read_text(encoding="utf-8").replace(
        "{% block body %}\n", '{% block body %}\n{{ t("our_motto") }}\n'
    )
    template.write_text(changed, encoding="utf-8")
    result = drafter("templates", "check", "beginner")
    assert result.code == 1
    errors = [line for line in result.out.splitlines() if line.startswith("  error: ")]
    assert len(errors) == 1, result.out
    assert f"{TEMPLATE}:7: the phrase 'our_motto' has no French version" in errors[0]
    assert "templates/_shared/phrases/fr.yaml" in errors[0]


def test_questions_written_under_an_empty_mapping_are_explained(drafter: Run) -> None:
    assert drafter("templates", "new", "child", "--from", "right-of-reply").code == 0
    path = Path("templates") / "child" / QUESTIONS
    text = path.read_text(encoding="utf-8").replace("questions: {}", "questions: {}\n  motto:\n    type: text")
    path.write_text(text, encoding="utf-8")
    result = drafter("templates", "check", "child")
    assert result.code == 1
    assert (
        f"{QUESTIONS}:{line_of(text, 'questions: {}')}: 'questions: {{}}' says nothing is under 'questions'"
        in result.out
    )
    assert "remove the {}" in result.out
