"""What runs in a worker process: the per-file function with its limits, and the review page jobs.

The pool itself (``pebble``) is :class:`jixiao.pool.Pool`. A worker caps its own address space in the
pool's initializer (``RLIMIT_AS``, ``--memory-mb`` above what it had mapped at start-up); inside a
batch each item runs under its own alarm (``setitimer``), which stops anything that returns to Python;
what does not (a hang in C code, a crash) is the pool's to catch. A file's every failure is its
``failed`` row with a one-line error.

Test hook: with ``JIXIAO_TEST_FAULTS=1`` in the environment, a worker given a file whose
``source_path`` contains ``__hang__`` sleeps forever, ``__crash__`` kills itself with SIGSEGV,
``__exit__`` calls ``os._exit(3)``, ``__oom__`` allocates until MemoryError, ``__slow__`` takes
:data:`SLOW_S` longer, ``__stuck__`` blocks signals and sleeps (a hang the alarm cannot stop),
``__pagehang__`` hangs while its review page is drawn. Off by default.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from jixiao.emit.frames import sort_rows
from jixiao.emit.prepared import Prepared, prepare, sorted_tables, spool, spool_wanted
from jixiao.emit.review import LAYOUT_DIR, PageJob, draw_page, result_page, write_text
from jixiao.emit.review_crops import crop_uris, pdf_crops, save_crops
from jixiao.emit.review_html import page_name
from jixiao.gc_pause import collector_paused
from jixiao.inputs import InputItem, forget_archives, read_item, source_format_of
from jixiao.normalize.records import AnomalyRow, DocumentResult, DocumentRow, failed_result
from jixiao.schemas import TABLES

FAULTS_ENV = "JIXIAO_TEST_FAULTS"
SLOW_S = 0.6
Processor = Callable[..., DocumentResult]  # (data, source_path, *, keep_layout=bool) -> DocumentResult


def default_processor() -> Processor:
    """jixiao.pipeline.process_bytes, imported only where files are read (the parent never needs it)."""
    from jixiao.pipeline import process_bytes

    return process_bytes


@dataclass(frozen=True, slots=True)
class Task:
    item: InputItem
    doc_id: str  # sha256 computed while planning; the bytes read now must match it
    data: bytes | None = None  # the bytes, when sent along (Dask); else read from item
    copies: tuple[str, ...] = ()  # source paths of the other copies of these bytes (on the page)


def input_bytes(task: Task) -> int:
    """A file's size from ``stat`` (a zip member counts as small: its archive was checked when listed)."""
    if task.data is not None:
        return len(task.data)
    if task.item.member is not None:
        return 0
    try:
        return os.stat(task.item.path).st_size
    except OSError:
        return 0


def failed(task: Task, error: str) -> DocumentResult:
    return failed_result(task.doc_id, task.item.source_path, source_format_of(task.item.source_path), error)


def duplicate_result(doc_id: str, source_path: str, primary: DocumentRow) -> DocumentResult:
    """The documents row of a second copy of already-read bytes: it points at the first copy.

    Status, error, encoding and coverage are the first copy's; form and report counts are 0 because
    its rows are not repeated.
    """
    row = DocumentRow(
        doc_id,
        source_path,
        source_format_of(source_path),
        primary.encoding,
        primary.status,
        primary.error,
        0,
        0,
        primary.coverage_pct,
        duplicate_of=primary.source_path,
    )
    return DocumentResult(documents=(row,))


def _maybe_fault(source_path: str, faults: bool | None) -> None:
    if not (os.environ.get(FAULTS_ENV) == "1" if faults is None else faults):
        return
    if "__slow__" in source_path:
        time.sleep(SLOW_S)
    if "__hang__" in source_path:
        while True:
            time.sleep(3600)
    if "__stuck__" in source_path:  # a hang in C code: no Python signal handler runs
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        while True:
            time.sleep(3600)
    if "__crash__" in source_path:
        import faulthandler

        faulthandler.disable()  # a deliberate crash needs no traceback dump
        os.kill(os.getpid(), signal.SIGSEGV)
    if "__exit__" in source_path:
        os._exit(3)
    if "__oom__" in source_path:
        hog = []
        while True:
            hog.append(bytearray(64 * 1024 * 1024))


def process_task(
    task: Task, processor: Processor | None = None, *, keep_layout: bool = False, faults: bool | None = None
) -> DocumentResult:
    """Read one input and run the per-file function on it; never raises except MemoryError (and the
    alarm of :func:`_alarm`). The rows are checked as they become columns (:func:`extract_one`)."""
    result = _process(task, processor, keep_layout=keep_layout, faults=faults)
    if task.item.note is None:
        return result
    doc_id = result.document.doc_id  # what the finder noticed about the input's name (zip members)
    note = AnomalyRow(doc_id, None, "document.note", "info", task.item.note, None, None, None)
    return replace(result, anomalies=(*result.anomalies, note))


def _process(
    task: Task, processor: Processor | None, *, keep_layout: bool, faults: bool | None
) -> DocumentResult:
    try:
        data = task.data if task.data is not None else read_item(task.item)
    except Exception as exc:  # unreadable, vanished, refused: the file's problem, not the batch's
        return failed(task, task.item.refused or f"cannot read: {exc}")
    if hashlib.sha256(data).hexdigest() != task.doc_id:
        return failed(task, "file changed while the run was reading it; run again")
    _maybe_fault(task.item.source_path, faults)
    try:
        result = (processor or default_processor())(data, task.item.source_path, keep_layout=keep_layout)
    except (MemoryError, _ItemTimeout):
        raise
    except Exception as exc:
        return failed(task, f"internal error ({type(exc).__name__}: {exc})")
    # the rows' types are checked once, where they become columns (extract_one: prepare)
    if len(result.documents) != 1:
        return failed(task, f"internal error (result not writable: {len(result.documents)} documents rows)")
    if result.document.doc_id != task.doc_id:
        return failed(task, "internal error (result not writable: doc_id does not match the file's sha256)")
    return result


# ---------------------------------------------------------------- what runs in a worker


class _ItemTimeout(BaseException):  # not an Exception: the pipeline's own handlers let it through
    pass


def _on_alarm(*_: object) -> None:
    raise _ItemTimeout


@contextlib.contextmanager
def _alarm(seconds: float | None) -> Iterator[None]:
    """Raise :class:`_ItemTimeout` after ``seconds`` (main thread only: Dask runs tasks in threads)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(frozen=True, slots=True)
class FileJob:
    """What a worker needs to read files: the per-file function, the review pages, the limits."""

    processor: Processor | None
    review_dir: str | None  # write each document's review page and layout there
    timeout_s: float
    memory_mb: int
    faults: bool
    csv: bool = True  # CSV lines too
    pages: bool = False  # draw review pages (without review_dir: sent back as text, see Prepared)
    spool_dir: str | None = None  # a large document's rows go back through a file there (emit.prepared)
    spool_rows: int | None = None  # rows that make a document large (None: emit.prepared's defaults)


class RunAlone(Exception):
    """Out of memory with other files' results held beside it: the pool runs the batch again one file
    a task, so the limit a file gets is for that file alone."""


def extract_one(task: Task, job: FileJob, *, alone: bool = True) -> Prepared:
    """One file → its prepared rows and review page; every failure is the file's ``failed`` row
    (``alone`` False: out of memory raises :class:`RunAlone`)."""
    # rows, columns and the page are many short-lived objects too, as reading is (jixiao.gc_pause)
    with collector_paused():
        return _extract_one(task, job, alone)


def _extract_one(task: Task, job: FileJob, alone: bool) -> Prepared:
    pages = job.pages or job.review_dir is not None
    try:
        with _alarm(job.timeout_s):
            result = process_task(task, job.processor, keep_layout=pages, faults=job.faults)
    except _ItemTimeout:
        result = failed(task, f"timed out after {job.timeout_s:g} s")
    except MemoryError:
        if not alone:
            raise RunAlone(task.item.source_path) from None
        result = failed(task, f"out of memory (over the {job.memory_mb} MB worker limit)")
    try:
        tables = sorted_tables(result)
        large = job.spool_dir is not None and spool_wanted(tables, input_bytes(task), job.spool_rows)
        prepared = prepare(result, csv=job.csv and not large, tables=tables)
    except (TypeError, ValueError, AttributeError) as exc:
        result = failed(task, f"internal error (result not writable: {exc})")
        tables, large = sorted_tables(result), False
        prepared = prepare(result, csv=job.csv, tables=tables)
    if pages:
        prepared = _with_page(task, job, result, tables, prepared, alone)
    if large:  # the parent reads it back a piece at a time: its memory stays flat in document size
        assert job.spool_dir is not None
        path = Path(job.spool_dir) / f"{page_name(task.doc_id)}.rows"
        prepared = spool(prepared, path, csv=job.csv)
    return prepared


def _with_page(
    task: Task,
    job: FileJob,
    result: DocumentResult,
    tables: dict[str, list[Any]],
    prepared: Prepared,
    alone: bool,
) -> Prepared:
    """The document's review page drawn here, under its own time limit (a page that cannot be drawn
    is a problem of the review, not of the document's rows)."""
    t0 = time.perf_counter()
    copies = [duplicate_result(task.doc_id, p, result.document).documents[0] for p in task.copies]
    page_tables = {**tables, "documents": sort_rows(TABLES["documents"], [result.document, *copies])}
    name = page_name(task.doc_id)
    layout_json: str | None = None
    html: str | None = None
    crops: dict[str, bytes] = {}
    problem = None
    try:
        with _alarm(job.timeout_s):
            if job.faults and "__pagehang__" in task.item.source_path:
                while True:
                    time.sleep(3600)
            crops = _pdf_crops(task, result)
            layout_json, html = result_page(result, page_tables, prepared.columns, crop_uris(crops))
    except _ItemTimeout:
        problem = f"{name}.html: page not drawn (timed out after {job.timeout_s:g} s)"
    except MemoryError:
        if not alone:
            raise RunAlone(task.item.source_path) from None
        problem = f"{name}.html: page not drawn (out of memory)"
    if job.review_dir is not None and html is not None:
        review = Path(job.review_dir)
        if layout_json is not None:
            (review / LAYOUT_DIR / f"{name}.json").write_text(layout_json, encoding="utf-8")
            save_crops(review / LAYOUT_DIR / f"{name}.json", crops)
        write_text(review / f"{name}.html", html)
        layout_json = html = None
    stages = {**prepared.stage_seconds, "review": time.perf_counter() - t0}
    return replace(
        prepared,
        stage_seconds=stages,
        page_drawn=problem is None,
        page_problem=problem,
        layout_json=layout_json,
        page_html=html,
    )


def _pdf_crops(task: Task, result: DocumentResult) -> dict[str, bytes]:
    """A PDF's flagged cells as page crops, rendered here in the worker (none for other documents)."""
    if result.layout is None or result.layout.source_format != "pdf":
        return {}
    try:
        return pdf_crops(task.data if task.data is not None else read_item(task.item), result)
    except Exception:
        return {}


def extract_batch(tasks: list[Task], job: FileJob) -> list[Prepared]:
    return [extract_one(t, job, alone=len(tasks) == 1) for t in tasks]


def page_failed(job: PageJob, error: str) -> str:
    return f"{Path(job.page_path).name}: page not drawn ({error})"


def draw_batch(jobs: list[PageJob], timeout_s: float) -> list[str | None]:
    """Review pages, each under the time limit; a problem (or None) for each."""
    out: list[str | None] = []
    for job in jobs:
        try:
            with _alarm(timeout_s):
                out.append(draw_page(job))
        except _ItemTimeout:
            out.append(page_failed(job, f"timed out after {timeout_s:g} s"))
        except MemoryError:
            out.append(page_failed(job, "out of memory"))
    return out


def init_worker(memory_mb: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    # Arrow's default allocator reserves far more address space than it uses: under RLIMIT_AS a
    # worker that writes the workbook would fail. malloc reserves what it uses.
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
    forget_archives()
    if memory_mb > 0 and os.path.exists("/proc/self/statm"):
        import resource

        # The limit is on address space *added* after start-up: libraries map a lot before any work.
        with open("/proc/self/statm") as fh:
            start = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = start + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
