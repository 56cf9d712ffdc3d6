"""Finding, naming and reading inputs: files, folders (recursive), globs and ``.zip`` archives.

``source_path`` (what the documents table records) is the path relative to the current folder when
the input lies under it, else relative to the parent of the folder (or file) named on the command
line — so the same archive gives the same paths on any machine. A zip member is
``archive.zip!/dir/file.docx``; members are read in place, never extracted, and refused (recorded as
a failed document, not read) when their name is unsafe or their declared size or compression ratio
is absurd. Folders are walked in sorted order; only :data:`SUPPORTED` extensions are taken from
folders and archives (the rest are listed as skipped), while a file named explicitly is always
passed on (the pipeline says if it cannot read it).

A refused or unreadable input has no bytes to hash; its ``doc_id`` is the sha256 of
``"unread:" + source_path`` (see :func:`unread_doc_id`), so it is still unique and stable.
"""

from __future__ import annotations

import glob
import hashlib
import os
import zipfile
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

SUPPORTED = (".txt", ".docx", ".xlsx", ".html", ".htm", ".pdf", ".doc", ".wps", ".rtf", ".xls", ".et")
MAX_MEMBER_BYTES = 256 * 1024 * 1024  # a self-evaluation is kilobytes; 256 MB is absurd
MAX_RATIO = 200  # deflate rarely beats ~20x on documents; bombs are 1000x+
_RATIO_FLOOR = 1024 * 1024  # tiny members may compress absurdly well (runs of spaces) — harmless
_SKIP_NAMES = ("~$", ".")  # Word lock files, hidden files (.DS_Store …)
_SKIP_DIRS = ("__MACOSX", ".git")


@dataclass(frozen=True, slots=True)
class InputItem:
    """One input document: a file on disk, or one member of a zip archive."""

    source_path: str  # as recorded in the documents table
    path: str  # the file on disk (the archive, for a member)
    member: int | None = None  # index in the archive's infolist
    refused: str | None = None  # why it will not be read (unsafe, zip bomb, unreadable archive)


@dataclass(slots=True)
class FoundInputs:
    items: list[InputItem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # unsupported extensions, lock files …
    missing: list[str] = field(default_factory=list)  # arguments that matched nothing


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
    target = arg_path.resolve()
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


def _member_name(info: zipfile.ZipInfo) -> str:
    """Zip names without the UTF-8 flag are usually GBK (Chinese Windows), read by zipfile as cp437."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437", errors="replace")
    for codec in ("utf-8", "gb18030"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    return info.filename


def _refusal(info: zipfile.ZipInfo, name: str) -> str | None:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if name.startswith(("/", "\\")) or ".." in parts or (parts and ":" in parts[0]):
        return f"unsafe member name {name!r} refused"
    if info.file_size > MAX_MEMBER_BYTES:
        return f"member declares {info.file_size} bytes (limit {MAX_MEMBER_BYTES}); refused as a zip bomb"
    if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        return f"member compresses {info.file_size // max(info.compress_size, 1)}:1; refused as a zip bomb"
    if info.flag_bits & 0x1:
        return "member is encrypted; give the archive password-free"
    return None


def _add_archive(found: FoundInputs, path: Path, shown: str) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        found.items.append(InputItem(shown, str(path), None, f"not a readable zip archive: {exc}"))
        return
    for index, info in enumerate(infos):
        if info.is_dir():
            continue
        name = _member_name(info)
        inner = PurePosixPath(name.replace("\\", "/"))
        member_shown = f"{shown}!/{inner.as_posix().lstrip('/')}"
        if any(p in _SKIP_DIRS for p in inner.parts) or _skippable(inner.name):
            found.skipped.append(member_shown)
        elif inner.suffix.lower() == ".zip":
            found.items.append(InputItem(member_shown, str(path), index, "nested archive: unzip it first"))
        elif inner.suffix.lower() not in SUPPORTED:
            found.skipped.append(member_shown)
        else:
            found.items.append(InputItem(member_shown, str(path), index, _refusal(info, name)))


def _add_file(found: FoundInputs, named: Path, real: Path, root: Path, *, explicit: bool) -> None:
    """``named``: the path as found (its name decides the kind: a link keeps its own); ``real``: the
    resolved path (what ``InputItem.path`` holds, so duplicates compare it; ``source_path`` shows it)."""
    shown = _rel(real, root)
    if named.suffix.lower() == ".zip":
        _add_archive(found, real, shown)
    elif explicit or (named.suffix.lower() in SUPPORTED and not _skippable(named.name)):
        found.items.append(InputItem(shown, str(real)))
    else:
        found.skipped.append(shown)


def _add_folder(found: FoundInputs, folder: Path, root: Path) -> None:
    # Walk the resolved folder: its files need no resolving of their own (tens of thousands of
    # realpath calls were most of the start-up of a big run), except the ones that are symlinks.
    for dirpath, dirnames, filenames in os.walk(folder.resolve()):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS and not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath, name)
            _add_file(found, path, path.resolve() if os.path.islink(path) else path, root, explicit=False)


def find_inputs(args: Sequence[str]) -> FoundInputs:
    """Every input named by ``args`` (files, folders, globs, zips), each once, sorted by source_path."""
    found = FoundInputs()
    for arg in args:
        matches = (
            [Path(arg)] if os.path.exists(arg) else [Path(m) for m in sorted(glob.glob(arg, recursive=True))]
        )
        if not matches:
            found.missing.append(arg)
        for path in matches:
            root = _display_root(path)
            if path.is_dir():
                _add_folder(found, path, root)
            else:
                _add_file(found, path, path.resolve(), root, explicit=True)
    unique: dict[tuple[str, int | None], InputItem] = {}
    for item in sorted(found.items, key=lambda i: i.source_path):
        unique.setdefault((item.path, item.member), item)  # same file named twice (paths are resolved)
    found.items = sorted(unique.values(), key=lambda i: i.source_path)
    found.skipped.sort()
    return found


# Open archives, by path. NOTE: a forked worker must call forget_archives() first — an inherited
# ZipFile shares its file offset with the parent and siblings.
_ARCHIVES: OrderedDict[str, zipfile.ZipFile] = OrderedDict()
_MAX_OPEN = 4


def _archive(path: str) -> zipfile.ZipFile:
    zf = _ARCHIVES.pop(path, None) or zipfile.ZipFile(path)
    _ARCHIVES[path] = zf
    while len(_ARCHIVES) > _MAX_OPEN:
        _ARCHIVES.popitem(last=False)[1].close()
    return zf


def close_archives() -> None:
    while _ARCHIVES:
        _ARCHIVES.popitem()[1].close()


def forget_archives() -> None:
    """Drop inherited archive handles without touching the shared file offsets (forked workers)."""
    _ARCHIVES.clear()


def read_item(item: InputItem) -> bytes:
    """The bytes of one input (a member is decompressed in memory, at most MAX_MEMBER_BYTES)."""
    if item.refused:
        raise OSError(item.refused)
    if item.member is None:
        return Path(item.path).read_bytes()
    info = _archive(item.path).infolist()[item.member]
    with _archive(item.path).open(info) as fh:
        data = fh.read(MAX_MEMBER_BYTES + 1)
    if len(data) > MAX_MEMBER_BYTES:
        raise OSError(f"member is larger than {MAX_MEMBER_BYTES} bytes; refused")
    return data


def hash_item(item: InputItem) -> str:
    """doc_id of an input: sha256 of its bytes (streamed), or :func:`unread_doc_id` if unreadable."""
    if item.refused:
        return unread_doc_id(item.source_path)
    digest = hashlib.sha256()
    try:
        if item.member is None:
            with open(item.path, "rb") as fh:
                while chunk := fh.read(1 << 20):
                    digest.update(chunk)
        else:
            digest.update(read_item(item))
    except (OSError, zipfile.BadZipFile, RuntimeError, ValueError, EOFError):
        return unread_doc_id(item.source_path)
    return digest.hexdigest()
