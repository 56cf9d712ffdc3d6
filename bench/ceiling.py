"""What two processes can gain on this machine: the per-file work alone in 1 and in 2 processes.

Each process reads its share of the files and runs exactly what a worker runs per file
(:func:`jixiao.worker.extract_one`: pipeline, checked columns, CSV text, layout and review page, as
text), with no parent collecting anything and no output written (the workbook, written at close, is
not in it). The ratio of the two times is the most ``--jobs 2`` can
gain over ``--jobs 1`` here; shared caches and memory bandwidth keep it below 2 on many machines.
"""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path


def _work(paths: list[str]) -> int:
    from jixiao.inputs import InputItem, hash_item
    from jixiao.worker import FileJob, Task, extract_one

    job = FileJob(None, None, timeout_s=0, memory_mb=0, faults=False, pages=True)
    for path in paths:
        item = InputItem(path, path)
        extract_one(Task(item, hash_item(item)), job)
    return len(paths)


def ceiling(corpus: Path, *, files: int = 600, repeat: int = 2) -> tuple[float, float]:
    """(seconds with 1 process, seconds with 2), the fastest of ``repeat`` each, on ``files`` files."""
    import jixiao.extract.docx_source

    import jixiao.worker  # noqa: F401
    from jixiao.inputs import find_inputs

    paths = [i.path for i in find_inputs([str(corpus)]).items[:files]]
    shares = [paths[k::8] for k in range(8)]  # 8 shares: the two processes stay busy to the end
    ctx = multiprocessing.get_context("fork")
    best = {1: float("inf"), 2: float("inf")}
    for _ in range(repeat):
        for procs in (1, 2):
            t0 = time.perf_counter()
            with ctx.Pool(procs) as pool:
                pool.map(_work, shares, chunksize=1)
            best[procs] = min(best[procs], time.perf_counter() - t0)
    return best[1], best[2]
