"""A template's example answers in a given language: hints for the interview, sentences for ``templates show``."""

from __future__ import annotations

from drafter.errors import DrafterError
from drafter.inputs.answers import read_answers_file
from drafter.inputs.catalog import BUILTIN, TemplateBundle
from drafter.inputs.facts import language_of
from drafter.inputs.question_types import AnswerValue
from drafter.paths import builtin_examples


def example_answers(bundle: TemplateBundle, language: str) -> dict[str, AnswerValue]:
    """The template's example answers in ``language`` (its own or its nearest parent's), or none.

    A built-in template's examples are drafter's ``examples/<template>.<language>.yaml``; a template of
    one's own may ship ``example.<language>.yaml``, or ``example.yaml`` in the language it names.
    """
    for owner in (bundle, *bundle.lineage):
        if owner.origin == BUILTIN:
            candidates = [builtin_examples() / f"{owner.name}.{language}.yaml"]
        else:
            candidates = [owner.folder / f"example.{language}.yaml", owner.folder / "example.yaml"]
        for candidate in candidates:
            if not candidate.is_file():
                continue
            try:
                answers = read_answers_file(candidate, bundle.name).answers
            except DrafterError:
                continue
            if language_of(answers) == language:
                return answers
    return {}
