"""The batch runner: inputs → hashed, ordered plan → worker pool (or Dask) → streaming writer.

Determinism: every input is hashed first and the plan is sorted by ``(doc_id, source_path)``; results
are written in that order whatever the job count or arrival order, so the tables are byte-identical.
The first copy of some bytes (in that order) is read; every other copy is a documents row with
``duplicate_of`` set and no other rows.

Incremental (``incremental=True``), keyed by path *and* content: the previous output's
``documents.parquet`` says which bytes each path held. The final set of files is the previous one with
this run's files added or replaced (a path given again with new bytes replaces its old rows; files not
given this time are kept: incremental never deletes). A document is read again when its bytes are new,
when it failed before (a file that now reads replaces its ``failed`` row), or when a new copy sorts
before its old first copy; other documents' rows are merged back in doc order as they stream, so the
result equals a fresh full run over the final set. A previous output whose manifest and tables
disagree is refused. Nothing is published until the end (:mod:`emit.publish`), so an interrupted run
leaves the previous output as it was and a rerun finishes the job.

Work in the parent stays per document and bounded: workers read, parse and prepare each file
(:mod:`jixiao.worker`); the parent appends rows, then at close has the workers draw the review pages
and write the workbook.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jixiao import __version__
from jixiao.emit.frames import Columns
from jixiao.emit.parquet_out import iter_parquet_columns
from jixiao.emit.prepared import Prepared
from jixiao.emit.publish import OutputError
from jixiao.emit.review import REVIEW_DIR
from jixiao.emit.review_html import page_name
from jixiao.emit.writer import OutputWriter, release_free_memory
from jixiao.extract.errors import JixiaoError
from jixiao.inputs import (
    InputItem,
    Skipped,
    close_archives,
    display_path,
    find_inputs,
    hash_item,
    skipped_row,
    unread_doc_id,
)
from jixiao.normalize.records import DocumentRow
from jixiao.plan_store import Entry, Plan
from jixiao.pool import Pool
from jixiao.schemas import TABLES
from jixiao.schemas.tables import PANEL_DIMENSION_TABLES
from jixiao.worker import Processor, Task, duplicate_result

_FORM_TABLES = tuple(n for n, t in TABLES.items() if "doc_id" not in t.names and "form_id" in t.names)


class NoInputsError(JixiaoError, ValueError):
    """Nothing to read: the arguments matched no supported file."""


@dataclass(frozen=True, slots=True)
class BatchOptions:
    jobs: int = 0  # 0: one per core
    timeout_s: float = 60.0
    memory_mb: int = 2048
    incremental: bool = False
    formats: tuple[str, ...] = ("csv", "parquet")
    engine: str = "local"  # local | dask
    scheduler: str | None = None  # dask scheduler address (None: a local cluster)
    progress: bool | None = None  # None: a bar when stderr is a terminal
    processor: Processor | None = None  # None: jixiao.pipeline.process_bytes
    batch_rows: int = 20_000
    id_overrides: Path | None = None  # CSV name → id for units/projects (emit.panel)
    follow_links: bool = False  # read files that links lead to outside the input folders
    failures_kept: int | None = 10  # failed files listed in the summary (None: all)


@dataclass(slots=True)
class BatchSummary:
    documents: int = 0  # documents rows in the output (old ones too, when incremental)
    forms: int = 0
    anomalies: int = 0
    failed: int = 0  # files that failed in this run
    read: int = 0  # files read in this run
    duplicates: int = 0  # copies recorded in this run
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    ok: int = 0  # files read in this run, by status
    partial: int = 0
    kept: int = 0  # rows of an earlier run kept as they were (--incremental): read before, not now
    skipped_count: int = 0  # skipped rows written in this run
    unread: int = 0  # of them, files that may have held a submission (exit 1)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (source_path, error), doc order
    missing: list[str] = field(default_factory=list)  # arguments that matched nothing (others did)

    def note_failure(self, source_path: str, error: str | None, keep: int | None) -> None:
        if keep is None or len(self.failures) < keep:
            self.failures.append((source_path, error or ""))

    def line(self) -> str:
        return (
            f"{self.documents} documents, {self.forms} forms, {self.anomalies} anomalies, "
            f"{self.failed} failed in {self.seconds:.1f} s"
        )


def _hash_all(items: Sequence[InputItem]) -> list[tuple[str, InputItem]]:
    try:
        return sorted(((hash_item(i), i) for i in items), key=lambda p: (p[0], p[1].source_path))
    finally:
        close_archives()


@dataclass(slots=True)
class _Previous:
    """What the previous output holds (incremental runs): its documents rows by path."""

    rows: dict[str, DocumentRow] = field(default_factory=dict)  # source_path → its documents row
    primaries: dict[str, DocumentRow] = field(default_factory=dict)  # doc_id → its read copy's row

    @classmethod
    def load(cls, out_dir: Path) -> _Previous:
        prev = cls()
        path = out_dir / "documents.parquet"
        if not path.exists():
            return prev
        _check_manifest(out_dir)
        for cols in iter_parquet_columns(path):
            for values in zip(*(cols[n] for n in TABLES["documents"].names), strict=True):
                row = DocumentRow(*values)
                prev.rows[row.source_path] = row
                if row.duplicate_of is None:
                    prev.primaries[row.doc_id] = row
        return prev


def _check_manifest(out_dir: Path) -> None:
    """Refuse a previous output whose manifest and tables disagree (a damaged or mixed output)."""
    import pyarrow.parquet as pq

    try:
        counts = json.loads((out_dir / "manifest.json").read_text("utf-8"))["tables"]
        for table in TABLES:
            path = out_dir / f"{table}.parquet"
            found = pq.read_metadata(path).num_rows if path.exists() else None
            if found is not None and counts.get(table) != found:
                raise ValueError(f"{table}.parquet holds {found} rows, the manifest says {counts.get(table)}")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise OutputError(
            f"{out_dir} cannot be extended: its manifest and tables disagree ({exc}); "
            "run without --incremental to rebuild it"
        ) from exc


def plan(
    hashed: Sequence[tuple[str, InputItem]], prev: _Previous, skipped: Mapping[str, str] | None = None
) -> tuple[list[Entry], set[str], dict[str, DocumentRow]]:
    """The ordered entries to write (every documents row of the final set), the doc_ids whose old
    rows are kept, and the kept documents' first-copy rows. ``skipped``: this run's files found and
    not read (``unread_doc_id`` → path): each is a row of its own, replacing what its path held."""
    skipped = skipped or {}
    given = {item.source_path: (doc_id, item) for doc_id, item in hashed}
    final = {path: row.doc_id for path, row in prev.rows.items()}
    final.update({path: doc_id for path, (doc_id, _) in given.items()})
    final.update({path: doc_id for doc_id, path in skipped.items()})
    groups: dict[str, list[str]] = {}
    for path, doc_id in final.items():
        groups.setdefault(doc_id, []).append(path)
    entries: list[Entry] = []
    kept: set[str] = set()
    kept_rows: dict[str, DocumentRow] = {}
    for doc_id in sorted(groups):
        paths = sorted(groups[doc_id])
        if doc_id in skipped:  # written afresh (its reason may have changed)
            entries.append(Entry(doc_id, paths[0], None))
            continue
        old = prev.primaries.get(doc_id)
        readable = [p for p in paths if p in given]
        # reuse the old rows unless there is something new to read: the bytes, a failure, a new first copy
        if old is not None and (
            not readable
            or (old.status != "failed" and (old.source_path == paths[0] or paths[0] not in given))
        ):
            kept.add(doc_id)
            kept_rows[doc_id] = old if old.source_path == paths[0] else replace(old, source_path=paths[0])
            entries.append(Entry(doc_id, paths[0], None, kept=True))
            entries.extend(Entry(doc_id, p, None) for p in paths[1:])
            continue
        first = readable[0]  # paths[0] unless the first copy is an old file not given now
        entries.append(Entry(doc_id, first, Task(given[first][1], doc_id)))
        entries.extend(Entry(doc_id, p, None) for p in paths if p != first)
    return entries, kept, kept_rows


class _OldTable:
    """The previous output's rows of one table, handed to the writer up to a key, in file order."""

    def __init__(self, out_dir: Path, table: str, kept: set[str], batch_rows: int) -> None:
        self.table = table
        self.kept = {d[:16] for d in kept} if table in _FORM_TABLES else kept
        path = out_dir / f"{table}.parquet"
        self._chunks: Iterator[Columns] = (
            iter(iter_parquet_columns(path, batch_rows)) if path.exists() else iter(())
        )
        self._cols: Columns = {}
        self._keys: list[Any] = []
        self._pos = 0

    def _key_of(self, cols: Columns) -> list[Any]:
        if self.table in _FORM_TABLES:
            return [f[:16] for f in cols["form_id"]]
        return list(cols["doc_id"])

    def bound(self, doc_id: str) -> Any:
        return doc_id[:16] if self.table in _FORM_TABLES else doc_id

    def emit_until(self, writer: OutputWriter, bound: Any | None) -> None:
        """Write old rows whose key sorts before ``bound`` (all remaining ones when None)."""
        while True:
            if self._pos >= len(self._keys):
                nxt = self._next_chunk()
                if nxt is None:
                    return
                self._cols, self._keys, self._pos = nxt, self._key_of(nxt), 0
                continue
            end = len(self._keys) if bound is None else bisect_left(self._keys, bound, lo=self._pos)
            if end > self._pos:
                self._write(writer, self._pos, end)
                self._pos = end
            if end < len(self._keys):
                return

    def _next_chunk(self) -> Columns | None:
        try:
            return next(self._chunks, None)
        except (OSError, ValueError) as exc:  # pyarrow's errors for a damaged file are both
            raise OutputError(
                f"the previous {self.table}.parquet cannot be read ({exc}); run without --incremental"
            ) from exc

    def _write(self, writer: OutputWriter, start: int, end: int) -> None:
        keep = [i for i in range(start, end) if self._keys[i] in self.kept]
        if len(keep) == len(self._keys):
            cols = self._cols
        else:
            cols = {name: [values[i] for i in keep] for name, values in self._cols.items()}
        if keep:
            writer.add_columns(self.table, cols)


def _engine_results(
    work: Plan, options: BatchOptions, writer: OutputWriter, pool: Pool
) -> Iterator[Prepared]:
    layout_dir = str(writer.layout_dir) if writer.layout_dir is not None else None
    csv = "csv" in writer.formats
    if options.engine == "dask":
        from jixiao.dask_engine import dask_results

        return dask_results(
            work.tasks(),
            pool.files,
            scheduler=options.scheduler,
            layouts=layout_dir is not None,
            csv=csv,
        )
    return pool.extract(work.tasks(), layout_dir=layout_dir, csv=csv, total=work.task_count)


def _progress(total: int, options: BatchOptions) -> Any:
    show = sys.stderr.isatty() if options.progress is None else options.progress
    if not show:
        return None
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: workers are forked
    return tqdm(total=total, unit="file", file=sys.stderr, dynamic_ncols=True)


def run_batch(inputs: Sequence[str], out_dir: str | os.PathLike[str], options: BatchOptions) -> BatchSummary:
    """Read every input into the tables in ``out_dir``; see the module docstring."""
    t0 = time.perf_counter()
    started = datetime.now(UTC).isoformat(timespec="seconds")
    found = find_inputs(inputs, out_dir=out_dir, follow_links=options.follow_links)
    if not found.items:
        raise NoInputsError(_nothing_to_read(found.missing, found.skipped))
    out = Path(out_dir)
    formats = options.formats
    prev = _Previous.load(out) if options.incremental else _Previous()
    if options.incremental and "parquet" not in formats:
        formats = (*formats, "parquet")  # the next incremental run reads it
    skip_rows = {unread_doc_id(s.source_path): s for s in found.skipped}
    skip_paths = {doc_id: skip.source_path for doc_id, skip in skip_rows.items()}
    entries, kept, kept_rows = plan(_hash_all(found.items), prev, skip_paths)
    summary = BatchSummary(skipped=[s.source_path for s in found.skipped])
    summary.missing = list(found.missing)
    del found  # from here each input is held by its plan entry only, and let go once written
    work = Plan(entries)
    del entries
    release_free_memory()  # a large plan went to disk: its memory goes back to the system
    jobs = options.jobs or os.cpu_count() or 1
    with (
        work,
        OutputWriter(out, formats=formats, batch_rows=options.batch_rows) as writer,
        Pool(
            min(jobs, max(1, work.task_count)) if "review" not in formats else jobs,
            timeout_s=options.timeout_s,
            memory_mb=options.memory_mb,
            processor=options.processor,
        ) as pool,
    ):
        writer.panel_seed = out if options.incremental else None  # ids of the previous output kept
        writer.id_overrides = options.id_overrides
        # units/projects/links are not carried over: they are made again at close over old and new forms
        carried = [t for t in TABLES if t not in PANEL_DIMENSION_TABLES and t != "documents"]
        old = [_OldTable(out, t, kept, options.batch_rows) for t in carried] if kept else []
        if options.incremental:
            pages = {page_name(d) for d in kept}
            writer.copy_layouts(out / REVIEW_DIR, lambda stem: stem in pages)
        bar = _progress(work.task_count, options)
        results = _engine_results(work, options, writer, pool)
        # the first copy's row, for the copies that follow it (entries are sorted by doc_id, and the
        # read or kept copy comes first in its group)
        last: tuple[str, DocumentRow] | None = None
        t_emit = 0.0
        for entry, has_task in work.entries():  # in memory, an entry is let go once written
            prepared = None
            skipped = skip_rows.pop(entry.doc_id, None) if not has_task else None
            if has_task:
                prepared = next(results)
                last = (entry.doc_id, prepared.document)
                summary.read += 1
                _count(summary, prepared, options)
                if bar is not None:
                    bar.update(1)
                    bar.set_postfix(failed=summary.failed, refresh=False)
            elif entry.kept:
                last = (entry.doc_id, kept_rows.pop(entry.doc_id))
                summary.kept += 1
            elif skipped is None:
                summary.duplicates += 1
            te = time.perf_counter()
            for table in old:
                table.emit_until(writer, table.bound(entry.doc_id))
            if prepared is not None:
                writer.add_prepared(prepared)
            elif skipped is not None:
                writer.add_copy(_skipped_row(skipped, summary, options))
            elif entry.kept:
                assert last is not None
                writer.add_copy(last[1])
            else:
                assert last is not None and last[0] == entry.doc_id
                writer.add_copy(duplicate_result(entry.doc_id, entry.source_path, last[1]).documents[0])
            t_emit += time.perf_counter() - te
        te = time.perf_counter()
        for table in old:
            table.emit_until(writer, None)
        if bar is not None:
            bar.close()
        summary.seconds = time.perf_counter() - t0
        summary.stage_seconds["emit"] = t_emit + time.perf_counter() - te
        counts = writer.close(
            _manifest(options, formats, inputs, started, summary, len(prev.rows)),
            pages=pool.draw_pages,
            background=pool.background,
        )
    summary.documents, summary.forms, summary.anomalies = (
        counts["documents"],
        counts["forms"],
        counts["anomalies"],
    )
    summary.seconds = time.perf_counter() - t0
    return summary


def _nothing_to_read(missing: Sequence[str], skipped: Sequence[Skipped]) -> str:
    detail = f" (nothing matched: {', '.join(missing)})" if missing else ""
    if skipped:
        first = skipped[0]
        detail += f" ({len(skipped)} skipped, e.g. {first.source_path}: {first.reason})"
    return f"no supported input files found{detail}; give files, folders, globs or .zip"


def _count(summary: BatchSummary, prepared: Prepared, options: BatchOptions) -> None:
    status = prepared.document.status
    summary.failed += status == "failed"
    summary.ok += status == "ok"
    summary.partial += status == "partial"
    if status == "failed":
        summary.note_failure(prepared.document.source_path, prepared.document.error, options.failures_kept)
    for stage, secs in prepared.stage_seconds.items():
        summary.stage_seconds[stage] = summary.stage_seconds.get(stage, 0.0) + secs


def _skipped_row(skip: Skipped, summary: BatchSummary, options: BatchOptions) -> DocumentRow:
    summary.skipped_count += 1
    if skip.unread:
        summary.unread += 1
        summary.note_failure(skip.source_path, f"skipped: {skip.reason}", options.failures_kept)
    return skipped_row(skip)


def _manifest(
    options: BatchOptions,
    formats: Sequence[str],
    inputs: Sequence[str],
    started: str,
    summary: BatchSummary,
    previous_docs: int,
) -> dict[str, Any]:
    return {
        "tool": "jixiao",
        "version": __version__,
        "python": platform.python_version(),
        "started": started,
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(summary.seconds, 3),
        "inputs": [display_path(a) for a in inputs],
        "engine": options.engine,
        "jobs": options.jobs or os.cpu_count(),
        "timeout_s": options.timeout_s,
        "incremental": options.incremental,
        "previous_documents": previous_docs,
        "files_read": summary.read,
        "duplicates_recorded": summary.duplicates,
        "failed": summary.failed,
        "skipped": summary.skipped,
        "stage_seconds": {k: round(v, 3) for k, v in sorted(summary.stage_seconds.items())},
        "requested_formats": list(formats),
    }
