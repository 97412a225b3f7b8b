"""One answer asked in the terminal: the widget a question type describes (``Prompt``) made a questionary call.

Paragraph answers are typed in place, several lines at once: Enter starts a new line, Esc then Enter
(or Alt+Enter) finishes, Ctrl-X Ctrl-E opens an editor; pasting several paragraphs keeps them. The
structure just typed is said back before the interview moves on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import questionary
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from questionary import Choice

from drafter.errors import InputError
from drafter.inputs.manifest import Question
from drafter.inputs.question_types import AnswerValue, kind_of
from drafter.interview.editor import editor_bindings
from drafter.interview.structure import describe

PARAGRAPHS_HINT = "Enter: new line · Esc then Enter (or Alt+Enter): finish · Ctrl-X Ctrl-E: editor"
PARAGRAPHS_HELP = 'A blank line starts a paragraph; "1." or "-" at a line\'s start a list item; ">" a quotation.'
GREY = "fg:ansibrightblack"
EXAMPLE_ONLY = " (the grey text is only an example)"


@dataclass(frozen=True)
class Shown:
    """How an answer is shown: its label, the example's hint ("e.g. …") and where the value comes from."""

    label: str | None = None
    hint: str | None = None
    note: str | None = None


def _paragraph_keys() -> KeyBindings:
    """Enter starts a new line at the margin (a list item's indent is not copied to the next line);
    Ctrl-X Ctrl-E opens the editor."""
    bindings = editor_bindings()

    @bindings.add("enter")
    def _newline(event: KeyPressEvent) -> None:
        event.current_buffer.newline(copy_margin=False)

    return bindings


def _validator(question: Question, hint: str | None) -> Callable[[str], bool | str]:
    def validate(text: str) -> bool | str:
        try:
            kind_of(question).convert(question, text)
        except InputError as exc:
            message = exc.problems[0].message
            return message + (EXAMPLE_ONLY if hint and not text.strip() else "")
        return True

    return validate


def _instruction(*parts: str | None) -> str | None:
    words = [p.strip().strip("()") for p in parts if p and p.strip().strip("()")]
    return f"({' · '.join(words)})" if words else None


def _placeholder(hint: str | None) -> FormattedText | None:
    return FormattedText([(GREY, hint)]) if hint else None


def ask_text(question: Question, default: AnswerValue, shown: Shown) -> AnswerValue:
    """A line, or paragraphs typed in place, validated as the question's type."""
    kind = kind_of(question)
    prompt = kind.prompt(question)
    paragraphs = prompt.widget == "paragraphs"
    if paragraphs:
        questionary.print(f"  {PARAGRAPHS_HELP}", style=GREY)
    instruction = _instruction(PARAGRAPHS_HINT if paragraphs else prompt.instruction, shown.note)
    typed = questionary.text(
        shown.label or question.label,
        default=kind.as_text(default),
        validate=_validator(question, shown.hint),
        instruction=f"{instruction}\n" if paragraphs and instruction else instruction,
        multiline=paragraphs,
        placeholder=_placeholder(shown.hint),
        key_bindings=_paragraph_keys() if paragraphs else None,
    ).unsafe_ask()
    value = kind.convert(question, typed)
    if paragraphs and isinstance(value, str):
        questionary.print(f"  → {describe(value)}", style="fg:ansicyan")
    return value


def ask_value(question: Question, default: AnswerValue, shown: Shown | None = None) -> AnswerValue:
    """Ask a question with a single value (not a list); return the validated answer."""
    shown = shown or Shown()
    message = shown.label or question.label
    if question.help:
        questionary.print(f"  {question.help}", style=GREY)
    widget = kind_of(question).prompt(question).widget
    if widget == "select":
        values = [c.value for c in question.choices]
        choices = [Choice(c.label, c.value) for c in question.choices]
        chosen = default if isinstance(default, str) and default in values else None
        return str(questionary.select(message, choices=choices, default=chosen).unsafe_ask())
    if widget == "checkbox":
        picked = set(default) if isinstance(default, list) else set()
        boxes = [Choice(c.label, c.value, checked=c.value in picked) for c in question.choices]
        return kind_of(question).check(question, list(questionary.checkbox(message, choices=boxes).unsafe_ask()))
    if widget == "confirm":
        start = bool(default) if default is not None else True
        return bool(questionary.confirm(message, default=start).unsafe_ask())
    return ask_text(question, default, shown)


def ask_words(label: str, default: str) -> str:
    """Own words for a sentence of the template, typed in place (several lines allowed)."""
    questionary.print(f"  {PARAGRAPHS_HINT}", style=GREY)
    typed: str = questionary.text(
        label, default=default, multiline=True, instruction="\n", key_bindings=_paragraph_keys()
    ).unsafe_ask()
    return typed.strip()
