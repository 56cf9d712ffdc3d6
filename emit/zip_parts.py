"""Zip entries built from deflated pieces that were compressed apart, in other processes.

A worker compresses its document's sheet rows on its own (:func:`deflate_piece`: raw deflate blocks
ended by a sync flush, so pieces laid end to end form one valid deflate stream — each piece starts
a fresh compressor, so nothing in it refers back past its own start). The parent then only appends
compressed bytes: it never sees, copies or compresses the sheet XML again. A zip entry also needs
the CRC-32 of everything it inflates to; CRC-32 is affine over GF(2), so for a piece B of n bytes
following data whose CRC is ``s``::

    crc32(A + B) = crc32(zeros(n), s) ^ crc32(B) ^ crc32(zeros(n))

The worker sends ``crc32(B) ^ crc32(zeros(n))`` (:attr:`Piece.crc_part`) and the parent runs CRC-32
over n zero bytes (C speed, several GB/s). Joining two CRCs without the zeros —
:func:`crc32_combine` — takes a few hundred Python steps, fine once per sheet.

:func:`write_zip` writes the workbook's container: stored lengths and CRCs known up front, no zip64
(the caller falls back to :mod:`zipfile` when an entry or the archive passes 4 GiB), fixed dates.
Imports nothing heavy: workers use it.
"""

from __future__ import annotations

import shutil
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

LEVEL = 1  # speed over a few % of size, as the rest of the workbook
ZIP_LIMIT = 0xFFFFFFFF  # past this a size or offset needs zip64
_ZEROS = bytes(1 << 20)
_FINAL_EMPTY_BLOCK = b"\x03\x00"  # what a fresh raw compressor writes when finished with no input
_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01, as emit.xlsx_out._ZIP_TIME
_DOS_TIME = 0


class Zip64Needed(ValueError):
    """An entry or the archive is too large for a plain zip; use :mod:`zipfile` with zip64."""


@dataclass(frozen=True, slots=True)
class Piece:
    deflated: bytes  # raw deflate blocks, byte-aligned, not final
    crc_part: int  # crc32(data) ^ crc32(zeros(size)); see the module docstring
    size: int  # bytes it inflates to

    def __reduce__(self) -> tuple[type[Piece], tuple[object, ...]]:
        # one constructor call when unpickled: the dataclass default sets fields one by one
        return (
            Piece,
            (
                self.deflated,
                self.crc_part,
                self.size,
            ),
        )


def _compressor() -> zlib._Compress:
    return zlib.compressobj(LEVEL, zlib.DEFLATED, -15)  # raw deflate: zip entries carry no zlib header


def deflate_piece(data: bytes) -> Piece:
    comp = _compressor()
    deflated = comp.compress(data) + comp.flush(zlib.Z_SYNC_FLUSH)
    return Piece(deflated, zlib.crc32(data) ^ _zeros_crc(len(data), 0), len(data))


def _zeros_crc(n: int, crc: int) -> int:
    """crc32 of n zero bytes, starting from ``crc``."""
    while n > 0:
        step = min(n, len(_ZEROS))
        crc = zlib.crc32(memoryview(_ZEROS)[:step], crc)
        n -= step
    return crc


def _gf2_times(matrix: list[int], vec: int) -> int:
    total, i = 0, 0
    while vec:
        if vec & 1:
            total ^= matrix[i]
        vec >>= 1
        i += 1
    return total


def _gf2_square(matrix: list[int]) -> list[int]:
    return [_gf2_times(matrix, matrix[n]) for n in range(32)]


def crc32_combine(crc1: int, crc2: int, len2: int) -> int:
    """crc32(A + B) from crc32(A), crc32(B) and len(B) (zlib's crc32_combine, in Python).

    >>> crc32_combine(zlib.crc32(b"abc"), zlib.crc32(b"defg"), 4) == zlib.crc32(b"abcdefg")
    True
    """
    if len2 <= 0:
        return crc1
    zeros = [0xEDB88320] + [1 << n for n in range(31)]  # the operator for one zero bit
    for _ in range(3):
        zeros = _gf2_square(zeros)  # … for 2, 4, then 8 zero bits: one zero byte
    while len2:  # apply len2 zero bytes to crc1, a power of two at a time
        if len2 & 1:
            crc1 = _gf2_times(zeros, crc1)
        len2 >>= 1
        if len2:
            zeros = _gf2_square(zeros)
    return crc1 ^ crc2


class DeflateSink:
    """A binary file that takes XML (compressed here) and :class:`Piece` s (compressed elsewhere)
    into one raw deflate stream, keeping its CRC-32 and inflated size; :meth:`close` ends it."""

    def __init__(self, fh: IO[bytes]) -> None:
        self.fh = fh
        self.crc = 0
        self.size = 0
        self._comp: zlib._Compress | None = None

    def write(self, data: bytes) -> int:
        if data:
            if self._comp is None:
                self._comp = _compressor()
            self.fh.write(self._comp.compress(data))
            self.crc = zlib.crc32(data, self.crc)
            self.size += len(data)
        return len(data)

    def _end_own_blocks(self) -> None:
        # a piece's back-references stay inside it; ours must not reach across it either: a fresh
        # compressor after every piece
        if self._comp is not None:
            self.fh.write(self._comp.flush(zlib.Z_SYNC_FLUSH))
            self._comp = None

    def write_piece(self, piece: Piece) -> None:
        self._end_own_blocks()
        self.fh.write(piece.deflated)
        self.crc = _zeros_crc(piece.size, self.crc) ^ piece.crc_part
        self.size += piece.size

    def close(self) -> None:
        if self.fh.closed:  # closing twice (an abort after the finish) is a no-op
            return
        self._end_own_blocks()
        self.fh.write(_FINAL_EMPTY_BLOCK)
        self.fh.close()


@dataclass(slots=True)
class Entry:
    """One zip member: its raw deflate data (bytes or a file), CRC-32 and inflated size."""

    name: str
    crc: int
    size: int
    parts: list[bytes | Path] = field(default_factory=list)

    @property
    def compressed_size(self) -> int:
        return sum(len(p) if isinstance(p, bytes) else p.stat().st_size for p in self.parts)

    @classmethod
    def of(cls, name: str, data: bytes) -> Entry:
        comp = _compressor()
        return cls(name, zlib.crc32(data), len(data), [comp.compress(data) + comp.flush()])


def write_zip(path: Path, entries: list[Entry]) -> None:
    """The entries as a zip file at ``path``; :class:`Zip64Needed` (nothing written) when too large."""
    sizes = [(e.compressed_size, e.size) for e in entries]
    total = sum(c for c, _ in sizes) + sum(30 + len(e.name.encode()) for e in entries)
    if total >= ZIP_LIMIT or any(u >= ZIP_LIMIT for _, u in sizes):
        raise Zip64Needed(path)
    central: list[bytes] = []
    with open(path, "wb") as fh:
        for entry, (csize, usize) in zip(entries, sizes, strict=True):
            name = entry.name.encode()
            offset = fh.tell()
            fixed = (20, 0, zlib.DEFLATED, _DOS_TIME, _DOS_DATE, entry.crc, csize, usize, len(name))
            fh.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fixed, 0) + name)
            for part in entry.parts:
                if isinstance(part, bytes):
                    fh.write(part)
                else:
                    with open(part, "rb") as src:
                        shutil.copyfileobj(src, fh, 1 << 20)
            attrs = (0, 0, 0, 0o600 << 16, offset)
            central.append(
                struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, (3 << 8) | 20, *fixed, 0, *attrs) + name
            )
        start = fh.tell()
        directory = b"".join(central)
        fh.write(directory)
        n = len(entries)
        fh.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, n, n, len(directory), start, 0))
