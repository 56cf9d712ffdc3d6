"""PDF and .doc speed: the sample's Word twin turned into PDF and .doc by LibreOffice, then read.

* PDF: jixiao's whole pipeline (read + segment + normalize + emit to CSV/Parquet) per page over 10
  copies of the twin, against pdfplumber's own ``extract_tables`` on the same pages (open + every
  page). Goal (issue 15): ≤ 1.5×. Again with the twin redrawn without ruling lines (its cells read
  from word positions, ``extract.pdf_words``).
* .doc: N (default 20) variants of the twin saved as .doc in one LibreOffice run, then ``run_batch``
  with 2 jobs: files/s, LibreOffice start-up included (one office per worker). Goal: ≥ 5 files/s.
  Beside it, what one plain ``soffice --headless --convert-to docx`` call costs per file (the way
  this replaces), and the per-file cost once a worker's office runs.

Skipped, with the reason, where LibreOffice is missing.
"""

from __future__ import annotations

import io
import subprocess
import tempfile
import time
from pathlib import Path

from bench.docx_speed import TWIN, make_docx_set


def _soffice_convert(soffice: str, sources: list[Path], ext: str, out_dir: Path) -> float:
    profile = out_dir / "profile"
    args = [soffice, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}"]
    args += ["--convert-to", ext, "--outdir", str(out_dir), *map(str, sources)]
    t0 = time.perf_counter()
    subprocess.run(args, capture_output=True, timeout=600, check=False)
    return time.perf_counter() - t0


def _pdf(tmp: Path, soffice: str, repeat: int, files: int = 10) -> None:
    from bench.pdf_redraw import without_rulings

    _soffice_convert(soffice, [TWIN], "pdf", tmp)
    ruled = (tmp / f"{TWIN.stem}.pdf").read_bytes()
    _pdf_ratio(ruled, "the Word twin as a LibreOffice PDF", repeat, files)
    _pdf_ratio(without_rulings(ruled), "the same PDF redrawn without ruling lines", repeat, files)


def _pdf_ratio(source: bytes, what: str, repeat: int, files: int) -> None:
    import pdfplumber
    from jixiao.emit.writer import OutputWriter

    from jixiao.pipeline import process_bytes

    # Distinct files (a trailing comment changes the bytes, not the content): the writer's fixed cost is
    # shared by a batch, as in a real run, instead of charged to one file's pages.
    batch = [source + f"\n% copy {n}\n".encode() for n in range(files)]
    with pdfplumber.open(io.BytesIO(source)) as pdf:
        pages = len(pdf.pages) * files

    def ours() -> None:
        with tempfile.TemporaryDirectory() as out:
            writer = OutputWriter(Path(out))
            for n, data in enumerate(batch):
                writer.add(process_bytes(data, f"form_{n}.pdf"))
            writer.close({})

    def plumber() -> None:
        for data in batch:
            with pdfplumber.open(io.BytesIO(data)) as pdf:
                for page in pdf.pages:
                    page.extract_tables()

    best = {"jixiao pipeline": float("inf"), "pdfplumber extract_tables": float("inf")}
    for _ in range(repeat):
        for name, fn in (("jixiao pipeline", ours), ("pdfplumber extract_tables", plumber)):
            t0 = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - t0)
    print(f"\n== PDF: {files} copies of {what} ({pages} pages; best of {repeat}) ==")
    for name, secs in best.items():
        print(f"{name:<28} {1000 * secs / pages:7.1f} ms/page  ({secs:6.2f} s in all)")
    ratio = best["jixiao pipeline"] / best["pdfplumber extract_tables"]
    print(f"ratio jixiao / extract_tables: {ratio:.2f}  (goal ≤ 1.5)")


def _doc(tmp: Path, soffice: str, n: int) -> None:
    from jixiao.extract.office_convert import read_office_layout

    from jixiao.batch import BatchOptions, run_batch

    docx_dir, doc_dir = tmp / "docx", tmp / "doc"
    docx_dir.mkdir()
    doc_dir.mkdir()
    sources = make_docx_set(docx_dir, n)
    _soffice_convert(soffice, sources, "doc", doc_dir)
    docs = sorted(doc_dir.glob("*.doc"))
    once_dir = tmp / "once"
    once_dir.mkdir()
    cold = _soffice_convert(soffice, [docs[0]], "docx", once_dir)  # a fresh profile, as a new worker
    warm = _soffice_convert(soffice, [docs[1]], "docx", once_dir)  # the profile exists now
    data = docs[2].read_bytes()
    read_office_layout(data, "doc")  # this process's office started
    t0 = time.perf_counter()
    for path in docs[:5]:
        read_office_layout(path.read_bytes(), "doc")
    running = (time.perf_counter() - t0) / 5
    t0 = time.perf_counter()
    summary = run_batch(
        [str(doc_dir)], tmp / "out", BatchOptions(jobs=2, formats=("csv", "parquet"), progress=False)
    )
    secs = time.perf_counter() - t0
    print(f"\n== .doc: {len(docs)} variants of the Word twin, run_batch with 2 jobs ==")
    print(f"plain `soffice --convert-to docx`, one file:  {cold:5.2f} s (new profile)  {warm:5.2f} s (warm)")
    print(f"a running office (UNO bridge), per file:     {running:5.2f} s (conversion + reading)")
    ok = summary.read - summary.failed
    print(f"batch: {secs:5.2f} s for {summary.read} files ({ok} read, {summary.failed} failed): ", end="")
    print(f"{summary.read / secs:5.1f} files/s, office start-up included  (goal ≥ 5/s)")


def main(n: int = 20, repeat: int = 5) -> None:
    from jixiao.extract.office_convert import find_soffice

    soffice = find_soffice()
    if soffice is None:
        print("LibreOffice not installed: skipped (make system-deps)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        _pdf(Path(tmp), soffice, repeat)
    with tempfile.TemporaryDirectory() as tmp:
        _doc(Path(tmp), soffice, n)


if __name__ == "__main__":
    main()
