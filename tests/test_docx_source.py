"""The .docx reader: merge shapes, text as Word shows it, document structure, bad files, the sample twin."""

from __future__ import annotations

import importlib.util
import io
import zipfile
from pathlib import Path

import pytest
from docx_factory import (
    CONTENT_TYPES,
    PACKAGE_RELS,
    document_xml,
    make_docx,
    make_package,
    p,
    r,
    rels_xml,
    tbl,
    tc,
    tr,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from jixiao.extract.docx_source import read_docx_layout
from jixiao.extract.docx_xml import W_STRICT_NS
from jixiao.extract.errors import FormatError, LimitError
from jixiao.extract.layout import Layout, Paragraph, Table
from jixiao.extract.ooxml import OLE_MAGIC
from jixiao.extract.text_source import read_text_layout

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_TXT = ROOT / "samples" / "lukou_xunchaban_2023.txt"
SAMPLE_DOCX = ROOT / "samples" / "lukou_xunchaban_2023.docx"

Spot = tuple[int, int, int, int, str]  # row, grid col (1-based), col_span, row_span, text


def read(body: str) -> Layout:
    return read_docx_layout(make_docx(body))


def tables(layout: Layout) -> list[Table]:
    return [b for b in layout.blocks if isinstance(b, Table)]


def spots(table: Table) -> list[Spot]:
    return [
        (c.location.row or 0, c.location.col or 0, c.col_span, c.row_span, c.text)
        for row in table.rows
        for c in row.cells
    ]


# --- merge shapes ---------------------------------------------------------------------------------

MERGE_CASES = [
    pytest.param(
        tbl(tr(tc("a", span=2), tc("b")), tr(tc("c"), tc("d"), tc("e"))),
        [(1, 1, 2, 1, "a"), (1, 3, 1, 1, "b"), (2, 1, 1, 1, "c"), (2, 2, 1, 1, "d"), (2, 3, 1, 1, "e")],
        (),
        id="horizontal",
    ),
    pytest.param(
        tbl(
            tr(tc("年度预算申请", vmerge="restart"), tc("x"), tc("y")),
            tr(tc(vmerge=""), tc("x2"), tc("y2")),  # Word's own form: <w:vMerge/>
            tr(tc(vmerge="continue"), tc("x3"), tc("y3")),
        ),
        [
            (1, 1, 1, 3, "年度预算申请"),
            (1, 2, 1, 1, "x"),
            (1, 3, 1, 1, "y"),
            (2, 2, 1, 1, "x2"),
            (2, 3, 1, 1, "y2"),
            (3, 2, 1, 1, "x3"),
            (3, 3, 1, 1, "y3"),
        ],
        (),
        id="vertical",
    ),
    pytest.param(
        tbl(tr(tc("B", span=2, vmerge="restart"), tc("x")), tr(tc(span=2, vmerge=""), tc("y"))),
        [(1, 1, 2, 2, "B"), (1, 3, 1, 1, "x"), (2, 3, 1, 1, "y")],
        (),
        id="both",
    ),
    pytest.param(
        tbl(tr(tc("a"), tc("b"), tc("c")), tr(tc("m"), before=1, after=1)),
        [(1, 1, 1, 1, "a"), (1, 2, 1, 1, "b"), (1, 3, 1, 1, "c"), (2, 2, 1, 1, "m")],
        (),
        id="grid-before-after",
    ),
    pytest.param(
        tbl(tr(tc("V", vmerge="restart"), tc("b"), before=1), tr(tc(vmerge=""), tc("d"), before=1)),
        [(1, 2, 1, 2, "V"), (1, 3, 1, 1, "b"), (2, 3, 1, 1, "d")],
        (),
        id="vmerge-after-grid-before",
    ),
    pytest.param(
        # The continue is the 2nd w:tc of its row but the 3rd grid column, like the cell above.
        tbl(tr(tc("a", span=2), tc("V", vmerge="restart")), tr(tc("c"), tc("d"), tc(vmerge=""))),
        [(1, 1, 2, 1, "a"), (1, 3, 1, 2, "V"), (2, 1, 1, 1, "c"), (2, 2, 1, 1, "d")],
        (),
        id="vmerge-keyed-on-grid-column-not-tc-index",
    ),
    pytest.param(
        tbl(tr(tc("x", vmerge=""), tc("y")), tr(tc("z"), tc("w"))),
        [(1, 1, 1, 1, "x"), (1, 2, 1, 1, "y"), (2, 1, 1, 1, "z"), (2, 2, 1, 1, "w")],
        ("table 1 row 1 col 1: vMerge continue with nothing above it; kept as its own cell",),
        id="irregular-continue-without-restart",
    ),
    pytest.param(
        tbl(tr(tc("W", span=2, vmerge="restart"), tc("z")), tr(tc("n", vmerge=""), tc("o"), tc("q"))),
        [(1, 1, 2, 1, "W"), (1, 3, 1, 1, "z"), (2, 1, 1, 1, "n"), (2, 2, 1, 1, "o"), (2, 3, 1, 1, "q")],
        ("table 1 row 2 col 1: vMerge continue with a cell of span 2 above it; kept as its own cell",),
        id="irregular-other-span-under-restart",
    ),
    pytest.param(
        tbl(tr(tc("头", vmerge="restart"), tc("a")), tr(tc("尾", vmerge=""), tc("b"))),
        [(1, 1, 1, 2, "头\n尾"), (1, 2, 1, 1, "a"), (2, 2, 1, 1, "b")],
        ("table 1 row 2 col 1: text in a vMerge continue cell appended to the merged cell",),
        id="text-in-continue-kept",
    ),
    pytest.param(
        tbl(tr(tc("x", vmerge="restart"), tc("a")), tr(tc("y"), tc("b"))),
        [(1, 1, 1, 1, "x"), (1, 2, 1, 1, "a"), (2, 1, 1, 1, "y"), (2, 2, 1, 1, "b")],
        (),
        id="restart-with-nothing-below",
    ),
    pytest.param(
        tbl(tr(tc("a"), tc("b")), tr(tc("gone"), tc("row"), deleted=True), tr(tc("c"), tc("d"))),
        [(1, 1, 1, 1, "a"), (1, 2, 1, 1, "b"), (2, 1, 1, 1, "c"), (2, 2, 1, 1, "d")],
        ("1 table rows deleted with tracked changes not read",),
        id="tracked-row-deletion",
    ),
]


@pytest.mark.parametrize(("body", "expected", "notes"), MERGE_CASES)
def test_merge_shapes(body: str, expected: list[Spot], notes: tuple[str, ...]) -> None:
    layout = read(body)
    (table,) = tables(layout)
    assert spots(table) == expected
    assert layout.notes == notes


def test_grid_gaps_are_kept_on_the_row() -> None:
    (table,) = tables(read(tbl(tr(tc("a"), tc("b"), tc("c")), tr(tc("m"), before=1, after=1))))
    row = table.rows[1]
    assert (row.grid_before, row.grid_after, row.cells[0].grid_col) == (1, 1, 1)
    assert str(row.cells[0].location) == "table 1 row 2 col 2"


def test_nested_table_stays_inside_its_cell_and_tables_number_in_preorder() -> None:
    inner = tbl(tr(tc("内层"), tc("表")), grid=2)
    body = tbl(tr(tc(p("外层"), inner, p("后"), raw=True), tc("b")), grid=2) + tbl(tr(tc("第二")))
    layout = read(body)
    outer, second = tables(layout)
    cell = outer.rows[0].cells[0]
    assert cell.text == "外层\n后"  # nested tables are not flattened into the text
    (nested,) = cell.nested
    assert str(nested.rows[0].cells[1].location) == "table 2 row 1 col 2"
    assert second.location.table == 3
    assert [text for text, _ in layout.iter_text()] == ["外层\n后", "内层", "表", "b", "第二"]


# --- text as Word shows it ------------------------------------------------------------------------

INS = '<w:ins w:id="1" w:author="a" w:date="2024-01-01T00:00:00Z">{}</w:ins>'
DEL = (
    '<w:del w:id="2" w:author="a" w:date="2024-01-01T00:00:00Z"><w:r><w:delText>{}</w:delText></w:r></w:del>'
)


def fld(instr: str, result: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{instr}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{r(result)}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


TEXT_CASES = [
    pytest.param(r("得分") + INS.format(r("9.99")), "得分9.99", id="tracked-insertion-kept"),
    pytest.param(r("得分") + DEL.format("8.88") + r("9.99"), "得分9.99", id="tracked-deletion-dropped"),
    pytest.param(
        '<w:moveFrom w:id="3" w:author="a">'
        + r("旧处")
        + '</w:moveFrom><w:moveTo w:id="4" w:author="a">'
        + r("新处")
        + "</w:moveTo>",
        "新处",
        id="move-from-dropped-move-to-kept",
    ),
    pytest.param(r("第") + fld(" PAGE ", "3") + r("页"), "第3页", id="complex-field-shows-result"),
    pytest.param(
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> TOC </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>' + r("正文"),
        "正文",
        id="field-without-result",
    ),
    pytest.param(
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>IF </w:instrText></w:r>'
        + fld(" MERGEFIELD x ", "内")
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + r("外")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
        "外",
        id="nested-field-in-instruction-hidden",
    ),
    pytest.param(
        '<w:fldSimple w:instr=" DATE ">' + r("2024年") + "</w:fldSimple>", "2024年", id="simple-field"
    ),
    pytest.param('<w:hyperlink r:id="rId9">' + r("链接文字") + "</w:hyperlink>", "链接文字", id="hyperlink"),
    pytest.param(
        '<w:smartTag w:uri="u" w:element="date">' + r("2023年") + "</w:smartTag>", "2023年", id="smart-tag"
    ),
    pytest.param(
        "<w:sdt><w:sdtPr><w:alias w:val='单位'/></w:sdtPr><w:sdtContent>"
        + r("区委巡察办")
        + "</w:sdtContent></w:sdt>",
        "区委巡察办",
        id="content-control",
    ),
    pytest.param(r("\u3000\u300098.99\u3000"), "\u3000\u300098.99\u3000", id="full-width-spaces-kept"),
    pytest.param("<w:r><w:t>a</w:t><w:tab/><w:t>b</w:t></w:r>", "a b", id="tab-is-one-space"),
    pytest.param("<w:r><w:t>年度</w:t><w:br/><w:t>指标值</w:t></w:r>", "年度\n指标值", id="line-break"),
    pytest.param("<w:r><w:t>a</w:t><w:cr/><w:t>b</w:t></w:r>", "a\nb", id="carriage-return"),
    pytest.param('<w:r><w:br w:type="page"/><w:t>附件3</w:t></w:r>', "附件3", id="page-break-is-no-text"),
    pytest.param("<w:r><w:t>非</w:t><w:noBreakHyphen/><w:t>税</w:t></w:r>", "非-税", id="no-break-hyphen"),
    pytest.param("<w:r><w:t>预</w:t><w:softHyphen/><w:t>算</w:t></w:r>", "预算", id="soft-hyphen-invisible"),
    pytest.param(
        '<w:r><w:sym w:font="Wingdings" w:char="F0FC"/><w:t>是</w:t></w:r>', "是", id="symbol-skipped"
    ),
    pytest.param(
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>" + r("可见"), "可见", id="hidden-text-skipped"
    ),
    pytest.param(
        '<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>不隐藏</w:t></w:r>', "不隐藏", id="vanish-off-is-shown"
    ),
    pytest.param(
        "<mc:AlternateContent><mc:Choice Requires='w14'>"
        + r("新版")
        + "</mc:Choice><mc:Fallback>"
        + r("旧版")
        + "</mc:Fallback></mc:AlternateContent>",
        "新版",
        id="alternate-content-read-once",
    ),
    pytest.param(
        '<m:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math">'
        "<m:r><m:t>x=1</m:t></m:r></m:oMath>",
        "x=1",
        id="math-text",
    ),
    # a content control showing its placeholder is empty: the template's grey 0.00 is no one's figure
    pytest.param(
        r("金额：")
        + "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>"
        + r("0.00")
        + "</w:sdtContent></w:sdt>",
        "金额：",
        id="placeholder-content-control-is-empty",
    ),
    pytest.param(
        "<w:sdt><w:sdtPr/><w:sdtContent>" + r("34.86") + "</w:sdtContent></w:sdt>",
        "34.86",
        id="filled-content-control-is-read",
    ),
]


@pytest.mark.parametrize(("inner", "expected"), TEXT_CASES)
def test_text_as_word_shows_it(inner: str, expected: str) -> None:
    # The same run content in a body paragraph and in a cell reads the same.
    para = p(inner, raw=True)
    layout = read(para + tbl(tr(tc(para, raw=True))))
    body_para, table = layout.blocks
    assert isinstance(body_para, Paragraph) and isinstance(table, Table)
    assert (body_para.text, table.rows[0].cells[0].text) == (expected, expected)


NOTE_CASES = [
    pytest.param(
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>",
        "2 characters of hidden text (w:vanish) not read",
        id="hidden",
    ),
    pytest.param('<w:r><w:object w:dxaOrig="1"/></w:r>', "1 embedded objects (OLE", id="ole-object"),
    pytest.param('<w:r><w:footnoteReference w:id="1"/></w:r>', "1 footnote references", id="footnote"),
    pytest.param(
        '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>' + r("预算单位基本情况"),
        "1 paragraphs use list numbering that word/numbering.xml does not define; no number shown",
        id="list-numbering-without-numbering-part",
    ),
    pytest.param(
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>' + r("x"),
        "1 complex field(s) never closed",
        id="open-field",
    ),
    pytest.param(
        "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>"
        + r("单击此处输入文字。")
        + "</w:sdtContent></w:sdt>",
        "1 content controls showing their placeholder text",
        id="placeholder",
    ),
]


@pytest.mark.parametrize(("inner", "note"), NOTE_CASES)
def test_skipped_content_is_noted(inner: str, note: str) -> None:
    layout = read(p(inner, raw=True))
    assert any(n.startswith(note) for n in layout.notes), layout.notes


def test_external_relationships_and_alt_chunks_are_noted_hyperlinks_are_not() -> None:
    rels = rels_xml(
        ("rId1", "hyperlink", "http://example.com/", True),
        ("rId2", "attachedTemplate", "file:///C:/模板.dotx", True),
        ("rId3", "aFChunk", "afchunk.mht", False),
    )
    body = p("正文") + '<w:altChunk r:id="rId3"/>'
    layout = read_docx_layout(make_docx(body, extra={"word/_rels/document.xml.rels": rels}))
    assert layout.notes == (
        "1 embedded alternative-format chunks (w:altChunk) not read",
        "external relationship ignored: file:///C:/模板.dotx (attachedTemplate)",
    )


# --- document structure ---------------------------------------------------------------------------


def test_forms_mid_document_several_forms_split_form_and_headings_between_tables() -> None:
    body = (
        p("关于报送2023年度绩效自评的说明")
        + p("")  # empty: counted, not emitted
        + p("附件1")
        + p("填报单位：区委巡察办（2023年度）")
        + tbl(tr(tc("预算部门名称"), tc("区委巡察办", span=2)))
        + tbl(tr(tc("绩效指标"), tc("一级指标"), tc("二级指标")))  # the same form, split over two tables
        + p("附件2", style="Heading1")
        + tbl(tr(tc("项目支出名称"), tc("巡察专项经费", span=2)))
        + p("   ")  # spaces only: not emitted
    )
    styles = (
        f'<w:styles xmlns:w="{"http://schemas.openxmlformats.org/wordprocessingml/2006/main"}">'
        '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>'
    )
    extra: dict[str, bytes | str] = {
        "word/_rels/document.xml.rels": rels_xml(("rId1", "styles", "styles.xml", False)),
        "word/styles.xml": styles,
    }
    layout = read_docx_layout(make_docx(body, extra=extra))
    shape = [
        (b.kind, b.text if isinstance(b, Paragraph) else b.rows[0].cells[0].text, str(b.location))
        for b in layout.blocks
    ]
    assert shape == [
        ("paragraph", "关于报送2023年度绩效自评的说明", "para 1"),
        ("paragraph", "附件1", "para 3"),
        ("paragraph", "填报单位：区委巡察办（2023年度）", "para 4"),
        ("table", "预算部门名称", "table 1"),
        ("table", "绩效指标", "table 2"),
        ("paragraph", "附件2", "para 5"),
        ("table", "项目支出名称", "table 3"),
    ]
    heading = layout.blocks[5]
    assert isinstance(heading, Paragraph) and heading.style == "heading 1"
    assert layout.source_format == "docx" and layout.notes == ()


def test_text_box_read_once_after_its_anchor_paragraph() -> None:
    box = "<w:txbxContent>" + p("框内文字") + "</w:txbxContent>"
    drawing = (
        "<w:r><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing><wps:txbx>"
        + box
        + "</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox>"
        + box
        + "</v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    layout = read(p(r("锚") + drawing, raw=True) + p("后"))
    assert [(b.text, b.location.para) for b in layout.blocks if isinstance(b, Paragraph)] == [
        ("锚", 1),
        ("框内文字", 2),
        ("后", 3),
    ]


def test_strict_open_xml_namespace_is_read() -> None:
    doc = document_xml(tbl(tr(tc("严格"))), ns_decl=f'xmlns:w="{W_STRICT_NS}"')
    layout = read_docx_layout(make_docx("", document=doc))
    assert tables(layout)[0].rows[0].cells[0].text == "严格"


# --- bad files ------------------------------------------------------------------------------------


def _ole(*streams: str) -> bytes:
    directory = b"".join(s.encode("utf-16-le") + b"\x00" * (64 - 2 * len(s)) for s in streams)
    return OLE_MAGIC + b"\x00" * 504 + directory


def _truncated() -> bytes:
    good = make_docx(p("x"))
    return good[: len(good) // 2]


def _damaged_member() -> bytes:
    blob = bytearray(make_docx(p("正文" * 200)))
    start = blob.index(b"word/document.xml") + len("word/document.xml")  # compressed data follows
    for i in range(start + 10, start + 40):
        blob[i] ^= 0x5A
    return bytes(blob)


def _bomb() -> bytes:
    # 3 MB of zeros deflate ~1000x: refused from the declared sizes, before any inflating.
    doc = document_xml(p("x")) + b" " * 3_000_000
    return make_docx("", document=doc)


def _future_zip_version() -> bytes:
    # BUGS_CAUGHT (fuzzing): zipfile raised NotImplementedError for a central directory entry
    # claiming a newer zip version than it supports.
    blob = bytearray(make_docx(p("x")))
    entry = blob.index(b"PK\x01\x02")
    blob[entry + 6 : entry + 8] = (0xFF).to_bytes(2, "little")  # "version needed to extract"
    return bytes(blob)


def _negative_offset() -> bytes:
    # BUGS_CAUGHT (fuzzing): a central directory offset past its real place made zipfile seek to a
    # negative member offset: ValueError("negative seek value").
    blob = bytearray(make_docx(p("x")))
    end = blob.rindex(b"PK\x05\x06")  # end of central directory record
    offset = int.from_bytes(blob[end + 16 : end + 20], "little")
    blob[end + 16 : end + 20] = (offset + 1000).to_bytes(4, "little")
    return bytes(blob)


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
)

BAD_FILES = [
    pytest.param(lambda: b"", FormatError, "empty file", id="empty"),
    pytest.param(
        lambda: _ole("Root Entry", "WordDocument", "1Table"), FormatError, "legacy Word 97-2003", id="doc"
    ),
    pytest.param(
        lambda: _ole("Root Entry", "EncryptionInfo", "EncryptedPackage"),
        FormatError,
        "password-protected",
        id="encrypted-docx",
    ),
    pytest.param(lambda: _ole("Root Entry", "Workbook"), FormatError, "legacy Excel .xls", id="xls"),
    pytest.param(_truncated, FormatError, "corrupt or truncated zip", id="truncated-zip"),
    pytest.param(_damaged_member, FormatError, "damaged", id="damaged-member"),
    pytest.param(_future_zip_version, FormatError, "corrupt or truncated zip", id="future-zip-version"),
    pytest.param(_negative_offset, FormatError, "damaged", id="bad-member-offset"),
    pytest.param(
        lambda: make_package({"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": PACKAGE_RELS}),
        FormatError,
        "without word/document.xml",
        id="zip-without-document",
    ),
    pytest.param(
        lambda: make_package({"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": "<workbook/>"}),
        FormatError,
        "Excel workbook",
        id="xlsx-renamed",
    ),
    pytest.param(
        lambda: make_docx("", document=BILLION_LAUGHS), FormatError, "DOCTYPE", id="doctype-refused"
    ),
    pytest.param(
        lambda: make_docx("", document=BILLION_LAUGHS.replace(b"\n", b"").decode().encode("utf-16")),
        FormatError,
        "DOCTYPE",
        id="doctype-in-utf16-refused",
    ),
    pytest.param(
        lambda: make_docx("", document=b"<w:document><w:body>"), FormatError, "not well-formed", id="bad-xml"
    ),
    pytest.param(
        lambda: make_docx("", document=b"<html/>"), FormatError, "not a WordprocessingML", id="not-word"
    ),
    pytest.param(lambda: _bomb(), LimitError, "zip bomb", id="zip-bomb"),
    pytest.param(lambda: b"{\\rtf1\\ansi hello}", FormatError, "RTF", id="rtf"),
    pytest.param(lambda: b"<html><body>x</body></html>", FormatError, "HTML", id="html"),
    pytest.param(lambda: "\t预算部门名称\n".encode(), FormatError, "text file", id="text-export"),
    pytest.param(lambda: bytes(range(256)), FormatError, "not a zip package", id="binary"),
]


@pytest.mark.parametrize(("make", "error", "message"), BAD_FILES)
def test_bad_files_give_one_line_errors(make: object, error: type[Exception], message: str) -> None:
    assert callable(make)
    with pytest.raises(error) as info:
        read_docx_layout(make())
    assert message in str(info.value)
    assert "\n" not in str(info.value)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), min_size=1, max_size=8))
def test_damaged_bytes_give_a_layout_or_a_format_error(flips: list[tuple[int, int]]) -> None:
    blob = bytearray(SAMPLE_DOCX.read_bytes())
    for where, value in flips:
        blob[where % len(blob)] = value
    try:
        layout = read_docx_layout(bytes(blob))
    except FormatError as err:
        assert "\n" not in str(err)
    else:
        assert layout.source_format == "docx"


# --- the sample twin ------------------------------------------------------------------------------


def export_view(table: Table) -> list[list[str]]:
    """Rows as Word's text export shows them: a vertically merged cell leaves an empty cell below."""
    covered: dict[int, int] = {}  # grid col → rows still covered by a merge from above
    out: list[list[str]] = []
    for row in table.rows:
        slots = [(col, "") for col, left in covered.items() if left > 0]
        covered = {col: left - 1 for col, left in covered.items() if left > 1}
        for cell in row.cells:
            slots.append((cell.grid_col, cell.text))
            if cell.row_span > 1:
                covered[cell.grid_col] = cell.row_span - 1
        out.append([text for _, text in sorted(slots)])
    return out


@pytest.fixture(scope="module")
def twin() -> Layout:
    return read_docx_layout(SAMPLE_DOCX.read_bytes())


@pytest.fixture(scope="module")
def exported() -> Layout:
    return read_text_layout(SAMPLE_TXT.read_bytes())


def test_twin_cells_equal_the_text_export(twin: Layout, exported: Layout) -> None:
    docx_tables, txt_tables = tables(twin), tables(exported)
    assert len(docx_tables) == len(txt_tables) == 2
    for docx_table, txt_table in zip(docx_tables, txt_tables, strict=True):
        expected = [row.texts for row in txt_table.rows]
        # The export glued the next 附件 heading and report title into the last cell.
        expected[-1][-1] = expected[-1][-1].rsplit("\n", 2)[0]
        assert export_view(docx_table) == expected


def test_twin_paragraphs_equal_the_text_export_with_headings_unglued(twin: Layout, exported: Layout) -> None:
    expected: list[str] = []
    for block in exported.blocks:
        if isinstance(block, Paragraph):
            expected.append(block.text)
        else:
            expected.extend(block.rows[-1].cells[-1].text.split("\n")[-2:])
    assert [b.text for b in twin.blocks if isinstance(b, Paragraph)] == expected
    assert expected[expected.index("部门整体支出绩效自评报告") - 1] == " 附件2"
    assert twin.notes == ()


TWIN_SPANS = [  # (table, row, grid col, col_span, row_span, text start)
    pytest.param(1, 1, 2, 8, 1, "中共株洲市渌口区委巡察工作领导小组办公室", id="dept-name-value-wide"),
    pytest.param(1, 2, 1, 1, 7, "年度预\n算申请", id="budget-label-down-7-rows"),
    pytest.param(1, 3, 2, 2, 1, "年度资金总额", id="total-funds-label"),
    pytest.param(1, 4, 2, 4, 1, "按收入性质分", id="income-basis-under-funds-label"),
    pytest.param(1, 9, 1, 1, 2, "年度总体目标", id="goal-label"),
    pytest.param(1, 11, 1, 1, 9, "绩\n效\n指\n标", id="indicator-label-down-9-rows"),
    pytest.param(1, 12, 2, 1, 3, "产出指标", id="output-level1"),
    pytest.param(1, 15, 2, 1, 4, "效益指标", id="benefit-level1"),
    pytest.param(1, 19, 2, 1, 1, "满意度指标", id="satisfaction-level1"),
    pytest.param(1, 20, 1, 6, 1, "总分", id="total-score-label"),
    pytest.param(1, 20, 8, 2, 1, "\u300098.99", id="total-score-value"),
    pytest.param(2, 2, 5, 2, 1, "实施单位", id="project-implementing-unit"),
    pytest.param(2, 3, 1, 1, 5, "项目  资金", id="project-funds-label"),
    pytest.param(2, 14, 2, 1, 4, "效益指标", id="project-benefit-level1"),
]


@pytest.mark.parametrize(("t", "row", "col", "col_span", "row_span", "start"), TWIN_SPANS)
def test_twin_merged_cells(
    twin: Layout, t: int, row: int, col: int, col_span: int, row_span: int, start: str
) -> None:
    table = tables(twin)[t - 1]
    (cell,) = [c for c in table.rows[row - 1].cells if c.location.col == col]
    assert (cell.col_span, cell.row_span, cell.text.startswith(start)) == (col_span, row_span, True)


def _grid_cols(table: Table, row: int) -> list[int]:
    return [c.grid_col for c in table.rows[row - 1].cells]


def test_twin_values_sit_under_their_headers(twin: Layout) -> None:
    dept, project = tables(twin)
    money_headers = _grid_cols(dept, 2)[-6:]  # 年初预算数 … 得分
    assert _grid_cols(dept, 3)[-6:] == money_headers == [3, 4, 5, 6, 7, 8]
    assert _grid_cols(project, 4)[-6:] == _grid_cols(project, 3)[-6:] == money_headers
    indicator_headers = _grid_cols(dept, 11)  # 绩效指标, 一级指标 … 偏差原因分析及改进措施
    assert indicator_headers == list(range(9))
    assert _grid_cols(dept, 12) == indicator_headers[1:]  # 一级指标 cell starts its merge here
    assert _grid_cols(dept, 13) == indicator_headers[2:]  # under the merged 一级指标
    assert dept.rows[2].cells[0].grid_col == dept.rows[3].cells[0].grid_col  # 年度资金总额 / 按收入性质分


def test_committed_twin_is_what_its_script_writes() -> None:
    spec = importlib.util.spec_from_file_location("make_docx_twin", ROOT / "scripts" / "make_docx_twin.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == SAMPLE_DOCX.read_bytes(), "rerun: python scripts/make_docx_twin.py"


def test_twin_uses_real_word_merges() -> None:
    xml = zipfile.ZipFile(io.BytesIO(SAMPLE_DOCX.read_bytes())).read("word/document.xml").decode()
    assert xml.count('<w:vMerge w:val="restart"/>') == 10
    assert "<w:vMerge/>" in xml and "w:gridSpan" in xml
