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
