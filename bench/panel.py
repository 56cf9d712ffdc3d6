"""Unit and project linking against a generated panel archive's truth (``make bench BENCH=panel``).

A seeded archive of 200 units × 5 years (``scripts/make_panel_corpus.py``: renamed units, abbreviations,
reordered projects, code prefixes in some years, similar-named different units) is extracted with 2
jobs; pairwise precision and recall of ``unit_id`` and ``project_id`` over the forms are printed
beside the goals (precision ≥ 99.5%, recall ≥ 97%) — recall also over the files that say where they
are from (the generator's ``none`` traps state no region anywhere: each is a unit of its own, by
design) — then whether the ids are the same with 1 job and the year folders given last first, and
whether an incremental run that adds the last year (or the first) gives the id tables of a fresh run
byte for byte, with how many names' ids moved against the previous output (``panel_id_changes``).
"""

from __future__ import annotations

import argparse
import json
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
        placeable = score_output(work / "out", truth, placeable_only=True)
        for kind, s in score_output(work / "out", truth).items():
            ok = s.precision >= GOAL_PRECISION and s.recall >= GOAL_RECALL
            print(
                f"{kind:9s} precision {s.precision:.4%}  recall {s.recall:.4%} "
                f"(placeable files {placeable[kind].recall:.4%})  "
                f"ids {s.predicted} / true {s.true}  over {s.mentions} forms  {'ok' if ok else 'BELOW GOAL'}"
            )
        # the same ids with 1 job and the year folders last first
        years = sorted((p for p in (work / "in").iterdir() if p.is_dir()), reverse=True)
        run_batch([str(p) for p in years], work / "other", replace(options, jobs=1))
        same = _ids(work / "other") == _ids(work / "out")
        print(f"ids with 1 job, reversed order: {'identical' if same else 'DIFFERENT'}")
        # incremental: the last year added (years[1:] are the earlier ones), then the first year
        for label, first in (("last year", years[1:]), ("first year", years[:-1])):
            folder = work / f"inc-{label.split()[0]}"
            run_batch([str(p) for p in first], folder, options)
            run_batch([str(p) for p in years], folder, replace(options, incremental=True))
            same = all(
                (folder / f"{t}{x}").read_bytes() == (work / "out" / f"{t}{x}").read_bytes()
                for t in ("units", "projects", "links")
                for x in (".csv", ".parquet")
            )
            moved = json.loads((folder / "manifest.json").read_text("utf-8")).get("panel_id_changes")
            facts = "identical" if _ids(folder) == _ids(work / "out") else "DIFFERENT"
            print(
                f"incremental, {label} added: id tables {'byte-identical' if same else 'DIFFERENT'} "
                f"to a fresh run, fact ids {facts}; names whose id moved: {moved}"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
