"""``--engine dask``: the same per-file function on a dask.distributed cluster.

The parent reads each file's bytes (the cluster need not see our disks), sends them in small
batches with ``client.submit``, keeps a bounded number of batches in flight, gathers them as they
complete and yields the results in task order. Dask is the optional extra ``jixiao[dask]``.

Isolation differs from the local pool: a file that crashes a Dask worker fails its whole batch
(recorded on each of its files); there is no per-file time limit (``--timeout`` is not applied: Dask
runs tasks in worker threads, which cannot be interrupted; a hung file holds its batch until Dask's
own worker restarts apply).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from jixiao.emit.prepared import Prepared
from jixiao.inputs import close_archives
from jixiao.worker import Processor, Task, Wants, failed_prepared, prepare_task

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


def _run_batch(tasks: Sequence[Task], processor: Processor | None, wants: Wants) -> list[Prepared]:
    # Runs on a Dask worker. Each task carries its bytes (see _with_bytes), so no shared disk is needed.
    return [prepare_task(t, processor, wants) for t in tasks]


def dask_results(
    tasks: Sequence[Task],
    processor: Processor | None,
    *,
    scheduler: str | Any | None,
    wants: Wants | None = None,
    on_done: Callable[[Prepared], None] | None = None,
    batch_files: int = BATCH_FILES,
    timeout_s: float | None = None,  # accepted for symmetry; not applied (see the module docstring)
) -> Iterator[Prepared]:
    """Results for ``tasks`` in order, computed on the cluster at ``scheduler`` (an address or a Client)."""
    distributed = _import_distributed()
    # the cluster may not see our disk: pages come back as text, the parent writes them
    wants = {k: v for k, v in (wants or {}).items() if k != "review_dir"}
    own_client = not isinstance(scheduler, distributed.Client)
    client: Any = distributed.Client(scheduler) if own_client else scheduler
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        limit = workers * IN_FLIGHT_PER_WORKER
        batches = [list(tasks[i : i + batch_files]) for i in range(0, len(tasks), batch_files)]
        done: dict[int, list[Prepared]] = {}
        pending = distributed.as_completed()
        index_of: dict[Any, int] = {}
        submitted = emitted = 0
        while emitted < len(batches):
            while submitted < len(batches) and submitted - emitted < limit:
                payload = [_with_bytes(t) for t in batches[submitted]]
                future = client.submit(_run_batch, payload, processor, dict(wants or {}), pure=False)
                index_of[future] = submitted
                pending.add(future)
                submitted += 1
            while emitted not in done:
                future = next(pending)
                i = index_of.pop(future)
                try:
                    results = future.result()
                except Exception as exc:  # the batch's worker died or the task errored
                    error = f"dask task failed ({type(exc).__name__}: {exc})"
                    results = [failed_prepared(t, error, wants) for t in batches[i]]
                done[i] = results
                if on_done is not None:
                    for r in results:
                        on_done(r)
            yield from done.pop(emitted)
            emitted += 1
    finally:
        close_archives()
        if own_client:
            client.close()


def _with_bytes(task: Task) -> Task:
    """The task with its input's bytes inline, so the worker never touches our disk."""
    from dataclasses import replace

    from jixiao.inputs import read_item

    try:
        data = read_item(task.item)
    except Exception:
        return task  # the worker's read reports why
    return replace(task, data=data)
