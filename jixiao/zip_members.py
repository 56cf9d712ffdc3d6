"""Reading one member of a zip archive on disk, bounded while it streams, whatever its headers say.

``zipfile`` inflates bzip2 and lzma members with no output bound per call: a 5 KB bzip2 member that
declares 4 KB can grow to gigabytes inside one ``read``. Here the member's raw bytes are read from the
archive and decompressed by us, in pieces, each call capped (``max_length``) so that no more than
``limit + 1`` bytes ever exist; a member that grows past its declared size or the limit is refused
the moment it does. Stored, deflate and bzip2 members are read (what archivers write); other
methods (lzma, zstd, deflate64 …) are refused with a message saying how to repack.
"""

from __future__ import annotations

import bz2
import struct
import zipfile
import zlib
from collections.abc import Iterator
from typing import BinaryIO, Protocol

_LOCAL = struct.Struct("<4s22xHH")  # signature, (fixed fields), name length, extra length
_PIECE = 1 << 16  # compressed bytes fed to the decompressor per call


class MemberError(OSError):
    """A member that cannot be read within its bounds: damaged, forged or in an unread method."""


class _Decompressor(Protocol):
    def decompress(self, data: bytes, max_length: int, /) -> bytes: ...

    def holding(self) -> bool: ...  # input taken but not yet turned into output


class _Stored:
    def decompress(self, data: bytes, max_length: int, /) -> bytes:
        return data

    def holding(self) -> bool:
        return False


class _Zlib:
    """Raw deflate; input held back by ``max_length`` (``unconsumed_tail``) is fed again first."""

    def __init__(self) -> None:
        self._z = zlib.decompressobj(-zlib.MAX_WBITS)

    def decompress(self, data: bytes, max_length: int, /) -> bytes:
        if self._z.eof:
            return b""
        return self._z.decompress(self._z.unconsumed_tail + data, max_length)

    def holding(self) -> bool:
        return bool(self._z.unconsumed_tail) and not self._z.eof


class _Bz2:
    def __init__(self) -> None:
        self._b = bz2.BZ2Decompressor()

    def decompress(self, data: bytes, max_length: int, /) -> bytes:
        if self._b.eof:
            return b""
        return self._b.decompress(data, max_length)

    def holding(self) -> bool:
        return not self._b.eof and not self._b.needs_input


def _decompressor(method: int) -> _Decompressor:
    if method == zipfile.ZIP_STORED:
        return _Stored()
    if method == zipfile.ZIP_DEFLATED:
        return _Zlib()
    if method == zipfile.ZIP_BZIP2:
        return _Bz2()
    name = {14: "lzma", 93: "zstd", 9: "deflate64"}.get(method, f"method {method}")
    raise MemberError(f"member is compressed with {name}, which jixiao does not read; repack with deflate")


def _data_offset(fh: BinaryIO, info: zipfile.ZipInfo) -> int:
    fh.seek(info.header_offset)
    head = fh.read(_LOCAL.size)
    if len(head) != _LOCAL.size:
        raise MemberError("member's local header is past the end of the archive: the archive is damaged")
    sig, name_len, extra_len = _LOCAL.unpack(head)
    if sig != b"PK\x03\x04":
        raise MemberError("member's local header is missing: the archive is damaged")
    return int(info.header_offset) + _LOCAL.size + name_len + extra_len


def iter_member(fh: BinaryIO, info: zipfile.ZipInfo, limit: int) -> Iterator[bytes]:
    """The member's bytes in pieces; never more than ``min(declared, limit)`` of them in total.

    Raises :class:`MemberError` when the member is encrypted, in an unread method, inflates past its
    declared size or ``limit``, ends early, or fails its CRC.
    """
    if info.flag_bits & 0x1:
        raise MemberError("member is encrypted; give the archive password-free")
    if info.file_size > limit:
        raise MemberError(f"member declares {info.file_size:,} bytes (limit {limit:,}); refused")
    decomp = _decompressor(info.compress_type)
    fh.seek(_data_offset(fh, info))
    left_in = info.compress_size
    cap = info.file_size  # the declared size is the bound: a member that lies is stopped at it
    produced, crc = 0, 0
    while True:
        chunk = b""
        if left_in > 0 and not decomp.holding():
            chunk = fh.read(min(_PIECE, left_in))
            if not chunk:
                raise MemberError("member ends before its compressed size: the archive is damaged")
            left_in -= len(chunk)
        try:
            piece = decomp.decompress(chunk, cap - produced + 1)
        except (zlib.error, OSError, EOFError, ValueError) as exc:
            raise MemberError(f"member has corrupt compressed data ({exc}): the archive is damaged") from None
        produced += len(piece)
        if produced > cap:
            raise MemberError(
                f"member inflates past its declared {cap:,} bytes (zip bomb or forged sizes); refused"
            )
        if piece:
            crc = zlib.crc32(piece, crc)
            yield piece
        elif not chunk:
            break  # no input left and nothing more comes out
    if produced != info.file_size:
        raise MemberError(f"member gives {produced:,} of its declared {info.file_size:,} bytes: damaged")
    if crc != info.CRC:
        raise MemberError("member fails its CRC check: the archive is damaged")
