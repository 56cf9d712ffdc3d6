"""Two layouts of the 广西 2020 form (samples/realistic/guangxi_2020_*): the money block's unit on a row of
its own above the money header (``资金情况（万元）`` over a header with a blank corner), and 单位名称 and
填报日期 sharing one line above the table. Both once read wrong or not at all in the grid shapes (TAB
export, Word, pages, sheets), while the text shapes read them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.pipeline import process_bytes


def _row(*cells: str) -> str:
    return "".join(f"\t{c}\n" for c in cells) + "\n"


def _form(unit_row: str, above: str = "") -> str:
    text = "2020年度项目自评表\n" + above
    text += _row("项目名称", "公益林管护补助")
    text += _row(unit_row) if unit_row else ""
    text += _row("", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
    text += _row("年度资金总额", "45.00", "45.00", "44.1", "10", "98%", "9.8")
    text += _row("其中：财政资金", "45.00", "45.00", "44.1", "—", "98%", "—")
    text += _row("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分")
    text += _row("产出指标", "数量指标", "公益林管护面积", "≥3.5万亩", "3.5万亩", "90", "88")
    return text + _row("总分", "100", "97.8")


@pytest.mark.parametrize(
    ("unit_row", "budget"),
    [
        ("资金情况（万元）", Decimal("450000.00")),  # the block's corner and its unit, a row of their own
        ("（单位：万元）", Decimal("450000.00")),  # the unit alone
        ("资金情况（元）", Decimal("45.00")),
        ("", None),  # no unit anywhere: never assumed (45.00 is whole cents both ways)
        ("说明（万元）", None),  # a row naming something else is not the money block's
    ],
)
def test_a_unit_row_above_the_money_header(unit_row: str, budget: Decimal | None) -> None:
    result = process_bytes(_form(unit_row).encode("utf-8"), "form.txt")
    total = next(f for f in result.funds if f.line == "total")
    assert total.budget_full_year_yuan == budget


def test_two_header_fields_on_one_line() -> None:
    """``单位名称：某县林业局 填报日期：2021.5.18``: the date is another field, not part of the name."""
    above = "单位名称：某县林业局 填报日期：2021.5.18\n"
    (form,) = process_bytes(_form("资金情况（万元）", above).encode("utf-8"), "form.txt").forms
    assert form.department == "某县林业局"


@pytest.mark.parametrize(
    ("first_row", "department", "fill_unit"),
    [
        (("单位名称：某县林业局\u3000\u3000\u3000\u3000填报日期：2021.5.18",), "某县林业局", None),
        (("填报单位：某县林业局", "", "", "填报日期：2021.5.18"), None, "某县林业局"),
    ],
    ids=["one-merged-cell", "two-cells"],
)
def test_header_fields_written_inline_in_a_table_cell(
    first_row: tuple[str, ...], department: str | None, fill_unit: str | None
) -> None:
    """``单位名称：某县林业局　填报日期：…`` as the table's first row (merged across, or two cells): read
    as the same words on a line of their own are (they were left residual in the grid shapes)."""
    body = _form("资金情况（万元）").split("\n", 1)[1]
    text = "项目支出绩效自评表\n（2020年度）\n" + _row(*first_row) + body
    (form,) = process_bytes(text.encode("utf-8"), "form.txt").forms
    assert (form.department, form.fill_unit, form.project) == (department, fill_unit, "公益林管护补助")


def test_a_row_of_the_block_s_corners_above_its_header_names_the_unit() -> None:
    """``项目资金（万元） | | 预算执行情况`` over a header whose corner is blank (a two-level money header in
    a Word table): the unit is the block's (it was lost, every figure left unread with unit.uncertain)."""
    rows = [
        ("项目名称", "乡村道路养护补助"),
        ("项目资金（万元）", "", "预算执行情况"),
        ("", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
        ("", "年度资金总额", "56.40", "58.00", "57.13", "10", "98.50%", "9.85"),
    ]
    text = "项目支出绩效自评表\n" + "".join(_row(*r) for r in rows)
    result = process_bytes(text.encode("utf-8"), "form.txt")
    got = [(f.budget_initial_yuan, f.budget_full_year_yuan, f.executed_yuan) for f in result.funds]
    assert got == [(Decimal("564000.00"), Decimal("580000.00"), Decimal("571300.00"))]
    assert result.residuals == ()
