"""Atheris (libFuzzer) harness for the readers: ``make fuzz`` runs it for a bounded time.

Usage: ``python fuzz/fuzz_readers.py {text|docx|pdf|pipeline} [libFuzzer flags, e.g. -max_total_time=60]``.
The property: the bytes give a layout or a ``FormatError`` (one line); ``process_bytes`` never raises
and never reports an internal error. For ``docx`` the fuzzer's bytes replace word/document.xml in a
small valid package (so the XML walker is fuzzed, not only the zip sniffing); ``pipeline`` feeds the
raw bytes as a .docx and as a .txt; ``pdf`` feeds them to the PDF reader, seeded with a small ruled table.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

with atheris.instrument_imports():
    from jixiao.extract.docx_source import read_docx_layout
    from jixiao.extract.errors import FormatError
    from jixiao.extract.pdf_source import read_pdf_layout
    from jixiao.extract.text_source import read_text_layout

    from jixiao.pipeline import process_bytes

_RELS = (
    b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    b'2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def _package(document: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("word/document.xml", document)
    return buf.getvalue()


def _check(reader: object, data: bytes) -> None:
    try:
        reader(data)  # type: ignore[operator]
    except FormatError as err:
        if "\n" in str(err):
            raise AssertionError(f"multi-line error: {err!r}") from None


def _pipeline(data: bytes) -> None:
    for name in ("fuzz.docx", "fuzz.txt"):
        doc = process_bytes(data, name).document
        if doc.error and ("internal error" in doc.error or "\n" in doc.error):
            raise AssertionError(doc.error)


TARGETS = {
    "text": lambda data: _check(read_text_layout, data),
    "docx": lambda data: _check(read_docx_layout, _package(data)),
    "pdf": lambda data: _check(read_pdf_layout, data),
    "pipeline": _pipeline,
}


SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _pdf_seed() -> bytes:
    """A one-page PDF with a ruled 2×2 table and CJK text (reportlab, from the dev extra)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    c.setFont("STSong-Light", 10)
    for r, row in enumerate((("项目名称", "巡察专项经费"), ("年度资金总额", "3,20.6,71591"))):
        for col, text in enumerate(row):
            c.rect(72 + 120 * col, 700 - 20 * r, 120, 20)
            c.drawString(76 + 120 * col, 706 - 20 * r, text)
    c.save()
    return buf.getvalue()


def _seed(target: str, corpus: Path) -> None:
    """Start an empty corpus from the real samples, so the fuzzer begins inside the grammar."""
    if any(corpus.iterdir()):
        return
    txt = (SAMPLES / "lukou_xunchaban_2023.txt").read_bytes()
    docx = (SAMPLES / "lukou_xunchaban_2023.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        document = zf.read("word/document.xml")
    seeds = {"text": [txt], "docx": [document], "pdf": [_pdf_seed()], "pipeline": [txt, docx]}[target]
    for n, seed in enumerate(seeds):
        (corpus / f"seed-{n}").write_bytes(seed)


def main() -> None:
    target = sys.argv.pop(1) if len(sys.argv) > 1 and sys.argv[1] in TARGETS else "pipeline"
    for arg in sys.argv[1:]:
        if not arg.startswith("-") and Path(arg).is_dir():
            _seed(target, Path(arg))
    atheris.Setup(sys.argv, TARGETS[target])
    atheris.Fuzz()


if __name__ == "__main__":
    main()
