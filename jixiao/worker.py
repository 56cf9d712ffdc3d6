"""Worker processes (``pebble``): each file under a time and memory limit, crash- and hang-isolated.

:class:`Pool` wraps a ``pebble.ProcessPool``. Work goes out in small *batches* (a few files, or a few
review pages) so the parent schedules one task per batch instead of one per file; results come back
in order (:meth:`Pool.map`), with a bounded number of batches in flight so memory stays flat.

Limits: each worker caps its own address space in its initializer (``RLIMIT_AS``, ``--memory-mb``
above what it had mapped at start-up); inside a batch each item runs under its own alarm
(``setitimer``), which stops anything that returns to Python. A hang below Python (C code) or a crash
(segfault, ``os._exit``, the kernel's OOM kill) is caught by pebble: the batch's time limit (the
items' limits added up) expires or its worker dies, pebble replaces the worker, and the batch is run
again one item per task, so only the culprit fails — with a one-line error — and the run goes on.

Test hook: with ``JIXIAO_TEST_FAULTS=1`` in the environment, a worker given a file whose
``source_path`` contains ``__hang__`` sleeps forever, ``__crash__`` kills itself with SIGSEGV,
``__exit__`` calls ``os._exit(3)``, ``__oom__`` allocates until MemoryError, ``__slow__`` takes
:data:`SLOW_S` longer, ``__stuck__`` blocks signals and sleeps (a hang the alarm cannot stop). Off by
default.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from itertools import chain, islice
from pathlib import Path
from typing import Any, TypeVar

from jixiao.emit.frames import check_result
from jixiao.emit.layout_json import layout_text
from jixiao.emit.prepared import Prepared, prepare
from jixiao.emit.review import PageJob, draw_page
from jixiao.emit.review_html import page_name
from jixiao.inputs import InputItem, forget_archives, read_item, source_format_of
from jixiao.normalize.records import DocumentResult, DocumentRow, failed_result
from jixiao.pool_context import context, main_not_rerun

FAULTS_ENV = "JIXIAO_TEST_FAULTS"
SLOW_S = 0.6
BATCH_MAX = 16  # items a pebble task: fewer tasks for the parent; a crash redoes up to this many
# input bytes a batch may hold (one larger file goes alone) and, with them, results in flight: what
# the parent and a worker hold at once stays bounded however large the files are
BATCH_BYTES = 1 << 20
_GRACE_S = 2.0
_BROKEN_RETRIES = 3  # a batch's own limit beyond its items' (start-up, pickling)
Processor = Callable[..., DocumentResult]  # (data, source_path, *, keep_layout=bool) -> DocumentResult
X = TypeVar("X")
Y = TypeVar("Y")


def default_processor() -> Processor:
    """jixiao.pipeline.process_bytes, imported only where files are read (the parent never needs it)."""
    from jixiao.pipeline import process_bytes

    return process_bytes


@dataclass(frozen=True, slots=True)
class Task:
    item: InputItem
    doc_id: str  # sha256 computed while planning; the bytes read now must match it
    data: bytes | None = None  # the bytes, when sent along (Dask); else read from item


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
    alarm of :func:`_alarm`)."""
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
    problem = check_result(result)
    if problem is None and result.document.doc_id != task.doc_id:
        problem = "doc_id does not match the file's sha256"
    if problem is not None:
        return failed(task, f"internal error (result not writable: {problem})")
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
    """What a worker needs to read files: the per-file function, where layouts go, the limits."""

    processor: Processor | None
    layout_dir: str | None  # write each layout there (review pages); None: no layout
    timeout_s: float
    memory_mb: int
    faults: bool
    csv: bool = True  # CSV lines too


def extract_one(task: Task, job: FileJob, *, layout_text_back: bool = False) -> Prepared:
    """One file → its prepared rows; every failure is the file's ``failed`` row."""
    keep = job.layout_dir is not None or layout_text_back
    try:
        with _alarm(job.timeout_s):
            result = process_task(task, job.processor, keep_layout=keep, faults=job.faults)
    except _ItemTimeout:
        result = failed(task, f"timed out after {job.timeout_s:g} s")
    except MemoryError:
        result = failed(task, f"out of memory (over the {job.memory_mb} MB worker limit)")
    text = layout_text(result.layout) if keep and result.layout is not None else None
    if text is not None and job.layout_dir is not None:
        path = Path(job.layout_dir) / f"{page_name(task.doc_id)}.json"
        path.write_text(text, encoding="utf-8")
        text = None
    try:
        return prepare(replace(result, layout=None), csv=job.csv, layout_json=text)
    except (TypeError, ValueError, AttributeError) as exc:
        return prepare(failed(task, f"internal error (result not writable: {exc})"), csv=job.csv)


def extract_batch(tasks: list[Task], job: FileJob) -> list[Prepared]:
    return [extract_one(t, job) for t in tasks]


def _page_failed(job: PageJob, error: str) -> str:
    return f"{Path(job.page_path).name}: page not drawn ({error})"


def draw_batch(jobs: list[PageJob], timeout_s: float) -> list[str | None]:
    """Review pages, each under the time limit; a problem (or None) for each."""
    out: list[str | None] = []
    for job in jobs:
        try:
            with _alarm(timeout_s):
                out.append(draw_page(job))
        except _ItemTimeout:
            out.append(_page_failed(job, f"timed out after {timeout_s:g} s"))
        except MemoryError:
            out.append(_page_failed(job, "out of memory"))
    return out


def _init_worker(memory_mb: int) -> None:
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


# ---------------------------------------------------------------- the parent's side


def _input_bytes(task: Task) -> int:
    """A file's size from ``stat`` (a zip member counts as small: its archive was checked when listed)."""
    if task.data is not None:
        return len(task.data)
    if task.item.member is not None:
        return 0
    try:
        return os.stat(task.item.path).st_size
    except OSError:
        return 0


def _page_bytes(job: PageJob) -> int:
    """Roughly what a page job's records take (a large document's page goes alone)."""
    return 256 * sum(len(rows) for rows in job.recs.values())


def why_failed(exc: BaseException, timeout_s: float) -> str:
    """A one-line error for a task that pebble gave up on."""
    from pebble import ProcessExpired

    if isinstance(exc, FutureTimeout):
        return f"timed out after {timeout_s:g} s"
    if isinstance(exc, ProcessExpired):
        return f"worker crashed (exit {exc.exitcode})"
    if isinstance(exc, BrokenProcessPool):
        return "worker crashed"
    return f"internal error ({type(exc).__name__}: {exc})"


class Pool:
    """``jobs`` worker processes; use as a context manager. See the module docstring."""

    def __init__(
        self, jobs: int, *, timeout_s: float, memory_mb: int, processor: Processor | None = None
    ) -> None:
        from pebble import ProcessPool

        self.jobs = max(1, jobs)
        self.timeout_s, self.memory_mb = timeout_s, memory_mb
        self._stack = contextlib.ExitStack()
        # a processor defined in the caller's script needs that script in the workers; ours do not
        if b"__main__" not in pickle.dumps(processor):
            self._stack.enter_context(main_not_rerun())  # pebble starts replacements at any time
        self._new_pool = lambda: ProcessPool(
            max_workers=self.jobs, initializer=_init_worker, initargs=(memory_mb,), context=context()
        )
        self._pool = self._new_pool()
        self.files = FileJob(processor, None, timeout_s, memory_mb, os.environ.get(FAULTS_ENV) == "1")

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._pool.stop()  # workers end now: they hold memory the close may want
        self._pool.join()
        self._stack.close()

    def batch_size(self, left: int) -> int:
        return max(1, min(BATCH_MAX, left // (4 * self.jobs)))

    def map(
        self,
        fn: Callable[..., list[Y]],
        items: Iterable[X],
        fail: Callable[[X, str], Y],
        *args: Any,
        total: int,
        weight: Callable[[X], int] = lambda _: 0,
    ) -> Iterator[Y]:
        """``fn(batch, *args)`` over ``items`` in batches (``total``: how many, roughly, for the batch
        size), results in order, as they come; an item whose batch
        crashed or hung is tried alone, and if it fails alone ``fail(item, error)`` stands for it.
        ``weight``: an item's input bytes; a batch holds at most :data:`BATCH_BYTES` of them (or one
        item), and batches in flight at most one per worker once that much is out."""
        source = iter(items)
        more, scheduled = True, 0
        pending: deque[tuple[list[X], Any, int]] = deque()
        while True:
            while more and len(pending) < 2 * self.jobs + 1:
                out = sum(w for _, _, w in pending)
                if pending and out > self.jobs * BATCH_BYTES and len(pending) >= self.jobs:
                    break
                batch, size = list(islice(source, self.batch_size(total - scheduled))), 0
                if not batch:
                    more = False
                    break
                for k, x in enumerate(batch):  # cut where the bytes pass the bound; the rest waits
                    if k and size + weight(x) > BATCH_BYTES:
                        source, batch = chain(batch[k:], source), batch[:k]
                        break
                    size += weight(x)
                scheduled += len(batch)
                pending.append((batch, self._schedule(fn, batch, args), size))
            if not pending:
                return
            batch, future, _ = pending.popleft()
            # a backstop: pebble loses a task whose worker dies before saying it started (while
            # unpickling it); waiting longer than every batch ahead of it could take means that
            backstop = (self.timeout_s * BATCH_MAX + _GRACE_S) * (len(pending) + 2)
            try:
                yield from future.result(timeout=backstop)
            except Exception as exc:
                future.cancel()
                if len(batch) == 1 and not isinstance(exc, BrokenProcessPool):
                    yield fail(batch[0], why_failed(exc, self.timeout_s))
                    continue
                for x in batch:  # one at a time: only the culprit fails
                    try:
                        yield from self._run_alone(fn, x, args)
                    except Exception as exc_one:
                        yield fail(x, why_failed(exc_one, self.timeout_s))

    def _run_alone(self, fn: Callable[..., list[Y]], x: Any, args: tuple[Any, ...]) -> list[Y]:
        for _ in range(_BROKEN_RETRIES):
            future = self._schedule(fn, [x], args)
            try:
                return future.result(timeout=(self.timeout_s + _GRACE_S) * (2 * self.jobs + 2))
            except FutureTimeout:
                future.cancel()
                raise
            except BrokenProcessPool:
                continue  # the worker died before its task was seen: pebble could not tell which
        raise BrokenProcessPool("the worker died before its task started, each time")

    def _schedule(self, fn: Callable[..., Any], batch: list[Any], args: tuple[Any, ...]) -> Any:
        return self._submit(fn, (batch, *args), self.timeout_s * len(batch) + _GRACE_S)

    def _submit(self, fn: Callable[..., Any], args: tuple[Any, ...], timeout: float | None) -> Any:
        try:
            return self._pool.schedule(fn, args=args, timeout=timeout)
        except RuntimeError:
            # pebble gives up on the whole pool when a worker dies before the task it took is seen
            # as started (a file that crashes at once); its tasks fail as BrokenProcessPool and are
            # run again, one at a time, in a new pool
            self._pool.stop()
            self._pool.join()
            self._pool = self._new_pool()
            return self._pool.schedule(fn, args=args, timeout=timeout)

    def extract(
        self, tasks: Iterable[Task], *, layout_dir: str | None, csv: bool, total: int
    ) -> Iterator[Prepared]:
        job = replace(self.files, layout_dir=layout_dir, csv=csv)
        fail = lambda t, e: prepare(failed(t, e), csv=csv)  # noqa: E731
        return self.map(extract_batch, tasks, fail, job, total=total, weight=_input_bytes)

    def background(self, fn: Callable[..., Any], *args: Any) -> Callable[[], Any]:
        """``fn(*args)`` (the workbook, from our own Parquet: no document is parsed) in a process of its
        own beside the pool's, without the per-file limits (it imports pyarrow, whose libraries map more
        address space than a small ``--memory-mb`` allows); returns a function that waits for it and
        raises ``OSError`` if it failed."""
        from concurrent.futures import ProcessPoolExecutor

        executor = ProcessPoolExecutor(1, mp_context=context(), initializer=_init_worker, initargs=(0,))
        self._stack.callback(executor.shutdown, cancel_futures=True)
        future = executor.submit(fn, *args)

        def wait() -> Any:
            try:
                return future.result()
            except Exception as exc:
                raise OSError(f"{getattr(fn, '__name__', fn)}: {why_failed(exc, 0)}") from exc

        return wait

    def draw_pages(self, jobs: Iterable[PageJob], total: int) -> Iterator[str | None]:
        """Review pages drawn in the workers (see :func:`emit.review.write_site`)."""
        return self.map(draw_batch, jobs, _page_failed, self.timeout_s, total=total, weight=_page_bytes)
