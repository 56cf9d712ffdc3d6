"""The older 部门整体支出 framework's indicator table (投入 / 过程 / 产出 / 效果 over 目标设定, 预算配置 …;
samples/realistic/framework_department_2018_*): its bare level labels are levels in every shape, and a
三级指标 whose name is close to a goal heading (实际完成率 ~ 实际完成) is an indicator row, never a goal
header that swallows its figures."""

from __future__ import annotations

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
