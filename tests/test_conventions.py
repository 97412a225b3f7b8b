"""A delegation's conventions, set once, and the forums' usage: real statements come out as delivered
from their facts and paragraphs alone.

``tests/data/conventions/statements/`` holds, for each real statement of ``tests/data/real/``, the
answers an outsider would write — the facts (delegation, meeting, who presides, who else is addressed,
the vote …) and the delegation's own paragraphs, but no ``sentences:`` or ``sections:`` of its own —
and names its delegation's conventions in ``tests/data/conventions/delegations/`` (one file per
delegation, the same for all its statements). The figures are a floor that may only rise: run this
file as a script (``python tests/test_conventions.py -v``) to see every statement's difference.
"""

from __future__ import annotations

import collections
import sys
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

FACTS = Path(__file__).parent / "data" / "conventions" / "statements"
EXACT_AT_LEAST = 7
ADDED_AT_MOST = 21


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


def outcome(engine: Engine, path: Path) -> Outcome:
    """Render one facts-only answers file and compare it with the statement as delivered."""
    source = read_answers_file(path)
    bundle = engine.template(source.template)
    answers = engine.validate(bundle, source.answers, Origin(source.source))
    got = lines_of(engine.compose(bundle, answers).draft)
    want = delivered(path.stem)[1]
    extra = collections.Counter(got) - collections.Counter(want)
    lost = collections.Counter(want) - collections.Counter(got)
    return Outcome(path.stem, tuple(extra.elements()), tuple(lost.elements()), got == want)


def outcomes() -> list[Outcome]:
    """Every statement of the set."""
    engine = Engine(Catalog.default([]))
    return [outcome(engine, path) for path in sorted(FACTS.glob("*.yaml"))]


def test_every_real_statement_has_its_facts() -> None:
    assert {p.stem for p in FACTS.glob("*.yaml")} == {p.stem for p in REAL.glob("*.txt")}


def test_statements_come_out_as_delivered_from_facts_and_conventions() -> None:
    results = outcomes()
    exact = sum(r.exact for r in results)
    added = sum(len(r.added) for r in results)
    assert exact >= EXACT_AT_LEAST, [r.slug for r in results if not r.exact]
    assert added <= ADDED_AT_MOST, {r.slug: [a.text for a in r.added] for r in results if r.added}


@pytest.mark.parametrize("name", sorted(p.stem for p in (FACTS.parent / "delegations").glob("*.yaml")))
def test_each_delegation_has_one_set_of_conventions(name: str) -> None:
    users = [p for p in FACTS.glob("*.yaml") if f"delegations/{name}.yaml" in p.read_text(encoding="utf-8")]
    assert users, f"no statement uses the conventions of {name}"


def main() -> None:
    """Print each statement's difference, then the totals."""
    results = outcomes()
    for r in results:
        print(f"{'ok' if r.exact else '--'} {r.slug}: +{len(r.added)} -{len(r.missing)}")
        if "-v" in sys.argv:
            for line in r.added:
                print(f"     + {line.text[:110]}")
            for line in r.missing:
                print(f"     - {line.text[:110]}")
    total = sum(len(delivered(r.slug)[1]) for r in results)
    matched = total - sum(len(r.missing) for r in results)
    print(f"exact {sum(r.exact for r in results)}/{len(results)}; paragraphs matched {matched}/{total}; ", end="")
    print(f"sentences added {sum(len(r.added) for r in results)}")


if __name__ == "__main__":
    main()
