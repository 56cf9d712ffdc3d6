"""Text shapes: fields found / wrong per shape over ``samples/shapes/``, and the time to read ~1 MB of each.

Accuracy: every truth field of every shape sample (``scripts/make_shape_samples.py``) judged as in
``bench.templates`` — *exact*, *wrong* (a value other than the truth's; the target is 0) and *invented*.
Speed: a ~1 MB text of each shape (fresh forms drawn by ``scripts/make_shape_samples.py``, so no cache sees
the same cell twice more than real files do) read to a layout (the goal: under 1 s), segmented into raw
forms, and run end to end (``process_bytes``, normalisation included, in a process of its own so that no
cache has seen the file). The TAB sample, repeated to ~1 MB, is timed the same way for comparison (the TAB
path must not slow down). Each figure is the best of ``REPEATS`` fresh processes, CPU seconds (the wall
seconds beside them), so that other load on the machine weighs less.

Run: ``python -m bench shapes`` (or ``main()``).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jixiao.extract.segment import segment_layout
from jixiao.extract.text_source import read_text_layout

from bench.templates import Report, evaluate
from jixiao.pipeline import process_bytes

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from make_shape_samples import big_text as big_shape_text

ROOT = Path(__file__).resolve().parent.parent / "samples"
SHAPES = ROOT / "shapes"
TARGET_BYTES = 1_000_000


def wrong(report: Report) -> int:
    """Fields where jixiao gave a value and the truth another one (a miss with a null is not wrong)."""
    return sum(1 for c in report.checks if not c.exact and c.got is not None and c.expected is not None)


def accuracy_table(report: Report) -> str:
    lines = [
        f"{'shape':<10}{'samples':>8}{'fields':>8}{'found':>8}{'found %':>9}{'wrong':>7}{'invented':>10}"
    ]
    for family in sorted(report.families):
        sub = Report([c for c in report.checks if c.family == family])
        lines.append(
            f"{family:<10}{len(report.families[family]):>8}{sub.fields:>8}{sub.exact:>8}"
            f"{sub.exact_pct:>9.2f}{wrong(sub):>7}{sub.invented:>10}"
        )
    lines.append(
        f"{'TOTAL':<10}{sum(len(s) for s in report.families.values()):>8}{report.fields:>8}{report.exact:>8}"
        f"{report.exact_pct:>9.2f}{wrong(report):>7}{report.invented:>10}"
    )
    return "\n".join(lines)


def big_text(parts: list[bytes], target: int = TARGET_BYTES) -> bytes:
    """The parts repeated (a blank line between) until the text is at least ``target`` bytes."""
    out = bytearray()
    while len(out) < target:
        for part in parts:
            out += part + b"\n\n"
    return bytes(out)


REPEATS = 3  # each timing is the best of this many fresh processes (the machine is shared and noisy)


def _child(mode: str, path: str) -> None:
    """One timing in this fresh process (no cache has seen the file): prints CPU and wall seconds."""
    data = Path(path).read_bytes()
    read_text_layout(data[:4000])  # imports and vocabularies loaded before timing
    c0, w0 = time.process_time(), time.perf_counter()
    if mode == "layout":
        layout = read_text_layout(data)
        c1, w1 = time.process_time(), time.perf_counter()
        segment_layout(layout)
        print(c1 - c0, w1 - w0, time.process_time() - c1, time.perf_counter() - w1)
    else:
        forms = len(process_bytes(data, Path(path).name).forms)
        print(time.process_time() - c0, time.perf_counter() - w0, forms, 0)


def _best(mode: str, path: Path) -> list[float]:
    runs = []
    for _ in range(REPEATS):
        done = subprocess.run(
            [sys.executable, "-m", "bench.shapes", "--child", mode, str(path)],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
        runs.append([float(x) for x in done.stdout.split()])
    return [min(col) for col in zip(*runs, strict=True)]


def main() -> None:
    report = evaluate(SHAPES)
    print(accuracy_table(report))
    files = {f"shape {s}": big_shape_text(s) for s in "ABCDEF"}
    files["TAB sample"] = big_text([(ROOT / "lukou_xunchaban_2023.txt").read_bytes()])
    print(f"\nbest of {REPEATS} fresh processes; CPU s (wall s)")
    print(f"{'file':<12}{'MB':>6}{'layout':>16}{'segment':>16}{'end to end':>16}{'forms':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for label, data in files.items():
            path = Path(tmp) / f"{label.replace(' ', '_')}.txt"
            path.write_bytes(data)
            lay_c, lay_w, seg_c, seg_w = _best("layout", path)
            all_c, all_w, forms, _ = _best("total", path)
            print(
                f"{label:<12}{len(data) / 1e6:>6.2f}{lay_c:>8.3f} ({lay_w:.3f}){seg_c:>8.3f} ({seg_w:.3f})"
                f"{all_c:>8.3f} ({all_w:.3f}){int(forms):>7}"
            )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        _child(sys.argv[2], sys.argv[3])
    else:
        main()
