"""Redlines: an earlier version of a statement and the new draft, aligned paragraph by paragraph, word by word.

The comparison is pure (blocks in, ``Revision`` paragraphs out); ``docx_redline.py`` lays the result out
as Word tracked changes on the reading copy, and reads an earlier reading copy back into blocks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import Literal

from drafter.document.blocks import Block, ListSpec, Span

Status = Literal["same", "inserted", "deleted", "changed"]
PieceOp = Literal["same", "inserted", "deleted"]
PAIRING_THRESHOLD = 0.4
"""Two paragraphs of the same kind are one paragraph changed (not one deleted, one inserted) when at
least this share of their words match."""

_TOKEN = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True)
class Version:
    """A statement as a redline compares it: its front-page marker and its blocks in reading order."""

    marker: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Piece:
    """Words with their emphasis, kept, inserted or deleted."""

    op: PieceOp
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Revision:
    """One paragraph of the redline: the block to lay out, what happened to it and, when changed, its words.

    ``block`` is the new block (the old one for a deletion); ``marker`` says it is the front-page marker.
    """

    status: Status
    block: Block
    pieces: tuple[Piece, ...] = ()
    marker: bool = False


@dataclass(frozen=True)
class _Para:
    block: Block
    marker: bool = False

    @property
    def shape(self) -> tuple[object, ...]:
        """What Word shows the paragraph as: paragraphs pair up only with ones of the same shape."""
        block = self.block
        if self.marker:
            return ("marker",)
        if block.kind == "heading":
            if block.front:
                return ("title",) if block.level == 1 else ("subtitle",)
            return ("heading", min(block.level, 3))
        if block.kind == "item" and block.list_spec is not None:
            return ("item", block.list_spec.kind, block.list_spec.level)
        if block.kind in ("rule", "quote"):
            return (block.kind,)
        return (block.kind, block.front, min(block.indent, 3))

    @property
    def key(self) -> tuple[object, ...]:
        return (*self.shape, tuple((t.strip(), b, i) for t, b, i in _tokens(self.block)))


def _merged_spans(block: Block) -> Iterator[Span]:
    """The block's spans with neighbours of the same emphasis joined (a Word file splits runs anywhere)."""
    current: Span | None = None
    for span in block.spans:
        if current is not None and (current.bold, current.italic) == (span.bold, span.italic):
            current = replace(current, text=current.text + span.text)
            continue
        if current is not None:
            yield current
        current = span
    if current is not None:
        yield current


def _tokens(block: Block) -> list[tuple[str, bool, bool]]:
    """Words, each with the spaces after it, and their emphasis."""
    return [(token, span.bold, span.italic) for span in _merged_spans(block) for token in _TOKEN.findall(span.text)]


def _paras(version: Version) -> list[_Para]:
    head = [_Para(Block("paragraph", (Span(version.marker),), front=True), marker=True)] if version.marker else []
    return head + [_Para(b) for b in version.blocks if b.kind in ("rule", "item") or b.text.strip()]


def _similarity(old: _Para, new: _Para) -> float:
    if old.shape != new.shape:
        return 0.0
    if old.marker:
        return 1.0  # the reading copy has one marker paragraph: a new marker is that paragraph changed
    words = SequenceMatcher(
        None, [t[0].strip() for t in _tokens(old.block)], [t[0].strip() for t in _tokens(new.block)]
    )
    return words.ratio()


def word_changes(old: Block, new: Block) -> tuple[Piece, ...]:
    """The words of ``old`` turned into those of ``new``: kept, deleted and inserted pieces, in order."""
    before, after = _tokens(old), _tokens(new)
    matcher = SequenceMatcher(
        None, [(t.strip(), b, i) for t, b, i in before], [(t.strip(), b, i) for t, b, i in after], autojunk=False
    )
    pieces: list[Piece] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for (old_text, _, _), (text, bold, italic) in zip(before[i1:i2], after[j1:j2], strict=True):
                word = text.rstrip() if old_text != text else text
                pieces.append(Piece("same", word, bold, italic))
                if old_text != text:
                    pieces.append(Piece("deleted", old_text[len(word) :], bold, italic))
                    pieces.append(Piece("inserted", text[len(word) :], bold, italic))
            continue
        pieces += [Piece("deleted", t, b, i) for t, b, i in before[i1:i2]]
        pieces += [Piece("inserted", t, b, i) for t, b, i in after[j1:j2]]
    return tuple(_join(p for p in pieces if p.text))


def _join(pieces: Iterable[Piece]) -> list[Piece]:
    joined: list[Piece] = []
    for piece in pieces:
        last = joined[-1] if joined else None
        if last is not None and (last.op, last.bold, last.italic) == (piece.op, piece.bold, piece.italic):
            joined[-1] = replace(last, text=last.text + piece.text)
        else:
            joined.append(piece)
    return joined


def _align(old: Sequence[_Para], new: Sequence[_Para]) -> list[tuple[_Para | None, _Para | None]]:
    """Pair the paragraphs of a replaced stretch that are one paragraph changed, keeping order."""
    rows, cols = len(old), len(new)
    score = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    sims = [[_similarity(o, n) for n in new] for o in old]
    for i in range(rows - 1, -1, -1):
        for j in range(cols - 1, -1, -1):
            pair = score[i + 1][j + 1] + sims[i][j] if sims[i][j] >= PAIRING_THRESHOLD else -1.0
            score[i][j] = max(score[i + 1][j], score[i][j + 1], pair)
    pairs: list[tuple[_Para | None, _Para | None]] = []
    i = j = 0
    deleted: list[tuple[_Para | None, _Para | None]] = []
    inserted: list[tuple[_Para | None, _Para | None]] = []
    while i < rows or j < cols:
        if (
            i < rows
            and j < cols
            and sims[i][j] >= PAIRING_THRESHOLD
            and score[i][j] == score[i + 1][j + 1] + sims[i][j]
        ):
            pairs += deleted + inserted + [(old[i], new[j])]
            deleted, inserted = [], []
            i, j = i + 1, j + 1
        elif i < rows and (j == cols or score[i][j] == score[i + 1][j]):
            deleted.append((old[i], None))
            i += 1
        else:
            inserted.append((None, new[j]))
            j += 1
    return pairs + deleted + inserted


def _revision(old: _Para | None, new: _Para | None) -> Revision:
    if old is None and new is not None:
        return Revision("inserted", new.block, marker=new.marker)
    if new is None and old is not None:
        return Revision("deleted", old.block, marker=old.marker)
    assert old is not None and new is not None
    if old.key == new.key and old.block.text == new.block.text:
        return Revision("same", new.block, marker=new.marker)
    return Revision("changed", new.block, word_changes(old.block, new.block), marker=new.marker)


def compare(old: Version, new: Version) -> list[Revision]:
    """The redline's paragraphs: ``old`` turned into ``new``, deleted list items kept in their lists."""
    before, after = _paras(old), _paras(new)
    matcher = SequenceMatcher(None, [p.key for p in before], [p.key for p in after], autojunk=False)
    rows: list[tuple[_Para | None, _Para | None]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            rows += list(zip(before[i1:i2], after[j1:j2], strict=True))
        else:
            rows += _align(before[i1:i2], after[j1:j2])
    lists = _ListMap(rows, new)
    return [lists.place(_revision(old_para, new_para)) for old_para, new_para in rows]


class _ListMap:
    """Lists for deleted items: the new version's list where an item of the same old list lives on,
    otherwise a list of their own (nested under the mapped parent)."""

    def __init__(self, rows: list[tuple[_Para | None, _Para | None]], new: Version) -> None:
        self.mapped: dict[int, ListSpec] = {}
        for old, kept in rows:
            old_spec = old.block.list_spec if old else None
            new_spec = kept.block.list_spec if kept else None
            if old_spec is not None and new_spec is not None:
                self.mapped.setdefault(old_spec.id, new_spec)
        ids = [b.list_spec.id for b in new.blocks if b.list_spec is not None]
        self.next_id = max(ids, default=0) + 1

    def spec(self, old: ListSpec) -> ListSpec:
        spec = self.mapped.get(old.id)
        if spec is None:
            parent = self.spec(old.parent) if old.parent is not None else None
            spec = ListSpec(self.next_id, old.kind, old.level, old.start, parent)
            self.next_id += 1
            self.mapped[old.id] = spec
        return spec

    def place(self, revision: Revision) -> Revision:
        spec = revision.block.list_spec
        if revision.status != "deleted" or spec is None:
            return revision
        return replace(revision, block=replace(revision.block, list_spec=self.spec(spec)))
