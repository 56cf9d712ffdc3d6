"""PDF → Layout: wrapped cells joined by content, merged cells, tables over page breaks, refusals.

Small PDFs are drawn at test time (``pdf_factory``, reportlab); the sample's Word twin is turned into a
PDF by LibreOffice itself (``office_twins``) and must give the .docx's contract tables.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest
import regex
from jixiao.extract import pdf_source
from jixiao.extract.errors import FormatError, LimitError
from jixiao.extract.layout import Paragraph, Table
from jixiao.extract.pdf_source import read_pdf_layout
from jixiao.extract.pdf_text import join_wrapped
from office_twins import lukou_twin
from pdf_factory import PAD, C, Grid, Text, blank_pages, encrypt, make_pdf, text_width
from sample_paths import LUKOU_DOCX, TWIN_TABLES

import jixiao
from bench.pdf_redraw import without_rulings
from jixiao.pipeline import process_bytes, sniff_format

CJK = 10.0  # STSong-Light at 10 pt: one CJK character is 10 points wide
FIVE = 5 * CJK + 2 * PAD  # a cell that holds exactly five CJK characters a line

JOINS = [
    pytest.param("3,20.6,", "71591", "3,20.6,71591", id="digits-and-separators"),
    pytest.param("99.99", "%", "99.99%", id="percent-sign"),
    pytest.param("79.98", "852.24", "79.98852.24", id="number-cut-mid-way"),
    pytest.param("10", "分", "10分", id="digit-then-chinese"),
    pytest.param("产生好的社会影响", "力，满足", "产生好的社会影响力，满足", id="chinese"),
    pytest.param("完成", "2轮", "完成2轮", id="chinese-then-digit"),
    pytest.param("performance", "targets", "performance targets", id="latin-words"),
    pytest.param("rate of", "95%", "rate of 95%", id="word-then-number"),
    pytest.param("self-", "evaluation", "self-evaluation", id="hyphen-kept"),
    pytest.param("", "x", "x", id="empty-first"),
]


@pytest.mark.parametrize(("first", "second", "joined"), JOINS)
def test_join_wrapped(first: str, second: str, joined: str) -> None:
    assert join_wrapped(first, second) == joined


def _tables(data: bytes) -> list[Table]:
    return [b for b in read_pdf_layout(data).blocks if isinstance(b, Table)]


def _texts(table: Table) -> list[list[str]]:
    return [row.texts for row in table.rows]


def _one_cell(text: str, width: float) -> str:
    grid = Grid(72, 100, [width, 40], [60], [[C(text), C("值")]])  # pdfplumber takes no 1-cell tables
    (table,) = _tables(make_pdf([[grid]]))
    return table.rows[0].cells[0].text


LATIN = "performance of"
CELL_TEXTS = [
    pytest.param("一二三四五\n六七", FIVE, "一二三四五六七", id="full-line-wraps"),
    pytest.param("一二\n三四", FIVE, "一二\n三四", id="short-line-is-a-break"),
    pytest.param("一二三四\n五；", FIVE, "一二三四五；", id="closing-mark-travels-with-char"),
    pytest.param("3,20.6,\n71591", text_width("3,20.6,") + 2 * PAD + 1, "3,20.6,71591", id="number"),
    pytest.param(f"{LATIN}\ntargets", text_width(LATIN) + 2 * PAD + 5, f"{LATIN} targets", id="latin-wrap"),
    pytest.param("rate\nof", 120, "rate\nof", id="latin-break"),
    # 合计 100 fills the line, but 10095 would have fitted on one: the break was at a space, not in a number
    pytest.param(
        "合计 100\n95", text_width("合计 100") + 2 * PAD + 3, "合计 100 95", id="two-numbers-not-one"
    ),
    pytest.param("99.\n99%", text_width("99.") + 2 * PAD + 1, "99.99%", id="number-too-wide-breaks"),
]


@pytest.mark.parametrize(("drawn", "width", "text"), CELL_TEXTS)
def test_cell_lines_joined_as_written(drawn: str, width: float, text: str) -> None:
    assert _one_cell(drawn, width) == text


def test_merged_cells_are_spans_with_page_and_box() -> None:
    rows: list[list[C | None]] = [
        [C("名称"), C("巡察专项经费", col_span=2)],
        [C("资金", row_span=2), C("年初"), C("80")],
        [None, C("执行"), C("79.9")],
    ]
    (table,) = _tables(make_pdf([[Grid(72, 100, [60, 60, 60], [20, 20, 20], rows)]]))
    spans = [[(c.grid_col, c.col_span, c.row_span, c.text) for c in r.cells] for r in table.rows]
    assert spans == [
        [(0, 1, 1, "名称"), (1, 2, 1, "巡察专项经费")],
        [(0, 1, 2, "资金"), (1, 1, 1, "年初"), (2, 1, 1, "80")],
        [(1, 1, 1, "执行"), (2, 1, 1, "79.9")],
    ]
    cell = table.rows[1].cells[2]
    assert str(cell.location) == "page 1 table 1 row 2 col 3"
    assert cell.location.box == (192.0, 120.0, 252.0, 140.0)


HEADER = [C("指标"), C("目标"), C("分值")]


def _continued(second_rows: list[list[C | None]], footer: str | None = "- 1 -") -> list[Table]:
    widths = [60.0, 120.0, 50.0]
    first = [
        Text(72, 60, "附件1"),
        Grid(
            72,
            700,
            widths,
            [20, 20, 20],
            [HEADER, [C("数量"), C("2轮"), C("20")], [C("质量"), C("高效"), C("15")]],
        ),
    ]
    if footer:
        first.append(Text(290, 800, footer))
    second = [Grid(72, 60, widths, [20] * len(second_rows), second_rows), Text(72, 200, "附件2")]
    return _tables(make_pdf([first, second]))


def test_table_over_a_page_break_is_one_table() -> None:
    (table,) = _continued([[C("时效"), C("2023年度"), C("15")], [C("效益"), C("清退资金"), C("8")]])
    assert _texts(table)[1:] == [
        ["数量", "2轮", "20"],
        ["质量", "高效", "15"],
        ["时效", "2023年度", "15"],
        ["效益", "清退资金", "8"],
    ]
    assert [r.location.page for r in table.rows] == [1, 1, 1, 2, 2]
    assert str(table.rows[4].cells[2].location) == "page 2 table 1 row 5 col 3"


@pytest.mark.parametrize("footer", ["- 1 -", "第1页，共2页", "共2页 第1页", "1/2"])
def test_page_numbers_between_pieces_of_a_table(footer: str) -> None:
    (table,) = _continued([[C("时效"), C("2023年度"), C("15")]], footer=footer)
    assert _texts(table)[-1] == ["时效", "2023年度", "15"]


def test_running_head_and_foot_between_pieces_of_a_table() -> None:
    head, foot = "株洲市渌口区部门整体支出绩效自评材料", "渌口区财政局印制"
    widths = [60.0, 120.0, 50.0]
    first = [Text(72, 30, head), Grid(72, 740, widths, [20, 20], [HEADER, [C("数量"), C("2轮"), C("20")]])]
    second = [Text(72, 30, head), Grid(72, 60, widths, [20], [[C("时效"), C("2023年度"), C("15")]])]
    first.append(Text(72, 800, foot))
    second.append(Text(72, 800, foot))
    blocks = read_pdf_layout(make_pdf([first, second])).blocks
    (table,) = [b for b in blocks if isinstance(b, Table)]
    assert _texts(table)[1:] == [["数量", "2轮", "20"], ["时效", "2023年度", "15"]]
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == [head, foot, head, foot]  # kept


def test_repeated_header_row_is_dropped() -> None:
    (table,) = _continued([list(HEADER), [C("时效"), C("2023年度"), C("15")]], footer=None)
    assert _texts(table) == [
        ["指标", "目标", "分值"],
        ["数量", "2轮", "20"],
        ["质量", "高效", "15"],
        ["时效", "2023年度", "15"],
    ]


def test_two_header_rows_repeated_are_dropped() -> None:
    # A title row over the column heads, both repeated by the writer at the top of the next page.
    widths = [60.0, 120.0, 50.0]
    title: list[C | None] = [C("绩效指标完成情况", col_span=3), None, None]
    first = [Grid(72, 720, widths, [20, 20, 20], [title, list(HEADER), [C("数量"), C("2轮"), C("20")]])]
    second = [Grid(72, 60, widths, [20, 20, 20], [title, list(HEADER), [C("时效"), C("2023年度"), C("15")]])]
    (table,) = _tables(make_pdf([first, second]))
    assert _texts(table) == [
        ["绩效指标完成情况"],
        ["指标", "目标", "分值"],
        ["数量", "2轮", "20"],
        ["时效", "2023年度", "15"],
    ]


def test_row_split_by_the_page_break_is_one_row() -> None:
    # The row's text is cut mid-flow (高效…完 fills its line); its value 15 stays on the first page.
    full = "高效开展巡察工作任务完"  # 11 characters: exactly the 120-point cell's room
    widths = [60.0, 120.0, 50.0]
    first = [Grid(72, 740, widths, [20, 20], [HEADER, [C("质量"), C(full), C("15")]])]
    second = [
        Grid(72, 60, widths, [20, 20], [[C("指标"), C("成。"), C("")], [C("时效"), C("2023年度"), C("15")]])
    ]
    (table,) = _tables(make_pdf([first, second]))
    assert _texts(table)[1:] == [["质量\n指标", full + "成。", "15"], ["时效", "2023年度", "15"]]
    assert table.rows[1].cells[1].location.page == 1


def test_split_row_keeps_every_line_of_its_rest() -> None:
    # The rest on the next page runs over two lines (BUGS_CAUGHT: only its first line was kept, so a
    # label came out as 满意度指 for 满意度指标 in the two-forms-in-one-table twin).
    full, rest = "高效开展巡察工作任务完", "成，全年开展巡察十二轮\n次。"
    widths = [60.0, 120.0, 50.0]
    first = [Grid(72, 740, widths, [20, 20], [HEADER, [C("质量"), C(full), C("15")]])]
    second = [Grid(72, 60, widths, [32, 20], [[C(""), C(rest), C("")], [C("时效"), C("2023年度"), C("15")]])]
    (table,) = _tables(make_pdf([first, second]))
    assert _texts(table)[1:] == [["质量", full + rest.replace("\n", ""), "15"], ["时效", "2023年度", "15"]]


def _two_page_rows(bottom: list[C], bottom_height: float, top: list[C], top_height: float) -> list[list[str]]:
    widths = [60.0, 60.0, 60.0, 40.0]
    head = [C("一级"), C("二级"), C("三级"), C("分值")]
    first = [Grid(72, 700, widths, [20, bottom_height], [head, list(bottom)])]
    second = [Grid(72, 60, widths, [top_height, 20], [list(top), [C("总分"), C(""), C(""), C("100")]])]
    (table,) = _tables(make_pdf([first, second]))
    return _texts(table)[1:]


SPLIT_OR_NOT = [
    # 新建供水工程 fills its line, and the next page's first row leaves the 一级 column empty; but 25 | 25
    # and 数量指标 | 质量指标 are complete on both pages (one line in a two-line row): two rows.
    pytest.param(
        [C("产出指标\n（50分）"), C("数量指标"), C("新建供水工"), C("25")],
        32.0,
        [C(""), C("质量指标"), C("工程验收合\n格率"), C("25")],
        32.0,
        [["产出指标\n（50分）", "数量指标", "新建供水工", "25"], ["", "质量指标", "工程验收合格率", "25"]],
        id="figures-complete-on-both-pages-two-rows",
    ),
    # The values sit on the first page only, the 三级 column is cut mid-flow, and the 二级 column's first
    # piece fills its box to the bottom (a paragraph ended at the page break): one row.
    pytest.param(
        [C("产出指标"), C("数量指标\n（二级）"), C("新建集中供\n水工程处数"), C("25")],
        32.0,
        [C(""), C("说明"), C("量"), C("")],
        20.0,
        [["产出指标", "数量指标\n（二级）\n说明", "新建集中供水工程处数量", "25"]],
        id="paragraph-break-at-the-page-break-one-row",
    ),
    # The reason column's paragraph wraps down to the foot of page 1 and the next paragraph heads page 2;
    # the row's values stayed on page 1 (BUGS_CAUGHT: a 偏差原因 of two paragraphs lost its second).
    pytest.param(
        [C("产出指标"), C("数量指标"), C("一二三四五\n六七。"), C("25")],
        32.0,
        [C(""), C(""), C("八九十。"), C("")],
        20.0,
        [["产出指标", "数量指标", "一二三四五六七。\n八九十。", "25"]],
        id="paragraph-break-in-every-shared-column-one-row",
    ),
    # The same, but the first piece is one line: a row of its own whose values are blank.
    pytest.param(
        [C("产出指标"), C("数量指标"), C("巡察轮次"), C("25")],
        20.0,
        [C(""), C(""), C("整改到位"), C("")],
        20.0,
        [["产出指标", "数量指标", "巡察轮次", "25"], ["", "", "整改到位", ""]],
        id="one-line-label-then-a-blank-row-two-rows",
    ),
    # One-line rows: every piece fills its box, but 25 and 20 are a figure on each page: two rows.
    pytest.param(
        [C("产出指标"), C("数量指标"), C("新建供水工"), C("25")],
        20.0,
        [C(""), C("质量"), C("合格率"), C("20")],
        20.0,
        [["产出指标", "数量指标", "新建供水工", "25"], ["", "质量", "合格率", "20"]],
        id="a-figure-on-each-page-two-rows",
    ),
]


@pytest.mark.parametrize(("bottom", "bottom_h", "top", "top_h", "rows"), SPLIT_OR_NOT)
def test_split_row_needs_every_shared_column_to_go_on(
    bottom: list[C], bottom_h: float, top: list[C], top_h: float, rows: list[list[str]]
) -> None:
    assert _two_page_rows(bottom, bottom_h, top, top_h)[:-1] == rows


CUT_ROWS = [  # cells 48 points wide: four characters fill a line
    # 服务对象 + 满意度指标: the rest is a label of its own, but the two make one label (BUGS_CAUGHT).
    pytest.param(
        [C("满意度指"), C("服务对象"), C("受益对象"), C("20")],
        [C("标"), C("满意度指\n标"), C("满意度"), C("")],
        [["满意度指标", "服务对象满意度指标", "受益对象满意度", "20"]],
        id="rest-is-a-label-that-completes-one",
    ),
    # Every column both pages fill goes on, none is filled on one page only (BUGS_CAUGHT: the goals row
    # of a form was taken for two rows).
    pytest.param(
        [C(""), C("完成高标"), C("已完成高"), C("")],
        [C(""), C("准农田建\n设。"), C("标准农田"), C("")],
        [["", "完成高标准农田建设。", "已完成高标准农田", ""]],
        id="every-column-goes-on",
    ),
]


@pytest.mark.parametrize(("bottom", "top", "rows"), CUT_ROWS)
def test_split_row_cut_in_every_column(bottom: list[C], top: list[C], rows: list[list[str]]) -> None:
    widths = [48.0, 48.0, 48.0, 40.0]
    head = [C("一级"), C("二级"), C("三级"), C("分值")]
    first = [Grid(72, 720, widths, [20, 20], [head, list(bottom)])]
    second = [Grid(72, 60, widths, [32, 20], [list(top), [C("总分"), C(""), C(""), C("100")]])]
    (table,) = _tables(make_pdf([first, second]))
    assert _texts(table)[1:-1] == rows


def _merged_over_the_break(owner: str, rest: str) -> list[tuple[int, str, list[str]]]:
    """A 一级 cell merged down two rows to the foot of page 1; at the top of page 2 a cell in its column
    spanning two rows (``rest``), then a row of its own."""
    widths, head = [50.0, 60.0, 40.0], [C("一级"), C("三级"), C("分值")]
    first = [
        Grid(
            72,
            700,
            widths,
            [20, 16, 16],
            [head, [C(owner, row_span=2), C("机制"), C("10")], [None, C("人员"), C("10")]],
        )
    ]
    rows: list[list[C | None]] = [[C(rest, row_span=2), C("队伍"), C("10")], [None, C("制度"), C("10")]]
    rows.append([C("满意度"), C("群众"), C("10")])
    second = [Grid(72, 60, widths, [16, 16, 20], rows)]
    (table,) = _tables(make_pdf([first, second]))
    return [(r.cells[0].row_span, r.cells[0].text, r.texts) for r in table.rows[1:]]


def test_merged_cell_cut_by_the_page_break_goes_on() -> None:
    # 可持续发 / 展效益指 fill the 42-point room to the foot of the page: 标 on page 2 is the cell's rest.
    assert _merged_over_the_break("可持续发\n展效益指", "标") == [
        (4, "可持续发展效益指标", ["可持续发展效益指标", "机制", "10"]),
        (1, "人员", ["人员", "10"]),
        (1, "队伍", ["队伍", "10"]),
        (1, "制度", ["制度", "10"]),
        (1, "满意度", ["满意度", "群众", "10"]),
    ]


ONE_ROW_A_SIDE = [
    # 社会效益 fills its line at the foot of page 1 and 指标 heads page 2, each one row: together they make
    # a 二级 label that neither is alone, so the cell was merged over the two rows.
    pytest.param("社会效益", "指标", [(2, "社会效益指标"), (1, "受益户数")], id="pieces-make-one-label"),
    # 入住老人 + 服务质量 make no label: two cells of their own rows.
    pytest.param("入住老人", "服务质量", [(1, "入住老人"), (1, "服务质量")], id="no-label-two-cells"),
]


@pytest.mark.parametrize(("owner", "rest", "first_cells"), ONE_ROW_A_SIDE)
def test_cell_merged_over_two_rows_one_a_side(
    owner: str, rest: str, first_cells: list[tuple[int, str]]
) -> None:
    widths, head = [50.0, 60.0, 40.0], [C("二级"), C("三级"), C("分值")]
    first = [Grid(72, 720, widths, [20, 20], [head, [C(owner), C("覆盖人数"), C("10")]])]
    second = [
        Grid(72, 60, widths, [20, 20], [[C(rest), C("受益户数"), C("10")], [C("满意度"), C("群众"), C("10")]])
    ]
    (table,) = _tables(make_pdf([first, second]))
    assert [(r.cells[0].row_span, r.cells[0].text) for r in table.rows[1:3]] == first_cells


def test_label_at_the_top_of_a_page_starts_a_merged_cell() -> None:
    # （30分） fills its line too, but 满意度指标 is a 一级 label of its own: a new cell, not the rest.
    got = _merged_over_the_break("效益指标\n（30分）", "满意度指\n标")
    assert [(span, text) for span, text, _ in got[:3]] == [
        (2, "效益指标（30分）"),
        (1, "人员"),
        (2, "满意度指标"),
    ]


@pytest.mark.parametrize(
    "attachments",
    [
        # 附件2-2 between the tables is the second form's heading, not a page number.
        pytest.param(("附件2-1", "附件2-2"), id="attachment-lines-between"),
        # Nothing but the same title at the same height (a running head, as far as lines tell): the second
        # table opens with 项目名称 as the first did, so it is another form, not the first going on.
        pytest.param(("", ""), id="same-heading-only"),
    ],
)
def test_forms_a_page_each_stay_two_tables(attachments: tuple[str, str]) -> None:
    widths = [60.0, 120.0, 50.0]

    def page(attachment: str, name: str) -> list[Grid | Text]:
        rows: list[list[C | None]] = [
            [C("项目名称"), C(name, col_span=2), None],
            [C("数量"), C("2轮"), C("20")],
        ]
        heading = [Text(72, 40, attachment)] if attachment else []
        return [*heading, Text(72, 60, "项目支出绩效自评表"), Grid(72, 80, widths, [20, 20], rows)]

    pages = [page(attachments[0], "巡察专项"), page(attachments[1], "培训专项")]
    tables = _tables(make_pdf(pages))
    assert [t.rows[0].texts for t in tables] == [["项目名称", "巡察专项"], ["项目名称", "培训专项"]]


def test_next_form_of_one_table_at_a_page_top_keeps_its_heading_rows() -> None:
    # Two forms stacked in one Word table (报表编号 and the title are rows of it), the second starting at
    # the top of page 2: its first two rows are the first form's again, but its 项目名称 row is another
    # project's, so it is the next form, not the table going on under a repeated two-row header.
    widths = [60.0, 120.0, 50.0]

    def form(name: str) -> list[list[C | None]]:
        return [
            [C("报表编号：510000", col_span=3), None, None],
            [C("项目支出绩效自评表", col_span=3), None, None],
            [C("项目名称"), C(name, col_span=2), None],
            [C("数量"), C("2轮"), C("20")],
        ]

    first = [Grid(72, 700, widths, [20] * 4, form("巡察专项"))]
    second = [Grid(72, 60, widths, [20] * 4, form("培训专项"))]
    tables = _tables(make_pdf([first, second]))
    assert [[r.texts[0] for r in t.rows[:3]] for t in tables] == [
        ["报表编号：510000", "项目支出绩效自评表", "项目名称"]
    ] * 2


def test_a_short_label_above_another_is_not_a_split_row() -> None:
    # 上年结转 ends far from its cell's edge: 其他资金 starts a row of its own, though its values are empty.
    widths = [120.0, 60.0, 60.0]
    first = [
        Grid(72, 740, widths, [20, 20], [[C("项目"), C("年初"), C("执行")], [C("上年结转"), C("3"), C("2")]])
    ]
    second = [Grid(72, 60, widths, [20], [[C("其他资金"), C(""), C("")]])]
    (table,) = _tables(make_pdf([first, second]))
    assert _texts(table) == [["项目", "年初", "执行"], ["上年结转", "3", "2"], ["其他资金", "", ""]]


def test_rows_filled_crosswise_are_not_taken_for_one_split_row() -> None:
    # 质量 fills column 3 and not column 2; 其他资金 fills column 2 and not 3: two rows, never one.
    widths = [60.0, 60.0, 60.0]
    first = [
        Grid(72, 740, widths, [20, 20], [[C("项目"), C("年初"), C("执行")], [C("上年结转"), C("3"), C("")]])
    ]
    second = [Grid(72, 60, widths, [20], [[C("其他资金"), C(""), C("5")]])]
    (table,) = _tables(make_pdf([first, second]))
    assert _texts(table) == [["项目", "年初", "执行"], ["上年结转", "3", ""], ["其他资金", "", "5"]]


def test_text_outside_tables_is_paragraphs_in_reading_order() -> None:
    long_line = "部门整体支出绩效自评报告的正文第一行写满了"
    wrap_width = text_width(long_line)
    page = [
        Text(72, 60, long_line),
        Text(72, 73, "第二行接着写。"),
        Text(72, 100, "二、下一段"),
        Grid(72, 140, [60, 60], [20], [[C("名称"), C("值")]]),
        Text(72, 200, "表后文字"),
    ]
    blocks = read_pdf_layout(make_pdf([page])).blocks
    kinds = [(b.kind, b.text if isinstance(b, Paragraph) else None) for b in blocks]
    assert wrap_width > 0
    assert kinds == [
        ("paragraph", long_line + "第二行接着写。"),
        ("paragraph", "二、下一段"),
        ("table", None),
        ("paragraph", "表后文字"),
    ]
    assert str(blocks[1].location) == "page 1 para 2"


def test_wrapped_report_lines_joined_on_portrait_pages_after_landscape_forms() -> None:
    first, second = "一、部门基本情况：本单位是区委的工作机关，负责巡察", "工作。"
    form = [
        Grid(72, 100, [300, 300], [20], [[C("项目名称"), C("巡察专项经费")]]),
        Text(72, 200, "说明" * 34),
        Text(72, 213, "完。"),  # the last line on the page ends short: the report starts a new paragraph
    ]
    width = text_width(first)
    report = [Text(72, 72, first), Text(72, 85, second), Text(72, 110, "二、下一段")]
    layout = read_pdf_layout(make_pdf([form, report], sizes=[(842, 595), (72 + width + 72, 842)]))
    paragraphs = [b.text for b in layout.blocks if isinstance(b, Paragraph)]
    assert paragraphs == ["说明" * 34 + "完。", first + second, "二、下一段"]


def test_paragraph_going_on_over_a_page_break_is_one_paragraph() -> None:
    full, rest = "三、部门整体支出绩效情况：全年完成巡察任务并", "整改到位。"
    pages = [[Text(72, 700, full), Text(72, 740, "- 1 -")], [Text(72, 60, rest), Text(72, 100, "四、问题")]]
    texts = [b.text for b in read_pdf_layout(make_pdf(pages)).blocks if isinstance(b, Paragraph)]
    assert texts == [full, "- 1 -", rest, "四、问题"]  # a page number between: not joined
    pages = [[Text(72, 700, full)], [Text(72, 60, rest), Text(72, 100, "四、问题")]]
    texts = [b.text for b in read_pdf_layout(make_pdf(pages)).blocks if isinstance(b, Paragraph)]
    assert texts == [full + rest, "四、问题"]


def test_without_ruling_lines_cells_come_from_word_positions() -> None:
    xs = [72, 200, 290, 380, 470]
    header = ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数"]
    page = [
        Text(72, 60, "项目支出绩效自评表"),
        *(Text(x, 90, t) for x, t in zip(xs, header, strict=False)),
        *(Text(x, 105, t) for x, t in zip(xs, ["年度资金总额", "80", "80", "79.9"], strict=False)),
    ]
    layout = read_pdf_layout(make_pdf([page]))
    tables = [b for b in layout.blocks if isinstance(b, Table)]
    assert [b.kind for b in layout.blocks] == ["paragraph", "table"]
    assert _texts(tables[0]) == [header, ["年度资金总额", "80", "80", "79.9"]]
    cell = tables[0].rows[1].cells[3]
    assert str(cell.location) == "page 1 line 3 col 4"
    assert cell.location.box is not None and cell.location.box[0] == 380.0
    assert layout.notes == ("no ruled tables: cells read from word positions",)


def test_rotated_watermark_is_left_out_and_noted() -> None:
    page = [
        Grid(72, 100, [60, 60], [20], [[C("名称"), C("值")]]),
        Text(150, 400, "内部资料", size=40, angle=45),
    ]
    layout = read_pdf_layout(make_pdf([page]))
    assert [text for text, _ in layout.iter_text()] == ["名称", "值"]
    assert layout.notes == ("4 rotated characters (a watermark?) not read",)


def _ruled() -> bytes:
    return make_pdf([[Grid(72, 100, [60, 60], [20], [[C("名称"), C("值")]])]])


REFUSALS = [
    pytest.param(lambda: encrypt(_ruled(), "secret"), "encrypted with a password", id="encrypted"),
    pytest.param(lambda: blank_pages(2), "no text layer (a scan?): OCR is not supported yet", id="scanned"),
    pytest.param(lambda: _ruled()[:300], "damaged PDF", id="truncated"),
    pytest.param(lambda: b"%PDF-1.7\n" + bytes(range(256)) * 20, "damaged PDF", id="garbage"),
    pytest.param(lambda: b"\x89PNG not a pdf", "not a PDF", id="not-a-pdf"),
]


@pytest.mark.parametrize(("make", "message"), REFUSALS)
def test_unusable_pdfs_are_one_failed_row(make, message: str) -> None:  # type: ignore[no-untyped-def]
    data = make()
    with pytest.raises(FormatError, match=regex.escape(message)):
        read_pdf_layout(data)
    result = process_bytes(data, "x/自评.pdf")
    (doc,) = result.documents
    assert (doc.status, doc.source_format, doc.doc_id) == ("failed", "pdf", hashlib.sha256(data).hexdigest())
    assert message in (doc.error or "") and "\n" not in (doc.error or "")


def test_owner_password_only_pdf_is_read() -> None:
    (table,) = _tables(encrypt(_ruled(), ""))
    assert _texts(table) == [["名称", "值"]]


@pytest.mark.parametrize(
    ("bound", "value", "message"),
    [
        ("MAX_PAGES", 1, "page bound"),
        ("MAX_PAGE_OBJECTS", 2, "objects (bound 2)"),
        ("MAX_PDF_BYTES", 100, "byte bound"),
    ],
)
def test_limits(monkeypatch: pytest.MonkeyPatch, bound: str, value: int, message: str) -> None:
    monkeypatch.setattr(pdf_source, bound, value)
    data = make_pdf([[Text(72, 60, "附件1")], [Text(72, 60, "附件2")]])
    with pytest.raises(LimitError, match=regex.escape(message)):
        read_pdf_layout(data)


def test_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_source, "MAX_SECONDS", -1.0)
    with pytest.raises(LimitError, match="reading took over"):
        read_pdf_layout(_ruled())


@pytest.mark.parametrize(
    ("head", "name", "fmt"),
    [
        (b"%PDF-1.4\n", "a.pdf", "pdf"),
        (b"%PDF-1.4\n", "misnamed.txt", "pdf"),
        (b"\xef\xbb\xbf%PDF-1.7", "a", "pdf"),
    ],
)
def test_pdf_sniffed_by_magic(head: bytes, name: str, fmt: str) -> None:
    assert sniff_format(head + b"...", name) == fmt


# --- the sample's Word twin as a PDF made by LibreOffice ---------------------------------------------

_LOCATION = regex.compile(
    r"(?:page [0-9]+ )?(?:table [0-9]+ row [0-9]+ col [0-9]+(?: para [0-9]+)?|para [0-9]+)"
)


def _comparable(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.drop(columns=[c for c in ("doc_id", "form_id", "location") if c in frame.columns])
    out = out.reset_index(drop=True)
    if "message" in out.columns:
        out["message"] = out["message"].str.replace(_LOCATION.pattern, "<loc>", regex=True)
    if "raw" in out.columns:  # a PDF shows no leading full-width spaces nor line breaks at wraps
        out["raw"] = out["raw"].map(lambda s: "".join(s.split()) if isinstance(s, str) else s)
    return out


@pytest.fixture(scope="module")
def twin_tables(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame]]:
    pdf = lukou_twin("pdf", Path(tmp_path_factory.getbasetemp()))
    return jixiao.read_file(LUKOU_DOCX), jixiao.read_file(pdf)


@pytest.mark.parametrize("table", TWIN_TABLES)
def test_pdf_twin_gives_the_docx_tables(twin_tables, table: str) -> None:  # type: ignore[no-untyped-def]
    docx, pdf = twin_tables
    pd.testing.assert_frame_equal(_comparable(docx[table]), _comparable(pdf[table]))


def test_pdf_twin_documents_row_and_locations(twin_tables) -> None:  # type: ignore[no-untyped-def]
    _, pdf = twin_tables
    doc = pdf["documents"].iloc[0]
    assert (doc.source_format, doc.status, doc.form_count, doc.report_count) == ("pdf", "ok", 2, 2)
    values = pdf["values"]
    cell = values[(values.row_key == "total") & (values.field == "executed_yuan")]
    assert cell.location.tolist() == ["page 1 table 1 row 3 col 6", "page 5 table 2 row 4 col 6"]


def test_pdf_twin_review_page_places_values_on_page_cells(tmp_path: Path, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    import lxml.html
    from jixiao.emit.frames import result_frames
    from jixiao.emit.layout_json import layout_from_json, layout_text
    from jixiao.emit.review import write_review
    from jixiao.emit.review_html import page_name

    pdf = lukou_twin("pdf", Path(tmp_path_factory.getbasetemp()))
    result = process_bytes(pdf.read_bytes(), pdf.name, keep_layout=True)
    assert result.layout is not None
    assert layout_from_json(json.loads(layout_text(result.layout))) == result.layout  # page and box survive
    out = write_review(tmp_path, result_frames([result]), {result.document.doc_id: result.layout})
    page = lxml.html.fromstring(
        (out / f"{page_name(result.document.doc_id)}.html").read_text(encoding="utf-8")
    )
    (cell,) = page.xpath('//td[@data-loc="page 1 table 1 row 3 col 6"]')
    assert cell.get("data-page") == "1" and len(cell.get("data-box").split()) == 4
    assert "v-" in (cell.get("class") or "")  # the executed amount read from this cell is shown on it


def test_pdf_twin_without_rulings_gives_the_docx_tables(tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    # The twin's characters redrawn with no line at all: cells from the words' positions, read by the
    # text shapes' cell stream. Its cells begin a line low in tall rows, labels run down merged cells,
    # figures wrap inside numbers: it gives the .docx's forms, money block, breakdown, indicators, reports
    # and every value (the project's run-together 79.98852.24 settled by the department's 项目支出).
    pdf = lukou_twin("pdf", Path(tmp_path_factory.getbasetemp()))
    docx, plain = jixiao.read_file(LUKOU_DOCX), jixiao.read(without_rulings(pdf.read_bytes()))
    doc = plain["documents"].iloc[0]
    assert (doc.source_format, doc.form_count, doc.report_count) == ("pdf", 2, 2)
    for table in ("forms", "funds", "fund_breakdown", "indicators", "report_sections", "values", "facts"):
        pd.testing.assert_frame_equal(_comparable(docx[table]), _comparable(plain[table]), obj=table)
    anomalies = plain["anomalies"][plain["anomalies"].rule != "document.note"]  # "cells read from …"
    pd.testing.assert_frame_equal(_comparable(docx["anomalies"]), _comparable(anomalies))
    # The labels merged down the left of the form (年度预算申请, 绩效指标 written down) are not placed: kept.
    assert all("".join(t.split()) in "年度预算申请绩效指标" for t in plain["residuals"].text)
