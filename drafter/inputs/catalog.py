"""Find templates: ``--template-dir`` folders, the project's ``templates/``, the user's, the built-in ones.

The project's ``templates/`` is the current folder's, except in a checkout of drafter itself: there it
holds the built-in templates, and is searched only when named with ``--template-dir``.

The first folder holding a template of a given name wins; the ones it hides are remembered so that
``templates list`` can say what shadows what.

Templates travel as zips and git repositories, which carry symbolic links: every file drafter reads
for a template (its Jinja files, questions.yaml, example.yaml, reference.docx, the ``_shared`` data)
must lead, its links followed, to a place inside the template folders (``TemplatePlaces``). The
folders of the search path may themselves be links, and so may a template folder placed in one
(a user's template kept elsewhere); a file inside that leads anywhere else is refused.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from drafter.errors import Problem, TemplateError, TemplateSecurityError
from drafter.inputs.manifest import Manifest, load_manifest, merge_manifests
from drafter.paths import builtin_examples, builtin_templates, user_templates

ENTRY = "template.md.j2"
MANIFEST = "questions.yaml"
REFERENCE = "reference.docx"
EXAMPLE = "example.yaml"
BUILTIN = "built-in"
SHARED = "_shared"
MAX_EXTENDS_DEPTH = 10


def is_drafter_source(folder: Path) -> bool:
    """Whether ``folder`` is a checkout of drafter itself, whose ``templates/`` holds the built-in templates."""
    return (folder / "drafter" / "cli.py").is_file() and (folder / "templates" / "_statement" / ENTRY).is_file()


def project_templates(cwd: Path | None = None) -> Path | None:
    """The project's template folder, ``./templates``; none in drafter's own source tree, whose
    ``templates/`` are the built-in templates (use ``--template-dir templates`` to work on them there)."""
    folder = cwd or Path.cwd()
    return None if is_drafter_source(folder) else folder / "templates"


@dataclass(frozen=True)
class TemplateRoot:
    """A folder of templates and where it comes from."""

    path: Path
    origin: str


def _real(path: Path) -> Path | None:
    """Where ``path`` leads, every symbolic link followed; None when it leads nowhere."""
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        return None


@dataclass(frozen=True)
class TemplatePlaces:
    """The real folders template files may be read from: each folder of the search path, and each
    template folder that is a link placed directly in one."""

    folders: tuple[Path, ...]

    @classmethod
    def of(cls, roots: Iterable[Path]) -> TemplatePlaces:
        """The places of a search path's ``roots``."""
        folders: list[Path] = []
        for root in roots:
            real = _real(root)
            if real is None:
                continue
            folders.append(real)
            try:
                children = [c for c in root.iterdir() if c.is_symlink()]
            except OSError:
                continue
            for child in children:
                linked = _real(child)
                # Only a template (questions.yaml and template.md.j2): a link to / or /etc is no template folder.
                if linked is not None and (linked / MANIFEST).is_file() and (linked / ENTRY).is_file():
                    folders.append(linked)
        return cls(tuple(folders))

    def holds(self, path: Path) -> bool:
        """Whether ``path``, its links followed, is inside one of the places."""
        real = _real(path)
        return real is not None and any(real.is_relative_to(folder) for folder in self.folders)

    def check(self, path: Path) -> Path:
        """``path`` when it may be read; else a TemplateSecurityError naming it and where it leads."""
        if not self.holds(path):
            raise TemplateSecurityError(Problem(leads_outside(path), path=path))
        return path


def leads_outside(path: Path) -> str:
    """The message for a template file that leads outside the template folders."""
    real = _real(path)
    where = f" (to {real})" if real is not None else ""
    return f"a link that leads outside the template folders{where}: drafter reads only files inside them"


@dataclass(frozen=True)
class TemplateBundle:
    """One template: its folder, its manifest (parents merged in) and its optional files."""

    name: str
    folder: Path
    origin: str
    manifest: Manifest
    lineage: tuple[TemplateBundle, ...] = ()
    shadows: tuple[Path, ...] = ()
    places: TemplatePlaces | None = field(default=None, compare=False, repr=False)

    @property
    def entry(self) -> str:
        """The Jinja name of the template's entry point."""
        return f"{self.name}/{ENTRY}"

    def _inherited(self, filename: str) -> Path | None:
        for bundle in (self, *self.lineage):
            candidate = bundle.folder / filename
            if candidate.is_file():
                return bundle.places.check(candidate) if bundle.places is not None else candidate
        return None

    @property
    def reference_docx(self) -> Path | None:
        """The house-style Word document, the template's own or its nearest parent's."""
        return self._inherited(REFERENCE)

    @property
    def example(self) -> Path | None:
        """The example answers file, the template's own or its nearest parent's; a built-in template's is
        its English example in drafter's examples folder (one copy for readers and for the interview)."""
        for bundle in (self, *self.lineage):
            candidate = bundle.folder / EXAMPLE
            if bundle.origin == BUILTIN:
                candidate = builtin_examples() / f"{bundle.name}.en.yaml"
            elif candidate.is_file() and bundle.places is not None:
                bundle.places.check(candidate)
            if candidate.is_file():
                return candidate
        return None


@dataclass
class Catalog:
    """The ordered template folders, and the templates found in them."""

    roots: list[TemplateRoot]
    _cache: dict[str, TemplateBundle] = field(default_factory=dict)

    @classmethod
    def default(cls, template_dirs: list[Path] | None = None, cwd: Path | None = None) -> Catalog:
        """The standard search order: --template-dir, ./templates, the user's folder, built-in."""
        roots = [TemplateRoot(Path(d).resolve(), "--template-dir") for d in template_dirs or []]
        for root in roots:
            if not root.path.is_dir():
                raise TemplateError(Problem("no such template folder", path=root.path))
        builtin = builtin_templates().resolve()
        project = project_templates(cwd)
        if project is not None and project.is_dir() and project.resolve() != builtin:
            roots.append(TemplateRoot(project.resolve(), "project"))
        user = user_templates()
        if user.is_dir():
            roots.append(TemplateRoot(user.resolve(), "user"))
        roots.append(TemplateRoot(builtin, BUILTIN))
        return cls(roots)

    @cached_property
    def search_path(self) -> list[Path]:
        """Folders Jinja may load from, in order of precedence."""
        return [root.path for root in self.roots]

    @cached_property
    def places(self) -> TemplatePlaces:
        """Where template files may lead (see ``TemplatePlaces``)."""
        return TemplatePlaces.of(self.search_path)

    def inside_templates(self, path: Path) -> bool:
        """Whether ``path`` may be read as part of a template: its links followed, it is inside the template
        folders. The one rule for every file a template brings (Jinja files, data, reference.docx)."""
        return self.places.holds(path)

    def _locations(self, name: str) -> list[TemplateRoot]:
        return [r for r in self.roots if (r.path / name / ENTRY).is_file() and (r.path / name / MANIFEST).is_file()]

    def names(self, include_hidden: bool = False) -> list[str]:
        """Every template name found, sorted; names starting with '_' are bases, hidden by default."""
        found: set[str] = set()
        for root in self.roots:
            if not root.path.is_dir():
                continue
            for child in root.path.iterdir():
                if (child / ENTRY).is_file() and (child / MANIFEST).is_file():
                    found.add(child.name)
        return sorted(n for n in found if include_hidden or not n.startswith("_"))

    def resolve(self, target: str) -> tuple[Catalog, str]:
        """Where the template ``target`` designates is found: a catalog and the template's name in it.

        ``target`` is a template name (found in this catalog) or the path of a template folder, such as
        ``./templates/tribute`` (found in a catalog that searches the folder's parent first, then this one's folders).
        """
        if "/" not in target and "\\" not in target and not target.startswith("."):
            return self, target
        folder = Path(target).resolve()
        if not (folder / MANIFEST).is_file():
            raise TemplateError(Problem(f"is not a template folder (it has no {MANIFEST})", path=folder))
        known = {root.path: root for root in self.roots}
        first = known.get(folder.parent, TemplateRoot(folder.parent, "--template-dir"))
        roots = [first, *(root for root in self.roots if root != first)]
        return (self if roots == self.roots else Catalog(roots)), folder.name

    def find(self, name: str) -> TemplateBundle:
        """The template called ``name``, its manifest merged with its parents'."""
        return self._find(name, ())

    def _find(self, name: str, chain: tuple[str, ...]) -> TemplateBundle:
        if name in self._cache:
            return self._cache[name]
        if name in chain:
            raise TemplateError(Problem(f"templates extend each other in a loop: {' → '.join((*chain, name))}"))
        if len(chain) > MAX_EXTENDS_DEPTH:
            raise TemplateError(Problem(f"template '{name}' extends more than {MAX_EXTENDS_DEPTH} levels deep"))
        if "/" in name or "\\" in name or name in ("", ".", ".."):
            raise TemplateError(Problem(f"'{name}' is not a template name"))
        locations = self._locations(name)
        if not locations:
            raise TemplateError(Problem(self._unknown_message(name)))
        root = locations[0]
        folder = root.path / name
        manifest = load_manifest(self.places.check(folder / MANIFEST))
        lineage: tuple[TemplateBundle, ...] = ()
        if manifest.extends:
            parent = self._parent(manifest, (*chain, name))
            manifest = merge_manifests(parent.manifest, manifest)
            lineage = (parent, *parent.lineage)
        bundle = TemplateBundle(
            name=name,
            folder=folder,
            origin=root.origin,
            manifest=manifest,
            lineage=lineage,
            shadows=tuple(r.path / name for r in locations[1:]),
            places=self.places,
        )
        self._cache[name] = bundle
        return bundle

    def _parent(self, manifest: Manifest, chain: tuple[str, ...]) -> TemplateBundle:
        """The template ``manifest`` extends; an unknown one is reported at the line of ``extends:``."""
        assert manifest.extends is not None
        if not self._locations(manifest.extends) and manifest.extends not in chain:
            raise TemplateError(manifest.problem(("extends",), self._unknown_message(manifest.extends)))
        return self._find(manifest.extends, chain)

    def _unknown_message(self, name: str) -> str:
        names = self.names()
        close = difflib.get_close_matches(name, self.names(include_hidden=True), n=2, cutoff=0.75)
        hint = f" Did you mean {' or '.join(close)}?" if close else ""
        return f"unknown template '{name}'.{hint} Known templates: {', '.join(names) or 'none'}"

    def shared_files(self, relative: str) -> list[Path]:
        """Every ``_shared/<relative>`` file, lowest precedence first (built-in, then user overrides)."""
        found = [root.path / SHARED / relative for root in reversed(self.roots)]
        return [self.places.check(p) for p in found if p.is_file()]
