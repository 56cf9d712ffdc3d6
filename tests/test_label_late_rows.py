"""Pipe rows broken by a page's merged cells (samples/realistic/*_label_late.txt, a 永德县 2022 page): each
row's label ends the line above its figures. Before, each line was read as a row — the fund lines lost
their figures and an indicator's 指标值 landed in 分值; now the cells are read in order, as one cell per
line gives them, when twice at least a line ends with a fund line's label and the next opens with a figure.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.pipeline import process_bytes

_ROWS = [
    ["项目名称", "村级活动场所维修补助", "主管部门", "某县农业农村局"],
    ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["年度资金总额", "24.00", "25.60", "25.60", "10", "100%", "10"],
    ["其中：当年财政拨款", "24.00", "25.60", "25.60", "—", "100%", "—"],
    ["上年结转资金", "—", "—", "—", "—", "—", "—"],
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
    ["产出指标", "数量指标", "维修场所数", "≥12个", "13个", "50", "50"],
    ["满意度指标", "服务对象满意度指标", "村民满意度", "≥90%", "93%", "40", "38"],
    ["总分", "100", "98"],
]


def _label_late(rows: list[list[str]]) -> str:
    """Each row's first cell at the end of the line above (the page's shape)."""
    lines, rest = ["项目支出绩效自评表 |", "（2022年度） |"], []
    for cells in rows:
        lines.append("| " + " | ".join([*rest, cells[0]]) + " |")
        rest = cells[1:]
    return "\n".join([*lines, "| " + " | ".join(rest) + " |"]) + "\n"


def _read(text: str) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    result = process_bytes(text.encode("utf-8"), "page.txt")
    funds = [(f.line, f.budget_initial_yuan, f.budget_full_year_yuan, f.executed_yuan) for f in result.funds]
    inds = [(i.level3, i.weight, i.score) for i in result.indicators if i.level1 != "预算执行率"]
    return funds, inds


def test_label_late_lines_read_as_cells_in_order() -> None:
    funds, inds = _read(_label_late(_ROWS))
    figures = (Decimal("240000.00"), Decimal("256000.00"), Decimal("256000.00"))
    assert ("total", *figures) in funds
    assert ("current_year_appropriation", *figures) in funds
    assert inds == [("维修场所数", 50, 50), ("村民满意度", 40, 38)]


def test_year_start_cell_dropped_by_the_page() -> None:
    # The page drops the empty 年初预算数 cells: two figures, then 分值 10, 执行率 100%, 得分 10 — the rate
    # makes them 全年预算数 and 全年执行数; the year-start stays unread.
    rows = [r for r in _ROWS]
    rows[2] = ["年度资金总额", "25.60", "25.60", "10", "100%", "10"]
    rows[3] = ["其中：当年财政拨款", "25.60", "25.60", "—"]
    funds, _ = _read(_label_late(rows))
    assert ("total", None, Decimal("256000.00"), Decimal("256000.00")) in funds
    assert ("current_year_appropriation", None, Decimal("256000.00"), Decimal("256000.00")) in funds


def test_pipe_rows_whose_lines_are_rows_stay_rows() -> None:
    # One line ending with a fund line's label (a corner row) is not the shape: the rows are read as rows.
    rows = ["| " + " | ".join(r) + " |" for r in _ROWS]
    rows.insert(1, "| 资金情况 | 年度资金总额 |")
    funds, inds = _read("项目支出绩效自评表 |\n" + "\n".join(rows) + "\n")
    assert ("total", Decimal("240000.00"), Decimal("256000.00"), Decimal("256000.00")) in funds
    assert inds == [("维修场所数", 50, 50), ("村民满意度", 40, 38)]


def test_two_header_rows_run_together_place_no_indicator_value() -> None:
    # The page ran the indicator header's two rows together (年度指标值 … 偏差原因 before 一级指标 …
    # 度量单位): its columns cannot be told, so no row's cells are placed under them (before, a 指标值
    # landed in 分值 and a name, its target and its actual in 实际完成值).
    rows = [
        *_ROWS[:5],
        ["绩效指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位"],
        ["产出指标", "数量指标", "维修场所数", "≧", "12", "个", "13", "50", "50"],
        ["效益指标", "社会效益指标", "村容村貌改善", "明显", "明显", "40", "38"],
        ["总分", "100", "98"],
    ]
    text = _label_late(rows).replace(" |\n| 一级指标", " | 一级指标")  # the two header rows on one line
    funds, inds = _read(text)
    assert ("total", Decimal("240000.00"), Decimal("256000.00"), Decimal("256000.00")) in funds
    assert all(weight is None and score is None for _, weight, score in inds)
