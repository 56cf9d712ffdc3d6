"""The streaming output writer: results in, files out, published in one step.

Rows are written per table in fixed-size Parquet row groups (every ``batch_rows`` rows, so the bytes
depend only on the rows, not on how they arrived; pending rows are held as Arrow data, see
:class:`emit.parquet_out.ParquetAppender`) and CSV lines as they come, into a staging folder
(:mod:`emit.publish`). :meth:`OutputWriter.close` finishes the files, writes ``datapackage.json``
and ``manifest.json`` (the only file with timestamps), then publishes the staging folder as the
output with one atomic rename; until then the previous output is untouched, and
:meth:`OutputWriter.abort` (or a crash) leaves it so.
Tables with at least ``partition_rows`` rows also get a by-year copy under ``parquet_by_year/``
(:mod:`emit.partition`; the year of each row comes from the staged forms table), recorded
in the manifest's ``partitions``.

Formats: ``csv`` and ``parquet`` stream. ``review``: each document's page and layout JSON are
written as it is read, by the worker that read it (:func:`emit.review.result_page`); the site is
assembled at close from the staged tables by :func:`emit.review.write_site` — the one function that
does it, also behind ``jixiao review OUT`` — which draws there only the index, the unit pages and
the pages no worker drew (:attr:`OutputWriter.redraw`).
Others are *finalisers* registered in :data:`FORMATS`, run once at close on the staging folder:
``reads="parquet"`` ones (``xlsx``, :func:`emit.xlsx_out.write_xlsx_parquet`, the one place the
workbook is written) as ``fn(out_dir, paths)`` with the staged Parquet files, which they read in
pieces (flat memory); ``reads="frames"`` ones as ``fn(out_dir, frames)`` with every table as a
DataFrame (fine for small outputs; memory grows with the run). Entries are ``"module:function"``
strings resolved only when asked for.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import shutil
import time
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from jixiao.emit.csv_out import CsvAppender
from jixiao.emit.frames import rows_to_columns
from jixiao.emit.heap import map_large_blocks, peak_rss_mb, release_free_memory
from jixiao.emit.parquet_out import (
    ParquetAppender,
    fsync_path,
    iter_parquet_columns,
    read_parquet_frame,
    use_system_memory_pool,
)
from jixiao.emit.partition import PARTITION_COLUMN, PARTITION_DIR, PARTITION_ROWS, YearIndex, write_partitions
from jixiao.emit.prepared import Prepared, prepare, read_spool, sorted_tables
from jixiao.emit.publish import JIXIAO_DIR, OutputError, Staging
from jixiao.emit.review import (
    LAYOUT_DIR,
    REVIEW_DIR,
    PageRunner,
    draw_here,
    result_page,
    write_site,
    write_text,
)
from jixiao.emit.review_html import page_name
from jixiao.normalize.records import DocumentResult, DocumentRow
from jixiao.schemas import TABLES, datapackage
from jixiao.schemas.tables import PANEL_DIMENSION_TABLES

__all__ = ["OutputError", "OutputWriter", "register_format", "resolve_format"]
STREAMING = ("csv", "parquet", "review")
STAGING_PREFIX = f"{JIXIAO_DIR}/tmp-"  # OUT/<this><pid>: a run's staging folder (emit.publish)
PARTITION_ROWS_ENV = "JIXIAO_PARTITION_ROWS"  # hidden knob (tests): overrides PARTITION_ROWS


@dataclass(frozen=True, slots=True)
class Finaliser:
    target: str | Callable[..., Any]  # "module:function" (resolved lazily) or the function itself
    reads: str = "frames"  # "frames": fn(out_dir, frames); "parquet": fn(out_dir, {table: path})


FORMATS: dict[str, Finaliser] = {
    "xlsx": Finaliser("jixiao.emit.xlsx_out:write_xlsx_parquet", reads="parquet"),
}


def register_format(name: str, fn: Callable[..., Any], *, reads: str = "frames") -> None:
    """Add (or replace) a finalising output format."""
    FORMATS[name] = Finaliser(fn, reads)


def resolve_format(name: str) -> Callable[..., Any]:
    """The function behind a finalising format; ``ValueError`` (saying why) when it is unavailable."""
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


TRIM_EVERY = 250  # documents between heap trims (see release_free_memory)
TRIM_ROWS = 50_000  # or rows between them
PAGE_PIECE_ROWS = 500  # rows read back at a time for the review pages (as dicts: ~1 KB each)


Background = Callable[..., Callable[[], Any]]  # (fn, *args) → a function that waits for its result


def run_here(fn: Callable[..., Any], *args: Any) -> Callable[[], Any]:
    """A finaliser run now, in this process (no worker pool)."""
    fn(*args)
    return lambda: None


class OutputWriter:
    """Streams document results into per-table files; see the module docstring."""

    def __init__(
        self,
        out_dir: str | os.PathLike[str],
        *,
        formats: Sequence[str] = ("csv", "parquet"),
        batch_rows: int = 20_000,
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
        self._closed = False
        self.review_dir: Path | None = None
        self.redraw: set[str] = set()  # doc_ids whose page is drawn at close (no worker drew it)
        self.page_problems: list[str] = []
        self._stage = Staging(self.out_dir)  # OutputError when OUT cannot be written
        self.staging = self._stage.dir
        self._csv: dict[str, CsvAppender] = {}
        self._parquet: dict[str, ParquetAppender] = {}
        try:
            self._open()
        except BaseException as exc:
            self.abort()
            if isinstance(exc, OSError):
                raise OutputError(f"cannot write to {self.out_dir}: {exc}") from exc
            raise
        self.rows: dict[str, int] = dict.fromkeys(TABLES, 0)
        self.panel_seed: Path | None = None  # incremental runs: the previous output (its overrides)
        self._panel_notes: dict[str, Any] = {}  # for the manifest
        self.id_overrides: Path | None = None  # a user's name → id file
        self._docs = 0
        self._rows_since_trim = 0

    def _open(self) -> None:
        (self.staging / "_internal").mkdir()
        self.spool_dir = self.staging / "_internal" / "spool"  # workers' large documents (emit.prepared)
        self.spool_dir.mkdir()
        self.review_dir = self.staging / REVIEW_DIR if self.review else None
        if self.review_dir is not None:
            (self.review_dir / LAYOUT_DIR).mkdir(parents=True)  # workers write pages and layouts here
        use_system_memory_pool()  # this process stays small through long runs
        map_large_blocks()  # and flat in document size (long texts)
        # Parquet is staged even when not published: the workbook and the review site read it back.
        parquet_dir = self.staging if "parquet" in self.formats else self.staging / "_internal"
        for name in TABLES:
            if "csv" in self.formats:
                self._csv[name] = CsvAppender(self.staging / f"{name}.csv", name)
            # always staged: the panel pass (link_staged at close), the workbook and the review site
            # read the tables back
            self._parquet[name] = ParquetAppender(
                parquet_dir / f"{name}.parquet", name, row_group_rows=self.batch_rows
            )

    def _appenders(self) -> list[CsvAppender | ParquetAppender]:
        return [*self._csv.values(), *self._parquet.values()]

    def __enter__(self) -> OutputWriter:
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        if exc_type is not None:
            self.abort()

    def add(self, result: DocumentResult) -> None:
        """All rows of one document, prepared (and its page drawn) here; workers do that themselves."""
        tables = sorted_tables(result)
        doc = prepare(result, csv="csv" in self.formats, tables=tables)
        if self.review:
            layout_json, html = result_page(result, tables, doc.columns)
            doc = replace(doc, page_drawn=True, layout_json=layout_json, page_html=html)
        self.add_prepared(doc)

    def add_prepared(self, doc: Prepared) -> None:
        """One document's prepared rows (or the file they were spooled to), appended in document order."""
        rows = 0
        for name, cols in doc.columns.items():
            self._append(name, cols, doc.csv.get(name))
            rows += len(next(iter(cols.values()), []))
        if doc.spool is not None:
            for name, cols, text in read_spool(doc.spool):  # one piece at a time
                self._append(name, cols, text)
                rows += len(next(iter(cols.values()), []))
            os.unlink(doc.spool)
        self._docs += 1
        self._rows_since_trim += rows
        if self._docs % TRIM_EVERY == 0 or self._rows_since_trim > TRIM_ROWS:
            release_free_memory()  # large documents too: the parent stays flat in document size
            self._rows_since_trim = 0
        if self.review_dir is not None:
            self._page_of(doc)

    def _page_of(self, doc: Prepared) -> None:
        assert self.review_dir is not None
        name = page_name(doc.document.doc_id)
        if doc.layout_json is not None:
            (self.review_dir / LAYOUT_DIR / f"{name}.json").write_text(doc.layout_json, encoding="utf-8")
        if doc.page_html is not None:
            write_text(self.review_dir / f"{name}.html", doc.page_html)
        if doc.page_problem is not None:
            self.page_problems.append(doc.page_problem)
        elif not doc.page_drawn:  # a file that failed in the pool, or rows made without a worker
            self.redraw.add(doc.document.doc_id)

    def add_copy(self, row: DocumentRow) -> None:
        """The documents row of another copy of already-written bytes."""
        self._append("documents", rows_to_columns("documents", [row], presorted=True), None)

    def add_columns(self, table: str, cols: Mapping[str, Sequence[Any]]) -> None:
        """Already ordered, already checked rows (e.g. read back from a previous output) appended as-is."""
        self._append(table, cols, None)

    def copy_pages(self, old_review: Path, kept: Iterable[str], stale: Collection[str] = ()) -> None:
        """The layouts and pages of a previous output's documents kept as they were (incremental runs)
        into the staged review; a ``stale`` page, or one missing there, is drawn again at close."""
        if self.review_dir is None:
            return
        for doc_id in kept:
            name = page_name(doc_id)
            parts = [f"{LAYOUT_DIR}/{name}.json", f"{LAYOUT_DIR}/{name}.crops.json"]  # a PDF's crops too
            parts += [] if doc_id in stale else [f"{name}.html"]
            for part in parts:
                with contextlib.suppress(FileNotFoundError, NotADirectoryError):  # gone, or not ours
                    shutil.copyfile(old_review / part, self.review_dir / part)
            if not (self.review_dir / f"{name}.html").exists():
                self.redraw.add(doc_id)

    def _append(self, table: str, cols: Mapping[str, Sequence[Any]], csv_text: bytes | None) -> None:
        n = len(next(iter(cols.values()), []))
        if table in self._csv:  # CSV has no row groups: write through
            if csv_text is None:
                self._csv[table].append(cols)
            else:
                self._csv[table].append_text(csv_text, n)
        self.rows[table] += n
        if table in self._parquet:
            self._parquet[table].add(cols)

    def close(
        self, manifest: Mapping[str, Any], pages: PageRunner = draw_here, background: Background = run_here
    ) -> dict[str, int]:
        """Finish every file, then publish them all as the output; returns rows per table.

        ``pages`` draws the review pages no worker drew (the batch runner's worker pool);
        ``background(fn, *args)`` runs a finaliser (the workbook) and returns a function that waits
        for it (the batch runner gives it a process of its own, so it runs beside the review index).
        The time this takes is added to the manifest's ``stage_seconds`` as ``finish``.
        """
        t0 = time.perf_counter()
        try:
            for appender in self._appenders():
                appender.close()
            # the workbook's process starts, and imports what it needs, while the panel pass runs here
            for fmt in self._finalisers:
                if FORMATS[fmt].reads == "parquet" and isinstance(FORMATS[fmt].target, str):
                    background(importlib.import_module, str(FORMATS[fmt].target).partition(":")[0])
            self._link_panel()
            if "csv" in self.formats:
                self._write_json(self.staging / "datapackage.json", datapackage())
            release_free_memory()
            paths = {name: appender.path for name, appender in self._parquet.items()}
            # the workbook first: it runs in a process of its own beside what follows here
            waits = [
                background(fn, self.staging, paths)
                for fmt, fn in self._finalisers.items()
                if FORMATS[fmt].reads == "parquet"
            ]
            partitions = self._write_partitions(paths) if "parquet" in self.formats else {}
            release_free_memory()
            frames: dict[str, Any] | None = None
            for fmt, fn in self._finalisers.items():
                if FORMATS[fmt].reads == "parquet":
                    continue
                if frames is None:
                    frames = {name: read_parquet_frame(path, name) for name, path in paths.items()}
                fn(self.staging, frames)
            problems = list(self.page_problems)
            if self.review_dir is not None:
                pieces = lambda table: iter_parquet_columns(paths[table], PAGE_PIECE_ROWS)  # noqa: E731
                site = write_site(self.review_dir, pieces, self.rows["documents"], pages, self.redraw)
                problems += site[1]
            for wait in waits:
                wait()
            shutil.rmtree(self.staging / "_internal")
            full = {**manifest, **self._panel_notes, "formats": list(self.formats), "tables": dict(self.rows)}
            if problems:
                full["review_problems"] = problems
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
            full["parent_peak_rss_mb"] = peak_rss_mb()  # so far: the rest of close holds little
            self._write_json(self.staging / "manifest.json", full)
            fsync_path(self.staging)
            self._stage.publish()
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
        from jixiao.emit.panel import id_changes, link_staged

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
        if self.panel_seed is not None:  # ids a fresh run gives; the manifest counts those that moved
            moved = id_changes(self.panel_seed / "links.parquet", paths["links"])
            self._panel_notes["panel_id_changes"] = moved

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

    @staticmethod
    def _write_json(path: Path, data: Mapping[str, Any]) -> None:
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2, sort_keys=True)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())

    def abort(self) -> None:
        """Drop everything staged; the previous output stays as it was."""
        if self._closed:
            return
        self._closed = True
        for appender in self._appenders():
            with contextlib.suppress(Exception):
                appender.close()
        self._stage.abort()
