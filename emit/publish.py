"""An output folder published in one step: generation folders behind one symlink.

::

    OUT/.jixiao/lock                   held (``flock``) by the run writing into OUT
    OUT/.jixiao/tmp-<pid>/             a run's staging folder, filled with the complete new output
    OUT/.jixiao/gen-<n>/               a complete output (the staging folder, renamed)
    OUT/.jixiao/current -> gen-<n>     the published generation
    OUT/documents.csv -> .jixiao/current/documents.csv     one link per published name, and so on

Publishing renames a new ``current`` link over the old one: one atomic ``rename(2)``, so every reader
sees the old output or the new one, never a mix, and a run killed at any point leaves the previous
output as it was. The names in OUT are links through ``current``: after the swap they all show the new
generation; the links of names the new output does not have (a format not asked for this time) are
then removed, and so is the old generation. Only jixiao's own names (:data:`OWN_NAMES`) are touched:
other files in OUT stay. An output written by an older version (real files, no ``.jixiao``) is turned
into links on its first publish; a folder that is not ours at one of our names stops the run before
anything changes.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import time
from pathlib import Path
from typing import IO

from jixiao.extract.errors import JixiaoError
from jixiao.schemas.outputs import own_output_names

JIXIAO_DIR = ".jixiao"
CURRENT = "current"
OWN_NAMES = own_output_names() - {JIXIAO_DIR}  # the names published as links
_OLD_DIRS = ("review", "parquet_by_year")  # folders an older version wrote straight into OUT
_OLD_PANEL = "panel"  # `jixiao panel` of an older version wrote this folder into OUT even beside generations
_OLD_PANEL_SUFFIXES = (".csv", ".parquet", ".xlsx")


def _is_old_panel(path: Path) -> bool:
    """An older ``jixiao panel``'s folder: only its own tables and workbook (``unit_score.csv``, …)."""
    try:
        return path.name == _OLD_PANEL and all(
            p.is_file()
            and p.suffix in _OLD_PANEL_SUFFIXES
            and p.name.startswith(("unit_", "project_", "panel."))
            for p in path.iterdir()
        )
    except OSError:
        return False


class OutputError(JixiaoError, OSError):
    """The output folder could not be written; the previous output (if any) is left as it was."""


def _is_old_layout(out: Path) -> bool:
    """OUT holds an output of an older version (real files, no generations)."""
    manifest = out / "manifest.json"
    if manifest.is_symlink() or not manifest.is_file():
        return False
    try:
        return json.loads(manifest.read_text("utf-8")).get("tool") == "jixiao"
    except (OSError, ValueError, AttributeError):
        return False


def _remove(path: Path) -> None:
    """A left-over entry of ``.jixiao`` removed whatever it is: a folder with its tree, anything else
    (a link, a file, a FIFO) by unlinking it. ``shutil.rmtree`` opens the path it is given, and opening
    a FIFO waits for a writer: a FIFO named ``tmp-…`` hung every run."""
    try:
        is_dir = stat.S_ISDIR(path.lstat().st_mode)
    except OSError:
        return
    if is_dir:
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()


class Staging:
    """A staging folder in ``OUT/.jixiao``; :meth:`publish` makes it the output, :meth:`abort` drops it."""

    def __init__(self, out_dir: Path) -> None:
        self.out = out_dir
        self.home = out_dir / JIXIAO_DIR
        self._lock: IO[bytes] | None = None
        try:
            self.home.mkdir(parents=True, exist_ok=True)
            self._take_lock()
            held = sorted(self.home.glob("gen-*-held"))
            if held and not os.path.lexists(self.home / CURRENT):  # a run killed in _hold_current
                os.symlink(held[-1].name, self.home / CURRENT)
            for old in self.home.iterdir():  # left by killed runs (we hold the lock: none is live)
                if old.name.startswith(("tmp-", "gen-")) and not self._is_current(old):
                    _remove(old)
            self.dir = self.home / f"tmp-{os.getpid()}"
            self.dir.mkdir()
        except OSError as exc:
            self._unlock()
            raise OutputError(f"cannot write to {out_dir}: {exc}") from exc

    def _take_lock(self) -> None:
        try:
            import fcntl
        except ImportError:  # no flock (Windows): one run at a time is the user's care
            return
        path = self.home / "lock"
        with contextlib.suppress(OSError):  # a link or FIFO there is never ours: opening it would write
            mode = path.lstat().st_mode  # through the link (truncating its target) or wait for a reader
            if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
                path.unlink()
        flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        self._lock = os.fdopen(os.open(path, flags, 0o644), "wb")  # closed in _unlock
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._unlock()
            raise OutputError(f"another jixiao run is writing to {self.out}; wait for it to finish") from None

    def _unlock(self) -> None:
        if self._lock is not None:
            self._lock.close()  # closing releases the flock
            self._lock = None

    def _is_current(self, path: Path) -> bool:
        link = self.home / CURRENT
        return link.is_symlink() and os.readlink(link) == path.name

    def _check_names(self, names: set[str]) -> bool:
        """Refuse (before anything changes) a name in OUT that is not ours; True if OUT is old-layout."""
        old_layout = _is_old_layout(self.out)
        for name in sorted(names):
            path = self.out / name
            if path.is_file() and not path.is_symlink() and name in _OLD_DIRS:  # never a file of ours
                raise OutputError(f"{path} is a file that jixiao did not write; move it away and run again")
            if path.is_symlink() or not path.exists() or path.is_file():
                continue
            if not (old_layout and name in _OLD_DIRS) and not _is_old_panel(path):
                kind = "folder" if path.is_dir() else "special file"
                raise OutputError(f"{path} is a {kind} that jixiao did not write; move it away and run again")
        return old_layout

    def publish(self) -> None:
        names = {p.name for p in self.dir.iterdir()}
        old_layout = self._check_names(names)
        if old_layout and not (self.home / CURRENT).is_symlink():
            self._adopt()
        current = self.home / CURRENT
        if current.is_dir() and not current.is_symlink():
            self._hold_current()
        gen = self.home / f"gen-{time.time_ns()}"
        os.rename(self.dir, gen)
        self.dir = gen  # what abort() drops
        added = [n for n in sorted(names) if not os.path.lexists(self.out / n)]
        tmp_link = self.home / f"{CURRENT}.tmp-{os.getpid()}"
        try:
            for name in sorted(names):  # links first: until the swap they show the old output, or nothing
                self._link(name)
            tmp_link.unlink(missing_ok=True)
            os.symlink(gen.name, tmp_link)
            _fsync_dir(self.home)
            os.replace(tmp_link, self.home / CURRENT)  # the publish: one atomic rename
        except BaseException:
            tmp_link.unlink(missing_ok=True)
            for name in added:  # links of names the old output did not have: they show nothing
                with contextlib.suppress(OSError):
                    (self.out / name).unlink()
            raise
        _fsync_dir(self.home)
        self._tidy(names, old_layout, keep=gen)

    def _hold_current(self) -> None:
        """``current`` is a real folder (OUT copied by a tool that followed links): it becomes a generation
        behind a link again, so the new one can replace it atomically. For a moment OUT shows nothing
        (never a mix); a run killed then finds the folder and links it back (``__init__``)."""
        held = self.home / f"gen-{time.time_ns()}-held"
        os.rename(self.home / CURRENT, held)
        os.symlink(held.name, self.home / CURRENT)
        _fsync_dir(self.home)

    def _adopt(self) -> None:
        """An older version's output (real files in OUT) becomes the current generation first — hard
        links, then one link at a time in OUT, each showing the same bytes — so nothing is lost
        whatever stops the run from here."""
        gen = self.home / f"gen-{time.time_ns()}-adopted"
        gen.mkdir()
        stage_copy(self.out, gen)
        os.symlink(gen.name, self.home / CURRENT)
        _fsync_dir(self.home)
        for name in sorted(p.name for p in gen.iterdir()):
            self._link(name)

    def _link(self, name: str) -> None:
        path, target = self.out / name, f"{JIXIAO_DIR}/{CURRENT}/{name}"
        if path.is_symlink() and os.readlink(path) == target:
            return
        tmp = self.out / f".{name}.jixiao-link-{os.getpid()}"
        tmp.unlink(missing_ok=True)
        os.symlink(target, tmp)
        if path.is_dir() and not path.is_symlink():  # an older version's review/ (see _check_names)
            trash = self.home / f"tmp-old-{name}-{os.getpid()}"
            os.rename(path, trash)
        os.replace(tmp, path)

    def _tidy(self, names: set[str], old_layout: bool, keep: Path) -> None:
        """After the swap: our links (and old-layout files) of names not published now, old generations."""
        for name in sorted(OWN_NAMES - names):
            path = self.out / name
            ours = path.is_symlink() and os.readlink(path) == f"{JIXIAO_DIR}/{CURRENT}/{name}"
            if ours or (old_layout and path.is_file() and not path.is_symlink()):
                path.unlink(missing_ok=True)
            elif old_layout and name in _OLD_DIRS and path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
        for old in self.home.iterdir():
            if old.name.startswith(("tmp-", "gen-")) and old != keep:
                _remove(old)
        self._unlock()

    def abort(self) -> None:
        """Drop the staging folder; the previous output stays as it was."""
        shutil.rmtree(self.dir, ignore_errors=True)
        self._unlock()


def fsync_path(path: Path) -> None:
    """Flush a file's (or a folder's) bytes to disk, so a rename after it publishes complete data."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system lets a folder be fsynced
        fsync_path(path)


def stage_copy(src: Path, dest: Path, skip: frozenset[str] = frozenset(), only: str | None = None) -> None:
    """OUT's own files (through its links) into ``dest`` as hard links (copies where links fail),
    but the names in ``skip`` (or ``only`` that one); for redrawing part of an output (``jixiao review``)."""
    generations = (src / JIXIAO_DIR / CURRENT).is_symlink()
    for name in [only] if only is not None else sorted(OWN_NAMES - skip):
        if generations and only is None and not (src / name).is_symlink():
            continue  # a plain file or folder at our name (an older `jixiao panel`'s): not a generation's
        path = (src / name).resolve()  # through OUT's links: a hard link to a symlink would dangle
        if not path.exists():
            continue
        if path.is_dir():
            shutil.copytree(path, dest / name, copy_function=_link_or_copy, dirs_exist_ok=True)
        else:
            _link_or_copy(str(path), str(dest / name))


def _link_or_copy(src: str, dest: str) -> None:
    try:
        os.link(os.path.realpath(src), dest)
    except OSError:
        shutil.copy2(src, dest)
