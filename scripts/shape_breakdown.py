"""The 按收入性质分 / 按支出性质分 breakdown of a department form, for the shape samples: rows and truth.

Three provinces' spellings and places (``BREAKDOWN_SPELLINGS``): with its header line under the money
block, without it, or between 年度资金总额 and its source lines. The parts add up to the total's 全年预算数
and 人员 + 公用 = 基本支出, as the form's own identities require; the truth is written from the values drawn.
"""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

Item = tuple[str, Any]  # ("p", text) | ("row", [cells]), as in shape_forms.py


def _q(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# The 按收入性质分 / 按支出性质分 breakdown, as three provinces' forms spell it: (income lines, expenditure
# lines); a key with "" as its wording is left out. "{x}" marks where the amount is written.
BREAKDOWN_SPELLINGS = {
    "full": (
        (
            ("general_public_budget", "一般公共预算"),
            ("government_fund", "政府性基金拨款"),
            ("special_account_nontax", "纳入专户管理的非税收入拨款"),
            ("other_funds", "其他资金"),
        ),
        (("basic_expenditure", "基本支出"), ("project_expenditure", "项目支出")),
    ),
    "noheader": (
        (
            ("general_public_budget", "一般公共预算拨款"),
            ("government_fund", "政府性基金预算拨款"),
            ("other_funds", "其他收入"),
        ),
        (
            ("basic_expenditure", "基本支出"),
            ("personnel", "人员经费"),
            ("public_funds", "公用经费"),
            ("project_expenditure", "项目支出"),
        ),
    ),
    "before": (
        (
            ("general_public_budget", "一般公共预算财政拨款"),
            ("government_fund", "政府性基金"),
            ("special_account_nontax", "专户管理的非税收入"),
            ("state_capital", "国有资本经营预算"),
        ),
        (
            ("basic_expenditure", "基本支出"),
            ("personnel", "人员支出"),
            ("public_funds", "公用支出"),
            ("project_expenditure", "项目支出"),
        ),
    ),
}


def draw_breakdown(
    rng: random.Random, style: str, total_text: str, unit: str
) -> tuple[list[Item], dict[str, dict[str, Any]]]:
    """The breakdown's rows (an empty first cell under the corner, one cell per basis) and its truth.

    The parts add up to the total's 全年预算数 (income and expenditure alike); 人员 + 公用 = 基本支出.
    """
    total = Decimal(total_text.replace(",", ""))
    gov = _q(total * Decimal(rng.choice(["0", "0.05", "0.1"])))
    basic = _q(total * Decimal(rng.randint(50, 80)) / 100)
    people = _q(basic * Decimal(rng.randint(60, 85)) / 100)
    amounts = {
        "general_public_budget": total - gov,
        "government_fund": gov,
        "basic_expenditure": basic,
        "personnel": people,
        "public_funds": basic - people,
        "project_expenditure": total - basic,
    }
    income, spending = BREAKDOWN_SPELLINGS[style]
    scale = 10000 if unit == "万元" else 1
    truth: dict[str, dict[str, Any]] = {}
    columns: list[list[str]] = []
    for basis, lines in (("income", income), ("expenditure", spending)):
        cells = []
        for n, (key, label) in enumerate(lines):
            amount = amounts.get(key, Decimal(0))
            written = f"{amount:.2f}" if amount else ""
            sub = key in ("personnel", "public_funds") and lines[n - 1][0] == "basic_expenditure"
            cells.append(("其中：" if n == 0 or sub else "") + f"{label}：{written}")
            truth[f"{basis}.{key}"] = {
                "label": label,
                "amount_yuan": f"{amount * scale:.2f}" if amount else None,
            }
        columns.append(cells)
    height = max(len(c) for c in columns)
    rows: list[Item] = []
    if style != "noheader":
        rows.append(("row", ["", "按收入性质分：", "按支出性质分："]))
    for k in range(height):
        rows.append(("row", ["", *(c[k] if k < len(c) else "" for c in columns)]))
    return rows, truth
