"""A money block that lists its sources first and closes with their 合计 (江苏 2019,
samples/realistic/jiangsu_2019_*): that row is the block's total line, never the form's 总分 (which
once read 120.00 as the total 分值 and 得分), and the form goes on past it (its goals were cut off).
A 合计 whose figures the lines above do not add up to stays the 总分 row it may be."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.pipeline import process_bytes

_HEAD = [
    ("项目名称", "老旧小区改造补助"),
    ("项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
    ("财政资金", "100.00", "100.00", "94.00", "—", "94.00%", "—"),
    ("其他资金", "20.00", "20.00", "18.80", "—", "94.00%", "—"),
]
_GOALS = [("年度总体目标", "预期目标", "实际完成情况"), ("", "完成老旧小区改造8个。", "完成8个。")]
_INDICATORS = [
    ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"),
    ("产出指标", "数量指标", "改造小区数量", "≥8个", "8个", "90", "87"),
]


def _text(rows: list[tuple[str, ...]], shape: str) -> str:
    head = "项目支出绩效自评表\n（2019年度）\n"
    if shape == "pipe":
        return head + "".join("| " + " | ".join(r) + " |\n" for r in rows)
    if shape == "tab":
        return head + "".join("".join(f"\t{c}\n" for c in r) + "\n" for r in rows)
    return head + "".join(f"{c}\n" for r in rows for c in r if c)


@pytest.mark.parametrize("shape", ["pipe", "tab", "cells"])
@pytest.mark.parametrize("with_total_row", [True, False])
def test_a_money_sum_row_is_the_total_line(shape: str, with_total_row: bool) -> None:
    rows = [*_HEAD, ("合计", "120.00", "120.00", "112.80", "10", "94.00%", "9.4"), *_GOALS, *_INDICATORS]
    rows += [("总分", "100", "96.4")] if with_total_row else []
    result = process_bytes(_text(rows, shape).encode("utf-8"), "form.txt")
    total = [
        (f.budget_full_year_yuan, f.executed_yuan, f.weight, f.score)
        for f in result.funds
        if f.line == "total"
    ]
    assert total == [(Decimal("1200000.00"), Decimal("1128000.00"), 10, 9.4)]
    (form,) = result.forms
    assert (form.total_weight, form.total_score) == ((100, 96.4) if with_total_row else (None, None))
    assert form.goal_expected == "完成老旧小区改造8个。"


@pytest.mark.parametrize("shape", ["pipe", "tab", "cells"])
def test_a_sum_row_the_lines_do_not_add_up_to_stays_the_total_row(shape: str) -> None:
    """ "合计 | 100 | 97" under a money block with no indicators: the form's 总分, as before."""
    rows = [*_HEAD, ("合计", "100", "97")]
    result = process_bytes(_text(rows, shape).encode("utf-8"), "form.txt")
    assert [f.line for f in result.funds] == ["fiscal_funds", "other_funds"]
    (form,) = result.forms
    assert (form.total_weight, form.total_score) == (100, 97)


@pytest.mark.parametrize("shape", ["pipe", "tab", "cells"])
def test_numbered_money_lines(shape: str) -> None:
    """一、年度资金总额 / （1）当年财政拨款 / （2）其他资金: a line's number is no part of its name (the
    numbered lines were left unread)."""
    rows = [
        _HEAD[0],
        _HEAD[1],
        ("一、年度资金总额", "120.00", "120.00", "112.80", "10", "94.00%", "9.4"),
        ("（1）当年财政拨款", "100.00", "100.00", "94.00", "—", "94.00%", "—"),
        ("（2）其他资金", "20.00", "20.00", "18.80", "—", "94.00%", "—"),
    ]
    result = process_bytes(_text(rows, shape).encode("utf-8"), "form.txt")
    got = [(f.line, f.budget_full_year_yuan) for f in result.funds]
    assert got == [
        ("total", Decimal("1200000.00")),
        ("current_year_appropriation", Decimal("1000000.00")),
        ("other_funds", Decimal("200000.00")),
    ]
