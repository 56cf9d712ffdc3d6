"""The walk behind :func:`jixiao.inputs.find_inputs`: arguments → files found, read or skipped.

Folders are listed with ``os.scandir`` in sorted order; every entry is judged once: hidden folders and
archivers' metadata are passed over, links are resolved once (loops, broken links and links leaving the
input roots become :class:`~jixiao.inputs.Skipped` rows unless ``follow_links``), special files are
skipped unopened, a folder that cannot be listed is one skipped row, and the output folder and the own
files of other jixiao outputs are never taken.
"""

from __future__ import annotations

import errno
import glob
import json
import os
import stat
import struct
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path, PurePosixPath

from jixiao.inputs import (
    _SKIP_DIRS,
    SUPPORTED,
    UNREAD_FORMATS,
    FoundInputs,
    InputItem,
    Skipped,
    _display_root,
    _kind,
    _member_name,
    _refusal,
    _rel,
    _skippable,
    _too_large,
    display_path,
    open_regular,
)
from jixiao.schemas.outputs import MANIFEST, own_output_names
from jixiao.zip_archive import mended_members, open_zip

# What to do with a format jixiao cannot read (default: save it as .docx)
_HOW = {
    **dict.fromkeys((".xls", ".xlsm", ".xlsb", ".et", ".ods", ".csv"), "save it as .xlsx"),
    **dict.fromkeys((".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz"), "unpack it, or repack it as .zip"),
}


def _not_read(name: str) -> Skipped | None:
    """Why a file of this name is not read (None: it is), judged by its name alone.

    >>> _not_read("a.ofd").reason, _not_read("b.rar").unread, _not_read("c.json").unread
    ('unsupported format .ofd: jixiao cannot read it; save it as .docx', True, False)
    """
    suffix = PurePosixPath(name).suffix.lower()
    if _skippable(name):
        return Skipped("", "hidden or lock file", unread=False)
    if suffix in SUPPORTED:
        return None
    if suffix in UNREAD_FORMATS:
        how = _HOW.get(suffix, "save it as .docx")
        return Skipped("", f"unsupported format {suffix}: jixiao cannot read it; {how}")
    return Skipped("", f"not a submission format ({suffix or 'no extension'})", unread=False)


def _is_own_output(folder: Path) -> bool:
    """Whether ``folder`` holds a jixiao output (its manifest says so)."""
    try:
        with open(folder / MANIFEST, "rb") as fh:
            head = fh.read(1 << 20)
        return bool(json.loads(head).get("tool") == "jixiao")
    except (OSError, ValueError, AttributeError):
        return False


class _Finder:
    """One walk over the arguments; see the module docstring for what is read and what is skipped."""

    def __init__(self, out_dir: Path | None, follow_links: bool) -> None:
        self.found = FoundInputs()
        self.out_dir = out_dir.resolve() if out_dir is not None else None
        self.follow_links = follow_links
        self.roots: list[Path] = []
        self.visited: set[Path] = set()  # folders walked as roots (named, or reached by a followed link)
        self.pending: list[Path] = []  # folders found and not yet listed
        self.own = own_output_names()

    def _inside_roots(self, real: Path) -> bool:
        return any(real == r or r in real.parents for r in self.roots)

    def _in_output(self, real: Path) -> bool:
        return self.out_dir is not None and (real == self.out_dir or self.out_dir in real.parents)

    def skip(self, shown: str, why: Skipped) -> None:
        self.found.skipped.append(Skipped(shown, why.reason, why.unread))

    def add_argument(self, path: Path) -> None:
        root = _display_root(path)
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError) as exc:  # broken or looping link named on the command line
            self.skip(display_path(path.as_posix()), Skipped("", _link_problem(exc)))
            return
        if self._in_output(real):
            self.found.own_outputs.append(display_path(path.as_posix()))
            return
        try:
            st = real.stat()
        except OSError as exc:
            self.skip(_rel(real, root), Skipped("", f"cannot read: {exc.strerror or exc}"))
            return
        if stat.S_ISDIR(st.st_mode):
            self.walk(real, root)
        else:
            self.add_file(path, real, st, root, explicit=True)

    def add_file(self, named: Path, real: Path, st: os.stat_result, root: Path, *, explicit: bool) -> None:
        """``named``: the path as found (its name decides the kind: a link keeps its own); ``real``:
        the resolved path (what ``InputItem.path`` holds, so duplicates compare it)."""
        shown = _shown(real, named, root)
        if not stat.S_ISREG(st.st_mode):
            self.skip(shown, Skipped("", f"{_kind(st.st_mode)}, not a regular file; not read"))
            return
        if named.suffix.lower() == ".zip":
            self.add_archive(real, shown)
            return
        why = _not_read(named.name)
        if why is not None and not (explicit and why.unread is False and not named.suffix):
            self.skip(shown, why)  # a file named explicitly with no extension is sniffed instead
            return
        self.found.items.append(InputItem(shown, str(real), None, _too_large(st.st_size)))

    def add_archive(self, path: Path, shown: str) -> None:
        try:
            with open_regular(str(path)) as fh, open_zip(fh) as zf:  # a FIFO put there: no hang
                infos, mended = zf.infolist(), mended_members(zf)
        except (OSError, zipfile.BadZipFile, ValueError, EOFError, RuntimeError, struct.error) as exc:
            self.found.items.append(InputItem(shown, str(path), None, f"not a readable zip archive: {exc}"))
            return
        if not any(not i.filename.endswith("/") for i in infos):
            self.found.items.append(InputItem(shown, str(path), None, "empty archive: no file in it"))
            return
        for index, info in enumerate(infos):
            if info.filename.endswith("/"):  # a folder entry (ZipInfo.is_dir fails on an empty name)
                continue
            name, note = _member_name(info, mended=mended.get(index) == "name")
            inner = PurePosixPath(name.replace("\\", "/"))
            member_shown = f"{shown}!/{inner.as_posix().lstrip('/')}"
            if any(p in _SKIP_DIRS for p in inner.parts):
                continue  # archivers' metadata (__MACOSX resource forks), not the sender's files
            if not name:
                self.skip(f"{shown}!/", Skipped("", "archive member with an empty name; not read"))
                continue
            special = _special_member(info)
            if special:
                self.skip(member_shown, Skipped("", f"{special} inside the archive; not read"))
                continue
            if inner.suffix.lower() == ".zip":
                refused = "nested archive: unzip it first"
                self.found.items.append(InputItem(member_shown, str(path), index, refused, note))
                continue
            why = _not_read(inner.name)
            if why is not None:
                self.skip(member_shown, why)
            else:
                refusal = _refusal(info, name) or (
                    mended[index] if mended.get(index, "name") != "name" else None
                )
                self.found.items.append(InputItem(member_shown, str(path), index, refusal, note))

    def walk(self, folder: Path, root: Path) -> None:
        """Every entry under ``folder`` (resolved), each file once (the caller sorts what is found).

        Folders wait on a stack, not in the call stack: a tree 10,000 folders deep is still walked.
        """
        if folder in self.visited:
            return
        self.visited.add(folder)
        if folder not in self.roots:
            self.roots.append(folder)
        self.pending.append(folder)
        while self.pending:
            self._walk(self.pending.pop(), root)

    def _walk(self, folder: Path, root: Path) -> None:
        own = self.own if _is_own_output(folder) else frozenset()
        if own:
            self.found.own_outputs.append(_rel(folder, root))
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            reason = f"folder cannot be listed ({exc.strerror or exc}); its files were not read"
            self.skip(_rel(folder, root) + "/", Skipped("", reason))
            return
        for entry in entries:
            self._entry(Path(folder, entry.name), entry, root, own)

    def _entry(self, path: Path, entry: os.DirEntry[str], root: Path, own: frozenset[str]) -> None:
        if entry.name in own:
            return  # a table, workbook or review folder of an earlier jixiao run
        try:
            is_link = entry.is_symlink()
            is_dir = not is_link and entry.is_dir(follow_symlinks=False)
        except OSError:
            is_link = is_dir = False
        if is_dir:
            if entry.name in _SKIP_DIRS or entry.name.startswith("."):
                return
            if not self._in_output(path):
                self.pending.append(path)
            return
        real = path
        if is_link:
            try:
                real = path.resolve(strict=True)
            except (OSError, RuntimeError) as exc:
                self.skip(_rel(path, root), Skipped("", _link_problem(exc)))
                return
            if self._in_output(real):
                return
        try:
            st = real.stat() if is_link else entry.stat(follow_symlinks=False)
        except OSError as exc:
            self.skip(_rel(path, root), Skipped("", f"cannot read: {exc.strerror or exc}"))
            return
        if is_link and not self._link_ok(path, real, st, root):
            return
        if is_link and stat.S_ISDIR(st.st_mode):  # only when following links out of the roots (_link_ok)
            if real not in self.visited:
                self.visited.add(real)
                self.roots.append(real)
                self.pending.append(real)
            return
        self.add_file(path, real, st, root, explicit=False)

    def _link_ok(self, path: Path, real: Path, st: os.stat_result, root: Path) -> bool:
        """Whether to follow a link found in a folder (else it is skipped, or already covered)."""
        shown = _rel(path, root)
        is_dir = stat.S_ISDIR(st.st_mode)
        if is_dir and (real == path.parent or real in path.parents or real in self.visited):
            self.skip(shown, Skipped("", "link loop: the link points back to a folder already read"))
            return False
        if self._inside_roots(real):
            return not is_dir  # a folder inside the roots is walked anyway: its files are read once
        if not self.follow_links:
            where = "folder" if is_dir else "file"
            reason = f"link to a {where} outside the input folders; not followed (--follow-links reads it)"
            self.skip(shown, Skipped("", reason))
            return False
        return True


def _special_member(info: zipfile.ZipInfo) -> str | None:
    """What a member is when its Unix mode says it is no regular file (a link's data is its target's
    path: reading it would take that path for a submission)."""
    mode = info.external_attr >> 16
    if info.create_system != 3 or not stat.S_IFMT(mode) or stat.S_ISREG(mode):
        return None  # zipfile's own writer leaves the file-type bits out
    return "a symbolic link" if stat.S_ISLNK(mode) else _kind(mode)


def _link_problem(exc: BaseException) -> str:
    if isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == errno.ELOOP:
        return "link loop: the link never reaches a file"
    return "broken link: its target does not exist"


def _shown(real: Path, named: Path, root: Path) -> str:
    try:
        return _rel(real, root)
    except ValueError:  # a followed link whose target lies outside: shown by the link's own path
        return _rel(named, root)


def _distinct_names(items: Iterable[InputItem]) -> list[InputItem]:
    """Two inputs never share a ``source_path`` (it keys their rows): a zip may hold one name twice, and
    two undecodable file names may show alike; the later one becomes ``name (2).ext``.

    >>> [i.source_path for i in _distinct_names([InputItem("a.zip!/x.txt", "a", n) for n in (0, 1)])]
    ['a.zip!/x.txt', 'a.zip!/x (2).txt']
    """
    taken: set[str] = set()
    out = []
    for item in items:
        shown, n = item.source_path, 1
        while shown in taken:
            n += 1
            path = PurePosixPath(item.source_path)
            shown = str(path.with_name(f"{path.stem} ({n}){path.suffix}"))
        taken.add(shown)
        out.append(item if shown == item.source_path else replace(item, source_path=shown))
    return out


def walk_inputs(
    args: Sequence[str], *, out_dir: str | os.PathLike[str] | None = None, follow_links: bool = False
) -> FoundInputs:
    """Every input named by ``args`` (files, folders, globs, zips), each once, sorted by source_path.

    Nothing inside ``out_dir`` is read, nor any other jixiao output's own files.
    """
    finder = _Finder(Path(out_dir) if out_dir is not None else None, follow_links)
    paths: list[Path] = []
    for arg in args:
        matches = (
            [Path(arg)] if os.path.lexists(arg) else [Path(m) for m in sorted(glob.glob(arg, recursive=True))]
        )
        if not matches:
            finder.found.missing.append(arg)
        paths.extend(matches)
    for path in paths:  # every argument is a root before any link is judged against them
        try:
            finder.roots.append(path.resolve(strict=True))
        except (OSError, RuntimeError):
            continue
    for path in paths:
        finder.add_argument(path)
    found = finder.found
    unique: dict[tuple[str, int | None], InputItem] = {}
    for item in sorted(found.items, key=lambda i: i.source_path):
        unique.setdefault((item.path, item.member), item)  # same file named twice (paths are resolved)
    found.items = sorted(_distinct_names(unique.values()), key=lambda i: i.source_path)
    read = {i.source_path for i in found.items}
    skipped = {s.source_path: s for s in found.skipped if s.source_path not in read}
    found.skipped = sorted(skipped.values(), key=lambda s: s.source_path)
    return found
