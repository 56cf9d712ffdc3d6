"""Unit and project linking against a generated panel archive's truth (``make bench BENCH=panel``).

A seeded archive of 200 units × 5 years (``scripts/make_panel_corpus.py``: renamed units, abbreviations,
reordered projects, code prefixes in some years, similar-named different units) is extracted with 2
jobs; pairwise precision and recall of ``unit_id`` and ``project_id`` over the forms are printed
beside the goals (precision ≥ 99.5%, recall ≥ 97%), then whether the ids are the same with 1 job and
the year folders given last first, and when the last year is added by an incremental run.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from make_panel_corpus import generate, score_output  # noqa: E402

GOAL_PRECISION, GOAL_RECALL = 0.995, 0.97


def _ids(out: Path) -> list[tuple[object, ...]]:
    import pyarrow.parquet as pq

    table = pq.read_table(out / "forms.parquet", columns=["form_id", "unit_id", "project_id", "region_code"])
    return sorted(zip(*table.to_pydict().values(), strict=True))


def main() -> None:
    ap = argparse.ArgumentParser(prog="bench panel")
    ap.add_argument("--units", type=int, default=200)
    ap.add_argument("--years", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    from jixiao.batch import BatchOptions, run_batch

    work = Path(tempfile.mkdtemp(prefix="jixiao-panel-"))
    try:
        truth = generate(args.units, args.years, work / "in")
        t0 = time.perf_counter()
        options = BatchOptions(jobs=args.jobs, formats=("csv", "parquet"), progress=False)
        summary = run_batch([str(work / "in")], work / "out", options)
        seconds = time.perf_counter() - t0
        print(f"{args.units} units × {args.years} years: {summary.line()} ({seconds:.1f} s with the pass)")
        for kind, s in score_output(work / "out", truth).items():
            ok = s.precision >= GOAL_PRECISION and s.recall >= GOAL_RECALL
            print(
                f"{kind:9s} precision {s.precision:.4%}  recall {s.recall:.4%}  "
                f"ids {s.predicted} / true {s.true}  over {s.mentions} forms  {'ok' if ok else 'BELOW GOAL'}"
            )
        # the same ids with 1 job and the year folders last first, and when the last year comes later
        years = sorted((p for p in (work / "in").iterdir() if p.is_dir()), reverse=True)
        run_batch([str(p) for p in years], work / "other", replace(options, jobs=1))
        run_batch([str(p) for p in years[1:]], work / "inc", options)
        run_batch([str(p) for p in years], work / "inc", replace(options, incremental=True))
        base = _ids(work / "out")
        for label, folder in (
            ("1 job, reversed order", work / "other"),
            ("incremental last year", work / "inc"),
        ):
            same = _ids(folder) == base
            print(f"ids with {label}: {'identical' if same else 'DIFFERENT'}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
