"""Scale benchmark: files/s with 1 and 2 jobs, speed-up, peak RSS, share of time per stage.

    python -m bench.scale [--sizes 1000,5000] [--kinds txt,docx] [--jobs 1,2] [--work bench/out/scale]

Each run is ``python -m jixiao extract`` in a subprocess; its process tree's RSS (parent + workers)
is sampled by :class:`bench.sampler.TreeMemory` (RSS every 50 ms, PSS every 250 ms, at well under 1%
of a core, so the sampling does not take the second job's time). The formats are the CLI's defaults
(csv, parquet, xlsx, review).
Stage shares come from ``manifest.json`` (``stage_seconds``: read/segment/normalize summed over files
in the workers — they include nothing of the per-document emit work the workers also do (columns,
CSV text) — review = each document's page and layout, drawn by its worker; emit in the parent;
finish = closing the files, the panel ids, the review index and unit pages, and the workbook).
Stage seconds are wall time inside each worker: on a machine shared with other work they grow with
its load; compare CPU time (user + sys of the whole process tree) to judge a change.
Each setting runs ``--repeat`` times (default 3, job counts interleaved) and the fastest run counts,
as timeit does: this machine's disk and neighbours add noise of ±15% to single runs; the memory peak
reported is the highest of the runs. Before each run the previous output is deleted and ``sync``
called, so its writeback does not land in the next run's time.
Last, :mod:`bench.ceiling` times the per-file work alone in 1 and 2 processes (no parent): the most
two jobs can gain on this machine, to read the speed-up against.
Goals: ≥300 text files/s and ≥60 .docx files/s with 2 jobs and a speed-up ≥1.7× on the 5,000-file corpora
(the issue's size; at 1,000 files the speed-up is shown, not judged), peak RSS < 400 MB at every size.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from make_corpus import generate  # noqa: E402  (a script, not a package)

from bench.ceiling import ceiling  # noqa: E402
from bench.sampler import TreeMemory  # noqa: E402

# the issue sets txt and docx; mixed (a quarter .docx) follows from them: 1 / (0.75/300 + 0.25/60) = 150
GOAL_RATE = {"txt": 300.0, "docx": 60.0, "mixed": 150.0}
GOAL_SPEEDUP, GOAL_RSS_MB = 1.7, 400.0
SPEEDUP_CORPUS = 5_000  # the corpus: "at least 5,000 files"


@dataclass(frozen=True, slots=True)
class Run:
    kind: str
    files: int
    jobs: int
    seconds: float
    peak_rss_mb: float
    stages: dict[str, float]
    peak_pss_mb: float = 0.0

    @property
    def rate(self) -> float:
        return self.files / self.seconds


def run_once(corpus: Path, out: Path, jobs: int, kind: str, files: int) -> Run:
    shutil.rmtree(out, ignore_errors=True)
    os.sync()  # the previous run's writeback (and the discards of this delete) stay out of this one
    time.sleep(0.5)
    cmd = [
        sys.executable,
        "-m",
        "jixiao",
        "extract",
        str(corpus),
        "-o",
        str(out),
        "--jobs",
        str(jobs),
        "--quiet",
    ]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL)
    memory = TreeMemory(proc.pid)
    memory.watch(proc)
    seconds = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}")
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    rss_mb, pss_mb = memory.peak_rss / 2**20, memory.peak_pss / 2**20
    return Run(kind, files, jobs, seconds, rss_mb, manifest["stage_seconds"], pss_mb)


def _best(old: Run | None, new: Run) -> Run:
    """The faster run's time and stages, with the higher memory peaks of the two."""
    if old is None:
        return new
    fast = new if new.seconds < old.seconds else old
    return replace(
        fast,
        peak_rss_mb=max(old.peak_rss_mb, new.peak_rss_mb),
        peak_pss_mb=max(old.peak_pss_mb, new.peak_pss_mb),
    )


def _report(runs: list[Run]) -> None:
    cols = f"{'kind':6} {'files':>6} {'jobs':>4} {'s':>7} {'files/s':>8} {'RSS MB':>8} {'PSS MB':>8}"
    print(f"{cols}  stages (share)")
    for r in runs:
        total = sum(r.stages.values()) or 1.0
        shares = " ".join(f"{k} {v / total:.0%}" for k, v in sorted(r.stages.items()))
        head = (
            f"{r.kind:6} {r.files:6d} {r.jobs:4d} {r.seconds:7.2f} {r.rate:8.1f} {r.peak_rss_mb:8.1f}"
            f" {r.peak_pss_mb:8.1f}"
        )
        print(f"{head}  {shares}")
    for kind in sorted({r.kind for r in runs}):
        for files in sorted({r.files for r in runs if r.kind == kind}):
            by_jobs = {r.jobs: r for r in runs if r.kind == kind and r.files == files}
            if 1 in by_jobs and 2 in by_jobs:
                speedup = by_jobs[1].seconds / by_jobs[2].seconds
                rate, rss = by_jobs[2].rate, max(r.peak_rss_mb for r in by_jobs.values())
                pss = max(r.peak_pss_mb for r in by_jobs.values())
                # the issue sets rate and speed-up on its corpus of at least 5,000 files and memory
                # at every size; on fewer files the fixed start and close (~0.45 s) weigh on the
                # speed-up, which is shown there but not judged
                judged = files >= SPEEDUP_CORPUS
                verdict = rss < GOAL_RSS_MB and (
                    not judged or (rate >= GOAL_RATE[kind] and speedup >= GOAL_SPEEDUP)
                )
                goal = f"goal {GOAL_SPEEDUP}" if judged else f"judged from {SPEEDUP_CORPUS:,} files"
                print(
                    f"{kind} x{files}: {rate:.0f} files/s with 2 jobs (goal {GOAL_RATE[kind]:.0f}), "
                    f"speed-up {speedup:.2f}x ({goal}), "
                    f"peak RSS sum {rss:.0f} MB, PSS {pss:.0f} MB "
                    f"(goal < {GOAL_RSS_MB:.0f}) -> {'OK' if verdict else 'MISSED'}"
                )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,5000")
    parser.add_argument("--kinds", default="txt,docx,mixed")  # mixed: a quarter .docx, as archives come
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "scale")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="runs per setting; the fastest counts")
    parser.add_argument("--no-ceiling", action="store_true", help="skip the machine-ceiling measurement")
    args = parser.parse_args(argv)
    runs: list[Run] = []
    for kind in args.kinds.split(","):
        for size in (int(s) for s in args.sizes.split(",")):
            corpus = args.work / f"corpus-{kind}-{size}"
            if not corpus.exists():
                generate(size, corpus, seed=args.seed, kind=kind)
            best: dict[int, Run] = {}
            for _ in range(args.repeat):  # job counts interleaved: a slow spell hits both alike
                for jobs in (int(j) for j in args.jobs.split(",")):
                    run = run_once(corpus, args.work / f"out-{kind}-{size}-{jobs}", jobs, kind, size)
                    best[jobs] = _best(best.get(jobs), run)
            runs.extend(best.values())
    _report(runs)
    if not args.no_ceiling:
        for kind in args.kinds.split(","):
            one, two = ceiling(args.work / f"corpus-{kind}-{min(int(s) for s in args.sizes.split(','))}")
            print(
                f"{kind} machine ceiling: the per-file work alone, no parent, {one:.2f} s in 1 process, "
                f"{two:.2f} s in 2 -> {one / two:.2f}x is the most 2 jobs can gain here"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
