"""Nothing lost, proven: every non-blank source character of every sample is accounted for.

For each supported file under ``samples/`` (recursively):

1. an *independent* count of the source's non-blank characters (the decoded text for ``.txt``; the
   visible ``w:t`` text of the body for ``.docx``; every cell value for ``.xlsx``; the body's text for
   ``.html``) equals the characters the reader put into the layout — the reader dropped nothing;
2. the ledger splits those into placed (structured field, label or report section) and residual, and
   placed + residual is exactly the total — nothing falls between;
3. every residual reaches the ``residuals`` table, and ``documents.coverage_pct`` is placed / total.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from jixiao.extract.decode import decode_bytes
from jixiao.extract.layout import Layout, nonblank_chars
from jixiao.extract.segment import coverage_pct, segment_layout
from lxml import etree
from lxml import html as lxml_html

from jixiao.pipeline import _reader, process_bytes, sniff_format

ROOT = Path(__file__).resolve().parent.parent
SUPPORTED = {".txt", ".docx", ".xlsx", ".html", ".htm"}
SAMPLES = sorted(p for p in (ROOT / "samples").rglob("*") if p.suffix.lower() in SUPPORTED)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DROPPED = {f"{W}del", f"{W}moveFrom", f"{W}instrText", f"{W}delText", f"{W}rPr", f"{W}pPr"}


def _docx_body_chars(data: bytes) -> int:
    """Visible text of word/document.xml: w:t outside deletions, hidden runs and field instructions."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    total = 0
    for t in root.iter(f"{W}t"):
        dropped = False
        for anc in t.iterancestors():
            if anc.tag in _DROPPED:
                dropped = True
            if anc.tag == f"{W}r" and anc.find(f"{W}rPr/{W}vanish") is not None:
                dropped = True
            if anc.tag == f"{W}sdt" and anc.find(f"{W}sdtPr/{W}showingPlcHdr") is not None:
                dropped = True  # a content control's placeholder prompt is no one's text
        if not dropped:
            total += nonblank_chars(t.text or "")
    return total


def _xlsx_chars(data: bytes) -> int:
    """What the sheet shows: a number under a display format as the format writes it (0.96 → 96.00%)."""
    import openpyxl
    from jixiao.extract.xlsx_source import format_value

    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    return sum(
        nonblank_chars(format_value(c.value, c.number_format or "General"))
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.value not in (None, "")
    )


_HIDING = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0+(?:\.0+)?(?:[a-z%]+)?\s*(?:;|!|$)",
    re.IGNORECASE,
)


def _html_chars(data: bytes) -> int:
    """What a browser shows: no script, style or head, nor elements hidden inline or by a class the page's
    own stylesheet hides (``.old { display: none }``)."""
    doc = lxml_html.document_fromstring(decode_bytes(data).text)
    styles = " ".join(s.text or "" for s in doc.iter("style"))
    hidden = {m[1] for m in re.finditer(r"\.([\w-]+)\s*[,{]([^}]*)", styles) if _HIDING.search(m[2])}
    for el in list(doc.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        classes = set((el.get("class") or "").split())
        if _HIDING.search(el.get("style") or "") or el.get("hidden") is not None or classes & hidden:
            el.drop_tree()
    for bad in doc.xpath("//script|//style|//head"):
        bad.drop_tree()
    return nonblank_chars(doc.text_content())


def source_chars(path: Path, data: bytes) -> int:
    suffix = path.suffix.lower()
    if suffix == ".txt":
        return nonblank_chars(decode_bytes(data).text)
    if suffix == ".docx":
        return _docx_body_chars(data)
    if suffix == ".xlsx":
        return _xlsx_chars(data)
    return _html_chars(data)


def _layout(path: Path, data: bytes) -> Layout:
    return _reader(sniff_format(data, path.name))(data)


def test_there_are_samples_of_each_main_format() -> None:
    assert {p.suffix for p in SAMPLES} >= {".txt", ".docx"}


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: str(p.relative_to(ROOT / "samples")))
def test_reader_drops_no_source_character(path: Path) -> None:
    data = path.read_bytes()
    layout = _layout(path, data)
    in_layout = sum(nonblank_chars(text) for text, _ in layout.iter_text())
    # A text's pipes are cell borders, like Word's TABs (which are blank): counted apart by the reader.
    assert in_layout + layout.delimiter_chars == source_chars(path, data)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: str(p.relative_to(ROOT / "samples")))
def test_structured_plus_residual_is_everything(path: Path) -> None:
    data = path.read_bytes()
    layout = _layout(path, data)
    raw = segment_layout(layout)
    in_layout = sum(nonblank_chars(text) for text, _ in layout.iter_text())
    residual = sum(nonblank_chars(text.text) for _, text in raw.residuals)
    assert raw.total_chars == in_layout
    assert raw.placed_chars + residual == raw.total_chars
    result = process_bytes(data, path.name)
    assert [r.text for r in result.residuals] == [text.text for _, text in raw.residuals]
    assert result.document.coverage_pct == coverage_pct(raw)


def _docx(body: str) -> bytes:
    from docx_factory import make_docx

    return make_docx(body)


def test_nested_table_text_is_in_the_ledger() -> None:
    from docx_factory import p, tbl, tc, tr

    inner = tbl(tr(tc("内层甲"), tc("内层乙")))
    data = _docx(tbl(tr(tc("外层"), tc(p("格内") + inner, raw=True))))
    raw = segment_layout(_layout(Path("x.docx"), data))
    assert raw.total_chars == _docx_body_chars(data) == len("外层格内内层甲内层乙")
    assert raw.placed_chars + sum(nonblank_chars(t.text) for _, t in raw.residuals) == raw.total_chars


@pytest.mark.xfail(
    strict=True,
    reason="hidden (w:vanish) runs are not read: the reader counts them in a note, the Ledger never sees "
    "them, so coverage_pct is over the visible text only",
)
def test_hidden_text_is_in_the_ledger() -> None:
    from docx_factory import p

    run = "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:t>可见</w:t></w:r>"
    raw = segment_layout(_layout(Path("x.docx"), _docx(p(run, raw=True))))
    assert raw.total_chars == 4
