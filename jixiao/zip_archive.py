"""Opening a zip archive even when one member's central-directory entry makes ``zipfile`` refuse it all.

``zipfile`` decodes every entry of the central directory while it opens the archive, and two kinds of
entry make it refuse the whole archive, every other member lost with it:

* a name whose UTF-8 flag (general-purpose bit 11) is set over bytes that are not UTF-8 (an archiver
  that set the flag over GBK names, or a damaged byte): ``UnicodeDecodeError``;
* a "version needed to extract" above 6.3: ``NotImplementedError``.

Here the archive is opened through :class:`_Patched`, a read-only view of the file that records what
it reads; when ``zipfile`` refuses, the central directory it had just read is walked (the same 46-byte
headers ``zipfile`` walks), exactly those entries are patched in the view, and the archive is opened
again. A bad name loses its flag: ``zipfile`` then reads it as cp437 (which maps every byte), as it
reads any name without the flag, and ``inputs`` reads it back as GB18030 where it is (else shows the
cp437 reading) and notes it on the member's document. A member needing a later version is listed
under :func:`mended_members` too, and ``inputs`` refuses it alone. Nothing else changes: member data
is read from the real file by its offsets. An archive listing over ``MAX_ARCHIVE_MEMBERS`` members is
refused from its central directory's bytes, before ``zipfile`` makes an object for each.
"""

from __future__ import annotations

import struct
import zipfile
from typing import BinaryIO

from jixiao.extract.limits import MAX_ARCHIVE_MEMBERS, MAX_CENTRAL_DIRECTORY_BYTES

_CENTRAL = struct.Struct("<4s2xHH18xHHH12x")  # signature, version needed, flags, name/extra/comment lengths
_UTF8_FLAG = 0x800
_VERSION_AT, _FLAGS_AT = 6, 8  # offsets of those two fields in an entry
_MAX_VERSION = 63  # zipfile.MAX_EXTRACT_VERSION


class ArchiveTooLarge(OSError):
    """A central directory past :data:`MAX_CENTRAL_DIRECTORY_BYTES` or :data:`MAX_ARCHIVE_MEMBERS`."""


class _Patched:
    """A seekable read-only view of ``fh`` that shows ``patches`` (file offset → bytes) over the file's
    own bytes and remembers its last read (where ``zipfile`` read the central directory)."""

    def __init__(self, fh: BinaryIO) -> None:
        self._fh = fh
        self.patches: dict[int, bytes] = {}
        self.mended: dict[int, str] = {}  # index of a patched member → what was wrong with its entry
        self.last_read: tuple[int, bytes] = (0, b"")
        self.name = getattr(fh, "name", None)
        self.opening = True  # zipfile is reading the end record and central directory

    def read(self, n: int = -1, /) -> bytes:
        at = self._fh.tell()
        if self.opening and n > MAX_CENTRAL_DIRECTORY_BYTES:  # (zipfile reads the end record with -1)
            raise ArchiveTooLarge(
                f"its central directory is over {MAX_CENTRAL_DIRECTORY_BYTES:,} bytes; refused unread"
            )
        data = self._fh.read(n)
        if self.opening and data.count(b"PK\x01\x02") > MAX_ARCHIVE_MEMBERS:  # before a ZipInfo is made
            raise ArchiveTooLarge(f"it lists over {MAX_ARCHIVE_MEMBERS:,} members; refused unread")
        hits = [off for off in self.patches if at <= off < at + len(data)]
        if hits:
            buf = bytearray(data)
            for off in hits:
                patch = self.patches[off]
                buf[off - at : off - at + len(patch)] = patch  # a field never straddles two reads here
            data = bytes(buf[: len(data)])
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


def _mend(view: _Patched) -> None:
    """Patch, in the central directory ``zipfile`` last read, each entry it would refuse."""
    start, central = view.last_read
    pos, index = 0, 0
    while pos + _CENTRAL.size <= len(central):
        sig, version, flags, name_len, extra_len, comment_len = _CENTRAL.unpack_from(central, pos)
        if sig != b"PK\x01\x02":
            break  # zipfile stops here too ("Bad magic number"): nothing more to mend
        name = central[pos + _CENTRAL.size : pos + _CENTRAL.size + name_len]
        if flags & _UTF8_FLAG:
            try:
                name.decode("utf-8")
            except UnicodeDecodeError:
                view.patches[start + pos + _FLAGS_AT] = struct.pack("<H", flags & ~_UTF8_FLAG)
                view.mended[index] = "name"
        if version > _MAX_VERSION:
            view.patches[start + pos + _VERSION_AT] = struct.pack("<H", _MAX_VERSION)
            view.mended[index] = (
                f"member needs zip version {version // 10}.{version % 10}, which jixiao does not read"
            )
        pos += _CENTRAL.size + name_len + extra_len + comment_len
        index += 1


def open_zip(fh: BinaryIO) -> zipfile.ZipFile:
    """``zipfile.ZipFile(fh)``, except that entries it would refuse the whole archive for are mended
    (see the module docstring; :func:`mended_members` tells which). Closing the archive leaves ``fh``
    open.

    Raises what ``zipfile`` raises for an archive it cannot read (``BadZipFile``, ``ValueError`` …).
    """
    view = _Patched(fh)
    try:
        zf = zipfile.ZipFile(view)  # read, seek and tell are all it uses
    except (UnicodeDecodeError, NotImplementedError):
        # zipfile read the whole central directory in one read, then refused an entry in it
        _mend(view)
        if not view.patches:
            raise
        zf = zipfile.ZipFile(view)
    view.opening = False
    return zf


def mended_members(zf: zipfile.ZipFile) -> dict[int, str]:
    """Members whose entry :func:`open_zip` patched, by index in ``zf.infolist()``: ``"name"`` (its
    UTF-8 flag cleared), else why the member cannot be read."""
    return dict(zf.fp.mended) if isinstance(zf.fp, _Patched) else {}
