"""Header cells wrapped onto a second line in text shapes that mark no rows (``extract.wrapped_header``):
joined where one reading makes every header cell a word of the vocabulary; otherwise the money block is
said to be unread (``funds.header_unread``), never silent."""

from __future__ import annotations

import pytest
from jixiao.extract.cell_kinds import Token
from jixiao.extract.cell_prepare import prepare
from jixiao.extract.layout import Location

from jixiao import read_bytes


def _texts(cells: list[str]) -> list[str]:
    tokens = [Token(c, Location(line=n + 1)) for n, c in enumerate(cells)]
    return [t.text for t in prepare(tokens)[0]]


CASES = [
    pytest.param(
        ["项目资金（万元）", "年初", "全年", "全年", "分值", "执行率", "得分", "预算数", "预算数", "执行数"],
        ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        id="three-rests-on-the-next-line",
    ),
    pytest.param(
        ["年初预算数", "全年预算数", "全年执行", "分值", "执行率", "得分", "数"],
        ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        id="one-character-rest",
    ),
    pytest.param(
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标",
            "实际完成",
            "分值",
            "得分",
            "偏差原因",
            "值",
            "值",
            "分析及改进措施",
        ],
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ],
        id="indicator-header-rests",
    ),
    pytest.param(
        ["一级指", "二级指", "指标内", "指标值", "备注", "标", "标", "容"],
        ["一级指标", "二级指标", "指标内容", "指标值", "备注"],
        id="a-column-the-vocabulary-lacks-stays-whole",
    ),
    pytest.param(
        [
            "实施单位：",
            "县文化馆",
            "项目资金",
            "年初\n预算数",
            "全年\n预算数",
            "全年\n执行数",
            "分值",
            "执行率",
            "得分",
        ],
        [
            "实施单位：",
            "县文化馆",
            "项目资金",
            "年初\n预算数",
            "全年\n预算数",
            "全年\n执行数",
            "分值",
            "执行率",
            "得分",
        ],
        id="two-whole-words-are-two-columns",
    ),
    pytest.param(
        ["年初", "全年", "分值", "执行率", "得分", "预算数"],
        ["年初", "全年", "分值", "执行率", "得分", "预算数"],
        id="one-rest-for-two-cells-left-alone",
    ),
    pytest.param(
        ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", "数"],
        ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", "数"],
        id="whole-header-takes-no-rest",
    ),
]


@pytest.mark.parametrize(("cells", "expected"), CASES)
def test_join(cells: list[str], expected: list[str]) -> None:
    assert _texts(cells) == expected


_FORM = """项目支出绩效自评表
（2021年度）
项目名称 河道保洁经费
主管部门 某县水利局 实施单位 某县河道管理所
项目资金（万元） 年初 全年 全年 分值 执行率 得分
{rests}
年度资金总额 120.00 126.50 121.44 10 96.00% 9.6
其中：当年财政拨款 120.00 126.50 121.44 — 96.00% —
一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分
产出指标 数量指标 保洁河道长度 ≥80公里 82公里 90 90
总分 100 99.6
"""


def test_wrapped_money_header_read() -> None:
    tables = read_bytes(_FORM.format(rests="预算数 预算数 执行数").encode("utf-8"), "wrapped.txt")
    total = tables["funds"].set_index("line").loc["total"]
    assert (str(total["budget_initial_yuan"]), str(total["executed_yuan"]), total["score"]) == (
        "1200000.00",
        "1214400.00",
        9.6,
    )


def test_unjoinable_money_header_is_said() -> None:
    tables = read_bytes(_FORM.format(rests="预算数 预算").encode("utf-8"), "wrapped.txt")
    assert tables["funds"].empty
    assert "funds.header_unread" in set(tables["anomalies"]["rule"])
