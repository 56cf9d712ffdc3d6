"""``jixiao review OUT``: rebuild the review pages of a finished output folder.

The lead wires :func:`review_main` into the CLI; it reads the tables (Parquet, or CSV when Parquet is
absent) and the layouts stored under ``OUT/review/layouts/`` by the ``review`` output format.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

from jixiao.extract.errors import JixiaoError


def review_main(out_dir: str | os.PathLike[str], *, stderr: TextIO | None = None) -> int:
    """Rebuild ``OUT/review``; 0 on success, 2 when ``OUT`` holds no jixiao tables (message on stderr)."""
    from jixiao.emit.review import rebuild_review  # emit (pandas) only when the command runs

    err = stderr if stderr is not None else sys.stderr
    try:
        review_dir, pages, problems = rebuild_review(out_dir)
    except JixiaoError as exc:
        print(f"jixiao review: {exc}", file=err)
        return 2
    except OSError as exc:
        print(f"jixiao review: cannot write {out_dir}: {exc}", file=err)
        return 2
    for problem in problems:
        print(f"jixiao review: layout skipped, page drawn without it: {problem}", file=err)
    print(f"jixiao review: {pages} document pages → {review_dir / 'index.html'}", file=err)
    return 0
