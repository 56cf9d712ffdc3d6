"""The batch runner: inputs → hashed, ordered plan → worker pool (or Dask) → streaming writer.

Determinism: every input is hashed first and the plan is sorted by ``(doc_id, source_path)``; results
are written in that order whatever the job count or arrival order, so the tables are byte-identical.
The first copy of some bytes (in that order) is read; every other copy is a documents row with
``duplicate_of`` set and no other rows.

Incremental (``incremental=True``): the previous output's documents are kept, replaced or read again
as :mod:`jixiao.incremental` plans, and its rows merged back in doc order as they stream. Nothing is
published until the end (:mod:`emit.publish`), so an interrupted run leaves the previous output as it
was and a rerun finishes the job.

Work in the parent stays per document and bounded: workers read, parse and prepare each file and
draw its review page (:mod:`jixiao.worker`); the parent appends rows, then at close gives the panel
ids, draws the review index and has a worker write the workbook.
"""

from __future__ import annotations

import os
import platform
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jixiao import __version__
from jixiao.emit.heap import release_free_memory
from jixiao.emit.prepared import Prepared
from jixiao.emit.review import REVIEW_DIR
from jixiao.emit.writer import OutputWriter
from jixiao.extract.errors import JixiaoError
from jixiao.incremental import OldTable, Previous, plan
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
from jixiao.plan_store import Plan
from jixiao.pool import Pool
from jixiao.schemas import TABLES
from jixiao.schemas.tables import PANEL_DIMENSION_TABLES
from jixiao.worker import Processor, duplicate_result


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


def _engine_results(
    work: Plan, options: BatchOptions, writer: OutputWriter, pool: Pool
) -> Iterator[Prepared]:
    review_dir = str(writer.review_dir) if writer.review_dir is not None else None
    csv = "csv" in writer.formats
    if options.engine == "dask":
        from jixiao.dask_engine import dask_results

        return dask_results(
            work.tasks(),
            pool.files,
            scheduler=options.scheduler,
            pages=review_dir is not None,
            csv=csv,
        )
    spool = str(writer.spool_dir)
    return pool.extract(work.tasks(), review_dir=review_dir, csv=csv, total=work.task_count, spool_dir=spool)


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
        raise NoInputsError(_nothing_to_read(found.missing, found.skipped, found.own_outputs))
    out = Path(out_dir)
    formats = options.formats
    prev = Previous.load(out) if options.incremental else Previous()
    if options.incremental and "parquet" not in formats:
        formats = (*formats, "parquet")  # the next incremental run reads it
    skip_rows = {unread_doc_id(s.source_path): s for s in found.skipped}
    skip_paths = {doc_id: skip.source_path for doc_id, skip in skip_rows.items()}
    planned = plan(_hash_all(found.items), prev, skip_paths)
    kept, kept_rows = planned.kept, planned.kept_rows
    summary = BatchSummary(skipped=[s.source_path for s in found.skipped])
    summary.missing = list(found.missing)
    del found  # from here each input is held by its plan entry only, and let go once written
    work = Plan(planned.entries)
    planned.entries = []
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
        writer.panel_seed = out if options.incremental else None  # its recorded id overrides still apply
        writer.id_overrides = options.id_overrides
        # units/projects/links are not carried over: they are made again at close over old and new forms
        carried = [t for t in TABLES if t not in PANEL_DIMENSION_TABLES and t != "documents"]
        old = [OldTable(out, t, kept, options.batch_rows) for t in carried] if kept else []
        if options.incremental:
            writer.copy_pages(out / REVIEW_DIR, kept, planned.stale_pages)
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
                if writer.review_dir is not None:
                    writer.redraw.add(entry.doc_id)  # its page (the reason it was not read) is drawn at close
            elif entry.kept:
                assert last is not None
                writer.add_copy(last[1])
            else:
                assert last is not None and last[0] == entry.doc_id
                writer.add_copy(duplicate_result(entry.doc_id, entry.source_path, last[1]).documents[0])
            t_emit += time.perf_counter() - te
        pool.release()  # every file is read: the close starts a worker again only for a page to draw
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


def _nothing_to_read(missing: Sequence[str], skipped: Sequence[Skipped], own: Sequence[str] = ()) -> str:
    detail = f" (nothing matched: {', '.join(missing)})" if missing else ""
    if own:  # -o names the input folder itself, or only earlier outputs were given
        detail += f" ({own[0]} is the output folder or an earlier jixiao output: never read as input)"
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
