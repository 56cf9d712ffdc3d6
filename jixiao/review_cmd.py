"""``jixiao review OUT``: redraw the review site of a finished output folder, and publish it in one step.

The site is drawn by :func:`emit.review.write_site` — the same function a run uses at close — from the
output's tables (Parquet, or CSV when Parquet is absent) and the layouts stored under
``OUT/review/layouts/``, its pages drawn in the worker pool under the usual limits. The new site goes
into a new generation of the output (the other files hard-linked from the current one), published
by one atomic rename (:mod:`emit.publish`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO

from jixiao.extract.errors import JixiaoError


def review_main(
    out_dir: str | os.PathLike[str],
    *,
    stderr: TextIO | None = None,
    jobs: int = 0,
    timeout_s: float = 60.0,
    memory_mb: int = 2048,
) -> int:
    """Redraw ``OUT/review``; 0 on success, 2 when ``OUT`` holds no jixiao tables, 3 when it cannot be
    written (message on stderr)."""
    from jixiao.emit.publish import Staging, stage_copy
    from jixiao.emit.review import LAYOUT_DIR, REVIEW_DIR, rebuild_review
    from jixiao.pool import Pool

    err = stderr if stderr is not None else sys.stderr
    out = Path(out_dir)
    if not ((out / "documents.parquet").exists() or (out / "documents.csv").exists()):
        hint = f"run `jixiao extract … -o {out}` first"
        print(f"jixiao review: {out} holds no documents table; {hint}", file=err)
        return 2
    try:
        stage = Staging(out)
    except JixiaoError as exc:
        print(f"jixiao review: {exc}", file=err)
        return 3
    try:
        stage_copy(out, stage.dir, skip=frozenset({REVIEW_DIR}))
        layouts = out / REVIEW_DIR / LAYOUT_DIR
        if layouts.is_dir():
            stage_copy(out / REVIEW_DIR, stage.dir / REVIEW_DIR, only=LAYOUT_DIR)
        with Pool(jobs or os.cpu_count() or 1, timeout_s=timeout_s, memory_mb=memory_mb) as pool:
            _, pages, problems = rebuild_review(stage.dir, pool.draw_pages)
        stage.publish()
    except JixiaoError as exc:
        stage.abort()
        print(f"jixiao review: {exc}", file=err)
        return 2
    except OSError as exc:
        stage.abort()
        print(f"jixiao review: cannot write {out_dir}: {exc}", file=err)
        return 3
    except BaseException:
        stage.abort()
        raise
    for problem in problems:
        print(f"jixiao review: {problem}", file=err)
    print(f"jixiao review: {pages} document pages → {out / REVIEW_DIR / 'index.html'}", file=err)
    return 0
