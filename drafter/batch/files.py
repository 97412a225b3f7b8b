"""Reading batch inputs: answers files, batch files and folders of them, each entry merged over its
file's defaults, validated and given a safe output path (``Planned``), or a ``Failure`` saying why not.

``FileReader.read`` is a generator: a batch file of 10,000 entries is read one entry at a time (only
one entry's data and positions are held). It needs only the engine, so it runs in a worker process as
well as in the main one (see ``batch.Workers.read``).
"""

from __future__ import annotations

import pickle
import unicodedata
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from functools import cached_property
from pathlib import Path, PurePath

from drafter.batch.plan import RESTART, Failure, Item, Plan, Planned, Planner
from drafter.engine import Engine
from drafter.errors import DrafterError, InputError, Problem
from drafter.inputs.answers import TEMPLATE_KEY
from drafter.inputs.facts import statement_stem
from drafter.inputs.yamlio import LoadedYaml, Location, Origin, YamlValue, format_location, load_yaml, stream_yaml
from drafter.output import inside
from drafter.render.phrasebank import deep_merge
from drafter.writers import FORMATS, OutputFormat

OUTPUT_KEY = "output"
DEFAULTS_KEY = "defaults"
STATEMENTS_KEY = "statements"
YAML_SUFFIXES = (".yaml", ".yml")


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """The YAML files named, folders searched recursively, in a stable order, each once."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix.lower() in YAML_SUFFIXES and p.is_file())
        elif path.exists():
            found.append(path)
        else:
            raise InputError(Problem("no such file or folder", path=path))
    seen: set[str] = set()
    unique: list[Path] = []
    for path in found:
        key = str(path.resolve())
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def _label(index: int | None) -> str:
    return "" if index is None else format_location((STATEMENTS_KEY, index))


def _raw_entries(source: LoadedYaml) -> Iterator[tuple[int | None, YamlValue, dict[str, YamlValue]]]:
    """(index, entry, defaults) for each statement a file declares; index None for a plain answers file."""
    data: YamlValue = source.data
    if not isinstance(data, Mapping):
        raise InputError(Problem("expected a mapping at the top level", path=source.path, line=1))
    if STATEMENTS_KEY not in data:
        if DEFAULTS_KEY in data:
            raise InputError(source.problem((DEFAULTS_KEY,), "'defaults:' needs a 'statements:' list beside it"))
        yield None, dict(data), {}
        return
    unknown = [k for k in data if k not in (STATEMENTS_KEY, DEFAULTS_KEY)]
    if unknown:
        raise InputError(
            source.problem((unknown[0],), "a batch file holds only 'defaults:' and 'statements:'; move this key")
        )
    defaults = data.get(DEFAULTS_KEY) or {}
    statements = data[STATEMENTS_KEY]
    if not isinstance(defaults, Mapping):
        raise InputError(source.problem((DEFAULTS_KEY,), "'defaults:' must be a mapping of answers"))
    if not isinstance(statements, list):
        raise InputError(source.problem((STATEMENTS_KEY,), "'statements:' must be a list of answers mappings"))
    for index, entry in enumerate(statements):
        yield index, entry, dict(defaults)


class FileReader:
    """Reads the entries of one file into ``Planned`` items and ``Failure``s."""

    def __init__(self, engine: Engine, outdir: Path, formats: tuple[OutputFormat, ...] | None) -> None:
        self.engine = engine
        self.outdir = outdir
        self.formats = formats

    def read(self, path: Path) -> Iterator[Item]:
        """Every entry of one file, in order; a file that cannot be read is one failure.

        A batch file is read entry by entry (``stream_yaml``). A file laid out otherwise (keys after
        ``statements:``, a ``defaults:`` that is not a mapping) is read again whole, after a
        ``Restart``, which gives the messages such files always had.
        """
        try:
            if (yield from self._streamed(path)):
                return
        except DrafterError as exc:
            yield RESTART
            yield Failure(path, "", exc.problems)
            return
        yield RESTART
        try:
            source = load_yaml(path)
        except DrafterError as exc:
            yield Failure(path, "", exc.problems)
            return
        yield from self._rows(source)

    def _streamed(self, path: Path) -> Generator[Item, None, bool]:
        """A file part by part; False when its layout needs the whole file read instead."""
        defaults: dict[str, YamlValue] = {}
        head: set[str] = set()
        for part in stream_yaml(path, STATEMENTS_KEY):
            data: YamlValue = part.loaded.data
            if part.kind == "whole":
                yield from self._rows(part.loaded)
            elif part.kind == "item":
                yield from self._row(part.loaded, part.index, data, defaults)
            elif not isinstance(data, dict):
                return False  # never: the head and the rest are keys of the top-level mapping
            elif part.kind == "head":
                head = set(data)
                given = data.get(DEFAULTS_KEY) or {}
                if head - {DEFAULTS_KEY} or not isinstance(given, dict):
                    return False
                defaults = dict(given)
            elif set(data) != head:
                return False
        return True

    def _rows(self, source: LoadedYaml) -> Iterator[Item]:
        """Every entry of a file read whole."""
        try:
            rows = list(_raw_entries(source))
        except DrafterError as exc:
            yield Failure(source.path, "", exc.problems)
            return
        for index, entry, defaults in rows:
            yield from self._row(source, index, entry, defaults)

    def _row(
        self, source: LoadedYaml, index: int | None, entry: YamlValue, defaults: dict[str, YamlValue]
    ) -> list[Item]:
        """One entry (a Planned per output file), or why it cannot be written."""
        try:
            origin = _entry_origin(source, index)
            if not isinstance(entry, Mapping):
                raise InputError(origin.problem((), "each statement must be a mapping of answers"))
            return list(self._entry(origin, index, deep_merge(dict(defaults), dict(entry))))
        except DrafterError as exc:
            return [Failure(source.path, _label(index), exc.problems)]

    def _entry(self, origin: Origin, index: int | None, merged: dict[str, object]) -> list[Planned]:
        template = merged.pop(TEMPLATE_KEY, None)
        output = merged.pop(OUTPUT_KEY, None)
        if not isinstance(template, str) or not template:
            raise InputError(origin.problem((TEMPLATE_KEY,), "name the template in a 'template:' key"))
        try:
            bundle = self.engine.template(template)
        except DrafterError as exc:
            raise InputError(origin.problem((TEMPLATE_KEY,), str(exc))) from None
        answers = self.engine.validate(bundle, merged, origin)
        path = origin.source.path if origin.source else Path()
        packed = pickle.dumps(answers, pickle.HIGHEST_PROTOCOL)
        at = origin.problem((OUTPUT_KEY,), "")
        return [
            Planned(path, _label(index), bundle.name, packed, target, fmt, at)
            for target, fmt in self._targets(origin, output, answers)
        ]

    @cached_property
    def _outdir(self) -> Path:
        """The output folder, resolved once (a name made from the facts is a plain file name in it)."""
        return self.outdir.resolve()

    def _targets(
        self, origin: Origin, output: object, answers: Mapping[str, object]
    ) -> list[tuple[Path, OutputFormat]]:
        """The entry's files: one per format of ``--format``, named from ``output`` or the statement's facts.

        An ``output`` whose extension is one of those formats names them all (``x.docx`` with ``--format
        docx,pdf``: x.docx and x.pdf); one whose extension names another format is written in that format alone.
        """
        formats = self.formats or ("docx",)
        if output is None:
            stem = statement_stem(answers)
            return [(self._outdir / f"{stem}.{fmt}", fmt) for fmt in formats]
        if not isinstance(output, str) or any(unicodedata.category(c) == "Cc" for c in output):
            raise InputError(origin.problem((OUTPUT_KEY,), "'output' must be a plain file name"))
        if PurePath(output).name in ("", ".", "..") or output.endswith(("/", "\\")):
            raise InputError(origin.problem((OUTPUT_KEY,), f"'output: {output}' does not name a file"))
        suffix = PurePath(output).suffix.lower().lstrip(".")
        named = next((f for f in FORMATS if f == suffix), None)
        if named is not None and named not in formats:
            formats = (named,)
        stem = output[: -len(suffix) - 1] if named is not None else output
        try:
            return [(inside(self.outdir, f"{stem}.{fmt}"), fmt) for fmt in formats]
        except DrafterError as exc:
            raise InputError(origin.problem((OUTPUT_KEY,), exc.problems[0].message)) from None


def _entry_origin(source: LoadedYaml, index: int | None) -> Origin:
    """Where one entry's answers came from: its place in ``statements:`` (or the whole file), then ``defaults:``."""
    here: Location = () if index is None else (STATEMENTS_KEY, index)
    return Origin(source, (here, (DEFAULTS_KEY,)), here)


Reading = Callable[[list[Path], FileReader], Iterator[Iterable[Item]]]
"""How a plan's files are read: what each gives, in the files' order."""


def read_here(files: list[Path], reader: FileReader) -> Iterator[Iterable[Item]]:
    """Every file read in this process, entry by entry."""
    for path in files:
        yield reader.read(path)


def make_plan(
    reader: FileReader, paths: Iterable[Path], plan: Plan | None = None, reading: Reading = read_here
) -> Plan:
    """Read (with ``reader``), merge, validate and place every entry of every file (into ``plan`` when
    given); ``reading`` may hand files to other processes (``batch.Workers.read``)."""
    planner = Planner(plan)
    for items in reading(collect_files(paths), reader):
        planner.add(items)
    return planner.plan
