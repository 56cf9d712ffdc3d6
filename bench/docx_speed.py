"""Word reading speed: the whole jixiao pipeline vs python-docx's naive walk vs docx2python.

Generates N (default 240) .docx forms like the sample — the Word twin with its unit name, year and
amounts varied through ``word/document.xml`` — and times, on the same files in one run:

* jixiao: read + segment + normalize + emit (tables written as CSV and Parquet to a temp folder);
* python-docx: ``Document(path)`` and ``for table in doc.tables: for row in table.rows: row.cells``;
* docx2python: ``docx2python(path).body`` (skipped when not installed: ``pip install -e '.[bench]'``).

Goal (issue 4): jixiao ≤ the naive python-docx walk, and ≥ 5× faster than docx2python.
"""

from __future__ import annotations

import random
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TWIN = ROOT / "samples" / "lukou_xunchaban_2023.docx"


def make_docx_set(folder: Path, n: int = 240, seed: int = 11) -> list[Path]:
    """N variants of the Word twin: other unit names, years and amounts, same structure."""
    rng = random.Random(seed)
    with zipfile.ZipFile(TWIN) as z:
        parts = {info.filename: z.read(info) for info in z.infolist()}
    xml = parts["word/document.xml"].decode("utf-8")
    paths = []
    for i in range(n):
        year = str(2015 + i % 10)
        text = xml.replace("区委巡察办", f"第{i}号单位").replace("2023", year)
        text = text.replace("321.013328", f"{rng.randint(100, 999)}.{rng.randint(0, 999999):06d}")
        path = folder / f"form_{i:04d}.docx"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
            for name, data in parts.items():
                out.writestr(name, text.encode("utf-8") if name == "word/document.xml" else data)
        paths.append(path)
    return paths


def _jixiao(paths: list[Path]) -> None:
    from jixiao.emit.writer import OutputWriter

    from jixiao.pipeline import process_bytes

    with tempfile.TemporaryDirectory() as out:
        writer = OutputWriter(Path(out))
        for p in paths:
            writer.add(process_bytes(p.read_bytes(), p.name))
        writer.close({})


def _python_docx(paths: list[Path]) -> None:
    import docx

    for p in paths:
        document = docx.Document(str(p))
        for table in document.tables:
            for row in table.rows:
                row.cells  # noqa: B018 - the naive walk is the thing being timed


def _docx2python(paths: list[Path]) -> None:
    from docx2python import docx2python

    for p in paths:
        with docx2python(str(p)) as result:
            result.body  # noqa: B018


def _time(fn: Callable[[list[Path]], None], paths: list[Path], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(paths)
        best = min(best, time.perf_counter() - t0)
    return best


def main(n: int = 240) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        paths = make_docx_set(Path(tmp), n)
        results = {
            "jixiao pipeline": _time(_jixiao, paths),
            "python-docx naive walk": _time(_python_docx, paths),
        }
        try:
            import docx2python  # noqa: F401

            results["docx2python"] = _time(_docx2python, paths, repeat=1)
        except ImportError:
            print("docx2python not installed: skipped (pip install -e '.[bench]')")
    print(f"\n== Word reading speed: {n} .docx forms like the sample (best of runs, one process) ==")
    base = results["jixiao pipeline"]
    for name, secs in results.items():
        print(
            f"{name:<26} {secs:8.3f} s  {1000 * secs / n:7.2f} ms/file  {n / secs:8.1f} files/s"
            f"  ({secs / base:5.2f}× jixiao)"
        )
    return results


if __name__ == "__main__":
    main()
