"""xlsx → Layout: title paragraphs, merged cells as spans, values without float noise, guards."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from jixiao.extract.errors import FormatError, LimitError
from jixiao.extract.layout import Location, Paragraph, Table
from jixiao.extract.xlsx_source import format_value, read_xlsx_layout


def _save(wb: openpyxl.Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _form_workbook() -> bytes:
    """A small 项目支出绩效自评表 as an agency would fill it in Excel."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目表"
    ws["A1"] = "项目支出绩效自评表"
    ws.merge_cells("A1:E1")
    ws["A2"] = "填报单位：渌口区委巡察办"
    ws["B4"] = "项目名称"
    ws["C4"] = "巡察专项经费"
    ws.merge_cells("C4:E4")
    ws["B5"] = "年度资金总额"
    ws.merge_cells("B5:B6")
    ws["C5"] = 321.013328
    ws["D5"] = 80.0
    ws["E5"] = 0.9899
    ws["E5"].number_format = "0.00%"
    ws["D6"] = dt.datetime(2023, 12, 31)
    wb.create_sheet("空表")
    second = wb.create_sheet("说明")
    second["A1"] = "只有文字"
    return _save(wb)


def test_titles_table_spans_and_locations() -> None:
    layout = read_xlsx_layout(_form_workbook())
    assert layout.source_format == "xlsx"
    assert [b.kind for b in layout.blocks] == ["paragraph", "paragraph", "table", "paragraph"]
    title, fill_unit, table, text_only = layout.blocks
    assert isinstance(title, Paragraph) and isinstance(fill_unit, Paragraph) and isinstance(table, Table)
    assert (title.text, title.location) == ("项目支出绩效自评表", Location(part="项目表", row=1, col=1))
    assert fill_unit.text == "填报单位：渌口区委巡察办"
    assert isinstance(text_only, Paragraph) and text_only.location == Location(part="说明", row=1, col=1)
    assert table.location == Location(part="项目表", table=1)
    got = [
        [(c.text, c.grid_col, c.col_span, c.row_span, c.location.row, c.location.col) for c in row.cells]
        for row in table.rows
    ]
    assert got == [
        [("项目名称", 1, 1, 1, 4, 2), ("巡察专项经费", 2, 3, 1, 4, 3)],
        [
            ("年度资金总额", 1, 1, 2, 5, 2),
            ("321.013328", 2, 1, 1, 5, 3),
            ("80", 3, 1, 1, 5, 4),
            ("98.99%", 4, 1, 1, 5, 5),
        ],
        # B6 is covered by the vertical merge: no cell; C6 and E6 are empty slots, kept as Word would
        [("", 2, 1, 1, 6, 3), ("2023-12-31", 3, 1, 1, 6, 4), ("", 4, 1, 1, 6, 5)],
    ]
    assert {row.grid_before for row in table.rows} == {1}  # column A is empty left of the table
    assert table.rows[0].cells[1].location == Location(part="项目表", table=1, row=4, col=3)
    assert layout.notes == ("worksheet '空表' is empty",)


def test_two_tall_title_then_row_label_merge() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "部门整体支出绩效自评表"
    ws.merge_cells("A1:C2")  # a title two rows tall is still a title
    ws["A3"] = "指标"
    ws.merge_cells("A3:A4")  # a row label beside values: the table starts here
    ws["B3"] = "目标"
    ws["B4"] = "实际"
    layout = read_xlsx_layout(_save(wb))
    assert [b.kind for b in layout.blocks] == ["paragraph", "table"]
    table = layout.blocks[1]
    assert isinstance(table, Table)
    assert [[c.text for c in r.cells] for r in table.rows] == [["指标", "目标"], ["实际"]]
    assert table.rows[0].cells[0].row_span == 2


def test_single_value_row_label_with_tall_merge_starts_table() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "产出指标"
    ws.merge_cells("A1:A2")
    ws["B2"] = "数量指标"
    layout = read_xlsx_layout(_save(wb))
    assert [b.kind for b in layout.blocks] == ["table"]


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        pytest.param(321.013328, "General", "321.013328", id="six-places-no-noise"),
        # Excel keeps 15 significant digits; a formula's sum stored with binary noise is what it shows.
        pytest.param(0.1 + 0.2, "General", "0.3", id="float-sum-at-excels-15-digits"),
        pytest.param(296.21 + 32.84, "0.00", "329.05", id="float-sum-not-a-cent-low"),
        pytest.param(3485700, '0"."0000', "348.57", id="literal-point-shows-wan"),
        pytest.param(3485700, "0!.0000", "348.57", id="escaped-point-shows-wan"),
        # LibreOffice writes Excel's 0!.0000 as 0\!.0000 when it converts an .xls
        pytest.param(3485700, "0\\!.0000", "348.57", id="escaped-point-as-libreoffice-writes-it"),
        # a unit the format draws beside the figure is the cell's own: the sheet shows 3,485,700.00元
        pytest.param(3485700, '#,##0.00"元"', "3485700元", id="format-draws-yuan"),
        pytest.param(348.57, '0.00"万元"', "348.57万元", id="format-draws-wan"),
        pytest.param(3485700, "0.00元", "3485700元", id="format-draws-bare-yuan"),
        pytest.param(3485700, "#,##0.00\\元", "3485700元", id="format-draws-escaped-yuan"),
        pytest.param(3485700, '0"."0000"万元"', "348.57万元", id="literal-point-and-drawn-wan"),
        pytest.param(3485700.0, "[$¥-804]#,##0.00", "3485700", id="currency-locale-draws-no-unit"),
        pytest.param(348.57, '0.00"万"', "348.57万", id="format-draws-wan-alone"),
        pytest.param(12.5, '0.00"万人"', "12.5", id="a-count-is-no-money-unit"),
        pytest.param(3485700.0, "#,##0.00,", "3485.7", id="trailing-comma-shows-thousands"),
        pytest.param(3485700, "#,##0.00", "3485700", id="comma-between-digits-is-grouping"),
        pytest.param(329.05 / 348.57, "0.00%", "94.40%", id="computed-rate-at-its-written-places"),
        pytest.param(10 * 329.05 / 348.57, "0.00", "9.44", id="computed-score-at-its-written-places"),
        pytest.param(321.013328, "0.00", "321.013328", id="typed-digits-never-rounded-away"),
        pytest.param(12345678901.23, "#,##0", "12345678901.23", id="typed-13-digits-keep-their-cents"),
        pytest.param(3485700.0, "[$-804]#,##0.00,", "3485.7", id="locale-section-digits-are-no-placeholder"),
        pytest.param(12.0, '0"分"', "12", id="quoted-text-is-not-a-format"),
        pytest.param(80.0, "0.00", "80", id="int-valued-float-format-not-applied"),
        pytest.param(1e-05, "General", "0.00001", id="no-exponent"),
        pytest.param(1.5e20, "General", "150000000000000000000", id="large-no-exponent"),
        pytest.param(0.5, "0%", "50%", id="percent-format"),
        pytest.param(-0.0, "General", "0", id="negative-zero"),
        pytest.param(False, "General", "FALSE", id="bool"),
        pytest.param(dt.datetime(2023, 1, 2, 8, 30), "General", "2023-01-02T08:30:00", id="datetime"),
        pytest.param("a\r\nb", "General", "a\nb", id="crlf-in-text"),
    ],
)
def test_format_value(value: object, number_format: str, text: str) -> None:
    assert format_value(value, number_format) == text


def test_refuses_non_workbooks() -> None:
    with pytest.raises(FormatError, match="not a zip"):
        read_xlsx_layout(b"hello")
    with pytest.raises(FormatError, match=r"legacy \.xls"):
        read_xlsx_layout(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "not a workbook")
    with pytest.raises(FormatError, match=r"not a readable \.xlsx"):
        read_xlsx_layout(buf.getvalue())


def test_refuses_zip_bomb_and_dtd() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * (5 * 1024 * 1024) + b"</a>")
    with pytest.raises(LimitError, match="zip bomb"):
        read_xlsx_layout(buf.getvalue())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>')
    with pytest.raises(FormatError, match="DTD"):
        read_xlsx_layout(buf.getvalue())


def test_refuses_absurd_merge_before_openpyxl_sees_it() -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "x"
    src = zipfile.ZipFile(io.BytesIO(_save(wb)))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":  # a 60-byte merge openpyxl would expand
                merge = b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
                body = body.replace(b"</sheetData>", b"</sheetData>" + merge)
            out.writestr(info, body)
    with pytest.raises(LimitError, match="merged ranges cover"):
        read_xlsx_layout(buf.getvalue())


def test_hidden_rows_columns_and_sheets_are_not_read_but_counted() -> None:
    # An old year's row kept out of sight under the money block, a hidden working column and a hidden
    # sheet: none is what the form shows; each is counted in a note instead.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目资金（万元）", "全年预算数", "全年执行数", "草稿"])
    ws.append(["年度资金总额", 348.57, 329.05, "旧"])
    ws.append(["年度资金总额", 300, 310, "旧"])
    ws.append(["其中：当年财政拨款", 313.71, 296.21, ""])
    ws.row_dimensions[3].hidden = True
    ws.column_dimensions["D"].hidden = True
    old = wb.create_sheet("2021")
    old.append(["年度资金总额", 1, 2])
    old.sheet_state = "hidden"
    layout = read_xlsx_layout(_save(wb))
    texts = [[c.text for c in row.cells] for b in layout.blocks if isinstance(b, Table) for row in b.rows]
    assert [t for t in texts if any(t)] == [
        ["项目资金（万元）", "全年预算数", "全年执行数"],
        ["年度资金总额", "348.57", "329.05"],
        ["其中：当年财政拨款", "313.71", "296.21"],
    ]
    assert "worksheet '2021' is hidden: not read" in layout.notes
    assert "16 characters in hidden rows or columns not read" in layout.notes
