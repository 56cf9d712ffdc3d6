"""Rows of cells parted by TABs (a table copied from a web page or a sheet into a text file;
samples/realistic/*_tsv.txt): read as rows of cells, empty cells kept in place, a leading empty cell too.
Before, a row opening with an empty cell (a TAB first) sent the whole text to Word's TAB grammar, and
without one the text was read as no form at all."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.pipeline import process_bytes

_ROWS = [
    ("项目支出绩效自评表",),
    ("项目名称", "乡村道路养护补助"),
    ("项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
    ("", "年度资金总额", "56.40", "58.00", "57.13", "10", "98.50%", "9.85"),
    ("", "其中：当年财政拨款", "", "58.00", "57.13", "", "98.50%", ""),
    ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"),
    ("产出指标", "数量指标", "养护里程", "≥40公里", "44公里", "", "50"),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "94%", "40", "38"),
    ("总分", "100", "97.85"),
]


@pytest.mark.parametrize("lead", [True, False], ids=["rows-open-with-an-empty-cell", "no-empty-first-cell"])
def test_rows_of_tab_parted_cells(lead: bool) -> None:
    rows = _ROWS if lead else [r[1:] if r[0] == "" else r for r in _ROWS]
    text = "\n".join("\t".join(r) for r in rows) + "\n"
    result = process_bytes(text.encode("utf-8"), "copied.txt")
    got = [(f.line, f.budget_initial_yuan, f.budget_full_year_yuan, f.executed_yuan) for f in result.funds]
    assert got == [
        ("total", Decimal("564000.00"), Decimal("580000.00"), Decimal("571300.00")),
        ("current_year_appropriation", None, Decimal("580000.00"), Decimal("571300.00")),
    ]
    inds = [(i.level3, i.weight, i.score) for i in result.indicators if i.level1 != "预算执行率"]
    assert inds == [("养护里程", None, 50), ("群众满意度", 40, 38)]
    (form,) = result.forms
    assert (form.project, form.total_weight, form.total_score) == ("乡村道路养护补助", 100, 97.85)


def test_word_tab_export_is_not_taken_for_tab_rows() -> None:
    """Word's export leads each cell's line with a TAB and never writes one after a cell's text."""
    text = "项目支出绩效自评表\n\t项目名称\n\t乡村道路养护补助\n\n\t年度资金总额\n\t56.40\n\n"
    result = process_bytes(text.encode("utf-8"), "word.txt")
    assert result.documents[0].form_count == 1


_QUOTED = (
    "项目支出绩效自评表\n"
    "项目名称\t乡村道路养护补助\n"
    '"项目资金\n（万元）"\t\t年初预算数\t全年预算数\t"全年执行\n数"\t分值\t执行率\t得分\n'
    "\t年度资金总额\t56.40\t58.00\t57.13\t10\t98.50%\t9.85\n"
    "年度总体目标\t预期目标\t实际完成情况\n"
    '\t"完成养护任务。\n全年养护40公里。"\t已完成养护任务。\n'
    "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
    "产出指标\t数量指标\t养护里程\t≥40公里\t44公里\t90\t88\n"
    "总分\t100\t97.85\n"
)


def test_a_quoted_cell_over_two_lines_is_one_cell() -> None:
    """A sheet quotes a cell holding a line break (``"项目资金`` / ``（万元）"``): one cell, and the row
    goes on after it. Read line by line, the money went unread and the goal read ``"完成养护任务。``."""
    result = process_bytes(_QUOTED.encode("utf-8"), "copied.txt")
    got = [(f.line, f.budget_initial_yuan, f.budget_full_year_yuan, f.executed_yuan) for f in result.funds]
    assert got == [("total", Decimal("564000.00"), Decimal("580000.00"), Decimal("571300.00"))]
    (form,) = result.forms
    assert (form.goal_expected, form.goal_actual) == ("完成养护任务。\n全年养护40公里。", "已完成养护任务。")
    assert result.residuals == ()


def test_a_quote_left_open_joins_nothing() -> None:
    """A lone ``"`` opening a cell with no close in sight is no quoting: the lines are read as written."""
    text = _QUOTED.replace('"完成养护任务。\n全年养护40公里。"', '"完成养护任务。\n全年养护40公里。')
    result = process_bytes(text.encode("utf-8"), "copied.txt")
    assert [f.line for f in result.funds] == ["total"]
    assert [(i.level3, i.score) for i in result.indicators if i.level1 == "产出指标"] == [("养护里程", 88)]


def test_a_word_export_with_a_few_rows_on_one_line_keeps_its_grammar() -> None:
    """Word's export may put a row's cells on one line (``\\t项目名称\\t乡村道路养护补助``); where most
    TAB-led lines hold one cell, the text is still the export, read by its grammar."""
    rows = [
        ("项目名称", "乡村道路养护补助"),
        ("主管部门", "某县交通运输局"),
        ("实施单位", "县公路养护中心"),
        ("项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
        ("", "年度资金总额", "56.40", "58.00", "57.13", "10", "98.50%", "9.85"),
    ]
    text = "项目支出绩效自评表\n"
    text += "".join("\t" + "\t".join(r) + "\n\n" for r in rows[:3])  # three rows on one line each
    text += "".join("".join(f"\t{c}\n" for c in r) + "\n" for r in rows[3:])
    result = process_bytes(text.encode("utf-8"), "word.txt")
    (form,) = result.forms
    assert (form.project, form.competent_department, form.implementing_unit) == (
        "乡村道路养护补助",
        "某县交通运输局",
        "县公路养护中心",
    )
    assert [f.budget_full_year_yuan for f in result.funds] == [Decimal("580000.00")]
