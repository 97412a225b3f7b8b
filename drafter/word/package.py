"""A Word package (a zip file) written from parts compressed once and parts compressed per statement.

Most of a .docx never changes from one statement to the next (styles, theme, settings, fonts,
footer), and compressing those parts again for every statement cost more than laying the statement
out. ``pack`` compresses a part once into a ``PackedPart``; ``write_package`` writes packed parts, as
they are, into one zip archive. The standard library's ``zipfile`` cannot add data that is already
compressed, so the few zip records needed are written here (APPNOTE 6.3: local headers, central
directory, end record; no ZIP64, no encryption, no data descriptors).

Pure: no Word, no files. Entries are written in the order given (a Word package starts with
``[Content_Types].xml``) with a fixed timestamp, so the same parts make the same bytes.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

STORED = 0
DEFLATED = 8
_VERSION = 20  # 2.0: deflate
_UTF8_NAMES = 0x0800
_DOS_TIME = 0
_DOS_DATE = (1980 - 1980) << 9 | 1 << 5 | 1  # 1980-01-01 00:00, the earliest zip time
_LIMIT = 0xFFFFFFFF
_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")


@dataclass(frozen=True)
class PackedPart:
    """One zip entry ready to copy into an archive: its name, CRC-32, sizes and compressed bytes."""

    name: str
    crc: int
    size: int
    method: int
    data: bytes

    @property
    def header(self) -> tuple[int, bytes]:
        """The general-purpose flags and the encoded name."""
        try:
            return 0, self.name.encode("ascii")
        except UnicodeEncodeError:
            return _UTF8_NAMES, self.name.encode("utf-8")


def pack(name: str, blob: bytes, level: int = zlib.Z_DEFAULT_COMPRESSION) -> PackedPart:
    """Compress ``blob`` (raw deflate, as zip stores it) into an entry called ``name``.

    ``level`` is zlib's: 1 is fastest, 9 smallest; parts packed once can afford 9.
    """
    if len(blob) >= _LIMIT:
        raise ValueError(f"{name}: parts of 4 GiB or more need ZIP64, which this writer does not write")
    data = zlib.compress(blob, level, wbits=-zlib.MAX_WBITS)
    if len(data) >= len(blob):
        return PackedPart(name, zlib.crc32(blob), len(blob), STORED, bytes(blob))
    return PackedPart(name, zlib.crc32(blob), len(blob), DEFLATED, data)


def write_package(parts: Iterable[PackedPart]) -> bytes:
    """The bytes of a zip archive holding ``parts`` in the order given; names must be unique."""
    chunks: list[bytes] = []
    central: list[bytes] = []
    names: set[str] = set()
    offset = 0
    for part in parts:
        if part.name in names:
            raise ValueError(f"{part.name}: appears twice in the package")
        names.add(part.name)
        flags, name = part.header
        csize = len(part.data)
        local = _LOCAL.pack(
            b"PK\x03\x04", _VERSION, flags, part.method, _DOS_TIME, _DOS_DATE, part.crc, csize, part.size, len(name), 0
        )
        central.append(
            _CENTRAL.pack(
                b"PK\x01\x02",
                _VERSION,
                _VERSION,
                flags,
                part.method,
                _DOS_TIME,
                _DOS_DATE,
                part.crc,
                csize,
                part.size,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + name
        )
        chunks += (local, name, part.data)
        offset += len(local) + len(name) + csize
        if offset >= _LIMIT:
            raise ValueError("packages of 4 GiB or more need ZIP64, which this writer does not write")
    if len(central) > 0xFFFF:
        raise ValueError("packages of more than 65,535 parts need ZIP64, which this writer does not write")
    directory = b"".join(central)
    end = _END.pack(b"PK\x05\x06", 0, 0, len(central), len(central), len(directory), offset, 0)
    return b"".join((*chunks, directory, end))
