"""A delegation's conventions, set once, and the forums' usage: real statements come out as delivered
from their facts and paragraphs alone.

Two sets of real statements, each with, per statement, the answers an outsider would write — the facts
(delegation, meeting, who presides, who else is addressed, the vote …) and the delegation's own
paragraphs, but no ``sentences:`` or ``sections:`` of its own — naming its delegation's conventions (one
file per delegation, the same for all its statements):

- ``tests/data/conventions/``: the corpus of ``tests/data/real/`` (its ``seeds/`` reproduce it exactly),
  with the conventions drafter's developers wrote (``delegations/``) and those someone who had not seen
  drafter's code wrote from its documentation and the ``drafter`` command alone (``outsider/``);
- ``tests/data/heldout/``: 34 statements by 12 delegations that drafter's defaults were not tuned on,
  their answers written by someone who had not seen drafter's code (sources in its SOURCES.md), their
  conventions (``delegations/``) by another, from the documentation and the command alone.

The figures are floors that may only rise: run this file as a script (``python tests/test_conventions.py
-v``) to see every statement's difference.
"""

from __future__ import annotations

import collections
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from drafter.document.blocks import Draft
from drafter.engine import Engine
from drafter.inputs.answers import read_answers_file
from drafter.inputs.catalog import Catalog
from drafter.inputs.yamlio import Origin

sys.path.insert(0, str(Path(__file__).parent))
from test_corpus import REAL, Line, delivered, normalised

from helpers import ROOT, Result

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Corpus:
    """A set of delivered statements, their facts-only answers, and the floors they hold."""

    name: str
    delivered: Path
    facts: Path
    exact_at_least: int
    added_at_most: int
    conventions: Path | None = None  # another folder of conventions, one file per delegation, instead

    def conventions_of(self, path: Path) -> str | None:
        """The conventions file statement ``path`` is rendered with, when this set names its own folder."""
        if self.conventions is None:
            return None
        named = next(line for line in path.read_text("utf-8").splitlines() if line.startswith("conventions:"))
        return str(self.conventions / Path(named.split(":", 1)[1].strip()).name)


SETS = (
    Corpus("corpus", REAL, DATA / "conventions" / "statements", 15, 5),
    Corpus("corpus-outsider", REAL, DATA / "conventions" / "statements", 16, 2, DATA / "conventions" / "outsider"),
    Corpus("heldout", DATA / "heldout" / "real", DATA / "heldout" / "statements", 16, 23),
)


@dataclass(frozen=True)
class Outcome:
    """How one statement came out: the sentences drafter added, those it missed, and whether all match."""

    slug: str
    added: tuple[Line, ...]
    missing: tuple[Line, ...]
    exact: bool


def lines_of(draft: Draft) -> list[Line]:
    """The statement's paragraphs as the corpus test compares them (heading lines left out)."""
    out = []
    for block in draft.blocks:
        if block.front or not block.text.strip() or block.kind == "rule":
            continue
        if block.kind == "item" and block.list_spec is not None:
            out.append(Line(normalised(block.text), block.list_spec.kind, block.list_spec.level))
        else:
            out.append(Line(normalised(block.text), "quote" if block.kind == "quote" else "paragraph"))
    return out


def outcome(engine: Engine, path: Path, corpus: Corpus) -> Outcome:
    """Render one facts-only answers file and compare it with the statement as delivered."""
    source = read_answers_file(path)
    bundle = engine.template(source.template)
    given = dict(source.answers)
    conventions = corpus.conventions_of(path)
    if conventions is not None:
        given["conventions"] = conventions
    answers = engine.validate(bundle, given, Origin(source.source))
    got = lines_of(engine.compose(bundle, answers).draft)
    want = delivered(path.stem, corpus.delivered)[1]
    extra = collections.Counter(got) - collections.Counter(want)
    lost = collections.Counter(want) - collections.Counter(got)
    return Outcome(path.stem, tuple(extra.elements()), tuple(lost.elements()), got == want)


def outcomes(corpus: Corpus) -> list[Outcome]:
    """Every statement of the set."""
    engine = Engine(Catalog.default([]))
    return [outcome(engine, path, corpus) for path in sorted(corpus.facts.glob("*.yaml"))]


@pytest.mark.parametrize("corpus", SETS, ids=[c.name for c in SETS])
def test_every_real_statement_has_its_facts(corpus: Corpus) -> None:
    assert {p.stem for p in corpus.facts.glob("*.yaml")} == {p.stem for p in corpus.delivered.glob("*.txt")}


@pytest.mark.parametrize("corpus", SETS, ids=[c.name for c in SETS])
def test_statements_come_out_as_delivered_from_facts_and_conventions(corpus: Corpus) -> None:
    results = outcomes(corpus)
    exact = sum(r.exact for r in results)
    added = sum(len(r.added) for r in results)
    assert exact >= corpus.exact_at_least, [r.slug for r in results if not r.exact]
    assert added <= corpus.added_at_most, {r.slug: [a.text for a in r.added] for r in results if r.added}


@pytest.mark.parametrize("corpus", SETS, ids=[c.name for c in SETS])
def test_each_delegation_has_one_set_of_conventions(corpus: Corpus) -> None:
    for conventions in (corpus.conventions or corpus.facts.parent / "delegations").glob("*.yaml"):
        users = [p for p in corpus.facts.glob("*.yaml") if f"delegations/{conventions.name}" in p.read_text("utf-8")]
        assert users, f"no statement uses the conventions of {conventions.stem}"


def main() -> None:
    """Print each statement's difference, then the totals of each set."""
    for corpus in SETS:
        results = outcomes(corpus)
        for r in results:
            print(f"{'ok' if r.exact else '--'} {r.slug}: +{len(r.added)} -{len(r.missing)}")
            if "-v" in sys.argv:
                for line in r.added:
                    print(f"     + {line.text[:110]}")
                for line in r.missing:
                    print(f"     - {line.text[:110]}")
        total = sum(len(delivered(r.slug, corpus.delivered)[1]) for r in results)
        matched = total - sum(len(r.missing) for r in results)
        print(f"{corpus.name}: exact {sum(r.exact for r in results)}/{len(results)}; ", end="")
        print(f"paragraphs matched {matched}/{total}; sentences added {sum(len(r.added) for r in results)}")


if __name__ == "__main__":
    main()


# -- each convention, through the command --------------------------------------------------------------
def _render(drafter: Callable[..., Result], path: Path, *extra: str) -> Result:
    return drafter("render", path, "--format", "md", "-o", "-", *extra)


def _answers(folder: Path, body: str, name: str = "statement.yaml") -> Path:
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


JOINT = """template: joint-statement
language: en
delegation: Norway
meeting: Human Rights Council
place: Geneva
date: 2026-03-04
presiding_officer: president
officer_gender: male
on_behalf_of: nordic
members: [Denmark, Finland, Iceland, Sweden]
own_country: true
paragraphs:
  - We favour dialogue and honour our commitments.
  - "[salutation]"
  - The organisation of work matters.
"""


def test_conventions_file_named_by_the_answers_applies_to_the_frame_only(
    drafter: Callable[..., Result], isolated: Path
) -> None:
    (isolated / "conventions").mkdir()
    (isolated / "conventions" / "norway.yaml").write_text(
        "spelling: en-US\naddress_style: Mr President\nserial_comma: true\nend_mark: ./.\n"
        "sentences:\n  opening: {use: thank-you}\n  on_behalf: {use: honour-deliver}\n",
        encoding="utf-8",
    )
    answers = _answers(isolated, "conventions: conventions/norway.yaml\n" + JOINT)
    out = _render(drafter, answers).out
    assert "Thank you, Mr President." in out
    assert (
        "I have the honor to deliver this statement on behalf of the Nordic countries: Denmark, Finland, "
        "Iceland, Sweden, and my own country, Norway." in " ".join(out.split())
    )
    assert "We favour dialogue and honour our commitments." in out  # the delegation's words as typed
    assert out.count("Mr President,") == 1  # the repeated salutation, in the delegation's style
    assert out.rstrip().endswith("Thank you./.")


def test_a_statement_overrides_its_delegations_conventions(drafter: Callable[..., Result], isolated: Path) -> None:
    conventions = "conventions:\n  sentences: {opening: {use: thank-you}, closing_thanks: Many thanks.}\n  voice: i\n"
    answers = _answers(isolated, conventions + JOINT + "sentences: {opening: false}\nvoice: we\n")
    out = _render(drafter, answers).out
    assert "Thank you, Mr. President." not in out and "Mr. President," not in out.split("---")[1].split("\n\n")[1]
    assert "Many thanks." in out


def test_conventions_per_kind_and_per_language(drafter: Callable[..., Result], isolated: Path) -> None:
    conventions = (
        "conventions:\n  sentences:\n    closing_thanks: {en: Thanks a lot., fr: Merci infiniment.}\n"
        "  kinds:\n    joint-statement:\n      sections: [opening, body, final]\n"
    )
    english = _render(drafter, _answers(isolated, conventions + JOINT)).out
    assert "Thanks a lot." in english and "on behalf of" not in english.split("---")[1]
    french = JOINT.replace("language: en", "language: fr").replace("Norway", "la Norvège")
    assert "Merci infiniment." in _render(drafter, _answers(isolated, conventions + french, "fr.yaml")).out


def test_conventions_per_forum_and_kind_the_narrower_wins(drafter: Callable[..., Result], isolated: Path) -> None:
    """At the adoption of a review's outcome the delegation closes "Thank you, Mr. President."; a joint statement
    (a kind) opens "Thank you." wherever it is delivered; a misspelt forum or kind is named with the right one."""
    conventions = (
        "conventions:\n  forums:\n    upr-adoption:\n      sentences: {closing_thanks: {use: thank-you-address}}\n"
        "  kinds:\n    joint-statement:\n      sentences: {opening: {use: thank-you-alone}}\n"
    )
    upr = _render(drafter, _answers(isolated, conventions + JOINT + "forum: upr-adoption\n")).out
    assert upr.rstrip().endswith("Thank you, Mr. President.") and "Thank you.\n" in upr  # the kind's opening
    council = _render(drafter, _answers(isolated, conventions + JOINT + "forum: hrc-member\n", "hrc.yaml")).out
    assert not council.rstrip().endswith("Thank you, Mr. President.")
    wrong = _answers(isolated, conventions.replace("upr-adoption", "upr-adoptoin") + JOINT, "wrong.yaml")
    result = _render(drafter, wrong)
    assert result.code == 1 and "no forum 'upr-adoptoin'; did you mean 'upr-adoption'?" in result.err
    assert "wrong.yaml:3:5: conventions.forums" in result.err
    misspelt = _answers(isolated, conventions.replace("joint-statement", "joint-statment") + JOINT, "kind.yaml")
    result = _render(drafter, misspelt)
    assert result.code == 1 and "no template 'joint-statment'; did you mean 'joint-statement'?" in result.err
    elsewhere = _answers(isolated, conventions.replace("joint-statement", "sixth-committee") + JOINT, "other.yaml")
    assert _render(drafter, elsewhere).code == 0  # a template of another folder: its choices wait for it


def test_sections_said_in_one_paragraph(drafter: Callable[..., Result], isolated: Path) -> None:
    """France's dialogues turn to the mandate holder in the opening's paragraph: ``opening+addressee``; with no
    one else addressed the opening stands alone, and a misspelt part is named."""
    conventions = (
        "conventions:\n  kinds:\n    joint-statement:\n"
        "      sentences: {opening: {use: thank-you-no-comma-address-comma}}\n"
        "      sections: [opening+addressee, body, final]\n"
    )
    french = JOINT.replace("language: en", "language: fr").replace("Norway", "la Norvège").replace("male", "female")
    turned = french + "addressee: high-commissioner\naddressee_gender: female\n"
    out = _render(drafter, _answers(isolated, conventions + turned)).out
    assert "\n\nMerci Madame la Présidente, Madame la Haute-Commissaire,\n\n" in out
    alone = _render(drafter, _answers(isolated, conventions + french, "alone.yaml")).out
    assert "\n\nMerci Madame la Présidente,\n\n" in alone
    wrong = _render(drafter, _answers(isolated, conventions.replace("+addressee", "+adressee") + french, "x.yaml"))
    assert wrong.code == 1 and "no section 'adressee' in this template; did you mean 'addressee'?" in wrong.err


def test_french_address_style_and_end_mark(drafter: Callable[..., Result], isolated: Path) -> None:
    french = JOINT.replace("language: en", "language: fr").replace("Norway", "la Norvège")
    conventions = "conventions: {address_style: [M. le Président, Mr President], end_mark: ./.}\n"
    out = _render(drafter, _answers(isolated, conventions + french)).out
    assert "M. le Président," in out and "Monsieur le Président" not in out
    assert out.rstrip().endswith("Je vous remercie./.")


def test_a_mistake_in_a_conventions_file_names_its_file_line_and_field(
    drafter: Callable[..., Result], isolated: Path
) -> None:
    (isolated / "c.yaml").write_text("spelling: en-US\nsentences:\n  closing_thank: Thanks.\n", encoding="utf-8")
    result = _render(drafter, _answers(isolated, "conventions: c.yaml\n" + JOINT))
    assert result.code == 1
    assert "c.yaml:3" in result.err and "closing_thank" in result.err and "closing_thanks" in result.err
    missing = _render(drafter, _answers(isolated, "conventions: nowhere.yaml\n" + JOINT, "m.yaml"))
    assert missing.code == 1 and "nowhere.yaml" in missing.err and "Traceback" not in missing.err


def test_usage_leaves_formulae_out_and_a_statement_keeps_them(drafter: Callable[..., Result], isolated: Path) -> None:
    eov = (ROOT / "examples" / "explanation-of-vote.en.yaml").read_text(encoding="utf-8")
    plain = _render(drafter, _answers(isolated, eov)).out
    formulae = ("We wish to explain our vote before the vote on", "We will vote in favour of this draft resolution.")
    assert not any(f in plain for f in formulae)
    kept = _render(drafter, _answers(isolated, eov + "sentences: {explain: true, vote: true}\n", "k.yaml")).out
    assert all(f in kept for f in formulae)


def test_templates_show_gives_the_sentences_as_the_conventions_make_them(
    drafter: Callable[..., Result], isolated: Path
) -> None:
    (isolated / "c.yaml").write_text("address_style: Mr President\nsentences: {opening: {use: thank-you}}\n")
    shown = drafter("templates", "show", "hrc-dialogue", "--sentences", "--conventions", "c.yaml")
    assert shown.code == 0, shown.err
    assert "Thank you, Mr President." in shown.out and "with your conventions" in shown.out
    plain = drafter("templates", "show", "hrc-dialogue", "--sentences").out
    assert "Thank you, Mr President." not in plain and "Mr. President," in plain
    assert drafter("profile", "set", "conventions.address_style", "Mr President").code == 0
    assert "Mr President," in drafter("templates", "show", "hrc-dialogue", "--sentences").out


def test_templates_show_reads_every_variant_in_the_language_asked_for(
    drafter: Callable[..., Result], isolated: Path
) -> None:
    """Each variant as it would read in the example of that language, then what the example does not show: the
    salutation to a mandate holder, the dateline, and the forms of address by their keys."""
    shown = drafter("templates", "show", "hrc-dialogue", "--sentences", "--lang", "fr")
    assert shown.code == 0, shown.err
    out = shown.out
    assert "Déclaration de la Belgique" in out and "Declaration de Belgium" not in out  # the French example
    assert "Merci Monsieur le Président." in out  # thank-you-no-comma, as it reads
    assert "thank-you-for-the-floor" in out and "kind-attention" in out
    other = out.split("other sentences the template writes")[1]
    assert "salutation_addressee" in other and "dateline" in other and "[place]" in other
    forms = out.split("forms of address")[1]
    assert "address.president.female" in forms and "Madame la Présidente" in forms


def test_a_misspelt_convention_is_named_as_one(drafter: Callable[..., Result], isolated: Path) -> None:
    result = _render(drafter, _answers(isolated, "conventions: {adress_style: Mr President}\n" + JOINT))
    assert result.code == 1
    assert "statement.yaml:1:" in result.err
    assert "is not one of the delegation's conventions; did you mean 'address_style'?" in result.err


def test_a_head_of_state_greets_each_audience_and_signs_with_place_and_date(
    drafter: Callable[..., Result], isolated: Path
) -> None:
    """A general debate opened audience by audience, closed "Je vous remercie de votre aimable attention." and
    signed "New York, 26 septembre 2025" after the closing: conventions, not the statement's words."""
    conventions = (
        "conventions:\n  sentences:\n    closing_thanks: {use: kind-attention}\n    dateline: {use: no-article}\n"
        "  kinds:\n    general-debate:\n      sentences: {salutation_full: {use: audiences}}\n"
        "      sections: [opening, alignment, thanks, body, closing, final, dateline]\n"
    )
    text = (ROOT / "examples" / "general-debate.fr.yaml").read_text(encoding="utf-8")
    body = _render(drafter, _answers(isolated, conventions + text)).out.split("---", 1)[1]
    paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
    assert paragraphs[:5] == [
        "Madame la Présidente de l’Assemblée générale,",
        "Mesdames et Messieurs les Chefs d’État et de Gouvernement,",
        "Monsieur le Secrétaire général,",
        "Mesdames et Messieurs,",
        "Distingués délégués,",
    ]
    assert paragraphs[-2:] == ["Je vous remercie de votre aimable attention.", "New York, 26 septembre 2025"]
    english = (ROOT / "examples" / "general-debate.en.yaml").read_text(encoding="utf-8")
    body = _render(drafter, _answers(isolated, conventions + english, "en.yaml")).out.split("---", 1)[1]
    assert "Heads of State and Government," in body
    assert body.rstrip().endswith("I thank you for your kind attention.\n\nNew York, 26 September 2025")


def test_the_place_and_date_can_end_any_statement(drafter: Callable[..., Result], isolated: Path) -> None:
    french = JOINT.replace("language: en", "language: fr").replace("Geneva", "Genève")
    answers = _answers(isolated, french + "sections: [opening, body, final, dateline]\n")
    body = _render(drafter, answers).out.split("---", 1)[1]
    assert body.rstrip().endswith("Je vous remercie.\n\nGenève, le 4 mars 2026")
