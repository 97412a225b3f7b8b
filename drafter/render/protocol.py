"""Whole-statement checks: protocol that single answers cannot show wrong on their own.

The rules and their severities are data (``_shared/rules.yaml``), so a delegation can tune them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from drafter.errors import Problem
from drafter.inputs.catalog import TemplateBundle
from drafter.inputs.facts import StatementFacts
from drafter.render.phrasebank import (
    AlignmentMembership,
    ClosingQuestion,
    NumberedActions,
    PhraseBank,
    PresidingOfficer,
    Rule,
)

_ARTICLES = ("the ", "la ", "le ", "les ", "l'", "l’")


@lru_cache(maxsize=1024)  # every statement compares its delegation with each group's members: same names
def normalize_name(name: str) -> str:
    """A country's name for comparison: no article, no accents, no case."""
    text = name.strip().casefold()
    for article in _ARTICLES:
        if text.startswith(article):
            text = text[len(article) :]
            break
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


@dataclass(frozen=True)
class Finding:
    """A rule a statement breaks, and how much it matters."""

    severity: str
    problem: Problem


class StatementRules:
    """Applies the rules of the phrase bank's ``rules.yaml`` to one statement's answers."""

    def __init__(self, bank: PhraseBank, bundle: TemplateBundle, answers: Mapping[str, object]) -> None:
        self.bank = bank
        self.bundle = bundle
        self.answers = answers
        self.facts = StatementFacts.read(answers, bundle.manifest.forum)
        self.findings: list[Finding] = []

    def _values(self, rule: Rule) -> list[object]:
        """The items of the answers the rule names in its ``fields``, one list."""
        items: list[object] = []
        for name in rule.fields:
            value = self.answers.get(name)
            items.extend(value if isinstance(value, list) else [])
        return items

    def _find(self, rule: Rule, message: str, field: str | None = None) -> None:
        self.findings.append(Finding(rule.severity, Problem(message, field=field)))

    def run(self) -> list[Finding]:
        """Every rule that is not off, in order."""
        rules = self.bank.rules
        if rules.alignment_membership.severity != "off":
            self.alignment_membership(rules.alignment_membership)
        if rules.numbered_actions.severity != "off":
            self.numbered_actions(rules.numbered_actions)
        if rules.closing_question.severity != "off":
            self.closing_question(rules.closing_question)
        if rules.presiding_officer.severity != "off":
            self.presiding_officer(rules.presiding_officer)
        return self.findings

    def alignment_membership(self, rule: AlignmentMembership) -> None:
        """Aligning with a closed group's statement is for its members and aligned countries."""
        delegation = self.facts.delegation
        if not delegation:
            return
        me = normalize_name(delegation)
        for index, item in enumerate(self._values(rule)):
            key = str(item.get("group")) if isinstance(item, Mapping) else ""
            group = self.bank.groups.get(key)
            if group is None or key not in rule.groups or not (group.members or group.aligned):
                continue
            if me not in {normalize_name(n) for n in [*group.members, *group.aligned]}:
                self._find(
                    rule,
                    f"{delegation} is neither a member of the {group.label or key} nor listed as aligning with it "
                    "(groups.yaml): check this alignment",
                    f"alignments[{index}].group",
                )

    def numbered_actions(self, rule: NumberedActions) -> None:
        """A numbered list of one item reads oddly ("Firstly" and no "Secondly")."""
        for name in rule.fields:
            actions = self.answers.get(name)
            if isinstance(actions, list) and 0 < len(actions) < rule.minimum:
                message = f"{len(actions)} numbered item(s): a numbered list needs at least {rule.minimum}"
                self._find(rule, message, name)

    def closing_question(self, rule: ClosingQuestion) -> None:
        """Questions to the panel belong to interactive formats."""
        if self.bundle.manifest.interactive:
            return
        for name in rule.fields:
            if self.answers.get(name):
                self._find(rule, "a question to the panel, in a format that is not interactive", name)

    def presiding_officer(self, rule: PresidingOfficer) -> None:
        """The salutation fits who presides over this kind of meeting: the forum the statement names, else
        the first line of ``meetings`` whose words its meeting's name holds, else its template's forum."""
        officer = self.facts.presiding_officer
        if not officer:
            return
        named = self.answers.get("forum")
        fitting, where = (rule.forums.get(named), "this forum") if isinstance(named, str) else (None, "")
        if fitting is None:
            fitting, where = self._officers_of_meeting(rule)
        if fitting is None:
            fitting, where = rule.forums.get(self.bundle.manifest.forum or ""), "this forum"
        if fitting is not None and officer not in fitting:
            self._find(
                rule,
                f"the statement addresses the {officer}, but {where} is usually presided by: {', '.join(fitting)}",
                "presiding_officer",
            )

    def _officers_of_meeting(self, rule: PresidingOfficer) -> tuple[list[str] | None, str]:
        """Who presides a meeting of this name, by the first line of ``meetings`` whose words it holds."""
        meeting = self.facts.meeting.casefold()
        for line in rule.meetings if meeting else []:
            if any(word.casefold() in meeting for word in line.contains):
                return line.officers, f"a meeting like '{self.facts.meeting}'"
        return None, ""


def check_statement(bank: PhraseBank, bundle: TemplateBundle, answers: Mapping[str, object]) -> list[Finding]:
    """Apply every whole-statement rule."""
    return StatementRules(bank, bundle, answers).run()
