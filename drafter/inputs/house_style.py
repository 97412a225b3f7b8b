"""The house style a statement is laid out on: one ``reference.docx`` found for every template, per language.

The first found wins, in this order, and at each place a ``reference.<language>.docx`` (``reference.fr.docx``
for a French statement) before ``reference.docx``:

1. the template's own folder, then the folders of the templates it extends;
2. the root of each template folder drafter searches (``--template-dir``, the project's ``templates/``, the
   user's templates): its ``_statement/`` folder, then the root itself — one house style for every template
   kept there;
3. the user's house style: ``reference.docx`` in the ``house`` folder of the platform's user-data folder
   (``~/.local/share/drafter/house/`` on Linux);
4. the profile's ``house_style`` (``drafter profile set house_style FILE``): a Word file, or a folder holding
   ``reference.docx`` / ``reference.<lang>.docx``;
5. drafter's own house style (``None`` here).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from drafter.errors import InputError, Problem, TemplateSecurityError
from drafter.inputs.catalog import BUILTIN, REFERENCE, Catalog, TemplateBundle, leads_outside
from drafter.paths import user_house_style

BASE_TEMPLATE = "_statement"


def reference_names(language: str | None) -> tuple[str, ...]:
    """The file names a house style goes by for ``language``, the language's own first."""
    stem, suffix = REFERENCE.rsplit(".", 1)
    return (f"{stem}.{language}.{suffix}", REFERENCE) if language else (REFERENCE,)


def _folders(bundle: TemplateBundle, catalog: Catalog) -> Iterator[tuple[Path, bool]]:
    """Where to look, each with whether it is a template folder (whose files must stay inside them)."""
    for template in (bundle, *bundle.lineage):
        yield template.folder, True
    for root in catalog.roots:
        if root.origin != BUILTIN:
            yield root.path / BASE_TEMPLATE, True
            yield root.path, True
    yield user_house_style(), False


def find_house_style(bundle: TemplateBundle, catalog: Catalog, language: str | None) -> Path | None:
    """The house style of a statement drafted from ``bundle`` in ``language``, short of the profile's.

    A template's reference.docx that is a link leading outside the template folders is refused."""
    names = reference_names(language)
    for folder, in_templates in _folders(bundle, catalog):
        for name in names:
            candidate = folder / name
            if candidate.is_file():
                if in_templates and not catalog.inside_templates(candidate):
                    raise TemplateSecurityError(Problem(f"{candidate} is {leads_outside(candidate)}"))
                return candidate
    return None


def profile_house_style(setting: Path, language: str | None, profile: Path) -> Path | None:
    """The house style the profile's ``house_style`` names: the file, or the language's one in the folder
    (None when the folder has none for this language: drafter's own is used)."""
    path = setting.expanduser()
    if path.is_dir():
        return next((path / name for name in reference_names(language) if (path / name).is_file()), None)
    if not path.is_file():
        raise InputError(Problem(f"no such Word file: {path}", path=profile, field="house_style"))
    return path
