"""``--engine dask``: the same per-file function (:func:`jixiao.worker.extract_one`) on a dask.distributed
cluster.

The parent reads each file's bytes (the cluster need not see our disks), sends them in small
batches with ``client.submit``, keeps a bounded number of batches in flight and yields the results in
task order. Review pages and layouts are drawn there too and come back as text (the parent writes
them); the workbook is made at close by the local worker pool, as with the local engine. Dask is the
optional extra ``jixiao[dask]``.

Isolation differs from the local pool: a file that crashes a Dask worker fails its whole batch
(recorded on each of its files); there is no per-file time limit (``--timeout`` is not applied: Dask
runs tasks in worker threads, which cannot be interrupted; a hung file holds its batch until Dask's
own worker restarts apply).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import islice
from typing import Any

from jixiao.emit.prepared import Prepared, prepare
from jixiao.inputs import close_archives, read_item
from jixiao.worker import FileJob, Task, extract_one, failed

BATCH_FILES = 16
IN_FLIGHT_PER_WORKER = 4


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise ImportError(
            "--engine dask needs dask.distributed: pip install 'jixiao[dask]' (or dask[distributed])"
        ) from exc
    return distributed


def _run_batch(tasks: list[Task], job: FileJob) -> list[Prepared]:
    # Runs on a Dask worker. Each task carries its bytes (see _with_bytes), so no shared disk is needed.
    return [extract_one(t, job) for t in tasks]


def dask_results(
    tasks: Iterable[Task],
    job: FileJob,
    *,
    scheduler: str | Any | None,
    pages: bool = False,
    csv: bool = True,
) -> Iterator[Prepared]:
    """Results for ``tasks`` in order, computed on the cluster at ``scheduler`` (an address or a Client)."""
    distributed = _import_distributed()
    # no alarms in Dask's threads; pages and layouts come back as text
    job = replace(job, review_dir=None, pages=pages, timeout_s=0, csv=csv)
    own_client = not isinstance(scheduler, distributed.Client)
    client: Any = distributed.Client(scheduler) if own_client else scheduler
    source = iter(tasks)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        pending: deque[tuple[list[Task], Any]] = deque()
        while True:
            while len(pending) < workers * IN_FLIGHT_PER_WORKER:
                batch = list(islice(source, BATCH_FILES))
                if not batch:
                    break
                payload = [_with_bytes(t) for t in batch]
                pending.append((batch, client.submit(_run_batch, payload, job, pure=False)))
            if not pending:
                return
            batch, future = pending.popleft()
            try:
                yield from future.result()
            except Exception as exc:  # the batch's worker died or the task errored
                error = f"dask task failed ({type(exc).__name__}: {exc})"
                yield from (prepare(failed(t, error), csv=csv) for t in batch)
    finally:
        close_archives()
        if own_client:
            client.close()


def _with_bytes(task: Task) -> Task:
    """The task with its input's bytes inline, so the worker never touches our disk."""
    try:
        data = read_item(task.item)
    except Exception:
        return task  # the worker's read reports why
    return replace(task, data=data)
