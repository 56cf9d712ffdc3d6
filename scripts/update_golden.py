"""Rewrite the golden end-to-end outputs of the real sample (review the diff by eye before committing).

python scripts/update_golden.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "lukou_xunchaban_2023"
SAMPLE = ROOT / "samples" / "lukou_xunchaban_2023.txt"


def extract_csvs(sample: Path, out: Path) -> None:
    """Run the real command on one file, CSV only (what a reviewer reads)."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "jixiao",
            "extract",
            str(sample),
            "-o",
            str(out),
            "--format",
            "csv",
            "--quiet",
        ],
        check=True,
        cwd=sample.parent,
        capture_output=True,
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        extract_csvs(SAMPLE, Path(tmp))
        if GOLDEN.exists():
            shutil.rmtree(GOLDEN)
        GOLDEN.mkdir(parents=True)
        for csv in sorted(Path(tmp).glob("*.csv")):
            shutil.copy(csv, GOLDEN / csv.name)
    print(f"golden outputs rewritten in {GOLDEN.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
