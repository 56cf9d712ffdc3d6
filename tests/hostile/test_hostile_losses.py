"""Quieter losses (each was read "ok" or "100 %" while something was dropped or garbled), and one
character that broke the whole workbook. Files are built here from the committed samples."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from hostile_files import SAMPLE_DOCX, SAMPLE_TXT
from jixiao.extract.errors import FormatError, LimitError

from jixiao.pipeline import process_bytes

ROOT = Path(__file__).resolve().parents[2]
HTML_SAMPLE = ROOT / "samples" / "templates" / "extra_columns_html.html"
XLSX_SAMPLE = ROOT / "samples" / "templates" / "label_variants_a_xlsx.xlsx"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


# --- one character that broke the workbook -------------------------------------------------------


def test_xml_forbidden_characters_keep_the_workbook_valid_and_csv_parquet_exact(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    odd = "备注：核对\uffff完毕\x01（附表\ufffe）"
    text = SAMPLE_TXT.read_text("utf-8") + "\n" + odd + "\n"
    (src / "odd.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "jixiao", "extract", str(src), "-o", str(out), "--jobs", "1", "-q"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=180, env={**os.environ})
    assert done.returncode == 0, done.stderr
    import openpyxl

    book = openpyxl.load_workbook(out / "jixiao.xlsx", read_only=True)  # refused the whole file before
    cells = [c for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c]
    assert any("核对\\uffff完毕\\x01（附表\\ufffe）" in str(c) for c in cells)
    frames = [pd.read_parquet(path) for path in out.glob("*.parquet")]
    texts = [str(v) for frame in frames for col in frame.columns for v in frame[col].dropna().tolist()]
    assert any(odd in t for t in texts)  # Parquet: the exact text
    assert any(odd in p.read_text("utf-8-sig") for p in out.glob("*.csv"))  # CSV: the exact text
    docs = pd.read_parquet(out / "documents.parquet")
    assert docs.status.tolist() == ["partial"]
    notes = pd.read_parquet(out / "anomalies.parquet").message.tolist()
    assert any("XML 1.0 forbids" in m and "U+FFFF" in m for m in notes)
    for page in (out / "review").rglob("*.html"):
        body = page.read_text("utf-8")
        assert "\uffff" not in body and "\ufffe" not in body and "\x01" not in body


# --- Word: headers, footers, comments --------------------------------------------------------------


def _docx_with_side_parts() -> bytes:
    with zipfile.ZipFile(SAMPLE_DOCX) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    parts["word/header1.xml"] = (
        f"<w:hdr {W}><w:p><w:r><w:t>页眉：审计编号 SJ-2023-017</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>第 1 页</w:t></w:r></w:p></w:hdr>"
    ).encode()
    parts["word/footer1.xml"] = (
        f"<w:ftr {W}><w:p><w:r><w:t>页脚：经办人 李四</w:t></w:r></w:p></w:ftr>".encode()
    )
    parts["word/comments.xml"] = (
        f'<w:comments {W}><w:comment w:id="0" w:author="张三"><w:p><w:r><w:t>批注：执行数待核实</w:t>'
        "</w:r></w:p></w:comment></w:comments>"
    ).encode()
    rels = parts["word/_rels/document.xml.rels"].decode()
    extra = "".join(
        f'<Relationship Id="rIdX{i}" Type="{REL}{kind}" Target="{target}"/>'
        for i, (kind, target) in enumerate(
            (("header", "header1.xml"), ("footer", "footer1.xml"), ("comments", "comments.xml"))
        )
    )
    parts["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>", extra + "</Relationships>"
    ).encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, blob in parts.items():
            z.writestr(name, blob)
    return buf.getvalue()


def test_text_only_in_headers_footers_and_comments_is_kept_as_residuals() -> None:
    plain = process_bytes(SAMPLE_DOCX.read_bytes(), "a.docx")
    got = process_bytes(_docx_with_side_parts(), "a.docx")
    residuals = {(r.text, str(r.location)) for r in got.residuals}
    assert residuals >= {
        ("页眉：审计编号 SJ-2023-017", "word/header1.xml para 1"),
        ("页脚：经办人 李四", "word/footer1.xml para 1"),
        ("批注：执行数待核实", "word/comments.xml para 1"),
    }
    assert not any("第 1 页" in r.text for r in got.residuals)  # a page number is no content
    assert got.document.coverage_pct < 100.0 == plain.document.coverage_pct
    assert [s.text for s in got.report_sections] == [s.text for s in plain.report_sections]
    assert [f.form_type for f in got.forms] == [f.form_type for f in plain.forms]


# --- HTML: form fields, declared charsets ---------------------------------------------------------


def _funds(data: bytes, name: str) -> list[tuple[str, object]]:
    got = process_bytes(data, name)
    return [(f.line, f.executed_yuan) for f in got.funds]


def test_amounts_in_input_values_are_read() -> None:
    page = HTML_SAMPLE.read_text("utf-8")
    assert "<td>598</td>" in page
    plain = _funds(page.encode(), "a.html")
    assert ("total", Decimal("5980000.00")) in plain
    inputs = page.replace("<td>598</td>", '<td><input type="text" name="zxs" value="598"></td>')
    assert _funds(inputs.encode(), "a.html") == plain


def test_chosen_option_is_read_and_the_others_are_not() -> None:
    page = HTML_SAMPLE.read_text("utf-8").replace(
        "<td>主管部门</td>",
        "<td><select><option>实施单位</option><option selected>主管部门</option></select></td>",
    )
    got = process_bytes(page.encode(), "a.html")
    assert got.document.status == "ok"
    assert got.forms[0].department == process_bytes(HTML_SAMPLE.read_bytes(), "a.html").forms[0].department


def test_utf8_page_declaring_utf16_keeps_its_form_with_a_note() -> None:
    page = HTML_SAMPLE.read_text("utf-8").replace('<meta charset="utf-8">', '<meta charset="utf-16">')
    data = page.encode()
    if len(data) % 2:
        data += b" "  # even length: every byte pair decodes as UTF-16 — the form became CJK soup
    got = process_bytes(data, "a.html")
    plain = process_bytes(HTML_SAMPLE.read_bytes(), "a.html")
    assert [f.executed_yuan for f in got.funds] == [f.executed_yuan for f in plain.funds]
    assert got.document.status == "partial"
    assert any("declares charset utf-16" in a.message for a in got.anomalies)


GB_AS_UTF8 = "卢陆路鹿 100 路隆"  # every one of these hanzi's GB18030 bytes is valid UTF-8 too


def test_gb18030_text_that_is_also_valid_utf8_is_not_mojibake() -> None:
    data = GB_AS_UTF8.encode("gb18030")
    assert data.decode("utf-8") != GB_AS_UTF8  # the trap: strict UTF-8 reads it, as Latin letters
    from jixiao.extract.decode import decode_bytes

    got = decode_bytes(data)
    assert (got.text, got.encoding) == (GB_AS_UTF8, "gb18030") and got.notes
    page = f'<html><head><meta charset="utf-8"></head><body><p>{GB_AS_UTF8}</p></body></html>'
    doc = process_bytes(page.encode("gb18030"), "a.html")
    assert doc.document.encoding == "gb18030" and doc.document.status == "partial"
    assert any(GB_AS_UTF8 in r.text for r in doc.residuals)


# --- xlsx pre-checks -------------------------------------------------------------------------------


def _xlsx_with(sheet_edit: str, *, pad_before_root: int = 0, dtd: bool = False) -> bytes:
    with zipfile.ZipFile(XLSX_SAMPLE) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    sheet = next(n for n in parts if n.startswith("xl/worksheets/") and n.endswith(".xml"))
    xml = parts[sheet].decode()
    if sheet_edit:
        xml = xml.replace("</worksheet>", sheet_edit + "</worksheet>")
        if "<mergeCells" in xml.split(sheet_edit)[0]:
            xml = xml.replace("<mergeCells", "<ignored", 1)
    if pad_before_root or dtd:
        prolog = "<!--" + " " * pad_before_root + "-->" + ('<!DOCTYPE x [<!ENTITY e "boom">]>' if dtd else "")
        xml = '<?xml version="1.0" encoding="UTF-8"?>' + prolog + xml.split("?>", 1)[-1]
    parts[sheet] = xml.encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, blob in parts.items():
            z.writestr(name, blob)
    return buf.getvalue()


def test_absolute_whole_sheet_merge_is_refused_before_openpyxl() -> None:
    from jixiao.extract.xlsx_source import read_xlsx_layout

    data = _xlsx_with('<mergeCells count="1"><mergeCell ref="$A$1:$XFD$1048576"/></mergeCells>')
    with pytest.raises(LimitError, match="merged ranges cover"):
        read_xlsx_layout(data)


def test_a_dtd_after_64_kb_of_prolog_is_refused() -> None:
    from jixiao.extract.xlsx_source import read_xlsx_layout

    read_xlsx_layout(_xlsx_with("", pad_before_root=70_000))  # padding alone is fine
    with pytest.raises(FormatError, match="contains a DTD"):
        read_xlsx_layout(_xlsx_with("", pad_before_root=70_000, dtd=True))


_ = shutil


def test_a_utf8_signature_on_gb18030_text_reads_the_text_with_a_note() -> None:
    """Editors put a UTF-8 BOM on GB18030 files; the file was refused ("byte N is not utf-8-sig")."""
    import codecs

    text = SAMPLE_TXT.read_text("utf-8")
    got = process_bytes(codecs.BOM_UTF8 + text.encode("gb18030"), "a.txt")
    plain = process_bytes(SAMPLE_TXT.read_bytes(), "a.txt")
    assert (got.document.encoding, got.document.status) == ("gb18030", "partial")
    assert [f.executed_yuan for f in got.funds] == [f.executed_yuan for f in plain.funds]
    assert any("UTF-8 byte-order mark before GB18030" in a.message for a in got.anomalies)


def test_a_workbook_member_in_bzip2_is_refused_before_anything_inflates_it() -> None:
    """zipfile inflates bzip2 with no bound per read: a small member lying about its size grew to GBs."""
    from jixiao.extract.xlsx_source import read_xlsx_layout

    with zipfile.ZipFile(XLSX_SAMPLE) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, blob in parts.items():
            method = zipfile.ZIP_BZIP2 if name.startswith("xl/worksheets/") else zipfile.ZIP_DEFLATED
            z.writestr(name, blob, compress_type=method)
    with pytest.raises(FormatError, match="compression method 12"):
        read_xlsx_layout(buf.getvalue())
