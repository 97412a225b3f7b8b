"""Whole-statement checks: protocol that single answers cannot show wrong on their own.

The rules and their severities are data (``_shared/rules.yaml``), so a delegation can tune them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from drafter.errors import Problem
from drafter.inputs.catalog import TemplateBundle
from drafter.inputs.facts import StatementFacts
from drafter.render.phrasebank import PhraseBank

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

    def __init__(self, bank: PhraseBank, bundle: TemplateBundle, answers: Mapping[str, Any]) -> None:
        self.bank = bank
        self.bundle = bundle
        self.answers = answers
        self.facts = StatementFacts.read(answers, bundle.manifest.forum)
        self.findings: list[Finding] = []

    def _rule(self, name: str) -> dict[str, Any] | None:
        rule = self.bank.rules.get(name)
        if not isinstance(rule, Mapping) or rule.get("severity", "warning") == "off":
            return None
        return dict(rule)

    def _values(self, rule: Mapping[str, Any], default: str) -> list[Any]:
        """The items of the answers the rule names in its ``fields`` (else ``default``), one list."""
        items: list[Any] = []
        for name in rule.get("fields", [default]):
            value = self.answers.get(name)
            items.extend(value if isinstance(value, list) else [])
        return items

    def _find(self, rule: Mapping[str, Any], message: str, field: str | None = None) -> None:
        self.findings.append(Finding(str(rule.get("severity", "warning")), Problem(message, field=field)))

    def run(self) -> list[Finding]:
        """Every rule, in order."""
        self.alignment_membership()
        self.numbered_actions()
        self.closing_question()
        self.presiding_officer()
        return self.findings

    def alignment_membership(self) -> None:
        """Aligning with a closed group's statement is for its members and aligned countries."""
        rule = self._rule("alignment_membership")
        delegation = self.facts.delegation
        if rule is None or not delegation:
            return
        me = normalize_name(delegation)
        for index, item in enumerate(self._values(rule, "alignments")):
            key = item.get("group") if isinstance(item, Mapping) else None
            group = self.bank.groups.get(str(key), {})
            if key not in rule.get("groups", []) or not (group.get("members") or group.get("aligned")):
                continue
            allowed = {normalize_name(n) for n in [*group.get("members", []), *group.get("aligned", [])]}
            if me not in allowed:
                label = group.get("label", key)
                self._find(
                    rule,
                    f"{delegation} is neither a member of the {label} nor listed as aligning with it "
                    "(groups.yaml): check this alignment",
                    f"alignments[{index}].group",
                )

    def numbered_actions(self) -> None:
        """A numbered list of one item reads oddly ("Firstly" and no "Secondly")."""
        rule = self._rule("numbered_actions")
        if rule is None:
            return
        minimum = int(rule.get("minimum", 2))
        for name in rule.get("fields", ["actions"]):
            actions = self.answers.get(name)
            if isinstance(actions, list) and 0 < len(actions) < minimum:
                self._find(rule, f"{len(actions)} numbered item(s): a numbered list needs at least {minimum}", name)

    def closing_question(self) -> None:
        """Questions to the panel belong to interactive formats."""
        rule = self._rule("closing_question")
        if rule is None or self.bundle.manifest.interactive:
            return
        for name in rule.get("fields", ["question"]):
            if self.answers.get(name):
                self._find(rule, "a question to the panel, in a format that is not interactive", name)

    def presiding_officer(self) -> None:
        """The salutation fits who presides over this kind of meeting: the forum the statement names, else
        the first line of ``meetings`` whose words its meeting's name holds, else its template's forum."""
        rule = self._rule("presiding_officer")
        officer = self.facts.presiding_officer
        if rule is None or not officer:
            return
        given = rule.get("forums")
        forums: Mapping[str, list[str]] = given if isinstance(given, Mapping) else {}
        named = self.answers.get("forum")
        fitting, where = (forums.get(named), "this forum") if named else (None, "")
        if fitting is None:
            fitting, where = self._officers_of_meeting(rule)
        if fitting is None:
            fitting, where = forums.get(self.bundle.manifest.forum or ""), "this forum"
        if fitting is not None and officer not in fitting:
            self._find(
                rule,
                f"the statement addresses the {officer}, but {where} is usually presided by: {', '.join(fitting)}",
                "presiding_officer",
            )

    def _officers_of_meeting(self, rule: Mapping[str, Any]) -> tuple[list[str] | None, str]:
        """Who presides a meeting of this name, by the first line of ``meetings`` whose words it holds."""
        meeting = self.facts.meeting.casefold()
        for line in rule.get("meetings", []) if meeting else []:
            if any(str(word).casefold() in meeting for word in line.get("contains", [])):
                return list(line.get("officers", [])), f"a meeting like '{self.facts.meeting}'"
        return None, ""


def check_statement(bank: PhraseBank, bundle: TemplateBundle, answers: Mapping[str, Any]) -> list[Finding]:
    """Apply every whole-statement rule."""
    return StatementRules(bank, bundle, answers).run()
