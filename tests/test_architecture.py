"""The layout docs/architecture.md draws, checked against the code: packages import only the stages
before them, no module imports itself back (lazy imports included), python-docx stays in ``word/`` and
questionary in ``interview/``, and no function is too complex to read (radon, which counts boolean
operators, unlike ruff's C901)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import ROOT

PACKAGE = ROOT / "drafter"
# Each stage may import the stages on lines above it (and itself). A module at the top of drafter/ is a
# stage of its own.
STAGES: tuple[frozenset[str], ...] = (
    frozenset({"errors", "paths"}),
    frozenset({"output", "console"}),
    frozenset({"inputs"}),
    frozenset({"render", "document"}),
    frozenset({"engine", "word"}),
    frozenset({"writers"}),
    frozenset({"batch", "interview", "importing"}),
    frozenset({"authoring"}),
    frozenset({"commands"}),
    frozenset({"cli", "__init__"}),
    frozenset({"__main__"}),
)
MAX_TOP_MODULES = 12
WORST_GRADE = "C"  # radon: A–C are fine; D (21+) and worse are refused


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__" and len(parts) > 2:
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imported(path: Path) -> Iterator[str]:
    """Every module ``path`` imports, at the top or inside a function."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                yield f"{node.module}.{alias.name}"
                yield node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def _drafter_imports(name: str) -> set[str]:
    return {m for m in _imported(MODULES[name]) if m in MODULES and m != name and not name.startswith(f"{m}.")}


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _level(stage: str) -> int:
    return next(i for i, names in enumerate(STAGES) if stage in names)


def test_every_package_and_top_module_has_a_stage() -> None:
    stages = {_stage(m) for m in MODULES}
    assert stages <= set().union(*STAGES), stages - set().union(*STAGES)


def test_stages_import_only_earlier_stages() -> None:
    wrong = []
    for module in MODULES:
        for imported in _drafter_imports(module):
            here, there = _stage(module), _stage(imported)
            if here != there and _level(there) >= _level(here):
                wrong.append(f"{module} imports {imported}")
    assert not wrong, "\n".join(sorted(wrong))


def test_no_import_cycles() -> None:
    graph = {m: _drafter_imports(m) for m in MODULES}
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        if module in path:
            pytest.fail("import cycle: " + " -> ".join((*path[path.index(module) :], module)))
        if module in done:
            return
        for imported in sorted(graph[module]):
            visit(imported, (*path, module))
        done.add(module)

    for module in sorted(graph):
        visit(module, ())


def test_few_modules_at_the_top() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= MAX_TOP_MODULES, top


@pytest.mark.parametrize(("library", "home"), [("docx", "word"), ("questionary", "interview")])
def test_libraries_stay_in_their_package(library: str, home: str) -> None:
    users = sorted(
        module
        for module, path in MODULES.items()
        if _stage(module) != home and any(name.split(".")[0] == library for name in _imported(path))
    )
    assert not users, f"{library} is imported outside drafter/{home}/: {users}"


def test_no_function_is_graded_d_or_worse() -> None:
    from radon.complexity import cc_rank, cc_visit

    worse = [
        f"{path.relative_to(ROOT)}:{block.lineno} {block.fullname} {cc_rank(block.complexity)} ({block.complexity})"
        for path in sorted(PACKAGE.rglob("*.py"))
        for block in cc_visit(path.read_text(encoding="utf-8"))
        if cc_rank(block.complexity) > WORST_GRADE
    ]
    assert not worse, "\n".join(worse)
