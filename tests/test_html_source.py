"""Saved web pages → Layout: encodings, paragraphs, rowspan/colspan grid, nested and layout tables."""

from __future__ import annotations

import codecs

import pytest
from jixiao.extract.errors import LimitError
from jixiao.extract.html_source import decode_html, read_html_layout
from jixiao.extract.layout import Location, Paragraph, Table

PAGE = """<?xml version="1.0" encoding="gb2312"?>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>站点标题</title><style>p {color: red}</style><script>var x = "附件9";</script></head>
<body>
<h2>项目支出绩效自评报告</h2>
<div>一、绩效自评工作开展情况<br/>全年支出为&nbsp;799833.22元。<!-- 注释 -->尾句。</div>
<table border="1"><caption>附表</caption>
  <tbody>
  <tr><th rowspan="2">年度资金</th><th colspan="2">预算数</th><th>执行数</th></tr>
  <tr><td>100</td><td>80<br>续行</td><td rowspan="0">x</td></tr>
  <tr><td>总</td><td><table><tr><td>甲</td><td>乙</td></tr></table><p>内文</p></td></tr>
  </tbody>
</table>
<table><tr><td><p>外层布局表</p><p>第二段</p></td></tr></table>
</body></html>"""


def _layout() -> tuple[list[Paragraph], list[Table]]:
    layout = read_html_layout(PAGE.encode("gb18030"))
    assert layout.source_format == "html" and layout.encoding == "gb18030"
    paras = [b for b in layout.blocks if isinstance(b, Paragraph)]
    tables = [b for b in layout.blocks if isinstance(b, Table)]
    return paras, tables


def test_paragraphs_in_order_with_styles() -> None:
    paras, _ = _layout()
    got = [(p.text, p.location, p.style) for p in paras]
    assert got == [
        ("项目支出绩效自评报告", Location(para=1), "Heading 2"),
        ("一、绩效自评工作开展情况", Location(para=2), None),  # <br> splits body lines
        ("全年支出为 799833.22元。尾句。", Location(para=3), None),  # &nbsp; is a space; comment dropped
        ("附表", Location(para=4), None),  # the caption, before its table
        ("外层布局表", Location(para=5), None),  # a one-cell layout table reads as body
        ("第二段", Location(para=6), None),
    ]


def test_grid_columns_with_rowspan_and_colspan() -> None:
    _, tables = _layout()
    assert len(tables) == 1
    table = tables[0]
    got = [[(c.text, c.grid_col, c.col_span, c.row_span) for c in row.cells] for row in table.rows]
    assert got == [
        [("年度资金", 0, 1, 2), ("预算数", 1, 2, 1), ("执行数", 3, 1, 1)],
        # 年度资金's rowspan holds grid column 0 in row 2, so 100 starts at column 1
        [("100", 1, 1, 1), ("80\n续行", 2, 1, 1), ("x", 3, 1, 2)],  # rowspan=0: to the end
        [("总", 0, 1, 1), ("内文", 1, 1, 1)],
    ]
    assert table.location == Location(table=1)
    assert table.rows[1].cells[0].location == Location(table=1, row=2, col=2)
    nested = table.rows[2].cells[1].nested
    assert len(nested) == 1 and nested[0].location == Location(table=2)
    assert [c.text for c in nested[0].rows[0].cells] == ["甲", "乙"]


@pytest.mark.parametrize(
    ("rows_html", "expected"),
    [
        pytest.param(
            "<tr><td rowspan=3>a</td><td>b</td></tr><tr><td>c</td></tr><tr><td>d</td></tr>",
            [[("a", 0, 3), ("b", 1, 1)], [("c", 1, 1)], [("d", 1, 1)]],
            id="rowspan-three",
        ),
        pytest.param(
            "<tr><td>a</td><td rowspan=2 colspan=2>b</td><td>c</td></tr><tr><td>d</td><td>e</td></tr>",
            [[("a", 0, 1), ("b", 1, 2), ("c", 3, 1)], [("d", 0, 1), ("e", 3, 1)]],
            id="block-span-in-the-middle",
        ),
        pytest.param(
            "<tr><td rowspan=99>a</td><td>b</td></tr><tr><td>c</td></tr>",
            [[("a", 0, 2), ("b", 1, 1)], [("c", 1, 1)]],
            id="rowspan-clamped-to-table",
        ),
        pytest.param(
            '<tr><td colspan="2x">a</td><td colspan=0>b</td></tr><tr><td>c</td><td>d</td></tr>',
            [[("a", 0, 1), ("b", 2, 1)], [("c", 0, 1), ("d", 1, 1)]],
            id="junk-spans-read-as-browsers-do",
        ),
    ],
)
def test_span_grid(rows_html: str, expected: list[list[tuple[str, int, int]]]) -> None:
    layout = read_html_layout(f"<table>{rows_html}</table>".encode())
    (table,) = layout.blocks
    assert isinstance(table, Table)
    got = [[(c.text, c.grid_col, c.row_span) for c in row.cells] for row in table.rows]
    assert got == expected


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        pytest.param('<meta charset="utf-8"><p>表</p>'.encode(), "utf-8", id="declared-utf8"),
        pytest.param('<meta charset="GBK"><p>表</p>'.encode("gb18030"), "gb18030", id="gbk-read-as-gb18030"),
        pytest.param('<meta charset="gbk"><p>绩效表</p>'.encode(), "utf-8", id="gb-label-but-utf8-bytes"),
        pytest.param(
            '<meta charset="utf-8"><p>绩效表</p>'.encode("gb18030"), "gb18030", id="utf8-label-gb-bytes"
        ),
        pytest.param(codecs.BOM_UTF8 + "<p>表</p>".encode(), "utf-8-sig", id="bom"),
        pytest.param("<p>绩效表</p>".encode("gb18030"), "gb18030", id="no-label-cascade"),
        pytest.param('<meta charset="klingon"><p>表</p>'.encode(), "utf-8", id="unknown-label"),
    ],
)
def test_encodings(data: bytes, encoding: str) -> None:
    text, got, _notes = decode_html(data)
    assert got == encoding
    assert "表" in text


def test_empty_and_limits() -> None:
    assert read_html_layout(b"  \n").blocks == ()
    deep = b"<div>" * 400 + b"x" + b"</div>" * 400
    with pytest.raises(LimitError):
        read_html_layout(deep)
    wide = b"<table>" + b"<tr><td colspan=1000 rowspan=65534>a</td><td>b</td></tr>" * 1100 + b"</table>"
    with pytest.raises(LimitError, match="grid slots"):
        read_html_layout(wide)


def test_lossy_decoding_is_noted_in_the_layout() -> None:
    page = ("<html><body><p>正文" + "段" * 2000 + "</p></body></html>").encode()
    broken = page[:40] + b"\xff" + page[41:]
    layout = read_html_layout(broken)
    assert any("replaced by U+FFFD" in note for note in layout.notes)


FRAMED = """<html><head><meta charset="utf-8"></head><body>
<table width="1000"><tr><td><div>栏目导航</div></td><td>
<p>项目支出绩效自评表</p>
<table border="1"><tr><td>年度资金总额</td><td>100</td></tr><tr><td>其他资金</td><td>0</td></tr>
<tr><td>总分</td><td>100</td></tr><tr><td>a</td><td>b</td></tr></table>
</td></tr></table></body></html>"""


def test_a_page_frame_around_a_bigger_table_reads_as_body() -> None:
    """An old site's frame (menu | content) is not data: the form's table inside it is a table of its own."""
    layout = read_html_layout(FRAMED.encode("utf-8"))
    paras = [b.text for b in layout.blocks if isinstance(b, Paragraph)]
    tables = [b for b in layout.blocks if isinstance(b, Table)]
    assert paras == ["栏目导航", "项目支出绩效自评表"]
    assert len(tables) == 1 and [c.text for c in tables[0].rows[0].cells] == ["年度资金总额", "100"]
