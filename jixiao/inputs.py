"""Finding, naming and reading inputs: files, folders (recursive), globs and ``.zip`` archives.

``source_path`` (what the documents table records) is the path relative to the current folder when
the input lies under it, else relative to the parent of the folder (or file) named on the command
line — so the same archive gives the same paths on any machine. A zip member is
``archive.zip!/dir/file.docx``; members are read in place, never extracted, and refused (recorded as
a failed document, not read) when their name is unsafe or their declared size or compression ratio
is absurd; every member is decompressed by :mod:`jixiao.zip_members`, capped while it streams.

Every file found gets a documents row. Files that are not read are :class:`Skipped` (status
``skipped`` with the reason): an unsupported format, a hidden or lock file, anything that is not a
regular file (FIFO, device, socket), a broken or looping link, a link that leaves the input roots
(unless ``follow_links``), and a folder that cannot be listed. ``Skipped.unread`` marks those that
may have held a submission (an ``.ofd``, a FIFO, an unlistable folder …): the command then exits 1.
Files over :data:`MAX_FILE_BYTES` are refused from ``stat``, before a byte is read or hashed.

Never read: the output folder, and the files of any other jixiao output (a folder whose
``manifest.json`` says ``"tool": "jixiao"``; its own tables, workbook and review pages — anything
else of the user's in it is read). So running ``jixiao extract . -o out`` again and again reads the
same documents each time.

A refused or unreadable input has no bytes to hash; its ``doc_id`` is the sha256 of
``"unread:" + source_path`` (see :func:`unread_doc_id`), so it is still unique and stable.
"""

from __future__ import annotations

import hashlib
import os
import stat
import struct
import zipfile
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from jixiao.extract.limits import MAX_ARCHIVE_MEMBER_BYTES as MAX_MEMBER_BYTES
from jixiao.extract.limits import MAX_INPUT_FILE_BYTES as MAX_FILE_BYTES
from jixiao.extract.limits import exceeds_ratio
from jixiao.normalize.records import DocumentRow
from jixiao.zip_archive import open_zip
from jixiao.zip_members import MemberError, iter_member

# .pdf has its reader; .doc .wps .rtf .xls .et are converted by LibreOffice (extract.office_convert)
SUPPORTED = (
    ".txt",
    ".text",
    ".docx",
    ".xlsx",
    ".html",
    ".htm",
    ".pdf",
    ".doc",
    ".wps",
    ".rtf",
    ".xls",
    ".et",
)
# Formats a submission may come in that jixiao cannot read: skipping one is a file not read (exit 1),
# unlike a .json or .png beside the submissions.
UNREAD_FORMATS = frozenset(
    {".docm", ".dot", ".dotx", ".wpt", ".odt", ".ofd", ".xps"}
    | {".xlsm", ".xlsb", ".ods", ".csv", ".pages", ".numbers", ".mht", ".mhtml"}
    | {".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz"}
)
_SKIP_NAMES = ("~$", ".")  # Word lock files, hidden files (.DS_Store …)
_SKIP_DIRS = ("__MACOSX", ".git")


@dataclass(frozen=True, slots=True)
class InputItem:
    """One input document: a file on disk, or one member of a zip archive."""

    source_path: str  # as recorded in the documents table
    path: str  # the file on disk (the archive, for a member)
    member: int | None = None  # index in the archive's infolist
    refused: str | None = None  # why it will not be read (unsafe, zip bomb, too large, unreadable archive)
    note: str | None = None  # what was noticed about its name: a document.note on its row (zip names)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file (or folder) found and not read: a documents row with status ``skipped``."""

    source_path: str
    reason: str
    unread: bool = True  # it may have held a submission (exit 1); False for hidden files, notes …


@dataclass(slots=True)
class FoundInputs:
    items: list[InputItem] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # arguments that matched nothing
    own_outputs: list[str] = field(default_factory=list)  # jixiao outputs met on the way (never read)


def skipped_row(skip: Skipped) -> DocumentRow:
    """The documents row of a file found and not read: status ``skipped``, the reason as its error.

    >>> skipped_row(Skipped("a/report.ofd", "unsupported format .ofd")).status
    'skipped'
    """
    fmt = source_format_of(skip.source_path.rstrip("/"))
    doc_id = unread_doc_id(skip.source_path)
    return DocumentRow(doc_id, skip.source_path, fmt, None, "skipped", skip.reason, 0, 0, 0.0)


def source_format_of(source_path: str) -> str:
    """The format a path's extension claims: ``txt``, ``docx``, ``html`` … (``htm`` → ``html``).

    >>> source_format_of("a.zip!/2023/自评.DOCX"), source_format_of("x.htm"), source_format_of("README")
    ('docx', 'html', 'unknown')
    """
    suffix = PurePosixPath(source_path).suffix.lower().lstrip(".")
    return {"htm": "html"}.get(suffix, suffix or "unknown")


def unread_doc_id(source_path: str) -> str:
    """doc_id for an input refused before its bytes were read (there is nothing else to hash)."""
    return hashlib.sha256(("unread:" + source_path).encode()).hexdigest()


def _display_root(arg_path: Path) -> Path:
    """The folder that source paths are made relative to (see the module docstring)."""
    cwd = Path.cwd().resolve()
    try:
        target = arg_path.resolve()
    except (OSError, RuntimeError):  # a link loop named on the command line: its row shows the name given
        target = arg_path.absolute()
    if target == cwd or cwd in target.parents:
        return cwd
    return target.parent


def _rel(real: Path, root: Path) -> str:
    return display_path(real.relative_to(root).as_posix())


def display_path(text: str) -> str:
    """A path as people read it. Names that are not UTF-8 reach Python as surrogate escapes (archives
    unpacked from Chinese Windows name files in GBK); each such part is read as GB18030, else shown
    with U+FFFD. Only ``source_path`` changes: the file is still opened by its real name.

    >>> display_path("档案/" + "绩效.txt".encode("gbk").decode("utf-8", "surrogateescape"))
    '档案/绩效.txt'
    """
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    parts = []
    for part in text.split("/"):
        raw = part.encode("utf-8", "surrogateescape")
        try:
            parts.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            try:
                parts.append(raw.decode("gb18030"))
            except UnicodeDecodeError:
                parts.append(raw.decode("utf-8", "replace"))
    return "/".join(parts)


def _skippable(name: str) -> bool:
    return name.startswith(_SKIP_NAMES)


def _member_name(info: zipfile.ZipInfo, *, mended: bool = False) -> tuple[str, str | None]:
    """A member's name, and a note when its name was not what its header said. Names without the UTF-8
    flag are usually GBK (Chinese Windows), read by zipfile as cp437: read as UTF-8, else GB18030.
    ``mended``: the flag said UTF-8 and the bytes were not (:mod:`jixiao.zip_archive` cleared it): read
    as GB18030. A name that reads neither way is read folder by folder, each part that still does not
    shown as cp437 (which maps every byte), so no name is lost.

    >>> _member_name(zipfile.ZipInfo("绩效.txt".encode("gbk").decode("cp437")))
    ('绩效.txt', None)
    >>> _member_name(zipfile.ZipInfo(b"\\xd6\\xd0/a\\xff.txt".decode("cp437")), mended=True)
    ('中/a\\xa0.txt', 'member name is marked UTF-8 but is not UTF-8 (nor GB18030); shown partly as cp437')
    """
    if info.flag_bits & 0x800:
        return info.filename, None
    raw = info.filename.encode("cp437", errors="replace")
    codecs = ("gb18030",) if mended else ("utf-8", "gb18030")
    whole = _decoded(raw, codecs)
    if whole is not None:
        return whole, ("member name is marked UTF-8 but is not UTF-8; read as GB18030" if mended else None)
    name = "/".join(_decoded(part, codecs) or part.decode("cp437") for part in raw.split(b"/"))
    note = "member name is marked UTF-8 but is not UTF-8 (nor GB18030); shown partly as cp437"
    return name, (note if mended else None)


def _decoded(raw: bytes, codecs: tuple[str, ...]) -> str | None:
    for codec in codecs:
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    return None


def _refusal(info: zipfile.ZipInfo, name: str) -> str | None:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if name.startswith(("/", "\\")) or ".." in parts or (parts and ":" in parts[0]):
        return f"unsafe member name {name!r} refused"
    if info.file_size > MAX_MEMBER_BYTES:
        return f"member declares {info.file_size} bytes (limit {MAX_MEMBER_BYTES}); refused as a zip bomb"
    if exceeds_ratio(info.file_size, info.compress_size):
        return f"member compresses {info.file_size // max(info.compress_size, 1)}:1; refused as a zip bomb"
    if info.flag_bits & 0x1:
        return "member is encrypted; give the archive password-free"
    return None


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def _too_large(size: int) -> str | None:
    if size > MAX_FILE_BYTES:
        return f"file is {size:,} bytes (limit {MAX_FILE_BYTES:,}); refused unread"
    return None


def find_inputs(
    args: Sequence[str], *, out_dir: str | os.PathLike[str] | None = None, follow_links: bool = False
) -> FoundInputs:
    """Every input named by ``args`` (files, folders, globs, zips), each once, sorted by source_path;
    see the module docstring for what is skipped (:mod:`jixiao.input_walk` does the walk)."""
    from jixiao.input_walk import walk_inputs

    return walk_inputs(args, out_dir=out_dir, follow_links=follow_links)


# Open archives, by path. NOTE: a forked worker must call forget_archives() first — an inherited
# ZipFile shares its file offset with the parent and siblings.
_ARCHIVES: OrderedDict[str, zipfile.ZipFile] = OrderedDict()
_MAX_OPEN = 4


def open_regular(path: str) -> BinaryIO:
    """``path`` opened for reading only if it is (still) a regular file within :data:`MAX_FILE_BYTES`.

    Opened non-blocking, so a FIFO put in a file's place since the walk cannot hang us, and checked
    with ``fstat`` on what was opened.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    fh = os.fdopen(fd, "rb")
    st = os.fstat(fd)
    problem = None if stat.S_ISREG(st.st_mode) else f"{_kind(st.st_mode)}, not a regular file; not read"
    if problem is not None or (problem := _too_large(st.st_size)) is not None:
        fh.close()
        raise OSError(problem)
    return fh


def _archive(path: str) -> zipfile.ZipFile:
    zf = _ARCHIVES.pop(path, None) or open_zip(open_regular(path))
    _ARCHIVES[path] = zf
    while len(_ARCHIVES) > _MAX_OPEN:
        _close(_ARCHIVES.popitem(last=False)[1])
    return zf


def close_archives() -> None:
    while _ARCHIVES:
        _close(_ARCHIVES.popitem()[1])


def _close(zf: zipfile.ZipFile) -> None:
    fh = zf.fp  # opened by open_regular: ZipFile.close leaves a file it was given open
    zf.close()
    if fh is not None:
        fh.close()


def forget_archives() -> None:
    """Drop inherited archive handles without touching the shared file offsets (forked workers)."""
    _ARCHIVES.clear()


def _iter_file(path: str) -> Iterator[bytes]:
    """A file's bytes in pieces (see :func:`open_regular`); the read is bounded too, in case the file
    grows meanwhile."""
    with open_regular(path) as fh:
        left = MAX_FILE_BYTES + 1
        while left > 0 and (chunk := fh.read(min(1 << 20, left))):
            left -= len(chunk)
            yield chunk
        if left <= 0:
            raise OSError(f"file grew past {MAX_FILE_BYTES:,} bytes while it was read; refused")


def _iter_member(item: InputItem) -> Iterator[bytes]:
    assert item.member is not None
    zf = _archive(item.path)
    if zf.fp is None:
        raise OSError("archive is closed")
    yield from iter_member(zf.fp, zf.infolist()[item.member], MAX_MEMBER_BYTES)  # type: ignore[arg-type]


def _iter_item(item: InputItem) -> Iterator[bytes]:
    if item.refused:
        raise OSError(item.refused)
    return _iter_file(item.path) if item.member is None else _iter_member(item)


def read_item(item: InputItem) -> bytes:
    """The bytes of one input (a member is decompressed capped while it streams, at most
    MAX_MEMBER_BYTES); ``OSError`` saying why when it cannot be read."""
    try:
        return b"".join(_iter_item(item))
    except (zipfile.BadZipFile, ValueError, EOFError, RuntimeError, struct.error) as exc:
        raise MemberError(f"not a readable zip archive: {exc}") from None


def hash_item(item: InputItem) -> str:
    """doc_id of an input: sha256 of its bytes (streamed, bounded as :func:`read_item`), or
    :func:`unread_doc_id` if it cannot be read (the worker then says why)."""
    if item.refused:
        return unread_doc_id(item.source_path)
    digest = hashlib.sha256()
    try:
        for chunk in _iter_item(item):
            digest.update(chunk)
    except (OSError, zipfile.BadZipFile, RuntimeError, ValueError, EOFError, struct.error):
        return unread_doc_id(item.source_path)
    return digest.hexdigest()
