"""Opening a zip archive even when one member's name is flagged UTF-8 but is not UTF-8.

``zipfile`` decodes every name in the central directory while it opens the archive; one name whose
UTF-8 flag (general-purpose bit 11) is set over bytes that are not UTF-8 (an archiver that set the
flag over GBK names, or a damaged byte) raises ``UnicodeDecodeError`` and every other member is lost
with it. Here the archive is opened through :class:`_Masked`, a read-only view of the file that
records what it reads; when ``zipfile`` refuses a name, the central directory it had just read is
walked (the same 46-byte headers ``zipfile`` walks), the flag is cleared on exactly the entries whose
names do not decode, and the archive is opened again. ``zipfile`` then reads those names as cp437
(which maps every byte), as it reads any name without the flag, and ``inputs`` reads them back as
GB18030 where they are (else shows the cp437 reading) and notes it on the member's document. Nothing
else changes: member data is read from the real file by its offsets.
"""

from __future__ import annotations

import struct
import zipfile
from typing import BinaryIO

_CENTRAL = struct.Struct("<4s4xH18xHHH12x")  # signature, flags, name, extra and comment lengths
_UTF8_FLAG = 0x800
_FLAG_HIGH_BYTE = 9  # the flags field is bytes 8-9 (little-endian): bit 11 is 0x08 of byte 9


class _Masked:
    """A seekable read-only view of ``fh`` that clears the UTF-8 flag's byte at ``masked`` offsets and
    remembers its last read (where ``zipfile`` read the central directory)."""

    def __init__(self, fh: BinaryIO, masked: frozenset[int] = frozenset()) -> None:
        self._fh = fh
        self.masked = masked
        self.mended: frozenset[int] = frozenset()  # indices of the members whose flag is cleared
        self.last_read: tuple[int, bytes] = (0, b"")
        self.name = getattr(fh, "name", None)

    def read(self, n: int = -1, /) -> bytes:
        at = self._fh.tell()
        data = self._fh.read(n)
        hits = [off - at for off in self.masked if at <= off < at + len(data)]
        if hits:
            buf = bytearray(data)
            for i in hits:
                buf[i] &= ~(_UTF8_FLAG >> 8) & 0xFF
            data = bytes(buf)
        self.last_read = (at, data)
        return data

    def seek(self, offset: int, whence: int = 0, /) -> int:
        return self._fh.seek(offset, whence)

    def tell(self) -> int:
        return self._fh.tell()

    def seekable(self) -> bool:
        return True

    def close(self) -> None:
        self._fh.close()

    @property
    def closed(self) -> bool:
        return self._fh.closed


def _bad_names(start: int, central: bytes) -> dict[int, int]:
    """Each entry flagged UTF-8 whose name is not UTF-8: its index in the central directory (and so
    in ``infolist()``) → the file offset of its flags' high byte."""
    found, pos, index = {}, 0, 0
    while pos + _CENTRAL.size <= len(central):
        sig, flags, name_len, extra_len, comment_len = _CENTRAL.unpack_from(central, pos)
        if sig != b"PK\x01\x02":
            break  # zipfile stops here too ("Bad magic number"): nothing more to mend
        name = central[pos + _CENTRAL.size : pos + _CENTRAL.size + name_len]
        if flags & _UTF8_FLAG:
            try:
                name.decode("utf-8")
            except UnicodeDecodeError:
                found[index] = start + pos + _FLAG_HIGH_BYTE
        pos += _CENTRAL.size + name_len + extra_len + comment_len
        index += 1
    return found


def open_zip(fh: BinaryIO) -> zipfile.ZipFile:
    """``zipfile.ZipFile(fh)``, except that names flagged UTF-8 that are not UTF-8 are read as legacy
    names (see the module docstring; :func:`mended_members` tells which). Closing the archive leaves
    ``fh`` open.

    Raises what ``zipfile`` raises for an archive it cannot read (``BadZipFile``, ``ValueError`` …).
    """
    view = _Masked(fh)
    try:
        return zipfile.ZipFile(view)  # type: ignore[arg-type]  # read, seek and tell are all it uses
    except UnicodeDecodeError:
        # zipfile read the whole central directory in one read, then failed decoding a name in it
        start, central = view.last_read
        bad = _bad_names(start, central)
        if not bad:
            raise
        view.mended, view.masked = frozenset(bad), frozenset(bad.values())
    return zipfile.ZipFile(view)  # type: ignore[arg-type]


def mended_members(zf: zipfile.ZipFile) -> frozenset[int]:
    """Indices in ``zf.infolist()`` of the members whose UTF-8 flag :func:`open_zip` cleared."""
    return zf.fp.mended if isinstance(zf.fp, _Masked) else frozenset()
