"""The batch runner: inputs → hashed, ordered plan → worker pool (or Dask) → streaming writer.

Determinism: every input is hashed first and the plan is sorted by ``(doc_id, source_path)``; results
are written in that order whatever the job count or arrival order, so the tables are byte-identical.
The first copy of some bytes (in that order) is read; every other copy is a documents row with
``duplicate_of`` set and no other rows.

Incremental (``incremental=True``): the previous output's ``documents.parquet`` says which
``(doc_id, source_path)`` pairs are done; only new ones are read, and the old rows are merged back in
doc order as they stream, so the result equals a fresh full run over old and new inputs. (If a new
copy of known bytes sorts before the old first copy, that document is read again so the "first copy"
stays the same as a fresh run would pick.) Nothing is published until the end, so an interrupted
run leaves the previous output as it was and a rerun finishes the job.
"""

from __future__ import annotations

import os
import platform
import sys
import time
from bisect import bisect_left
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jixiao import __version__
from jixiao.emit.frames import Columns
from jixiao.emit.parquet_out import iter_parquet_columns
from jixiao.emit.prepared import Prepared
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
from jixiao.schemas import TABLES
from jixiao.schemas.tables import PANEL_DIMENSION_TABLES
from jixiao.worker import Processor, Task, WorkerPool, duplicate_result

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
    """What the previous output holds (incremental runs)."""

    rows: dict[str, list[DocumentRow]] = field(default_factory=dict)  # doc_id → its documents rows

    @classmethod
    def load(cls, out_dir: Path) -> _Previous:
        prev = cls()
        path = out_dir / "documents.parquet"
        if not path.exists():
            return prev
        for cols in iter_parquet_columns(path):
            for values in zip(*(cols[n] for n in TABLES["documents"].names), strict=True):
                row = DocumentRow(*values)
                prev.rows.setdefault(row.doc_id, []).append(row)
        return prev

    def primary(self, doc_id: str) -> DocumentRow | None:
        return next((r for r in self.rows.get(doc_id, ()) if r.duplicate_of is None), None)


def plan(
    hashed: Sequence[tuple[str, InputItem]], prev: _Previous
) -> tuple[list[Entry], set[str], dict[str, DocumentRow]]:
    """The ordered entries to write, the old doc_ids to drop (re-read), and old primaries to copy from."""
    groups: dict[str, list[InputItem]] = {}
    for doc_id, item in hashed:
        groups.setdefault(doc_id, []).append(item)
    entries: list[Entry] = []
    dropped: set[str] = set()
    old_primary: dict[str, DocumentRow] = {}
    for doc_id, items in groups.items():
        known = {r.source_path for r in prev.rows.get(doc_id, ())}
        new = [i for i in items if i.source_path not in known]
        first = prev.primary(doc_id)
        if not new:
            continue
        if first is None or new[0].source_path < first.source_path:
            if known:  # re-read, so the first copy is the one a fresh run would pick
                dropped.add(doc_id)
            paths = sorted({*known, *(i.source_path for i in new)})
            copies = tuple(p for p in paths if p != new[0].source_path)
            entries.append(Entry(doc_id, new[0].source_path, Task(new[0], doc_id, copies=copies)))
            entries.extend(Entry(doc_id, p, None) for p in paths if p != new[0].source_path)
        else:
            old_primary[doc_id] = first
            entries.extend(Entry(doc_id, i.source_path, None) for i in new)
    entries.sort(key=lambda e: (e.doc_id, e.source_path))
    return entries, dropped, old_primary


class _OldTable:
    """The previous output's rows of one table, handed to the writer up to a key, in file order."""

    def __init__(self, out_dir: Path, table: str, dropped: set[str], batch_rows: int) -> None:
        self.table = table
        self.dropped = {d[:16] for d in dropped} if table in _FORM_TABLES else dropped
        path = out_dir / f"{table}.parquet"
        self._chunks: Iterator[Columns] = (
            iter(iter_parquet_columns(path, batch_rows)) if path.exists() else iter(())
        )
        self._cols: Columns = {}
        self._keys: list[Any] = []
        self._pos = 0

    def _key_of(self, cols: Columns) -> list[Any]:
        if self.table == "documents":
            return list(zip(cols["doc_id"], cols["source_path"], strict=True))
        if self.table in _FORM_TABLES:
            return [f[:16] for f in cols["form_id"]]
        return list(cols["doc_id"])

    def bound(self, doc_id: str, source_path: str) -> Any:
        if self.table == "documents":
            return (doc_id, source_path)
        return doc_id[:16] if self.table in _FORM_TABLES else doc_id

    def emit_until(self, writer: OutputWriter, bound: Any | None) -> None:
        """Write old rows whose key sorts before ``bound`` (all remaining ones when None)."""
        while True:
            if self._pos >= len(self._keys):
                nxt = next(self._chunks, None)
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

    def _write(self, writer: OutputWriter, start: int, end: int) -> None:
        keep = range(start, end)
        if self.dropped:
            doc_key = self._keys if self.table != "documents" else [k[0] for k in self._keys]
            keep = [i for i in keep if doc_key[i] not in self.dropped]  # type: ignore[assignment]
        if self.dropped or start or end != len(self._keys):
            cols = {name: [values[i] for i in keep] for name, values in self._cols.items()}
        else:
            cols = self._cols
        if cols and cols["form_id" if "form_id" in cols else "doc_id"]:
            writer.add_columns(self.table, cols)


def _engine_results(
    work: Plan, options: BatchOptions, wants: dict[str, Any], on_done: Callable[[Prepared], None]
) -> Generator[Prepared, None, None]:
    processor = options.processor  # None: the pipeline, imported by the workers only
    if options.engine == "dask":
        from jixiao.dask_engine import dask_results

        yield from dask_results(
            list(work.tasks()),
            processor,
            scheduler=options.scheduler,
            wants=wants,
            on_done=on_done,
            timeout_s=options.timeout_s,
        )
        return
    jobs = options.jobs or os.cpu_count() or 1
    with WorkerPool(
        min(jobs, max(1, work.task_count)),
        processor,
        timeout_s=options.timeout_s,
        memory_mb=options.memory_mb,
        wants=wants,
    ) as pool:
        yield from pool.imap(work.tasks(), on_done, total=work.task_count)


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
    entries, dropped, old_primary = plan(_hash_all(found.items), prev)
    skip_rows = _skip_rows(found.skipped, prev)
    entries = sorted([*entries, *skip_rows.values()], key=lambda e: (e.doc_id, e.source_path))
    summary = BatchSummary(skipped=[s.source_path for s in found.skipped])
    found_skips = {s.source_path: s for s in found.skipped}
    summary.missing = list(found.missing)
    del found  # from here each input is held by its plan entry only, and let go once written
    work = Plan(entries)
    del entries
    release_free_memory()  # a large plan went to disk: its memory goes back to the system
    with (
        work,
        OutputWriter(
            out, formats=formats, batch_rows=options.batch_rows, review_at_close=options.incremental
        ) as writer,
    ):
        writer.panel_seed = out if options.incremental else None  # ids of the previous output kept
        writer.id_overrides = options.id_overrides
        # units/projects/links are not carried over: they are made again at close over old and new forms
        carried = [t for t in TABLES if t not in PANEL_DIMENSION_TABLES]
        old = [_OldTable(out, t, dropped, options.batch_rows) for t in carried] if options.incremental else []
        if options.incremental:
            gone = {page_name(d) for d in dropped}
            writer.copy_layouts(out / REVIEW_DIR, lambda stem: stem not in gone)
        bar = _progress(work.task_count, options)

        def on_done(result: Prepared) -> None:
            status = result.document.status
            summary.failed += status == "failed"
            summary.ok += status == "ok"
            summary.partial += status == "partial"
            if status == "failed":
                summary.note_failure(
                    result.document.source_path, result.document.error, options.failures_kept
                )
            for stage, secs in result.stage_seconds.items():
                summary.stage_seconds[stage] = summary.stage_seconds.get(stage, 0.0) + secs
            if bar is not None:
                bar.update(1)
                bar.set_postfix(failed=summary.failed, refresh=False)

        results = _engine_results(work, options, writer.wants, on_done)
        # the first copy's row, for the copies that follow it (entries are sorted by doc_id, and a
        # read copy sorts first in its group); old_primary covers copies of previous-run documents
        last: tuple[str, DocumentRow] | None = None
        t_emit = 0.0
        for entry, has_task in work.entries():  # in memory, an entry is let go once written
            prepared = None
            skipped = skip_rows.pop(entry.doc_id, None) if not has_task else None
            if has_task:
                prepared = next(results)
                last = (entry.doc_id, prepared.document)
                summary.read += 1
            elif skipped is None:
                summary.duplicates += 1
            te = time.perf_counter()
            for table in old:
                table.emit_until(writer, table.bound(entry.doc_id, entry.source_path))
            if prepared is not None:
                writer.add_prepared(prepared)
            elif skipped is not None:
                writer.add_copy(_skipped_row(found_skips[entry.source_path], summary, options))
            else:
                primary = last[1] if last is not None and last[0] == entry.doc_id else None
                primary = primary or old_primary[entry.doc_id]
                copy = duplicate_result(entry.doc_id, entry.source_path, primary)
                writer.add_copy(copy.documents[0])
            t_emit += time.perf_counter() - te
        results.close()  # the workers end now, not when this function returns: they hold memory
        te = time.perf_counter()
        for table in old:
            table.emit_until(writer, None)
        if bar is not None:
            bar.close()
        summary.seconds = time.perf_counter() - t0
        summary.stage_seconds["emit"] = t_emit + time.perf_counter() - te
        counts = writer.close(_manifest(options, formats, inputs, started, summary, len(prev.rows)))
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


def _skip_rows(skipped: Sequence[Skipped], prev: _Previous) -> dict[str, Entry]:
    """Plan entries for the files found and not read (their rows are written in doc order)."""
    rows: dict[str, Entry] = {}
    for skip in skipped:
        doc_id = unread_doc_id(skip.source_path)
        if not any(r.source_path == skip.source_path for r in prev.rows.get(doc_id, ())):
            rows[doc_id] = Entry(doc_id, skip.source_path, None)
    return rows


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
