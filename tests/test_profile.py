"""The profile's conventions set and shown from the command line, and conventions files named by answers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from drafter.inputs.profile import load_profile

from helpers import EXAMPLES, Result

Run = Callable[..., Result]


def test_conventions_set_one_by_one_and_shown(drafter: Run) -> None:
    assert drafter("profile", "set", "conventions.spelling", "en-US").code == 0
    assert drafter("profile", "set", "conventions.groups", "eu, benelux").code == 0
    assert drafter("profile", "set", "conventions.sentences.opening", "{use: thank-you}").code == 0
    assert drafter("profile", "set", "conventions.sentences.closing_thanks", "false").code == 0
    assert drafter("profile", "set", "conventions.end_mark", "./.").code == 0
    conventions = load_profile().conventions
    assert conventions.spelling == "en-US"
    assert conventions.groups == ["eu", "benelux"]
    assert load_profile().model_dump(mode="json")["conventions"]["sentences"]["opening"] == {"use": "thank-you"}
    assert conventions.sentences["closing_thanks"] is False
    shown = drafter("profile", "show").out
    assert "  conventions:\n    spelling: en-US" in shown
    assert "    groups: eu, benelux" in shown
    assert drafter("profile", "set", "conventions.spelling", "").code == 0
    assert load_profile().conventions.spelling is None


def test_without_a_terminal_the_profile_says_how_to_show_and_set_it(drafter: Run) -> None:
    result = drafter("profile")
    assert result.code == 2 and "drafter profile asks questions and needs a terminal" in result.err
    assert "'drafter profile show' shows it and 'drafter profile set KEY VALUE' sets one value" in result.err
    assert "drafter render" not in result.err


def test_wrong_conventions_are_refused_with_the_setting_named(drafter: Run) -> None:
    wrong = drafter("profile", "set", "conventions.spelling", "en-AU")
    assert wrong.code == 1 and "conventions.spelling: Input should be 'en-GB' or 'en-US'" in wrong.err
    unknown = drafter("profile", "set", "conventions.colour", "blue")
    assert unknown.code == 1 and "unknown profile setting 'conventions.colour'" in unknown.err
    assert "conventions.spelling" in unknown.err


def test_conventions_taken_from_a_file(drafter: Run, tmp_path: Path) -> None:
    (tmp_path / "norway.yaml").write_text("spelling: en-GB\naddress_style: Mr President\nvoice: i\n")
    assert drafter("profile", "set", "conventions", str(tmp_path / "norway.yaml")).code == 0
    assert load_profile().conventions.address_style == "Mr President"


def answers_naming(folder: Path, conventions: str) -> Path:
    text = (EXAMPLES / "hrc-dialogue.en.yaml").read_text(encoding="utf-8")
    path = folder / "statement.yaml"
    path.write_text(f"{text}\nconventions: {conventions}\n", encoding="utf-8")
    return path


def test_an_answers_file_names_a_conventions_file_beside_it(drafter: Run, tmp_path: Path) -> None:
    folder = tmp_path / "mission"
    (folder / "house").mkdir(parents=True)
    (folder / "house" / "conventions.yaml").write_text("conventions:\n  voice: i\n  groups: [eu]\n")
    path = answers_naming(folder, "house/conventions.yaml")
    result = drafter("render", path, "-o", tmp_path / "out.md")
    assert result.code == 0, result.err
    assert "I thank" in (tmp_path / "out.md").read_text(encoding="utf-8")  # the conventions' voice


def test_a_wrong_conventions_file_is_reported_at_its_line(drafter: Run, tmp_path: Path) -> None:
    (tmp_path / "house.yaml").write_text("voice: we\nspelling: en-CA\n")
    result = drafter("render", answers_naming(tmp_path, "house.yaml"), "-o", tmp_path / "out.md")
    assert result.code == 1
    assert f"{tmp_path / 'house.yaml'}:2:" in result.err and "spelling" in result.err
    missing = drafter("render", answers_naming(tmp_path, "nowhere.yaml"), "-o", tmp_path / "out.md")
    assert missing.code == 1 and "nowhere.yaml" in missing.err and "no such conventions file" in missing.err
    assert not (tmp_path / "out.md").exists()


COSTA_RICA = {
    "2024-hrc.txt": (
        "Déclaration du Costa Rica\n\nConseil des droits de l'homme, 55e session\n\nGenève, le 4 mars 2024\n\n"
        "Merci, Monsieur le Président.\n\nLe Costa Rica remercie le Rapporteur spécial pour son rapport.\n\n"
        "Nous appelons tous les États à protéger les défenseurs des droits humains.\n\n"
        "Je vous remercie, Monsieur le Président.\n"
    ),
    "2025-hrc.txt": (
        "Déclaration du Costa Rica\n\nConseil des droits de l'homme, 58e session\n\nGenève, le 3 mars 2025\n\n"
        "Merci, Madame la Présidente.\n\nLe Costa Rica salue le dialogue avec l'Experte indépendante.\n\n"
        "L'éducation aux droits humains reste notre priorité.\n\nJe vous remercie, Madame la Présidente.\n"
    ),
    "2025-ga.txt": (
        "Déclaration du Costa Rica\n\nAssemblée générale, Troisième Commission\n\nNew York, le 20 octobre 2025\n\n"
        "Merci, Monsieur le Président.\n\nLe Costa Rica réaffirme son attachement au multilatéralisme.\n\n"
        "Je vous remercie, Monsieur le Président.\n"
    ),
}


def past_statements(folder: Path) -> list[Path]:
    folder.mkdir()
    for name, text in COSTA_RICA.items():
        (folder / name).write_text(text, encoding="utf-8")
    return sorted(folder.iterdir())


def test_conventions_learnt_from_past_statements_shape_the_next_one(drafter: Run, tmp_path: Path) -> None:
    """Three French statements of a delegation open "Merci, Monsieur le Président." and close "Je vous remercie,
    Monsieur le Président.": learnt, written to a file, and a new statement naming that file says the same."""
    statements = past_statements(tmp_path / "archive")
    shown = drafter("profile", "learn", *statements)
    assert shown.code == 0, shown.err
    assert "# opening: variant 'thank-you' in 3 of 3 statements" in shown.out
    assert "# closing_thanks: variant 'thank-you-address' in 3 of 3 statements" in shown.out
    target = tmp_path / "costa-rica.yaml"
    assert drafter("profile", "learn", *statements, "-o", target).code == 0
    again = drafter("profile", "learn", *statements, "-o", target)
    assert again.code != 0 and "--force" in again.err
    text = (EXAMPLES / "hrc-dialogue.fr.yaml").read_text(encoding="utf-8").replace("la Belgique", "le Costa Rica")
    answers = tmp_path / "statement.yaml"
    answers.write_text(f"{text}\nconventions: costa-rica.yaml\n", encoding="utf-8")
    out = drafter("render", answers, "--format", "md", "-o", "-")
    assert out.code == 0, out.err
    body = out.out.split("---", 1)[1]
    assert "Merci, Monsieur le Président." in body
    assert body.rstrip().endswith("Je vous remercie, Monsieur le Président.")


def test_learnt_conventions_saved_in_the_profile(drafter: Run, tmp_path: Path) -> None:
    result = drafter("profile", "learn", *past_statements(tmp_path / "archive"), "--save")
    assert result.code == 0, result.err
    sentences = load_profile().model_dump(mode="json")["conventions"]["sentences"]
    assert sentences == {"opening": {"use": "thank-you"}, "closing_thanks": {"use": "thank-you-address"}}


def test_learning_from_no_statement_or_a_missing_one_says_so(drafter: Run, tmp_path: Path) -> None:
    nothing = drafter("profile", "learn")
    assert nothing.code == 2 and "usage: drafter profile learn STATEMENT..." in nothing.err
    misplaced = drafter("profile", "show", "-o", tmp_path / "x.yaml")
    assert misplaced.code == 2 and "go with 'drafter profile learn" in misplaced.err
    missing = drafter("profile", "learn", tmp_path / "gone.docx")
    assert missing.code == 1 and "gone.docx: no such file" in missing.err and "Traceback" not in missing.err


def statement(opening: str, closing: str, date: str) -> str:
    return (
        f"Déclaration du Costa Rica\n\nConseil des droits de l’homme\n\nGenève, le {date}\n\n{opening}\n\n"
        "Le Costa Rica remercie le Rapporteur spécial pour son rapport.\n\n"
        f"Nous appelons tous les États à protéger les défenseurs des droits humains.\n\n{closing}\n"
    )


def test_a_tie_goes_to_the_latest_statement_and_own_words_need_saying_twice(drafter: Run, tmp_path: Path) -> None:
    """Own words said in two statements are the delegation's, in their language; said once, they are that
    statement's; between two openings, the later statement's wins."""
    texts = {
        "a.txt": statement("Monsieur le Président,", "Je vous remercie infiniment.", "4 mars 2023"),
        "b.txt": statement("Merci, Monsieur le Président.", "Je vous remercie infiniment.", "3 mars 2025"),
        "c.txt": statement("Monsieur le Président,", "Je vous remercie.", "3 mars 2024"),
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    twice = drafter("profile", "learn", tmp_path / "a.txt", tmp_path / "b.txt", "-o", tmp_path / "ab.yaml")
    assert twice.code == 0, twice.err
    learnt = (tmp_path / "ab.yaml").read_text(encoding="utf-8")
    assert "closing_thanks:\n    fr: Je vous remercie infiniment." in learnt
    assert "opening:\n    use: thank-you" in learnt  # 2025 over 2023
    once = drafter("profile", "learn", tmp_path / "b.txt", tmp_path / "c.txt").out
    assert "closing_thanks" not in once  # the latest says its own words once: nothing learnt


def test_a_delegation_that_signs_its_texts_with_place_and_date_keeps_doing_so(drafter: Run, tmp_path: Path) -> None:
    for name, date in (("a.txt", "4 mars 2024"), ("b.txt", "3 mars 2025")):
        signed = statement("Monsieur le Président,", "Je vous remercie.", date) + f"\nGenève, {date}\n"
        (tmp_path / name).write_text(signed, encoding="utf-8")
    learnt = drafter("profile", "learn", tmp_path / "a.txt", tmp_path / "b.txt", "-o", tmp_path / "cr.yaml")
    assert learnt.code == 0, learnt.err
    assert "# sections: ending with the place and date in 2 of 2 statements" in (tmp_path / "cr.yaml").read_text()
    text = (EXAMPLES / "hrc-dialogue.fr.yaml").read_text(encoding="utf-8").replace("la Belgique", "le Costa Rica")
    answers = tmp_path / "statement.yaml"
    answers.write_text(f"{text}\nconventions: cr.yaml\n", encoding="utf-8")
    out = drafter("render", answers, "--format", "md", "-o", "-")
    assert out.code == 0, out.err
    assert out.out.rstrip().endswith("Je vous remercie.\n\nGenève, 20 juin 2026")


def test_a_form_of_address_outside_sentences_is_named_with_where_it_goes(drafter: Run, tmp_path: Path) -> None:
    (tmp_path / "conventions.yaml").write_text("address.president.female: Madame President\n", encoding="utf-8")
    path = answers_naming(tmp_path, "conventions.yaml")
    result = drafter("render", path, "-o", tmp_path / "out.md")
    assert result.code == 1
    assert "conventions.yaml:1:1: address.president.female: is not a convention (at the top: spelling," in result.err
    assert "a form of address goes under sentences:" in result.err
    assert not (tmp_path / "out.md").exists()


def test_a_misspelt_convention_in_a_file_is_named_with_the_one_meant(drafter: Run, tmp_path: Path) -> None:
    (tmp_path / "conventions.yaml").write_text("adress_style: Mr President\n", encoding="utf-8")
    result = drafter("render", answers_naming(tmp_path, "conventions.yaml"), "-o", tmp_path / "out.md")
    assert result.code == 1
    assert "conventions.yaml:1:1: adress_style: is not a convention; did you mean 'address_style'?" in result.err
