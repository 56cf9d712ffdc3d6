"""The streaming output writer: results in, files out, published atomically.

Rows are written per table in fixed-size Parquet row groups (every ``batch_rows`` rows, so the bytes
depend only on the rows, not on how they arrived; pending rows are held as Arrow data, see
:class:`emit.parquet_out.ParquetAppender`) and CSV lines as they come, into a staging folder
``OUT/.jixiao-tmp-<pid>/``. :meth:`OutputWriter.close` finishes the files, writes ``datapackage.json``
and ``manifest.json`` (the only file with timestamps), then renames each file into ``OUT``; until then
the previous output is untouched, and :meth:`OutputWriter.abort` (or a crash) leaves it so.
Tables with at least ``partition_rows`` rows also get a by-year copy under ``parquet_by_year/``
(:mod:`emit.partition`; the year of each row comes from the staged forms table), recorded
in the manifest's ``partitions``.

Formats: ``csv`` and ``parquet`` stream, and so does ``review``: each document's page (drawn in the
worker, see :mod:`emit.prepared`) and layout JSON are written as it arrives, the index at close from a
line per document (incremental runs redraw every page at close from the staged tables instead,
:func:`emit.review.rebuild_review`, since old documents' rows come back as plain columns).
Others are *finalisers* registered in :data:`FORMATS`, run once at close on the staging folder:
``reads="parquet"`` ones (``xlsx``) as ``fn(out_dir, paths)`` with the staged Parquet files, which
they read in pieces (flat memory); ``reads="frames"`` ones as ``fn(out_dir, frames)`` with every
table as a DataFrame (fine for small outputs; memory grows with the run). Entries are
``"module:function"`` strings resolved only when asked for.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import importlib
import json
import os
import shutil
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jixiao.emit.csv_out import CsvAppender
from jixiao.emit.frames import rows_to_columns
from jixiao.emit.packed import PackedRows
from jixiao.emit.parquet_out import (
    ParquetAppender,
    batch_to_columns,
    fsync_path,
    packed_batch,
    read_parquet_frame,
    use_system_memory_pool,
)
from jixiao.emit.partition import PARTITION_COLUMN, PARTITION_DIR, PARTITION_ROWS, YearIndex, write_partitions
from jixiao.emit.prepared import Prepared, prepare
from jixiao.emit.review import LAYOUT_DIR, ReviewStream, as_stored, records
from jixiao.emit.zip_parts import Piece
from jixiao.extract.errors import JixiaoError
from jixiao.normalize.records import DocumentResult, DocumentRow
from jixiao.schemas import TABLES, datapackage
from jixiao.schemas.outputs import own_output_names
from jixiao.schemas.tables import PANEL_DIMENSION_TABLES

STAGING_PREFIX = ".jixiao-tmp-"
STREAMING = ("csv", "parquet", "review")
PARTITION_ROWS_ENV = "JIXIAO_PARTITION_ROWS"  # hidden knob (tests): overrides PARTITION_ROWS


class OutputError(JixiaoError, OSError):
    """The output folder could not be written; the previous output (if any) is left as it was."""


@dataclass(frozen=True, slots=True)
class Finaliser:
    target: str | Callable[..., Any]  # "module:function" (resolved lazily) or the function itself
    reads: str = "frames"  # "frames": fn(out_dir, frames); "parquet": fn(out_dir, {table: path})


XLSX_DEFAULT = (
    "jixiao.emit.xlsx_out:write_xlsx_parquet"  # streamed instead (emit.xlsx_stream) unless replaced
)
FORMATS: dict[str, Finaliser] = {
    "xlsx": Finaliser(XLSX_DEFAULT, reads="parquet"),
}


def register_format(name: str, fn: Callable[..., Any], *, reads: str = "frames") -> None:
    """Add (or replace) a finalising output format."""
    FORMATS[name] = Finaliser(fn, reads)


def resolve_format(name: str) -> Callable[..., Any]:
    """The function behind a finalising format; ``ValueError`` (saying why) when it is unavailable."""
    if name == "review":
        from jixiao.emit.review import rebuild_review

        return rebuild_review
    if name not in FORMATS:
        known = ", ".join([*STREAMING, *sorted(FORMATS)])
        raise ValueError(f"unknown output format {name!r}; choose from {known}")
    target = FORMATS[name].target
    if callable(target):
        return target
    module_name, _, attr = target.partition(":")
    try:
        fn = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise ValueError(f"output format {name!r} is not available in this install ({exc})") from exc
    return fn


def available_formats() -> list[str]:
    """Format names that can be used now (streaming ones plus finalisers whose code is present)."""
    names = list(STREAMING)
    for name in sorted(FORMATS):
        with contextlib.suppress(ValueError):
            resolve_format(name)
            names.append(name)
    return names


TRIM_EVERY = 250  # documents between heap trims (see release_free_memory)


def release_free_memory() -> None:
    """Hand freed heap pages back to the OS (glibc ``malloc_trim``; a no-op elsewhere).

    Results arrive as pickles of every size; glibc keeps the pages they freed, and over a long run
    that showed as resident memory growing with the corpus (~10 MB per 1,000 .docx) though nothing
    was live. A trim takes about a millisecond.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        # glibc's name first: find_library runs ldconfig (~15 ms at every start)
        libc = ctypes.CDLL("libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):
        pass
    try:
        from ctypes.util import find_library

        libc = ctypes.CDLL(find_library("c"))
        return libc.malloc_trim
    except (OSError, AttributeError):
        return None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _started_after(pid: int, moment: float) -> bool:
    """Whether process ``pid`` started after ``moment`` (epoch seconds): then it cannot have written a
    folder last touched at that moment — its pid was reused. False where /proc cannot tell."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
        with open("/proc/stat", "rb") as fh:
            boot = next(int(line.split()[1]) for line in fh if line.startswith(b"btime "))
        started = boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22: start time in ticks
    except (OSError, ValueError, IndexError, StopIteration):
        return False
    return started > moment + 2  # btime has whole seconds


def _writing_here(pid: int, folder: Path) -> bool:
    """Whether the run that made staging ``folder`` may still be writing it."""
    if pid == os.getpid() or not _pid_alive(pid):
        return False
    try:
        touched = folder.stat().st_mtime
    except OSError:
        return False
    return not _started_after(pid, touched)


def clear_stale_staging(out_dir: Path) -> None:
    """Remove staging folders left by killed runs; refuse if a live run is writing here.

    A staging folder whose pid now belongs to a process started after the folder was last written
    is stale too (the pid was reused after a crash or a reboot).
    """
    for old in out_dir.glob(STAGING_PREFIX + "*"):
        suffix = old.name[len(STAGING_PREFIX) :]
        pid = int(suffix) if suffix.isdigit() else 0
        if pid and _writing_here(pid, old):
            raise OutputError(
                f"another jixiao run (pid {pid}) is writing to {out_dir}; wait for it or remove {old}"
            )
        shutil.rmtree(old, ignore_errors=True)


def _jixiao_output(out_dir: Path) -> bool:
    """Whether ``out_dir`` holds a jixiao output now (its manifest says so)."""
    try:
        with open(out_dir / "manifest.json", "rb") as fh:
            return bool(json.loads(fh.read(1 << 20)).get("tool") == "jixiao")
    except (OSError, ValueError, AttributeError):
        return False


def remove_stale_outputs(out_dir: Path, published: set[str]) -> list[str]:
    """Remove jixiao's own files of formats not written this time (a CSV-only run after a full one
    left Parquet, workbook and pages that disagreed with it); anything else in ``out_dir`` stays."""
    removed = []
    for name in sorted(own_output_names() - published):
        path = out_dir / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        elif path.exists() or path.is_symlink():
            path.unlink(missing_ok=True)
        else:
            continue
        removed.append(name)
    return removed


class OutputWriter:
    """Streams document results into per-table files; see the module docstring."""

    def __init__(
        self,
        out_dir: str | os.PathLike[str],
        *,
        formats: Sequence[str] = ("csv", "parquet"),
        batch_rows: int = 20_000,
        review_at_close: bool = False,
        partition_rows: int | None = None,
    ) -> None:
        self.out_dir = Path(out_dir)
        if partition_rows is None:
            partition_rows = int(os.environ.get(PARTITION_ROWS_ENV) or PARTITION_ROWS)
        self.partition_rows = partition_rows
        self.formats = tuple(dict.fromkeys(formats))
        self.batch_rows = batch_rows
        self._finalisers = {f: resolve_format(f) for f in self.formats if f not in STREAMING}
        self.review = "review" in self.formats
        self.review_at_close = self.review and review_at_close
        # what a worker should prepare for each document (see emit.prepared.prepare)
        self.wants: dict[str, Any] = {"csv": "csv" in self.formats, "layout": self.review}
        self.wants["page"] = self.review and not review_at_close
        self._review: ReviewStream | None = None
        self._xlsx: Any = None  # emit.xlsx_stream.XlsxStream when the workbook is made on the way
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            clear_stale_staging(self.out_dir)
            self.staging = self.out_dir / f"{STAGING_PREFIX}{os.getpid()}"
            self.staging.mkdir()
            (self.staging / "_internal").mkdir()
        except OSError as exc:
            raise OutputError(f"cannot write to {self.out_dir}: {exc}") from exc
        use_system_memory_pool()  # this process stays small through long runs
        self._csv: dict[str, CsvAppender] = {}
        self._parquet: dict[str, ParquetAppender] = {}
        # Parquet is staged even when not published: finalisers read their frames back from it.
        parquet_dir = self.staging if "parquet" in self.formats else self.staging / "_internal"
        for name in TABLES:
            if "csv" in self.formats:
                self._csv[name] = CsvAppender(self.staging / f"{name}.csv", name)
            # always staged: the panel pass (link_staged at close) reads the tables back
            self._parquet[name] = ParquetAppender(
                parquet_dir / f"{name}.parquet", name, row_group_rows=batch_rows
            )
        # The workbook is written once, at close, from the staged Parquet (emit.xlsx_out): its rows
        # carry context (文件名, 单位, 项目, 年度) joined from the forms and documents tables.
        if self.review:
            self._review = ReviewStream(self.staging)
            # workers write pages and layouts straight into the staged review folder
            self.wants["review_dir"] = str(self._review.dir)
        self.rows: dict[str, int] = dict.fromkeys(TABLES, 0)
        self.panel_seed: Path | None = None  # incremental runs: the previous output (ids kept)
        self.id_overrides: Path | None = None  # a user's name → id file
        self._docs = 0
        self._closed = False

    def _appenders(self) -> list[CsvAppender | ParquetAppender]:
        return [*self._csv.values(), *self._parquet.values()]

    def __enter__(self) -> OutputWriter:
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        if exc_type is not None:
            self.abort()

    def add(self, result: DocumentResult, copies: Sequence[DocumentRow] = ()) -> None:
        """All rows of one document (prepared here; workers call :func:`prepare` themselves)."""
        self.add_prepared(prepare(result, copies=copies, **self.wants))

    def add_prepared(self, doc: Prepared) -> None:
        """One document's prepared rows, page and layout, appended in document order."""
        for name, cols in doc.columns.items():
            self._append(name, cols, doc.csv.get(name), doc.xlsx.get(name))
        for name, packed in doc.packed.items():
            self._append(name, packed, doc.csv.get(name), doc.xlsx.get(name))
        self._docs += 1
        if self._docs % TRIM_EVERY == 0:
            release_free_memory()
        if self._review is not None:
            doc_id = doc.document.doc_id
            if doc.layout_json is not None:
                self._review.add_layout_json(doc_id, doc.layout_json)
            if doc.page is not None:
                self._review.add_page(doc_id, doc.page.html, doc.page.summary)
                self._review.add_documents(records(as_stored("documents", doc.columns["documents"])))

    def add_copy(self, row: DocumentRow) -> None:
        """The documents row of another copy of already-written bytes."""
        cols = rows_to_columns("documents", [row], presorted=True)
        self._append("documents", cols, None)
        if self._review is not None and not self.review_at_close:
            self._review.add_documents(records(cols))

    def add_columns(self, table: str, cols: Mapping[str, Sequence[Any]]) -> None:
        """Already ordered, already checked rows (e.g. read back from a previous output) appended as-is."""
        self._append(table, cols, None)

    def copy_layouts(self, old_review: Path, keep: Callable[[str], bool]) -> None:
        """Layout files of a previous output's documents (incremental runs) into the staged review."""
        if self._review is None or not (old_review / LAYOUT_DIR).is_dir():
            return
        for path in sorted((old_review / LAYOUT_DIR).glob("*.json")):
            dest = self._review.layout_dir / path.name
            if keep(path.stem) and not dest.exists():
                shutil.copyfile(path, dest)

    def _append(
        self,
        table: str,
        rows: Mapping[str, Sequence[Any]] | PackedRows,
        csv_text: bytes | None,
        sheet_rows: Piece | None = None,
    ) -> None:
        """Rows of one table, as Python columns or packed by a worker (turned into columns only
        where they must be drawn here: no CSV text, the workbook's width sample)."""
        if isinstance(rows, PackedRows):
            n = rows.rows
            packed = rows

            def columns() -> dict[str, Any]:
                return batch_to_columns(packed_batch(packed))
        else:
            n = len(next(iter(rows.values()), []))
            cols = rows

            def columns() -> dict[str, Any]:
                return dict(cols)  # the workbook keeps a few hundred rows as its width sample

        if table in self._csv:  # CSV has no row groups: write through
            if csv_text is None:
                self._csv[table].append(columns())
            else:
                self._csv[table].append_text(csv_text, n)
        self.rows[table] += n
        if table in self._parquet:
            if isinstance(rows, PackedRows):
                self._parquet[table].add_packed(rows)
            else:
                self._parquet[table].add(rows)
        if self._xlsx is not None:
            self._xlsx.add_rows(table, n, sheet_rows, columns)

    def close(self, manifest: Mapping[str, Any]) -> dict[str, int]:
        """Finish every file, then publish them all into ``out_dir``; returns rows per table.

        The time this takes (flushing, the index page, the workbook) is added to the manifest's
        ``stage_seconds`` as ``finish``.
        """
        t0 = time.perf_counter()
        try:
            for appender in self._appenders():
                appender.close()
            self._link_panel()
            if "csv" in self.formats:
                self._write_json(self.staging / "datapackage.json", datapackage())
            if self._review is not None:
                if self.review_at_close:
                    self._review_from_staged()
                else:
                    self._review.close()
                    self._unit_pages()
            release_free_memory()
            paths = {name: appender.path for name, appender in self._parquet.items()}
            partitions = self._write_partitions(paths) if "parquet" in self.formats else {}
            release_free_memory()
            frames: dict[str, Any] | None = None
            for fmt, fn in self._finalisers.items():
                streamed = fmt == "xlsx" and self._xlsx is not None
                if streamed and self._xlsx.finish(self.staging, paths) is not None:
                    continue  # made on the way; else (a table too long for one sheet) as below
                if FORMATS[fmt].reads == "parquet":
                    fn(self.staging, paths)
                    continue
                if frames is None:
                    frames = {name: read_parquet_frame(path, name) for name, path in paths.items()}
                fn(self.staging, frames)
            shutil.rmtree(self.staging / "_internal")
            full = {**manifest, "formats": list(self.formats), "tables": dict(self.rows)}
            if partitions:
                full["partitions"] = {
                    "dir": PARTITION_DIR,
                    "column": PARTITION_COLUMN,
                    "flavor": "hive",
                    "threshold_rows": self.partition_rows,
                    "tables": partitions,
                }
            if isinstance(full.get("stage_seconds"), dict):
                finish = round(time.perf_counter() - t0, 3)
                full["stage_seconds"] = {**full["stage_seconds"], "finish": finish}
            self._write_json(self.staging / "manifest.json", full)
            self._publish()
        except OSError as exc:
            self.abort()
            raise OutputError(f"cannot write the output to {self.out_dir}: {exc}") from exc
        except BaseException:
            self.abort()
            raise
        self._closed = True
        return dict(self.rows)

    def _link_panel(self) -> None:
        """Unit/project ids over all documents (emit.panel), before anything is made from the tables."""
        from jixiao.emit.panel import link_staged

        paths = {name: appender.path for name, appender in self._parquet.items()}
        counts = link_staged(
            self.staging,
            paths,
            csv_out="csv" in self.formats,
            seed_dir=self.panel_seed,
            overrides_file=self.id_overrides,
            batch_rows=self.batch_rows,
        )
        self.rows.update(counts)

    def _unit_pages(self) -> None:
        """review/units/: each unit's years side by side (emit.review_units), from the relinked tables."""
        from jixiao.emit.review_units import parquet_pieces, write_unit_pages

        assert self._review is not None
        paths = {name: appender.path for name, appender in self._parquet.items()}
        write_unit_pages(self._review.dir, parquet_pieces(paths))

    def _write_partitions(self, paths: Mapping[str, Path]) -> dict[str, dict[str, int]]:
        """By-year copies of the tables with at least ``partition_rows`` rows (see emit.partition)."""
        layout: dict[str, dict[str, int]] = {}
        years: YearIndex | None = None  # built only now and only when needed: memory stays flat
        for name, path in paths.items():
            if name in PANEL_DIMENSION_TABLES:  # small, and of no one year
                continue
            if self.rows[name] and self.rows[name] >= self.partition_rows:
                years = years or YearIndex.from_parquet(paths["forms"])
                dest = self.staging / PARTITION_DIR / name
                layout[name] = write_partitions(path, name, dest, years, self.batch_rows)
        return layout

    def _review_from_staged(self) -> None:
        from jixiao.emit.parquet_out import iter_parquet_columns
        from jixiao.emit.review import build_pages, read_layout_or_none

        assert self._review is not None
        paths = {name: appender.path for name, appender in self._parquet.items()}
        layout_dir = self._review.layout_dir
        build_pages(
            self._review.dir,
            lambda table: iter_parquet_columns(paths[table]),
            lambda doc_id: read_layout_or_none(layout_dir, doc_id),
        )

    @staticmethod
    def _write_json(path: Path, data: Mapping[str, Any]) -> None:
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2, sort_keys=True)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())

    def _publish(self) -> None:
        # manifest.json last: its presence with new content marks a complete publish
        was_ours = _jixiao_output(self.out_dir)  # stale formats are removed only from our own output
        entries = sorted(p for p in self.staging.iterdir() if p.name != "manifest.json")
        by_year = (self.staging / PARTITION_DIR).exists()
        for src in [*entries, self.staging / "manifest.json"]:
            dest = self.out_dir / src.name
            if src.is_dir() and dest.exists():
                trash = self.out_dir / f"{STAGING_PREFIX}{os.getpid()}-old-{src.name}"
                os.replace(dest, trash)
                os.replace(src, dest)
                shutil.rmtree(trash, ignore_errors=True)
            else:
                os.replace(src, dest)
        stale = self.out_dir / PARTITION_DIR
        if not by_year and stale.is_dir():
            # a previous run's by-year copy no longer matches the tables just published
            shutil.rmtree(stale, ignore_errors=True)
        if was_ours:
            remove_stale_outputs(self.out_dir, {src.name for src in entries} | {"manifest.json"})
        fsync_path(self.out_dir)
        shutil.rmtree(self.staging, ignore_errors=True)

    def abort(self) -> None:
        """Drop everything staged; the previous output stays as it was."""
        if self._closed:
            return
        self._closed = True
        for appender in self._appenders():
            with contextlib.suppress(Exception):
                appender.close()
        if self._xlsx is not None and not self._xlsx.gave_up:
            with contextlib.suppress(Exception):
                self._xlsx.abort()
        shutil.rmtree(self.staging, ignore_errors=True)
