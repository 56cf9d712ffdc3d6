"""Text shapes: fields found / wrong per shape over ``samples/shapes/``, and the time to read ~1 MB of each.

Accuracy: every truth field of every shape sample (``scripts/make_shape_samples.py``) judged as in
``bench.templates`` — *exact*, *wrong* (a value other than the truth's; the target is 0) and *invented*.
Speed: a ~1 MB text of each shape (fresh forms drawn by ``scripts/make_shape_samples.py``, so no cache sees
the same cell twice more than real files do) read to a layout (the goal: under 1 s), segmented into raw
forms, and run end to end (``process_bytes``, normalisation included). The TAB sample, repeated to ~1 MB, is
timed the same way for comparison (the TAB path must not slow down). CPU seconds of this process, so that
other load on the machine weighs less.

Run: ``python -m bench shapes`` (or ``main()``).
"""

from __future__ import annotations

import sys
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


def time_read(data: bytes, name: str) -> tuple[float, float, float, int]:
    """CPU seconds for the layout, for segmentation, for the whole pipeline; and the forms found."""
    t0 = time.process_time()
    layout = read_text_layout(data)
    t1 = time.process_time()
    segment_layout(layout)
    t2 = time.process_time()
    result = process_bytes(data, name)
    t3 = time.process_time()
    return t1 - t0, t2 - t1, t3 - t2, len(result.forms)


def main() -> None:
    report = evaluate(SHAPES)
    print(accuracy_table(report))
    print(f"\n{'file':<12}{'MB':>6}{'layout s':>10}{'segment s':>11}{'total s':>9}{'forms':>7}")
    files = {f"shape {s}": big_shape_text(s) for s in "ABCDEF"}
    files["TAB sample"] = big_text([(ROOT / "lukou_xunchaban_2023.txt").read_bytes()])
    read_text_layout(files["shape A"][:4000])  # imports and vocabularies loaded before timing
    for label, data in files.items():
        layout_s, segment_s, total_s, forms = time_read(data, f"{label}.txt")
        print(
            f"{label:<12}{len(data) / 1e6:>6.2f}{layout_s:>10.3f}{segment_s:>11.3f}{total_s:>9.3f}{forms:>7}"
        )


if __name__ == "__main__":
    main()
