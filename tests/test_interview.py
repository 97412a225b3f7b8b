"""The interview in process: real questionary prompts driven through prompt_toolkit's pipe input."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from drafter.engine import Engine
from drafter.inputs.answers import read_answers_file
from drafter.inputs.catalog import Catalog
from drafter.inputs.conventions import Conventions
from drafter.inputs.manifest import Manifest, Question
from drafter.inputs.profile import Profile
from drafter.inputs.question_types import AnswerValue, kind_of
from drafter.inputs.yamlio import load_mapping
from drafter.interview.defaults import RecentAnswers, Suggestions, shorten, working_day
from drafter.interview.prompts import ask_value
from drafter.interview.session import Interview
from drafter.interview.structure import describe
from drafter.interview.unfinished import Unfinished, read_asked

from helpers import EXAMPLES, SEED

ENTER, DOWN, UP, SPACE, CLEAR, CTRL_C = "\r", "\x1b[B", "\x1b[A", " ", "\x15", "\x03"
FINISH = "\x1b\r"  # Esc then Enter: the end of a paragraph answer


@contextmanager
def keys(*typed: str) -> Iterator[None]:
    """Feed keystrokes to the prompts run inside the block."""
    with create_pipe_input() as pipe:
        pipe.send_text("".join(typed))
        pipe.close()  # once the keys run out, a prompt meets end of input instead of waiting
        with create_app_session(input=pipe, output=DummyOutput()):
            yield


def question(**spec: Any) -> Question:
    return Manifest.model_validate({"title": "T", "questions": {"q": spec}}).questions["q"]


def test_text_typed_and_default_accepted() -> None:
    q = question(type="text", label="Delegation")
    with keys("Luxembourg", ENTER):
        assert ask_value(q, None) == "Luxembourg"
    with keys(ENTER):
        assert ask_value(q, "Belgium") == "Belgium"
    with keys(CLEAR, "Netherlands", ENTER):
        assert ask_value(q, "Belgium") == "Netherlands"


def convert_text(q: Question, text: str) -> AnswerValue:
    return kind_of(q).convert(q, text)


def test_longtext_keeps_one_paragraph() -> None:
    q = question(type="longtext", label="Lead-in")
    with keys("Let me now bring up some actions ;", FINISH):
        assert ask_value(q, None) == "Let me now bring up some actions ;"


def test_longtext_typed_in_place_with_a_numbered_list_and_a_quotation() -> None:
    q = question(type="longtext", label="Points")
    lines = [
        "Le Sénégal souligne deux priorités :",
        "",
        "1. la prévention ;",
        "   - l'alerte précoce",
        "2. la justice.",
    ]
    typed = [part for line in lines for part in (line, ENTER)][:-1]
    with keys(*typed, ENTER, ENTER, "> Nul n'est au-dessus de la loi.", FINISH):
        value = ask_value(q, None)
    assert value == "\n".join([*lines, "", "> Nul n'est au-dessus de la loi."])
    assert describe(str(value)) == "1 paragraph, a numbered list of 2 items (1 with sub-points), 1 quotation"


def test_pasted_paragraphs_are_kept_whole() -> None:
    q = question(type="longtext", label="Points")
    pasted = "Premier paragraphe.\n\nSecond paragraphe.\n1. un\n2. deux"
    with keys("\x1b[200~" + pasted + "\x1b[201~", FINISH):
        assert ask_value(q, None) == pasted


def test_select_moves_and_defaults() -> None:
    q = question(type="select", choices={"president": "President", "chair": "Chair", "co-chairs": "Co-Chairs"})
    with keys(ENTER):
        assert ask_value(q, "chair") == "chair"
    with keys(DOWN, DOWN, ENTER):
        assert ask_value(q, None) == "co-chairs"


def test_multiselect_toggles() -> None:
    q = question(type="multiselect", choices=["eu", "benelux", "g77"])
    with keys(SPACE, DOWN, DOWN, SPACE, ENTER):
        assert ask_value(q, None) == ["eu", "g77"]
    with keys(ENTER):
        assert ask_value(q, ["benelux"]) == ["benelux"]


def test_confirm() -> None:
    q = question(type="confirm", default=True)
    with keys("n"):
        assert ask_value(q, True) is False
    with keys(ENTER):
        assert ask_value(q, True) is True


def test_numbers_and_dates() -> None:
    with keys("2014-09-08", ENTER):
        assert ask_value(question(type="date"), None) == dt.date(2014, 9, 8)
    with keys("4,5", ENTER):
        assert ask_value(question(type="number"), None) == 4.5
    with keys("7", ENTER):
        assert ask_value(question(type="integer", minimum=1, maximum=10), None) == 7


def test_invalid_answer_is_re_asked_with_its_reason() -> None:
    q = question(type="date", label="Date")
    with keys("8 September", ENTER, CLEAR, "2014-09-08", ENTER):
        assert ask_value(q, None) == dt.date(2014, 9, 8)
    q_number = question(type="integer", minimum=1, maximum=10)
    with keys("11", ENTER, CLEAR, "10", ENTER):
        assert ask_value(q_number, None) == 10
    with pytest.raises(Exception, match="expected a date"):
        convert_text(q, "8 September")
    with pytest.raises(Exception, match="less than or equal to 10"):
        convert_text(q_number, "11")
    with pytest.raises(Exception, match="an answer is required"):
        convert_text(question(type="text"), "  ")


@pytest.fixture
def engine() -> Engine:
    return Engine(Catalog.default())


def make_interview(engine: Engine, answers: dict[str, Any] | None = None) -> Interview:
    bundle = engine.template("interactive-dialogue")
    progress = Unfinished.start(bundle.name, answers, asked=None if answers else [])
    suggestions = Suggestions(engine, bundle, Profile(), RecentAnswers(Path("none.yaml")))
    interview = Interview(engine, bundle, progress, suggestions)
    interview.echo = lambda text: None
    return interview


def test_repeat_group_add_edit_remove_reorder(engine: Engine) -> None:
    interview = make_interview(engine)
    actions = interview.questions["actions"]
    items: list[Any] = [{"text": "first", "points": []}, {"text": "second", "points": ["p"]}]
    with keys(
        DOWN,
        ENTER,
        "third",
        FINISH,
        ENTER,  # add an action "third" without sub-points
        DOWN,
        DOWN,
        DOWN,
        DOWN,
        ENTER,
        DOWN,
        DOWN,
        ENTER,
        UP,
        UP,
        ENTER,  # move the third to position 1
        DOWN,
        DOWN,
        DOWN,
        ENTER,
        DOWN,
        ENTER,
        "y",  # remove "first", now second, and confirm
        DOWN,
        DOWN,
        ENTER,
        DOWN,
        ENTER,
        CLEAR,
        "second, edited",
        FINISH,
        ENTER,  # edit "second"
        ENTER,  # done
    ):
        interview.edit_list(actions, items)
    assert items == [{"text": "third", "points": []}, {"text": "second, edited", "points": ["p"]}]


def test_list_cannot_be_left_invalid(engine: Engine) -> None:
    interview = make_interview(engine)
    items: list[Any] = []
    required = interview.questions["actions"].model_copy(update={"min_items": 1, "required": True})
    with keys("only action", FINISH, ENTER, ENTER):
        interview.edit_list(required, items)
    assert items == [{"text": "only action", "points": []}]


def seed_answers() -> dict[str, Any]:
    """The seed's answers with every question present (unanswered optional ones as None)."""
    engine = Engine(Catalog.default())
    return engine.validate(engine.template("interactive-dialogue"), read_answers_file(SEED).answers)


def test_review_change_an_answer_and_write(engine: Engine) -> None:
    interview = make_interview(engine, seed_answers())
    with keys(DOWN, ENTER, DOWN, ENTER, CLEAR, "Luxembourg", ENTER, ENTER):
        statement = interview.review()
    assert statement is not None
    assert statement.answers["delegation"] == "Luxembourg"
    assert statement.draft.title == "Statement by Luxembourg"
    assert load_mapping(interview.progress.path).data["delegation"] == "Luxembourg"


def test_review_changes_a_sentence_and_the_answers_file_records_it(engine: Engine) -> None:
    interview = make_interview(engine, seed_answers())
    # Change a sentence → the last one listed (the closing thanks) → its second variant; then quit.
    with keys(DOWN, DOWN, ENTER, UP, ENTER, DOWN, DOWN, ENTER, DOWN, DOWN, DOWN, ENTER):
        assert interview.review() is None
    saved = dict(load_mapping(interview.progress.path).data)
    assert saved["sentences"]["closing_thanks"] == {"use": "thank-you"}
    saved.pop("template")
    statement = engine.compose(interview.bundle, engine.validate(interview.bundle, saved))
    assert statement.draft.body[-1].text == "Thank you."


def test_review_quit_keeps_answers(engine: Engine) -> None:
    interview = make_interview(engine, seed_answers())
    with keys(DOWN, DOWN, DOWN, ENTER):
        assert interview.review() is None
    assert load_mapping(interview.progress.path).data["delegation"] == "Belgium"


def test_answers_are_saved_after_every_answer_and_ctrl_c_propagates(engine: Engine) -> None:
    interview = make_interview(engine)
    with keys(ENTER, CLEAR, "Luxembourg", ENTER, ENTER, CTRL_C), pytest.raises(KeyboardInterrupt):
        interview.ask_missing()
    saved = load_mapping(interview.progress.path).data
    assert saved["template"] == "interactive-dialogue"
    assert saved["language"] == "en"
    assert saved["delegation"] == "Luxembourg"
    assert "meeting" not in saved
    assert read_asked(interview.progress.path) == ["language", "delegation", "speaker"]


def senegal(engine: Engine, template: str, recent: RecentAnswers | None = None) -> Suggestions:
    profile = Profile(delegation="le Sénégal", language="fr", officer_gender="female")
    return Suggestions(engine, engine.template(template), profile, recent or RecentAnswers(Path("none.yaml")))


def test_defaults_are_the_users_own_and_the_example_only_a_hint(engine: Engine) -> None:
    suggestions = senegal(engine, "hrc-dialogue")
    questions = engine.template("hrc-dialogue").manifest.questions
    answers: dict[str, Any] = {"language": "fr"}
    values = {name: suggestions.value(q, answers) for name, q in questions.items()}
    given = {name: found.value for name, found in values.items() if found is not None}
    assert given["delegation"] == "le Sénégal"
    assert given["officer_gender"] == "female"
    assert given["place"] == "Genève"  # the Human Rights Council's seat, in French
    assert given["date"] == working_day(dt.date.today())
    example = read_answers_file(EXAMPLES / "hrc-dialogue.fr.yaml").answers
    for name in ("meeting", "mandate_holder", "thanks_for", "points", "questions", "alignments"):
        assert name not in given, name
        assert example[name]  # the example has one, and it is not used
    assert suggestions.hint(("meeting",), answers) == "e.g. " + shorten(example["meeting"])
    assert suggestions.hint(("points", 3), answers) is not None
    assert "Belgique" not in str(suggestions.hint(("meeting",), {"language": "en"}))


def test_place_follows_the_forum_and_recent_facts_are_per_language(engine: Engine, tmp_path: Path) -> None:
    recent = RecentAnswers(tmp_path / "recent.yaml")
    recent.remember({"language": "fr", "speaker": "S.E. M. Coly Seck", "place": "Genève", "meeting": "X"})
    again = RecentAnswers.load(tmp_path / "recent.yaml")
    assert again.facts == {"fr": {"speaker": "S.E. M. Coly Seck", "place": "Genève"}}
    suggestions = senegal(engine, "open-debate", again)
    questions = engine.template("open-debate").manifest.questions
    place = suggestions.value(questions["place"], {"language": "fr"})
    assert place is not None and place.value == "New York"
    speaker = suggestions.value(questions["speaker"], {"language": "fr"})
    assert speaker is not None and speaker.value == "S.E. M. Coly Seck"
    assert suggestions.value(questions["speaker"], {"language": "en"}) is None


def test_usual_groups_fill_the_alignments(engine: Engine) -> None:
    profile = Profile(conventions=Conventions(groups=["eu", "benelux"], voice="i"))
    bundle = engine.template("hrc-dialogue")
    suggestions = Suggestions(engine, bundle, profile, RecentAnswers(Path("none.yaml")))
    alignments = suggestions.value(bundle.manifest.questions["alignments"], {})
    assert alignments is not None and alignments.value == [{"group": "eu"}, {"group": "benelux"}]
    voice = suggestions.value(bundle.manifest.questions["voice"], {})
    assert voice is not None and voice.value == "i"
    assert suggestions.usual_group([{"group": "eu"}]) == "benelux"


def test_working_day() -> None:
    assert working_day(dt.date(2026, 6, 19)) == dt.date(2026, 6, 19)  # a Friday
    assert working_day(dt.date(2026, 6, 20)) == dt.date(2026, 6, 22)  # Saturday → Monday
    assert working_day(dt.date(2026, 6, 21)) == dt.date(2026, 6, 22)


def test_resume_asks_the_first_question_never_asked(engine: Engine) -> None:
    bundle = engine.template("interactive-dialogue")
    progress = Unfinished.start(bundle.name, {"language": "en", "delegation": "Norway", "speaker": None})
    progress.asked = ["language", "delegation", "speaker"]
    progress.save()
    resumed = Unfinished.start(bundle.name, load_answers(progress.path), progress.path, read_asked(progress.path))
    interview = Interview(engine, bundle, resumed, senegal(engine, "interactive-dialogue"))
    asked: list[str] = []
    interview.ask = lambda q: asked.append(q.name)  # type: ignore[method-assign]
    interview.ask_missing()
    assert asked[:3] == ["meeting", "agenda_item", "place"]


def load_answers(path: Path) -> dict[str, Any]:
    return read_answers_file(path).answers


def test_when_condition_skips_questions(engine: Engine, tmp_path: Path) -> None:
    answers = seed_answers()
    answers["presiding_officer"] = "co-chairs"
    answers["officer_gender"] = None
    interview = make_interview(engine, answers)
    with keys():
        interview.ask_missing()  # nothing asked: the form of address does not apply to Co-Chairs
    assert interview.answers["officer_gender"] is None
