"""The cell stream's rules, one row per quirk (issue 14): text shapes → the rows the form reader reads."""

from __future__ import annotations

from decimal import Decimal

import pytest
from jixiao.extract.layout import Paragraph, Table
from jixiao.extract.text_shapes import detect_shape, form_regions, read_shaped_blocks

from jixiao.pipeline import process_bytes


def _rows(lines: list[str]) -> list[tuple[str, ...]]:
    """Every row the cell stream builds, as its cells' texts (grid_col -1 marked with a leading ``~``)."""
    shaped = read_shaped_blocks(lines)
    assert shaped is not None
    return [
        tuple(("~" if c.grid_col < 0 else "") + c.text for c in row.cells)
        for block in shaped.blocks
        if isinstance(block, Table)
        for row in block.rows
    ]


def _paragraphs(lines: list[str]) -> list[str]:
    shaped = read_shaped_blocks(lines)
    assert shaped is not None
    return [b.text for b in shaped.blocks if isinstance(b, Paragraph)]


def _read(lines: list[str], name: str = "form.txt"):  # type: ignore[no-untyped-def]
    return process_bytes(("\n".join(lines) + "\n").encode("utf-8"), name)


MONEY_HEAD = ["部门预算执行情况（万元）", "年初预算数", "全年预算数", "全年执行数", "执行率（%）"]

UNLABELLED = [
    pytest.param(
        ["部门整体绩效自评表 |", " | ".join(MONEY_HEAD) + " |", "| 100.00 | 120.00 | 110.00 | 91.67 |"],
        id="pipe",
    ),
    pytest.param(
        ["部门整体绩效自评表", *MONEY_HEAD, "100.00", "120.00", "110.00", "91.67"], id="one-cell-a-line"
    ),
    pytest.param(["部门整体绩效自评表 " + " ".join(MONEY_HEAD) + " 100.00 120.00 110.00 91.67"], id="flat"),
]


@pytest.mark.parametrize("lines", UNLABELLED)
def test_unlabelled_money_row_under_a_named_corner(lines: list[str]) -> None:
    """重庆: the one row of figures under 部门预算执行情况（万元） has no line label; it is the total."""
    result = _read([*lines, "总分", "100"])
    total = [f for f in result.funds if f.line == "total"]
    assert [(f.budget_initial_yuan, f.executed_yuan) for f in total] == [
        (Decimal("1000000.00"), Decimal("1100000.00"))
    ]


def test_figures_under_a_header_without_corner_are_no_money_line() -> None:
    lines = [
        "项目支出绩效自评表 |",
        "| 年初预算数 | 全年预算数 | 全年执行数 | 执行率 |",
        "| 100 | 120 | 110 | 91.67% |",
    ]
    assert ("", "100", "120", "110", "91.67%") not in _rows(lines)


IND_HEAD = [
    "指标名称",
    "计量单位",
    "年初指标值",
    "调整指标值",
    "全年完成值",
    "得分系数（%）",
    "指标权重",
    "指标得分",
]


def test_indicator_header_with_names_only_keeps_unknown_columns() -> None:
    """重庆: 指标名称 with 全年完成值/指标权重/指标得分 is an indicator header; 年初指标值, 调整指标值 and
    得分系数 are columns the vocabulary lacks, kept so that the cells after them stay in place."""
    lines = [
        "部门整体绩效自评表 |",
        "| " + " | ".join(IND_HEAD) + " |",
        "| 播发稿件数量 | 篇 | 2200 |  | 2859 | 100 | 20 | 20 |",
        "| 宣传活动次数 | 次 | 50 |  | 45 | 90 | 20 | 18 |",
    ]
    rows = _rows(lines)
    assert rows[0] == tuple(IND_HEAD)
    assert rows[1:] == [
        ("播发稿件数量", "篇", "2200", "", "2859", "100", "20", "20"),
        ("宣传活动次数", "次", "50", "", "45", "90", "20", "18"),
    ]
    result = _read([*lines, "总分 | 100 | 38 |"])
    assert [(i.level3, i.actual_raw, i.weight, i.score) for i in result.indicators] == [
        ("播发稿件数量", "2859", 20.0, 20.0),
        ("宣传活动次数", "45", 20.0, 18.0),
    ]


def test_target_table_names_and_values_are_no_indicator_header() -> None:
    """A 绩效目标表's 指标名称 | 指标值 has nothing assessed: no self-evaluation header."""
    lines = ["项目支出绩效目标表 |", "| 指标名称 | 计量单位 | 指标值 |", "| 播发稿件数量 | 篇 | 2200 |"]
    assert ("指标名称", "计量单位", "指标值") not in _rows(lines)


def test_unmarked_rows_that_do_not_read_stop_the_indicator_reading() -> None:
    """One cell a line, an empty cell dropped (调整指标值): the first row does not read, and the cells
    after it are never read as indicators shifted by one (the stream would slide)."""
    lines = ["部门整体绩效自评表", *IND_HEAD, "播发稿件数量", "篇", "2200", "2859", "100", "20", "20"]
    lines += [
        "宣传活动次数",
        "次",
        "50",
        "45",
        "90",
        "20",
        "18",
        "公众满意度",
        "%",
        "90",
        "85",
        "93",
        "15",
        "14",
    ]
    result = _read([*lines, "总分", "100", "52"])
    assert [i.level3 for i in result.indicators] == []


BLANK = ["项目支出绩效自评表", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
BLANK += [
    "产出指标",
    "数量指标",
    "指标1：",
    "≥**人",
    "质量指标",
    "指标1：",
    "效益指标",
    "社会效益指标",
    "指标1：",
]


def test_blank_template_rows_read_their_name_only() -> None:
    """A blank template one cell a line: a row right after its 二级指标 and cut short by the next level
    label reads its 三级指标; what no column can be told to own is kept under no column."""
    rows = _rows([*BLANK, "总分", "100"])
    assert ("产出指标", "数量指标", "指标1：", "", "", "", "~≥**人") in rows
    assert ("", "质量指标", "指标1：", "", "", "", "") in rows


MONEY_PAIRS = [
    pytest.param(
        [
            "项目支出绩效自评表 |",
            "项目资金（万元） | 全年预算数 | 38 | 全年执行数 | 36.1 | 执行率 | 95% |",
            "总分 | 100 | 98 |",
        ],
        id="pipe",
    ),
    pytest.param(
        [
            *("项目支出绩效自评表", "项目资金（万元）", "全年预算数", "38", "全年执行数", "36.1"),
            *("执行率", "95%", "总分", "100", "98"),
        ],
        id="one-cell-a-line",
    ),
    pytest.param(
        ["项目支出绩效自评表 项目资金（万元） 全年预算数 38 全年执行数 36.1 执行率 95% 总分 100 98"],
        id="flat",
    ),
]


@pytest.mark.parametrize("lines", MONEY_PAIRS)
def test_money_written_as_label_and_figure_pairs(lines: list[str]) -> None:
    """Older county forms: 全年预算数 | 38 | 全年执行数 | 36.1 | 执行率 | 95% on the money block's row."""
    result = _read(lines)
    assert [(f.line, f.budget_full_year_yuan, f.executed_yuan) for f in result.funds] == [
        ("total", Decimal("380000.00"), Decimal("361000.00"))
    ]


def test_a_single_pair_is_no_money_row() -> None:
    rows = _rows(["项目支出绩效自评表", "项目资金（万元）", "全年预算数", "38", "总分", "100"])
    assert ("项目资金（万元）", "全年预算数", "38") not in rows


def test_year_after_a_wide_gap_is_its_own_cell() -> None:
    lines = [
        "部门整体支出绩效自评表 |",
        "填报单位：（盖章）某县档案馆　　　（2022年度） |",
        "年度资金总额 | 1 | 2 |",
    ]
    assert ("填报单位：", "（盖章）某县档案馆") in _rows(lines)
    assert "（2022年度）" in _paragraphs(lines)


def test_label_written_a_character_a_line() -> None:
    lines = ["项目支出绩效自评表", "年度总体目标", "预期目标", "实际完成情况", "完成甲。", "完成乙。"]
    lines += ["绩", "效", "指", "标", "一级指标", "二级指标", "三级指标", "分值", "得分"]
    result = _read([*lines, "产出指标", "数量指标", "巡查次数", "50", "50", "总分", "100", "100"])
    assert (result.forms[0].goal_expected, result.forms[0].goal_actual) == ("完成甲。", "完成乙。")


def test_corner_does_not_take_the_cell_before_it() -> None:
    lines = ["部门整体支出绩效自评表", "预算部门名称", "某县档案馆", "年度预算申请", "（万元）", "年初预算数"]
    lines += ["全年预算数", "全年执行数", "执行率", "年度资金总额", "1", "2", "2", "100%"]
    rows = _rows(lines)
    assert ("预算部门名称", "某县档案馆") in rows
    assert ("年度预算申请\n（万元）", "年初预算数", "全年预算数", "全年执行数", "执行率") in rows


def test_lone_cell_on_a_marked_row_is_no_blank_indicator() -> None:
    """A label written down the left edge a character a row (绩/效/指/标) beside an indicator header: a
    row holding one character and empty cells is no indicator, though a blank template's row is."""
    lines = ["项目支出绩效自评表 |", "绩 | 一级指标 | 二级指标 | 三级指标 | 分值 | 得分 |"]
    lines += ["效 | 产出指标 | 数量指标 | 指标1： |  |  |", "指 |  |  |  |  |  |", "标 |  |  |  |  |  |"]
    rows = _rows(lines)
    assert ("产出指标", "数量指标", "指标1：", "", "") in rows
    assert not [row for row in rows if {"指", "标"} & set(row)]


def test_region_starts_at_header_fields_one_cell_a_line() -> None:
    """One cell a line, eight header fields (sixteen lines) above the first money label are the form's."""
    fields = [
        "项目名称",
        "防护工程",
        "项目属性",
        "新增项目",
        "主管部门",
        "某县交通运输局",
        "主管部门编码",
        "215",
    ]
    fields += ["项目实施单位", "某县公路管理段", "项目负责人", "赵某", "联系电话", "0912-0000000"]
    lines = ["某县财政支出项目绩效目标申报表", *fields, "项目起止时间", "2017年", "资金总额：", "260"]
    assert form_regions(lines)[0][0] == 0


def test_region_starts_above_a_pdf_line_long_with_padding() -> None:
    """A PDF line is long with the spaces between its columns, not with text: it is a header line."""
    pad = " " * 40
    lines = [
        "绩效目标申报表",
        f"主管部门{pad}某县交通运输局{pad}主管部门编码{pad}215",
        "资金总额：  260  240",
    ]
    assert form_regions(lines)[0][0] == 0


def test_flattened_page_with_its_site_menu_is_no_pipe_row() -> None:
    """A saved page flattened onto one line keeps its menu's bars (首页 | 政务公开 | …): four bars among a
    form's hundreds of words do not cut it into cells."""
    menu = "首页 | 政务公开 | 政策文件 | 财政信息 | 互动交流"
    form = "项目支出绩效自评表 项目名称 饮水工程 项目资金（万元） 年初预算数 全年预算数 全年执行数 执行率"
    form += " 年度资金总额 300.00 320.00 315.20 98.50% " + " ".join(f"说明{n}" for n in range(40))
    assert detect_shape([f"{menu} {form}"]) == "flat"
    assert (
        detect_shape(["年度资金总额 | 56.40 | 58.00 | 57.13", "其中：当年财政拨款 | 56.40 | 58.00 | 57.13"])
        == "pipe"
    )


@pytest.mark.parametrize(
    "footer", ["【打印本页】【关闭窗口】", "版权所有：某县人民政府　网站标识码：5100000000"]
)
def test_site_footer_is_no_indicator_row(footer: str) -> None:
    """A form without 总分 runs to the page's end: the site's footer after its last row is chrome, never
    an indicator (one cell a line, no 分值/得分 to end a row)."""
    lines = ["项目支出绩效自评表", "一级指标", "二级指标", "三级指标", "指标值", "实际完成值"]
    lines += [
        "产出指标",
        "数量指标",
        "建设村数",
        "≥120个",
        "118个",
        footer,
        "网站标识码：5100000000",
        "主办：某县",
    ]
    result = _read(lines)
    assert [i.level3 for i in result.indicators] == ["建设村数"]


@pytest.mark.parametrize("seal", ["（盖章）", "（蓋章）"])
def test_fill_unit_seal_note_in_either_script(seal: str) -> None:
    """The seal's note before the unit's name is dropped, in simplified or traditional characters."""
    lines = ["部门整体支出绩效自评表 |", f"填报单位：{seal}某县档案馆　　　（2022年度） |"]
    lines += ["年度预算申请（万元） | 年初预算数 | 全年预算数 | 全年执行数 |", "年度资金总额 | 1 | 2 | 2 |"]
    assert _read(lines).forms[0].fill_unit == "某县档案馆"


def test_page_with_no_break_spaces_reads_as_columns() -> None:
    """A web page's &nbsp; runs lay out a form's columns as spaces do: two goal columns stay apart."""
    lines = [
        "项目支出绩效自评表",
        "年度总体目标\u00a0\u00a0预期目标\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0实际完成情况",
        "\u00a0" * 14 + "完成甲项任务。" + "\u00a0" * 4 + "完成甲项任务乙。",
        "一级指标\u00a0\u00a0二级指标\u00a0\u00a0三级指标\u00a0\u00a0分值\u00a0\u00a0得分",
    ]
    form = _read(lines).forms[0]
    assert (form.goal_expected, form.goal_actual) == ("完成甲项任务。", "完成甲项任务乙。")


def test_fill_unit_with_a_full_width_year() -> None:
    lines = [
        "部门整体支出绩效自评表",
        "填报单位：（盖章）某县档案馆　　　（２０２２年度）",
        "年度资金总额\t1\t2\t2",
    ]
    assert _read(lines).forms[0].fill_unit == "某县档案馆"


def test_region_looks_back_over_non_blank_lines() -> None:
    """One cell a paragraph puts a blank line after every cell: the header fields above the first money
    label are counted by their non-blank lines."""
    fields = [
        "项目名称",
        "防护工程",
        "项目属性",
        "新增项目",
        "主管部门",
        "某县交通运输局",
        "主管部门编码",
        "215",
    ]
    fields += ["项目实施单位", "某县公路管理段", "项目负责人", "赵某", "联系电话", "0912-0000000"]
    fields += ["项目起止时间", "2017年", "单位地址", "某县某路1号"]
    cells = ["某县财政支出项目绩效目标申报表", *fields, "资金总额：", "260"]
    lines = [line for cell in cells for line in (cell, "")]
    assert form_regions(lines)[0][0] == 0


CUT_OR_REASON = [
    pytest.param(["受益对", "象满意度"], id="a-name-cut-over-two-cells"),
    pytest.param(["资金拨付滞后", "服务人次"], id="a-reason-then-a-whole-name"),
]


@pytest.mark.parametrize("pair", CUT_OR_REASON)
def test_text_after_a_score_that_may_start_a_cut_name_is_left_unread(pair: list[str]) -> None:
    """One cell a line, a text after a row's 得分 is its 偏差原因 or the first half of the next row's name
    cut over two cells: the two readings both fit, so neither is taken (no fragment as a reason, no half
    name); the figures of both rows are read."""
    head = [
        "项目支出绩效自评表",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
    ]
    head += ["偏差原因分析"]
    rows = ["产出指标", "数量指标", "群众满意度", "≥90%", "94%", "18", "18", *pair, "≥85%", "91%", "18", "15"]
    result = _read([*head, *rows, "总分", "36", "33"])
    got = [
        (i.level3, i.weight, i.score, i.deviation_reason)
        for i in result.indicators
        if i.level3 != "预算执行率"
    ]
    assert got[0] == ("群众满意度", 18.0, 18.0, None)
    assert got[1][1:] == (18.0, 15.0, None) and got[1][0] in (None, "".join(pair))


@pytest.mark.parametrize(
    "lines",
    [
        ["部门整体支出绩效自评表", "."],
        ["\t附件1\t", "\t部门整体支出绩效自评表\t", "。"],
        ["项目支出绩效自评表", "、", "项目名称 | 乡村道路养护 |"],
    ],
)
def test_a_lone_mark_no_row_takes_is_kept(lines: list[str]) -> None:
    """A line of one mark cleans to no label: it is no cell of the form, but its text stays in the layout."""
    shaped = read_shaped_blocks(lines)
    assert shaped is not None
    texts = [b.text for b in shaped.blocks if isinstance(b, Paragraph)]
    texts += [c.text for b in shaped.blocks if isinstance(b, Table) for r in b.rows for c in r.cells]
    marks = [ln.strip() for ln in lines if ln.strip() in (".", "。", "、")]
    assert [t for t in texts if t in marks] == marks
