"""Conventions learnt from a delegation's past statements, measured on statements they were not learnt from.

Run from the repository root (after ``pip install -e .``):

    python bench/learn_conventions.py        # both sets, the totals
    python bench/learn_conventions.py -v     # and each statement's difference

For each real statement of a delegation with at least two statements in a set (``tests/data/conventions``
over the corpus of ``tests/data/real``, ``tests/data/heldout``), the delegation's conventions are learnt
(``drafter profile learn``'s learner) from its *other* delivered statements, then the statement's
facts-only answers are rendered with those conventions in place of the hand-written ones, and compared with
what was delivered. Figures per set: statements exactly as delivered, sentences drafter added, with the
learnt conventions and with the hand-written ones on the same statements.
"""

from __future__ import annotations

import collections
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from test_conventions import SETS, Corpus, lines_of  # noqa: E402
from test_corpus import delivered  # noqa: E402

from drafter.engine import Engine  # noqa: E402
from drafter.importing.importer import Imported, import_statement  # noqa: E402
from drafter.importing.learn import learn  # noqa: E402
from drafter.inputs.answers import read_answers_file  # noqa: E402
from drafter.inputs.catalog import Catalog  # noqa: E402
from drafter.inputs.conventions import CONVENTIONS  # noqa: E402
from drafter.inputs.yamlio import Origin  # noqa: E402


def delegation_of(path: Path) -> str:
    """The delegation of a facts-only answers file: the name of the conventions file it names."""
    for line in path.read_text("utf-8").splitlines():
        if line.startswith(f"{CONVENTIONS}:"):
            return Path(line.split(":", 1)[1].strip()).stem
    return path.stem


def score(engine: Engine, path: Path, corpus: Corpus, conventions: dict[str, object] | None) -> tuple[bool, list[str]]:
    """Whether the statement comes out as delivered, and the sentences added (with ``conventions`` in place of
    its own when given)."""
    source = read_answers_file(path)
    answers = dict(source.answers)
    if conventions is not None:
        answers[CONVENTIONS] = conventions
    elif corpus.conventions is not None:  # the set's own folder of hand-written conventions
        answers[CONVENTIONS] = corpus.conventions_of(path)
    bundle = engine.template(source.template)
    valid = engine.validate(bundle, answers, Origin(source.source))
    got = lines_of(engine.compose(bundle, valid).draft)
    want = delivered(path.stem, corpus.delivered)[1]
    added = collections.Counter(got) - collections.Counter(want)
    return got == want, [line.text for line in added.elements()]


def main() -> None:
    """Leave one out, per set; print the totals (and each difference with ``-v``)."""
    engine = Engine(Catalog.default([]))
    for corpus in SETS:
        facts = sorted(corpus.facts.glob("*.yaml"))
        groups: dict[str, list[Path]] = collections.defaultdict(list)
        for path in facts:
            groups[delegation_of(path)].append(path)
        imported: dict[str, Imported] = {
            p.stem: import_statement(engine, corpus.delivered / f"{p.stem}.txt") for p in facts
        }
        totals: collections.Counter[str] = collections.Counter()
        for delegation, members in sorted(groups.items()):
            every = {p.stem: imported[p.stem] for p in members}
            learnt_from_all = learn(every).conventions
            for path in members:
                all_exact, all_added = score(engine, path, corpus, learnt_from_all)
                own_exact, own_added = score(engine, path, corpus, None)
                totals.update(all=1, all_exact=all_exact, all_added=len(all_added))
                totals.update(own_exact=own_exact, own_added=len(own_added))
                shown = {"learnt from all": (learnt_from_all, all_exact, all_added)}
                if len(members) >= 2:
                    others = learn({p.stem: imported[p.stem] for p in members if p != path}).conventions
                    exact, added = score(engine, path, corpus, others)
                    totals.update(loo=1, loo_exact=exact, loo_added=len(added))
                    totals.update(loo_own_exact=own_exact, loo_own_added=len(own_added))
                    bare_exact, bare_added = score(engine, path, corpus, {})
                    totals.update(loo_bare_exact=bare_exact, loo_bare_added=len(bare_added))
                    shown["learnt from the others"] = (others, exact, added)
                if "-v" in sys.argv:
                    for how, (conventions, ok, extra) in shown.items():
                        print(f"{'ok' if ok else '--'} {path.stem} ({delegation}), {how}: {conventions}")
                        for text in extra:
                            print(f"     + {text[:110]}")
        print(
            f"{corpus.name}: hand-written conventions {totals['own_exact']}/{totals['all']} exact, "
            f"{totals['own_added']} added; learnt from all of a delegation's statements {totals['all_exact']}/"
            f"{totals['all']} exact, {totals['all_added']} added; for the {totals['loo']} statements of delegations "
            f"with two or more, learnt from the others {totals['loo_exact']} exact, {totals['loo_added']} added "
            f"(hand-written: {totals['loo_own_exact']} exact, {totals['loo_own_added']} added; none: "
            f"{totals['loo_bare_exact']} exact, {totals['loo_bare_added']} added)"
        )


if __name__ == "__main__":
    main()
