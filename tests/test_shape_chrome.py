"""Page chrome inside a form in a text shape (issue 14): a page number printed between two rows."""

from __future__ import annotations

import pytest
from jixiao.extract.cell_kinds import classify
from jixiao.extract.shape_cells import tokens_flat

from jixiao.pipeline import process_bytes

PAGE_MARKS = [
    pytest.param("第 7 页 共 8 页", "chrome", id="page-of-pages"),
    pytest.param("共8页 第7页", "chrome", id="pages-then-page"),
    pytest.param("- 6 -", "chrome", id="dashed-number"),
    pytest.param("—12—", "chrome", id="em-dashed-number"),
    pytest.param("第7批", "text", id="a-batch-is-not-a-page"),
    pytest.param("-6", "value", id="a-negative-number-is-a-value"),
    pytest.param("—", "value", id="a-placeholder-is-a-value"),
]


@pytest.mark.parametrize(("text", "kind"), PAGE_MARKS)
def test_page_marks_are_chrome(text: str, kind: str) -> None:
    assert classify(text) == kind


FORM = [
    "项目支出绩效自评表",
    "（2023年度）",
    "项目名称",
    "档案数字化",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析",
    "产出指标",
    "数量指标",
    "档案整理",
    "≥100卷",
    "120卷",
    "50",
    "50",
]
LAST = ["质量指标", "验收合格率", "100%", "100%", "50", "50", "总分", "100", "100"]


@pytest.mark.parametrize("mark", ["第 3 页 共 4 页", "- 3 -"])
def test_page_number_between_rows_is_no_cell_of_them(mark: str) -> None:
    """One cell per line: the page number is kept as residual text, not read as an indicator's cell."""
    lines = [*FORM, mark, *LAST]
    result = process_bytes(("\n".join(lines) + "\n").encode("utf-8"), "page.txt")
    assert [(i.level3, i.deviation_reason) for i in result.indicators if i.level3] == [
        ("档案整理", None),
        ("验收合格率", None),
    ]
    assert mark in [r.text for r in result.residuals]


@pytest.mark.parametrize("mark", ["- 3 -", "—3—", "第 3 页 共 4 页", "第 3 頁 共 4 頁"])
def test_page_number_inlined_in_a_flattened_form(mark: str) -> None:
    """A page number between two rows of a form flattened onto one line is one cell (the same dash on
    both sides of a page's number, a row's label after it), kept as residual text."""
    line = " ".join([*FORM, mark, *LAST])
    result = process_bytes((line + "\n").encode("utf-8"), "flat.txt")
    assert [(i.level3, i.deviation_reason) for i in result.indicators if i.level3] == [
        ("档案整理", None),
        ("验收合格率", None),
    ]
    assert mark in [r.text for r in result.residuals]


@pytest.mark.parametrize(
    ("line", "cells"),
    [
        pytest.param(
            "年度资金总额 10 — 3 — 9",
            ["年度资金总额", "10", "—", "3", "—", "9"],
            id="figure-between-placeholders",
        ),
        pytest.param("得分 - 3 — 总分", ["得分", "-", "3", "—", "总分"], id="different-dashes"),
        pytest.param("5 — 3 — 总分 100", ["5", "— 3 —", "总分", "100"], id="a-label-after-it-opens-a-row"),
        pytest.param(
            "财政拨款 1 1 1 — 99 — 其他资金 0",
            ["财政拨款", "1", "1", "1", "—", "99", "—", "其他资金", "0"],
            id="a-fund-line-after-it-is-no-page-break",
        ),
        pytest.param(
            "总分 100 - 3 - 95", ["总分", "100", "-", "3", "-", "95"], id="a-figure-after-it-is-a-row"
        ),
    ],
)
def test_inline_page_mark_needs_the_same_dash(line: str, cells: list[str]) -> None:
    tokens, _ = tokens_flat([line], 1)
    assert [t.text for t in tokens] == cells
