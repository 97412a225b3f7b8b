"""``drafter templates style``: the house style to restyle in Word, with a sample paragraph of every style drafter uses.

Without a template, the house style every template uses (``inputs.house_style`` says which one that is);
with one, that template's. The file written is that house style (drafter's own when there is none) laid
out as a statement whose every paragraph names its style, so the author sees in Word what to restyle.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from drafter.commands.templates import template_engine
from drafter.document.blocks import parse_blocks
from drafter.document.info import DocumentInfo
from drafter.errors import OutputError, Problem, UsageError
from drafter.inputs.catalog import BUILTIN
from drafter.inputs.house_style import BASE_TEMPLATE, reference_names
from drafter.paths import user_house_style
from drafter.render.phrasebank import Language

SAMPLES = {
    "en": """\
# Statement by [delegation] — Title

## [Speaker, title] — Subtitle

## [Meeting, agenda item] — Subtitle

[Place], [date] — Statement Front

---

Mr. President, — Normal: the body of the statement. Every paragraph of a statement takes its font, size, \
spacing and alignment from it, and so do the styles below that name no font of their own: restyle it first.

# A heading in the body — Heading 1

## A heading in the body — Heading 2

### A theme of the statement — Heading 3

A paragraph that introduces a list, kept on the page of its first point — Normal:

1. A numbered point — List Number
   - A bullet under a point — List Bullet 2

     The rest of a bullet under a point — List Continue 2

      1. A numbered point under a bullet — List Number 3

         The rest of a point three levels down — List Continue 3

   The rest of a point, after a blank line — List Continue

2. A second numbered point — List Number
   1. A numbered point under a point — List Number 2

- A bullet — List Bullet
   - A bullet under a bullet — List Bullet 2
      - Deeper still — List Bullet 3

> A quotation — Quote

The line of stars below parts one part of a statement from the next — Statement Rule

---

Thank you, Mr. President. — Normal. The page number at the foot of each page is in the style Footer.
""",
    "fr": """\
# Déclaration de [délégation] — Title

## [Orateur, fonction] — Subtitle

## [Réunion, point de l’ordre du jour] — Subtitle

[Lieu], le [date] — Statement Front

---

Monsieur le Président, — Normal : le corps de la déclaration. Chaque paragraphe d’une déclaration en prend \
la police, la taille, l’interligne et l’alignement, comme les styles ci-dessous qui ne nomment pas de police : \
modifiez-le d’abord.

# Un titre dans le corps — Heading 1

## Un titre dans le corps — Heading 2

### Un thème de la déclaration — Heading 3

Un paragraphe qui annonce une liste, gardé sur la page de son premier point — Normal :

1. Un point numéroté — List Number
   - Une puce sous un point — List Bullet 2

     La suite d’une puce sous un point — List Continue 2

      1. Un point numéroté sous une puce — List Number 3

         La suite d’un point au troisième niveau — List Continue 3

   La suite d’un point, après une ligne vide — List Continue

2. Un deuxième point numéroté — List Number
   1. Un point numéroté sous un point — List Number 2

- Une puce — List Bullet
   - Une puce sous une puce — List Bullet 2
      - Plus bas encore — List Bullet 3

> Une citation — Quote

La ligne d’étoiles ci-dessous sépare deux parties d’une déclaration — Statement Rule

---

Je vous remercie, Monsieur le Président. — Normal. Le numéro de page, en bas de chaque page, est dans le \
style Footer.
""",
}
MARKERS = {"en": "Check against delivery — Statement Marker", "fr": "Seul le prononcé fait foi — Statement Marker"}


def run(args: argparse.Namespace) -> int:
    """Write the house style (the template's, or every template's) with its samples, for restyling in Word."""
    from drafter.output import write_atomic

    engine = template_engine(args)
    bundle = engine.template(args.name or BASE_TEMPLATE)
    language = args.language
    if language is not None and language not in engine.bank.languages:
        known = ", ".join(sorted(engine.bank.languages))
        raise UsageError(Problem(f"--language: drafter knows no language '{language}' (known: {known})"))
    name = reference_names(language)[0]
    current = engine.house_style(bundle, language)
    own_folder = args.name is not None and bundle.origin != BUILTIN
    target = Path(args.output) if args.output else (bundle.folder if own_folder else Path.cwd()) / name
    if current is not None and target.resolve() == current.resolve():
        if not args.force:
            raise OutputError(Problem("is already the house style: open it in Word (--force resets it)", path=target))
        current = None
    write_atomic(target, _sample(engine.bank.languages, current, language or "en"), args.force)
    what = f"the house style {current}" if current is not None else "drafter's default house style"
    print(f"Wrote {what}, with a sample paragraph of every style drafter uses, to {target}")
    print("Open it in Word and restyle its styles (Normal first: the headings and lists follow its font),")
    print("the margins, the header and the footer. Then save it:")
    if own_folder and target.parent == bundle.folder:
        print(f"  as it is: every statement drafted from '{bundle.name}' uses it;")
    print(f"  for every template: as {user_house_style() / name}")
    print("    (or anywhere, and then: drafter profile set house_style FILE);")
    print(f"  for one template of your own: as {name} in that template's folder.")
    return 0


def _sample(languages: dict[str, Language], reference: Path | None, language: str) -> bytes:
    """The house style at ``reference`` (drafter's own for None), laid out with the sample statement."""
    from drafter.word.writer import DocxWriter

    settings = languages.get(language)
    sample = language if language in SAMPLES else "en"
    info = DocumentInfo(
        title="House style",
        delegation="",
        meeting="",
        marker=MARKERS[sample],
        language_tag=settings.word if settings is not None else language,
        comments="A sample of every style drafter uses: restyle them in Word.",
        right_to_left=settings is not None and settings.direction == "rtl",
    )
    return DocxWriter(reference).compose(parse_blocks(SAMPLES[sample]), info)
