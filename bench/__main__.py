"""``make bench``: every benchmark in one run, or the ones named (``python -m bench accuracy docx``).

Benchmarks, not tests: they print figures (speed, memory, accuracy) for the closing notes and the README.
"""

from __future__ import annotations

import importlib
import sys
import time

SUITES = {
    "accuracy": ("bench.accuracy", "money parsing: jixiao vs jionlp, cn2an, price-parser"),
    "docx": ("bench.docx_speed", "Word reading speed vs python-docx and docx2python"),
    "templates": ("bench.templates", "field accuracy over the template samples"),
    "realistic": ("bench.realistic", "published template variants × every shape: fields found / wrong"),
    "shapes": ("bench.shapes", "fields found / wrong per text shape, and the time to read ~1 MB of each"),
    "scale": ("bench.scale", "batch throughput, speed-up and memory on a generated corpus"),
    "pdf": ("bench.pdf", "PDF per page vs pdfplumber extract_tables; .doc files/s with 2 jobs"),
    "pdf_twins": ("bench.pdf_twins", "PDF and .doc twins of the template samples: fields vs the .docx"),
    "panel": ("bench.panel", "unit and project linking precision/recall on a generated panel archive"),
}


def main(argv: list[str]) -> int:
    names = argv or list(SUITES)
    unknown = [n for n in names if n not in SUITES]
    if unknown:
        print(f"unknown benchmark(s) {', '.join(unknown)}; choose from {', '.join(SUITES)}", file=sys.stderr)
        return 2
    for name in names:
        module_name, what = SUITES[name]
        print(f"\n##### {name}: {what}", flush=True)
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            print(f"(not available: {exc})")
            continue
        t0 = time.perf_counter()
        sys.argv = [f"bench {name}"]  # suites with their own argparse must not see our arguments
        module.main()
        print(f"({name} took {time.perf_counter() - t0:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
