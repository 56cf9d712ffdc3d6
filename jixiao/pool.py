"""The worker pool (``pebble``): files and review pages in small batches, results in order.

:class:`Pool` wraps a ``pebble.ProcessPool`` whose workers run :mod:`jixiao.worker`. Work goes out in
small *batches* (a few files, or a few review pages; bounded by count and by input bytes) so the parent
schedules one task per batch instead of one per file; results come back in order (:meth:`Pool.map`),
with a bounded number of batches in flight so memory stays flat. Each item runs under its own alarm
in the worker; a hang below Python (C code) or a crash (segfault, ``os._exit``, the kernel's OOM kill)
is caught by pebble: the batch's time limit (the items' limits added up) expires or its worker dies,
pebble replaces the worker, and the batch is run again one item per task, so only the culprit fails —
with a one-line error — and the run goes on.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from itertools import chain, islice
from typing import Any, TypeVar

from jixiao.emit.prepared import Prepared, prepare, spool_rows_wanted
from jixiao.emit.review import PageJob
from jixiao.pool_context import context, main_not_rerun
from jixiao.worker import (
    FAULTS_ENV,
    FileJob,
    Processor,
    Task,
    draw_batch,
    extract_batch,
    failed,
    init_worker,
    input_bytes,
    page_failed,
)

BATCH_MAX = 16  # items a pebble task: fewer tasks for the parent; a crash redoes up to this many
# input bytes a batch may hold (one larger file goes alone) and, with them, results in flight: what
# the parent and a worker hold at once stays bounded however large the files are
BATCH_BYTES = 1 << 19
_GRACE_S = 2.0  # a batch's own limit beyond its items' (start-up, pickling)
_BROKEN_RETRIES = 3
X = TypeVar("X")
Y = TypeVar("Y")


def _page_bytes(job: PageJob) -> int:
    """Roughly what a page job's records take (a large document's page goes alone)."""
    return 1024 * sum(len(rows) for rows in job.recs.values())  # a row as a dict: ~1 KB


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
        self.item_s = timeout_s  # the most an item may take: a file read and its page drawn, 2 limits
        self._stack = contextlib.ExitStack()
        # a processor defined in the caller's script needs that script in the workers; ours do not
        if b"__main__" not in pickle.dumps(processor):
            self._stack.enter_context(main_not_rerun())  # pebble starts replacements at any time
        self._new_pool = lambda: ProcessPool(
            max_workers=self.jobs, initializer=init_worker, initargs=(memory_mb,), context=context()
        )
        self._pool: Any = self._new_pool()  # None once the workers are let go (started again if needed)
        self._background: Any = None  # the process of background() (made on its first call)
        faults = os.environ.get(FAULTS_ENV) == "1"
        self.files = FileJob(processor, None, timeout_s, memory_mb, faults, spool_rows=spool_rows_wanted())

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self.release()
        self._stack.close()

    def release(self) -> None:
        """End the workers now (they hold memory the close may want); the next task starts new ones."""
        if self._pool is not None:
            self._pool.stop()
            self._pool.join()
            self._pool = None

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
            backstop = (self.item_s * BATCH_MAX + _GRACE_S) * (len(pending) + 2)
            try:
                yield from future.result(timeout=backstop)
            except Exception as exc:
                future.cancel()
                if len(batch) == 1 and isinstance(exc, FutureTimeout):
                    yield fail(batch[0], why_failed(exc, self.timeout_s))
                    continue
                # a crash is confirmed alone before it is blamed: under load pebble can pin a worker's
                # death on the task it handed out next (seen: a neighbour of a SIGSEGV file blamed)
                for x in batch:  # one at a time: only the culprit fails
                    try:
                        yield from self._run_alone(fn, x, args)
                    except Exception as exc_one:
                        yield fail(x, why_failed(exc_one, self.timeout_s))

    def _run_alone(self, fn: Callable[..., list[Y]], x: Any, args: tuple[Any, ...]) -> list[Y]:
        from pebble import ProcessExpired

        crashes = 0
        for _ in range(_BROKEN_RETRIES):
            future = self._schedule(fn, [x], args)
            try:
                return future.result(timeout=(self.item_s + _GRACE_S) * (2 * self.jobs + 2))
            except FutureTimeout:
                future.cancel()
                raise
            except ProcessExpired:
                crashes += 1
                if crashes == 2:
                    raise  # twice alone: this file is the one that crashes
            except BrokenProcessPool:
                continue  # the worker died before its task was seen: pebble could not tell which
        raise BrokenProcessPool("the worker died before its task started, each time")

    def _schedule(self, fn: Callable[..., Any], batch: list[Any], args: tuple[Any, ...]) -> Any:
        return self._submit(fn, (batch, *args), self.item_s * len(batch) + _GRACE_S)

    def _submit(self, fn: Callable[..., Any], args: tuple[Any, ...], timeout: float | None) -> Any:
        if self._pool is None:
            self._pool = self._new_pool()
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
        self,
        tasks: Iterable[Task],
        *,
        review_dir: str | None,
        csv: bool,
        total: int,
        spool_dir: str | None = None,
    ) -> Iterator[Prepared]:
        job = replace(self.files, review_dir=review_dir, csv=csv, spool_dir=spool_dir)
        self.item_s = self.timeout_s * (2 if review_dir is not None else 1)  # the page has a limit of its own
        fail = lambda t, e: prepare(failed(t, e), csv=csv)  # noqa: E731
        return self.map(extract_batch, tasks, fail, job, total=total, weight=input_bytes)

    def background(self, fn: Callable[..., Any], *args: Any) -> Callable[[], Any]:
        """``fn(*args)`` (the workbook, from our own Parquet: no document is parsed) in a process of its
        own beside the pool's, without the per-file limits (it imports pyarrow, whose libraries map more
        address space than a small ``--memory-mb`` allows); returns a function that waits for it and
        raises ``OSError`` if it failed. Calls run one after another in the same process (a call that
        imports what the next needs starts it early)."""
        if self._background is None:
            from concurrent.futures import ProcessPoolExecutor

            self._background = ProcessPoolExecutor(
                1, mp_context=context(), initializer=init_worker, initargs=(0,)
            )
            self._stack.callback(self._background.shutdown, cancel_futures=True)
        future = self._background.submit(fn, *args)

        def wait() -> Any:
            try:
                return future.result()
            except Exception as exc:
                raise OSError(f"{getattr(fn, '__name__', fn)}: {why_failed(exc, 0)}") from exc

        return wait

    def draw_pages(self, jobs: Iterable[PageJob], total: int) -> Iterator[str | None]:
        """Review pages drawn in the workers (see :func:`emit.review.write_site`)."""
        self.item_s = self.timeout_s
        return self.map(draw_batch, jobs, page_failed, self.timeout_s, total=total, weight=_page_bytes)
