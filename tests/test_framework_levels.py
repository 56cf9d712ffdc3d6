"""The older 部门整体支出 framework's indicator table (投入 / 过程 / 产出 / 效果 over 目标设定, 预算配置 …;
samples/realistic/framework_department_2018_*): its bare level labels are levels in every shape, and a
三级指标 whose name is close to a goal heading (实际完成率 ~ 实际完成) is an indicator row, never a goal
header that swallows its figures."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.pipeline import process_bytes

_ROWS = [
    ("一级指标", "二级指标", "三级指标", "分值", "评分标准", "自评得分"),
    ("投入（40分）", "预算配置", "在职人员控制率", "40", "控制率≤100%的得40分", "40"),
    ("产出（60分）", "职责履行", "实际完成率", "30", "完成率×分值", "28"),
    ("产出（60分）", "职责履行", "完成及时率", "30", "及时率×分值", "30"),
    ("合计", "100", "", "98"),
]


def _text(shape: str) -> str:
    head = "部门整体支出绩效自评表\n（2018年度）\n单位名称：某县文化旅游广电局\n"
    if shape == "pipe":
        return head + "".join("| " + " | ".join(r) + " |\n" for r in _ROWS)
    return head + "".join("".join(f"\t{c}\n" for c in r) + "\n" for r in _ROWS)


@pytest.mark.parametrize("shape", ["pipe", "tab"])
def test_framework_levels_and_an_indicator_named_like_a_goal(shape: str) -> None:
    result = process_bytes(_text(shape).encode("utf-8"), "form.txt")
    got = [(i.level1, i.level1_weight, i.level2, i.level3, i.weight, i.score) for i in result.indicators]
    assert got == [
        ("投入", 40, "预算配置", "在职人员控制率", 40, 40),
        ("产出", 60, "职责履行", "实际完成率", 30, 28),
        ("产出", 60, "职责履行", "完成及时率", 30, 30),
    ]
    (form,) = result.forms
    assert (form.goal_actual, form.total_score, form.computed_score) == (None, 98, 98)


_OLDER_MONEY = [
    ("项目名称", "农村饮水工程维修养护"),
    ("项目资金（万元）", "预算安排数", "资金到位数", "实际支出数", "预算执行率"),
    ("年度资金总额", "86.50", "80.00", "78.42", "90.66%"),
    ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"),
    ("产出指标", "数量指标", "维修养护工程处数", "≥35处", "36处", "100", "99"),
    ("总分", "100", "99"),
]


@pytest.mark.parametrize("shape", ["pipe", "tab", "cells"])
def test_older_money_header_with_a_column_of_no_field(shape: str) -> None:
    """预算安排数 | 资金到位数 | 实际支出数 | 预算执行率 (河北 2017, samples/realistic/hebei_2017_*): the
    budget the rate divides by, the spending; 资金到位数 is no column of the contract and stays residual
    text, in the grid shapes and in one cell per line alike."""
    head = "项目支出绩效自评表\n（2017年度）\n"
    if shape == "pipe":
        text = head + "".join("| " + " | ".join(r) + " |\n" for r in _OLDER_MONEY)
    elif shape == "tab":
        text = head + "".join("".join(f"\t{c}\n" for c in r) + "\n" for r in _OLDER_MONEY)
    else:
        text = head + "".join(f"{c}\n" for r in _OLDER_MONEY for c in r)
    result = process_bytes(text.encode("utf-8"), "form.txt")
    got = [(f.line, f.budget_initial_yuan, f.budget_full_year_yuan, f.executed_yuan) for f in result.funds]
    assert got == [("total", None, Decimal("865000.00"), Decimal("784200.00"))]
    assert "80.00" in {r.text for r in result.residuals}
