"""Worker processes: files in chunks, each file under a time and memory limit, crash-isolated.

:class:`WorkerPool` keeps ``jobs`` processes and hands each a *chunk* of tasks at a time (up to
:data:`_CHUNK_MAX` files; the next chunk already waits in its pipe while it works, so it never waits
for the parent). The worker reads each file, runs the pipeline and prepares everything the writer
needs (:func:`emit.prepared.prepare`: sorted columns, CSV text, workbook rows, the review page), then
sends the whole chunk in one message, its rows packed table by table
(:func:`emit.prepared.pack_chunk`) so that the parent — the one process that does not run in
parallel — unpickles a few buffers instead of every value. Results are yielded *in task order* (a
reorder buffer, bounded so that memory stays flat). Each file has its own deadline: the worker notes
in shared memory which file it is on and since when (:class:`Progress`), and the parent times that.
A file that hangs past the time limit gets its worker killed; a worker that dies (segfault,
``os._exit``, out of memory) is recorded against the file it was on; either way that file fails
alone, the other files of its chunks (finished ones too: their results died with the worker) go back
in the queue, a fresh worker takes its place and the batch goes on.

Test hook: with ``JIXIAO_TEST_FAULTS=1`` in the environment, a worker given a file whose
``source_path`` contains ``__hang__`` sleeps forever, ``__crash__`` kills itself with SIGSEGV,
``__exit__`` calls ``os._exit(3)``, ``__oom__`` allocates until MemoryError, ``__slow__`` takes
:data:`SLOW_S` longer. Off by default.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import socket
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from multiprocessing.reduction import ForkingPickler
from typing import Any

from jixiao.emit.frames import check_result
from jixiao.emit.prepared import Prepared, pack_chunk, prepare
from jixiao.inputs import InputItem, forget_archives, read_item, source_format_of
from jixiao.normalize.records import DocumentResult, DocumentRow, failed_result
from jixiao.pool_context import context, main_not_rerun

FAULTS_ENV = "JIXIAO_TEST_FAULTS"
SLOW_S = 0.6
_AHEAD_CHUNKS = 1  # chunks a worker may hold besides the one in work
# tasks a message: fewer messages and Arrow pieces for the parent; a crash redoes up to this many
_CHUNK_MAX = 32
_AHEAD_BYTES = 32 * 1024  # larger chunks wait until the worker is idle (and see _send_room)
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
    copies: tuple[str, ...] = ()  # source paths of other copies of these bytes (shown on the page)


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
    task: Task,
    processor: Processor | None = None,
    *,
    keep_layout: bool = False,
    faults: bool | None = None,
    check: bool = True,
) -> DocumentResult:
    """Read one input and run the per-file function on it; never raises except MemoryError.

    ``check=False`` skips the writability check (:func:`prepare_task` does it while preparing).
    """
    try:
        data = task.data if task.data is not None else read_item(task.item)
    except Exception as exc:  # unreadable, vanished, refused: the file's problem, not the batch's
        return failed(task, task.item.refused or f"cannot read: {exc}")
    if hashlib.sha256(data).hexdigest() != task.doc_id:
        return failed(task, "file changed while the run was reading it; run again")
    _maybe_fault(task.item.source_path, faults)
    try:
        result = (processor or default_processor())(data, task.item.source_path, keep_layout=keep_layout)
    except MemoryError:
        raise
    except Exception as exc:
        return failed(task, f"internal error ({type(exc).__name__}: {exc})")
    problem = check_result(result) if check else None
    if problem is None and result.document.doc_id != task.doc_id:
        problem = "doc_id does not match the file's sha256"
    if problem is not None:
        return failed(task, f"internal error (result not writable: {problem})")
    return result if keep_layout else replace(result, layout=None)


Wants = dict[str, Any]  # what to prepare: csv, page, layout, review_dir (see OutputWriter.wants)


def prepare_task(
    task: Task,
    processor: Processor | None = None,
    wants: Wants | None = None,
    *,
    faults: bool | None = None,
) -> Prepared:
    """:func:`process_task` then :func:`emit.prepared.prepare`; an unwritable result becomes a failure."""
    wants = wants or {}
    keep_layout = bool(wants.get("page") or wants.get("layout"))
    result = process_task(task, processor, keep_layout=keep_layout, faults=faults, check=False)
    return _prepare(task, result, wants)


def _prepare(task: Task, result: DocumentResult, wants: Wants) -> Prepared:
    copies = [duplicate_result(task.doc_id, p, result.document).documents[0] for p in task.copies]
    try:
        if len(result.documents) != 1:
            raise ValueError(f"expected 1 documents row, got {len(result.documents)}")
        return prepare(result, copies=copies if wants.get("page") else (), **wants)
    except (TypeError, ValueError, AttributeError) as exc:
        bad = failed(task, f"internal error (result not writable: {exc})")
        return prepare(bad, copies=copies if wants.get("page") else (), **wants)


def failed_prepared(task: Task, error: str, wants: Wants | None = None) -> Prepared:
    return _prepare(task, failed(task, error), wants or {})


def _limit_memory(memory_mb: int) -> None:
    import resource

    # The limit is on address space *added* after start-up: libraries map a lot before any work.
    with open("/proc/self/statm") as fh:
        start = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    limit = start + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


class Progress:
    """Where a worker is — (chunk number, position in it, when that file started) — in shared memory,
    so the parent enforces per-file deadlines and blames the right file with one message a chunk.

    Cells: version, chunk, position, start (``time.monotonic``, one clock for all processes on a
    machine). The version is odd while the worker writes (a seqlock): a reader never mixes two
    notes. Chunks are numbered from 1 in the order the worker receives them, as the parent sends them.
    """

    def __init__(self, ctx: Any) -> None:
        self.cells = ctx.RawArray("d", 4)

    def note(self, chunk: int, position: int) -> None:
        cells = self.cells
        cells[0] += 1
        cells[1], cells[2], cells[3] = chunk, position, time.monotonic()
        cells[0] += 1

    def read(self) -> tuple[int, int, float]:
        cells = self.cells
        for _ in range(1000):  # a worker killed mid-note leaves the version odd: take what is there
            version = cells[0]
            chunk, position, started = cells[1], cells[2], cells[3]
            if version % 2 == 0 and cells[0] == version:
                break
        return int(chunk), int(position), started


@dataclass(frozen=True, slots=True)
class ChunkDone:
    """A worker's message: results of the first ``len(indices)`` tasks of its oldest chunk (all of
    them, unless ``exiting``: out of memory, the worker ends and the rest go back to the queue)."""

    indices: list[int]
    results: list[Prepared]
    exiting: bool = False


def _send_chunk(conn: Connection, chunk: list[tuple[int, Task]], done: list[Prepared], exiting: bool) -> None:
    indices = [index for index, _ in chunk[: len(done)]]
    try:
        conn.send(ChunkDone(indices, pack_chunk(done), exiting))
        return
    except Exception:  # an unpicklable result is a bug of ours: find it and report it on its file
        pass
    checked = []
    for (_, task), result in zip(chunk, done, strict=False):
        try:
            ForkingPickler.dumps(result)
        except Exception as exc:
            result = failed_prepared(task, f"internal error (result not sendable: {exc})")
        checked.append(result)
    conn.send(ChunkDone(indices, checked, exiting))


def _worker_main(
    conn: Connection,
    progress: Progress,
    processor: Processor | None,
    memory_mb: int,
    wants: Wants,
    faults: bool,
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    forget_archives()
    if memory_mb > 0 and os.path.exists("/proc/self/statm"):
        _limit_memory(memory_mb)
    number = 0
    while True:
        try:
            chunk = conn.recv()
        except EOFError:
            return
        if chunk is None:
            return
        number += 1
        done: list[Prepared] = []
        oom = False
        for position, (_, task) in enumerate(chunk):
            progress.note(number, position)
            try:
                done.append(prepare_task(task, processor, wants, faults=faults))
            except MemoryError:
                oom = True
                error = f"out of memory (over the {memory_mb} MB worker limit)"
                done.append(failed_prepared(task, error, wants))
                break
        _send_chunk(conn, chunk, done, oom)
        if oom:
            os._exit(0)  # the heap may be in a bad state; the parent starts a fresh worker


def _send_room(conn: Connection) -> int:
    """Bytes a chunk sent ahead may take: a quarter of the socket's send buffer (~200 KB on Linux, ~8 KB
    on macOS), at most :data:`_AHEAD_BYTES` — a larger one would block the parent until the worker
    reads it, after the chunk in work (no deadlines, no results meanwhile)."""
    try:
        with socket.socket(fileno=os.dup(conn.fileno())) as sock:
            return min(_AHEAD_BYTES, sock.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF) // 4)
    except OSError:
        return 2 * 1024


@dataclass(slots=True)
class _Worker:
    proc: Any  # multiprocessing.Process (its context-specific type)
    conn: Connection
    progress: Progress
    room: int  # see _send_room
    chunks: deque[list[tuple[int, Task]]] = field(default_factory=deque)  # sent, not yet reported
    sent: int = 0  # chunks sent so far (the worker numbers them the same way)
    since: float = 0.0  # when the oldest chunk in ``chunks`` became the oldest

    @property
    def first(self) -> int:
        """The number of the oldest chunk not yet reported."""
        return self.sent - len(self.chunks) + 1

    def current(self) -> tuple[int, float]:
        """(position in the oldest chunk, when that file started); position 0 and ``since``
        while the worker has not begun that chunk."""
        chunk, position, started = self.progress.read()
        if chunk == self.first and position < len(self.chunks[0]):
            return position, started
        return 0, self.since


class _TaskQueue:
    """Numbered tasks not yet sent: ones put back (a dead worker's) first, then the rest, pulled
    from the source only as needed. ``len``: how many are left in all."""

    def __init__(self, tasks: Iterable[Task], total: int) -> None:
        self._source = enumerate(tasks)
        self._unpulled = total
        self._ready: deque[tuple[int, Task]] = deque()

    def __len__(self) -> int:
        return len(self._ready) + self._unpulled

    def _pull(self, n: int) -> None:
        while len(self._ready) < n and self._unpulled:
            self._ready.append(next(self._source))
            self._unpulled -= 1

    def head_index(self) -> int:
        self._pull(1)
        return self._ready[0][0]

    def take(self, n: int) -> list[tuple[int, Task]]:
        self._pull(n)
        return [self._ready.popleft() for _ in range(min(n, len(self._ready)))]

    def put_back(self, chunk: Sequence[tuple[int, Task]]) -> None:
        self._ready.extendleft(reversed(chunk))


class WorkerPool:
    """``jobs`` worker processes; :meth:`imap` yields results in task order. Use as a context manager.

    ``chunk``: tasks per message (None: a few per worker, fewer near the end so the last files spread).
    """

    def __init__(
        self,
        jobs: int,
        processor: Processor | None = None,
        *,
        timeout_s: float = 60.0,
        memory_mb: int = 2048,
        wants: Wants | None = None,
        window: int | None = None,
        chunk: int | None = None,
    ) -> None:
        self.jobs = max(1, jobs)
        self.processor, self.timeout_s, self.memory_mb = processor, timeout_s, memory_mb
        self.wants: Wants = dict(wants or {})
        self.window = window or max(256, 64 * self.jobs)  # results held for reordering, at most
        self.chunk = chunk
        self.replaced = 0
        self._faults = os.environ.get(FAULTS_ENV) == "1"  # read here: a fork server has its own environment
        self._ctx: Any = context()
        self._workers = [self._start() for _ in range(self.jobs)]

    def _start(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        progress = Progress(self._ctx)
        proc = self._ctx.Process(
            target=_worker_main,
            args=(child, progress, self.processor, self.memory_mb, self.wants, self._faults),
            daemon=True,
        )
        # a processor defined in the caller's script (or wrapping one) needs that script in the
        # worker; ours do not
        own = b"__main__" not in bytes(ForkingPickler.dumps(self.processor))
        with main_not_rerun() if own else contextlib.nullcontext():
            proc.start()
        child.close()
        return _Worker(proc, parent, progress, _send_room(parent))

    def _replace(self, w: _Worker) -> None:
        if w.proc.is_alive():
            w.proc.kill()
        w.proc.join()
        w.conn.close()
        self._workers[self._workers.index(w)] = self._start()
        self.replaced += 1

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        for w in self._workers:
            if not w.chunks:
                with contextlib.suppress(OSError):
                    w.conn.send(None)
        deadline = time.monotonic() + 5
        for w in self._workers:
            if w.chunks:
                w.proc.kill()
            w.proc.join(max(0.0, deadline - time.monotonic()))
            if w.proc.is_alive():
                w.proc.kill()
                w.proc.join()
            w.conn.close()
        self._workers = []

    def _chunk_size(self, left: int) -> int:
        if self.chunk is not None:
            return max(1, self.chunk)
        return max(1, min(_CHUNK_MAX, left // (4 * self.jobs)))

    def imap(
        self,
        tasks: Iterable[Task],
        on_done: Callable[[Prepared], None] | None = None,
        *,
        total: int | None = None,
    ) -> Iterator[Prepared]:
        """Results in the order of ``tasks``; ``on_done`` is called as each one finishes (any order).

        ``tasks`` may be an iterator (``total`` then says how many): it is read only as far as
        chunks go out, so a plan kept on disk stays there.
        """
        if total is None:
            tasks = list(tasks)
            total = len(tasks)
        queue = _TaskQueue(tasks, total)
        del tasks  # held by the queue from here (a plan on disk: read as chunks go out)
        done: dict[int, Prepared] = {}
        emitted = 0
        while True:
            for w in self._workers:
                self._feed(w, queue, emitted)
            while emitted in done:
                yield done.pop(emitted)
                emitted += 1
            busy = [w for w in self._workers if w.chunks]
            if not busy:
                if not len(queue):
                    return
                continue
            timeout = max(0.0, min(self._deadline(w) for w in busy) - time.monotonic())
            wait([w.conn for w in busy] + [w.proc.sentinel for w in busy], timeout)
            for w in busy:
                for index, result in self._collect(w, queue):
                    done[index] = result
                    if on_done is not None:
                        on_done(result)

    def _deadline(self, w: _Worker) -> float:
        return w.current()[1] + self.timeout_s

    def _feed(self, w: _Worker, queue: _TaskQueue, emitted: int) -> None:
        """Send ``w`` its next chunk if it has at most one: the next one waits in its pipe while it
        works, so it never idles until this loop comes round."""
        if len(w.chunks) > _AHEAD_CHUNKS or not len(queue):
            return
        room = emitted + self.window - queue.head_index()
        size = min(self._chunk_size(len(queue)), room)
        if size <= 0:
            return
        chunk = queue.take(size)
        had = len(w.chunks)
        # copies' paths are the one unbounded part of a task: count them before pickling
        heavy = had and sum(len(t.copies) for _, t in chunk) > 64
        message = b"" if heavy else ForkingPickler.dumps(chunk)
        if heavy or (had and len(message) > w.room):
            # the worker reads it only after the chunk in work: a message larger than the socket's
            # buffer would block this loop (no deadlines, no results) till then
            queue.put_back(chunk)
            return
        try:
            w.conn.send_bytes(message)
        except OSError:  # died since we last looked: _collect blames the file it was on
            queue.put_back(chunk)
            if not had:  # it was on none: nobody to blame
                self._replace(w)
            return
        if not had:
            w.since = time.monotonic()
        w.chunks.append(chunk)
        w.sent += 1

    def _collect(self, w: _Worker, queue: _TaskQueue) -> list[tuple[int, Prepared]]:
        """What the worker reported; on a death or a timeout, a failure for the file it was on (the
        files of its chunks it had not reported go back to the queue)."""
        out: list[tuple[int, Prepared]] = []
        eof = False
        while True:
            while w.chunks and not eof and w.conn.poll():
                try:
                    message = w.conn.recv()
                except (EOFError, OSError):
                    eof = True  # died mid-send: fall through to the crash report
                    break
                chunk = w.chunks.popleft()
                assert isinstance(message, ChunkDone)
                assert message.indices == [index for index, _ in chunk[: len(message.indices)]]
                out.extend(zip(message.indices, message.results, strict=True))
                w.since = time.monotonic()
                if message.exiting:
                    w.chunks.appendleft(chunk[len(message.indices) :])
                    self._requeue(w, queue)
                    self._replace(w)
                    return out
            if not w.chunks:
                return out
            alive = w.proc.is_alive()
            position, started = w.current()
            # the worker notes its next file only after sending a chunk's report: one sent since the
            # pipe was last read is read first, or a finished chunk would be taken for a hang or a crash
            if eof or not w.conn.poll():
                break
        if not alive:
            w.proc.join()
            error = f"worker crashed (exit {w.proc.exitcode})"
        elif time.monotonic() >= started + self.timeout_s:
            error = f"timed out after {self.timeout_s:g} s"
        else:
            return out
        index, task = w.chunks[0].pop(position)
        out.append((index, failed_prepared(task, error, self.wants)))
        self._requeue(w, queue)
        self._replace(w)
        return out

    @staticmethod
    def _requeue(w: _Worker, queue: _TaskQueue) -> None:
        for chunk in reversed(w.chunks):
            queue.put_back(chunk)
        w.chunks.clear()
