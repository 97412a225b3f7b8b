"""docs/templates.md is run as written: its files are created and its commands must succeed."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from pathlib import Path

from helpers import ROOT, Result, read_paragraphs

GUIDE = ROOT / "docs" / "templates.md"
ANNOTATED = re.compile(r"<!-- (file: (?P<path>\S+)|commands) -->\n```\w*\n(?P<body>.*?)```", re.S)
Run = Callable[..., Result]


def test_the_guide_works_as_written(drafter: Run, isolated: Path) -> None:
    steps = list(ANNOTATED.finditer(GUIDE.read_text(encoding="utf-8")))
    assert len(steps) >= 10
    for step in steps:
        if step.group("path"):
            target = isolated / step.group("path")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(step.group("body"), encoding="utf-8")
            continue
        for line in step.group("body").strip().splitlines():
            command = shlex.split(line)
            assert command[0] == "drafter"
            result = drafter(*command[1:])
            assert result.code == 0, f"{line}\n{result.out}\n{result.err}"
            if command[1:3] == ["templates", "check"]:
                assert result.out.strip().endswith(": ok"), result.out
    texts = [p.text for p in read_paragraphs(isolated / "tribute.docx")]
    assert texts[:2] == ["Check against delivery", "Statement by Senegal"]
    assert (
        "On behalf of Senegal, I wish to convey our deepest condolences to the family of His Excellency Mr. Jean "
        "Dupont, former President of the Republic of Example and to the people of the Republic of Example."
    ) in texts
    assert texts[-2:] == [
        "We join the Assembly in the minute of silence observed in their memory.",
        "Madam President, I thank you for your attention.",
    ]
    ireland = [p.text for p in read_paragraphs(isolated / "ireland.docx")]
    assert ireland[ireland.index("Mr. Chair,") + 1 :][:2] == [
        "Ireland aligns itself with the statement of the European Union. Allow me to add some remarks in my "
        "national capacity.",
        "We thank the Special Rapporteur for his second report on the topic.",
    ]
    assert ireland[-1] == "Thank you, Mr. Chair."
    irlande = [p.text for p in read_paragraphs(isolated / "irlande.docx")]
    for sentence in (
        "Monsieur le Président,",
        "L’Irlande s’associe à la déclaration de l’Union européenne. Permettez-moi d’ajouter quelques remarques "
        "à titre national.",
        "Nous remercions le Rapporteur spécial pour son deuxième rapport sur le sujet.",
    ):
        assert sentence in irlande
    assert irlande[-1] == "Je vous remercie, Monsieur le Président."


def test_the_guide_s_sample_report_is_what_check_says(drafter: Run, isolated: Path) -> None:
    test_the_guide_works_as_written(drafter, isolated)
    template = isolated / "templates" / "tribute" / "template.md.j2"
    template.write_text(template.read_text().replace("m.paragraphs(memories)", "m.paragraphs(memory)"))
    result = drafter("templates", "check", "tribute")
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0] == "tribute: 1 error(s), 1 warning(s)"
    assert (
        "template.md.j2:7: the template uses 'memory', which no question in questions.yaml declares; "
        "did you mean 'memories'?"
    ) in lines[1]
    assert lines[2] == "  warning: the question 'memories' is asked but the template never uses its answer"


def test_the_table_of_sentences_lists_every_variant_of_the_phrase_bank() -> None:
    """docs/frame.md's table of the built-in sentences names every variant the English bank offers, so the
    reference a delegation writes its conventions from is never behind the tool."""
    import yaml

    table = (ROOT / "docs" / "frame.md").read_text(encoding="utf-8").split("### The sentences of the built-in")[1]
    listed: dict[str, set[str]] = {}
    for line in table.splitlines():
        if line.startswith("| `"):
            cells = line.split("|")
            names = {n.strip() for n in re.split(r"[,/]", re.sub(r"\([^)]*\)", "", cells[3]))}
            for key in re.findall(r"`([\w.]+)`", cells[1]):
                listed[key] = names
    bank = yaml.safe_load((ROOT / "templates" / "_shared" / "phrases" / "en.yaml").read_text(encoding="utf-8"))
    keys = ["opening", "salutation", "salutation_addressee", "salutation_full", "alignment", "closing_thanks"]
    keys += ["national_capacity", "thank_presidency", "thank_mandate_holder", "on_behalf", "dateline", "markers"]
    for key in keys:
        missing = set(bank[key]) - listed[key]
        assert not missing, f"docs/frame.md: the row of {key} lacks {sorted(missing)}"
