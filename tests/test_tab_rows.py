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
