"""Rendering: answers printed literally, the sandbox holds, mistakes point at the template line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from drafter.document.blocks import parse_blocks
from drafter.engine import Engine
from drafter.errors import TemplateError, TemplateSecurityError
from drafter.inputs.catalog import Catalog, TemplateRoot
from drafter.paths import builtin_templates
from drafter.render.markdown_text import escape_markdown


def make_template(root: Path, body: str, questions: str = "  text: text\n", name: str = "t") -> Engine:
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "template.md.j2").write_text(body, encoding="utf-8")
    (folder / "questions.yaml").write_text(f"title: T\nquestions:\n{questions}", encoding="utf-8")
    return Engine(Catalog([TemplateRoot(root, "--template-dir"), TemplateRoot(builtin_templates(), "built-in")]))


def render(engine: Engine, answers: dict[str, Any], name: str = "t") -> str:
    bundle = engine.template(name)
    return engine.renderer.render(bundle, engine.validate(bundle, answers))


@pytest.mark.parametrize(
    "text",
    [
        "*not bold* and _not italic_",
        "1. not a list",
        "- not a bullet",
        "# not a heading",
        "R&D <b>x</b> [a](b)",
        "back\\slash `code`",
        "> not a quote",
        "---",
        "2014. A year",
    ],
)
def test_answers_print_literally(tmp_path: Path, text: str) -> None:
    engine = make_template(tmp_path, "{{ text }}\n")
    blocks = parse_blocks(render(engine, {"text": text})).blocks
    assert [(b.kind, b.text, b.spans[0].bold, b.spans[0].italic) for b in blocks] == [("paragraph", text, False, False)]


def test_escape_keeps_non_breaking_spaces() -> None:
    assert escape_markdown("« dialogue\u00a0»") == "« dialogue\u00a0»"


def test_phrases_and_answers_mix_without_double_escaping(tmp_path: Path) -> None:
    engine = make_template(tmp_path, '{{ t("closing_thanks", address=text) }}\n\n{{ "*" ~ text }}\n', "  text: text\n")
    blocks = parse_blocks(render(engine, {"text": "R&D_1"})).blocks
    assert [b.text for b in blocks] == ["R&D_1, I thank you for your attention.", "*R&D_1"]


def test_undefined_variable_is_an_error_with_its_line(tmp_path: Path) -> None:
    engine = make_template(tmp_path, "{{ text }}\n\n{{ missing }}\n")
    with pytest.raises(TemplateError, match="undefined") as caught:
        render(engine, {"text": "x"})
    problem = caught.value.problems[0]
    assert problem.path is not None and problem.path.name == "template.md.j2"
    assert problem.line == 3


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    engine = make_template(tmp_path, "{{ text }}\n{% if text %}\nno end\n")
    with pytest.raises(TemplateError, match="syntax") as caught:
        render(engine, {"text": "x"})
    assert caught.value.problems[0].path is not None


@pytest.mark.parametrize(
    "attack",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ text.__class__.__init__.__globals__ }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ t.__globals__ }}",
        "{{ ''.format.__self__ }}",
        "{{ '{0.__class__}'.format(text) }}",
        "{% set x = [] %}{{ x.append(1) }}",
        "{{ lipsum.__globals__['os'] }}",
    ],
)
def test_sandbox_blocks_known_escapes(tmp_path: Path, attack: str) -> None:
    engine = make_template(tmp_path, attack + "\n")
    with pytest.raises(TemplateError) as caught:
        render(engine, {"text": "x"})
    assert isinstance(caught.value, TemplateSecurityError), caught.value


def test_templates_cannot_include_files_outside_their_folders(tmp_path: Path) -> None:
    engine = make_template(tmp_path / "root", '{% include "../../etc/passwd" %}\n')
    with pytest.raises(TemplateError, match="not found"):
        render(engine, {"text": "x"})


def test_missing_phrase_in_a_language_is_an_error(tmp_path: Path) -> None:
    engine = make_template(
        tmp_path, '{{ t("no_such_phrase") }}\n', "  language:\n    type: select\n    choices: [en, fr]\n"
    )
    with pytest.raises(TemplateError, match="there is no phrase 'no_such_phrase' in the phrase bank"):
        render(engine, {"language": "fr"})


def test_connectors_follow_position(tmp_path: Path) -> None:
    engine = make_template(tmp_path, "{% for i in range(1, 4) %}{{ connector(i) }} {% endfor %}{{ connector(3, 3) }}\n")
    assert render(engine, {"text": "x"}).strip() == "Firstly Secondly Thirdly Finally"


def test_phrases_kept_across_statements_follow_everything_they_read() -> None:
    """One renderer, statements that differ only in what a kept phrase reads through the form of address."""
    from drafter.inputs.answers import read_answers_file
    from drafter.inputs.yamlio import Origin

    from helpers import SEED

    engine = Engine(Catalog.default([]))
    source = read_answers_file(SEED)
    bundle = engine.template(source.template)
    variations = [
        {},
        {"officer_gender": "female"},
        {"conventions": {"address_style": "Mr President"}},
        {"sentences": {"address.president.male": "Your Excellency"}},
        {"presiding_officer": "chair"},
        {},
    ]
    firsts = []
    for change in variations:
        answers = engine.validate(bundle, {**source.answers, **change}, Origin(source.source))
        body = engine.renderer.render(bundle, answers).split("---", 1)[1]
        firsts.append(next(line for line in body.splitlines() if "I wish to thank you" in line))
    assert [f.split("thank you, ")[1].split(",")[0] for f in firsts] == [
        "Mr. President",
        "Madam President",
        "Mr President",
        "Your Excellency",
        "Mr. Chair",
        "Mr. President",
    ]
