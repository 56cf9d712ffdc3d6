"""The 按收入性质分 / 按支出性质分 breakdown in text shapes without the TAB grammar (issue 14).

Each case is a tiny department form whose breakdown is written one way; the rows must come out with
every line under its basis and its amount exact, and a cell that only looks like a breakdown line (a fund
line's wording, a header field's, a line followed by several figures) must not become one.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest

from jixiao.pipeline import process_bytes

HEAD = [
    "部门整体支出绩效自评表",
    "（2023年度）",
    "部门名称",
    "某县档案馆",
    "项目资金（万元）",
    "年初预算数",
    "全年预算数",
    "全年执行数",
    "分值",
    "执行率",
    "得分",
    "年度资金总额",
    "300.00",
    "300.00",
    "297.00",
    "10",
    "99.00%",
    "9.90",
]
TAIL = [
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "产出指标",
    "数量指标",
    "档案整理",
    "≥100卷",
    "120卷",
    "90",
    "90",
    "总分",
    "100",
    "99.90",
]
PIPE_HEAD = [
    "部门整体支出绩效自评表",
    "（2023年度）",
    "| 部门名称 | 某县档案馆 |",
    "| 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
    "| 年度资金总额 | 300.00 | 300.00 | 297.00 | 10 | 99.00% | 9.90 |",
]
PIPE_TAIL = [
    "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |",
    "| 产出指标 | 数量指标 | 档案整理 | ≥100卷 | 120卷 | 90 | 90 |",
    "| 总分 | 100 | 99.90 |",
]
OTHER = ["12.00", "12.00", "11.00", "—", "91.67%", "—"]  # a 其他资金 fund line's six figures
FLAT = " ".join(
    (
        "按收入性质分：",
        "按支出性质分：",
        "其中：一般公共预算：300.00",
        "其中：基本支出：200.00",
        "其他资金：",
        "项目支出：100.00",
    )
)
W = Decimal(10000)  # 万元 → 元

CASES = [
    pytest.param(
        [
            *HEAD,
            "其中：一般公共预算：280.00",
            "其中：基本支出：200.00",
            "政府性基金拨款：20.00",
            "项目支出：100.00",
            *TAIL,
        ],
        {
            ("income", "general_public_budget"): 280 * W,
            ("income", "government_fund"): 20 * W,
            ("expenditure", "basic_expenditure"): 200 * W,
            ("expenditure", "project_expenditure"): 100 * W,
        },
        {"total"},
        id="lines-no-header",
    ),
    pytest.param(
        # 其他资金 with six figures after the breakdown is the money block's line, not the breakdown's.
        [
            *HEAD,
            "其中：一般公共预算：300.00",
            "其中：基本支出：200.00",
            "项目支出：100.00",
            "其他资金：",
            *OTHER,
            *TAIL,
        ],
        {
            ("income", "general_public_budget"): 300 * W,
            ("expenditure", "basic_expenditure"): 200 * W,
            ("expenditure", "project_expenditure"): 100 * W,
        },
        {"total", "other_funds"},
        id="lines-fund-line-after-breakdown",
    ),
    pytest.param(
        [*HEAD, FLAT, *TAIL],
        {
            ("income", "general_public_budget"): 300 * W,
            ("income", "other_funds"): None,
            ("expenditure", "basic_expenditure"): 200 * W,
            ("expenditure", "project_expenditure"): 100 * W,
        },
        {"total"},
        id="flat-with-header-other-funds-empty",
    ),
    pytest.param(
        [
            *PIPE_HEAD,
            "|  | 按收入性质分： | 按支出性质分： |",
            "|  | 其中：一般公共预算：280.00 | 其中：基本支出：200.00 |",
            "|  | 政府性基金拨款： | 20.00 | 项目支出：100.00 |",
            *PIPE_TAIL,
        ],
        {
            ("income", "general_public_budget"): 280 * W,
            ("income", "government_fund"): 20 * W,
            ("expenditure", "basic_expenditure"): 200 * W,
            ("expenditure", "project_expenditure"): 100 * W,
        },
        {"total"},
        id="pipe-amount-in-its-own-cell",
    ),
    pytest.param(
        [
            *PIPE_HEAD[:4],
            "| 按支出性质分： |",
            "| 其中：基本支出：200.00 |",
            "| 人员经费：150.00 |",
            "| 公用经费：50.00 |",
            "| 项目支出：100.00 |",
            PIPE_HEAD[4],
            *PIPE_TAIL,
        ],
        {
            ("expenditure", "basic_expenditure"): 200 * W,
            ("expenditure", "personnel"): 150 * W,
            ("expenditure", "public_funds"): 50 * W,
            ("expenditure", "project_expenditure"): 100 * W,
        },
        {"total"},
        id="pipe-one-basis-before-the-fund-lines",
    ),
    pytest.param(
        # A line followed by two figures is no breakdown cell: nothing is read into it.
        [*HEAD, "其中：基本支出：", "200.00", "190.00", *TAIL],
        {},
        {"total"},
        id="line-with-two-figures-is-not-a-part",
    ),
]


@pytest.mark.parametrize(("lines", "parts", "fund_lines"), CASES)
def test_breakdown_in_text_shapes(
    lines: list[str], parts: dict[tuple[str, str], Decimal | None], fund_lines: set[str]
) -> None:
    result = process_bytes(("\n".join(lines) + "\n").encode("utf-8"), "breakdown.txt")
    assert len(result.forms) == 1
    got = {(b.basis, b.line): b.amount_yuan for b in result.fund_breakdown}
    assert got == parts
    assert {f.line for f in result.funds} == fund_lines
    assert not [a for a in result.anomalies if a.rule == "funds.breakdown_sum"]


def test_project_expenditure_as_a_header_field_stays_the_project_name() -> None:
    """``项目支出`` is also a project form's name label: outside a breakdown it keeps that meaning."""
    lines = [
        "项目支出绩效自评表",
        "（2023年度）",
        "| 项目支出 | 档案数字化 |",
        "| 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
        "| 年度资金总额 | 30.00 | 30.00 | 29.70 | 10 | 99.00% | 9.90 |",
        *PIPE_TAIL,
    ]
    result = process_bytes(("\n".join(lines) + "\n").encode("utf-8"), "project.txt")
    assert [f.project for f in result.forms] == ["档案数字化"]
    assert result.fund_breakdown == ()


def _layout_line(cells: list[str], widths: list[int]) -> str:
    """One line of ``pdftotext -layout`` text: each cell padded to its column (a Chinese character is 2)."""
    out = ""
    for cell, width in zip(cells, widths, strict=True):
        shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in cell)
        out += cell + " " * (width - shown + 2)
    return out.rstrip()


def test_breakdown_wrapped_in_narrow_pdf_columns() -> None:
    """PDF text: breakdown cells wrapped in their columns, mid-label and mid-figure, are joined back."""
    money = [16, 10, 10, 10, 4, 7, 5]
    rows = [
        (["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"], money),
        (["年度资金总额", "300.00", "300.00", "297.00", "10", "99.00%", "9.90"], money),
        (["", "按收入性质分：", "按支出性质分："], [16, 18, 18]),
        (["", "其中：一般公共预算", "其中：基本支出：20"], [16, 18, 18]),
        (["", "：280.00", "0.00"], [16, 18, 18]),
        (["", "政府性基金拨款：", "项目支出：100."], [16, 18, 18]),
        (["", "20.00", "00"], [16, 18, 18]),
        (["", "纳入专户管理的非税", ""], [16, 18, 18]),
        (["", "收入拨款：", ""], [16, 18, 18]),
    ]
    lines = ["部门整体支出绩效自评表", "（2023年度）", _layout_line(["部门名称", "某县档案馆"], [16, 40])]
    lines += [_layout_line(cells, widths) for cells, widths in rows]
    indicators = [16, 10, 10, 10, 10, 4, 4]
    lines += [
        _layout_line(
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"], indicators
        ),
        _layout_line(["产出指标", "数量指标", "档案整理", "≥100卷", "120卷", "90", "90"], indicators),
        _layout_line(["总分", "100", "99.90"], [16, 10, 10]),
    ]
    result = process_bytes(("\n".join(lines) + "\n").encode("utf-8"), "layout.txt")
    got = {(b.basis, b.line): b.amount_yuan for b in result.fund_breakdown}
    assert got == {
        ("income", "general_public_budget"): 280 * W,
        ("income", "government_fund"): 20 * W,
        ("income", "special_account_nontax"): None,
        ("expenditure", "basic_expenditure"): 200 * W,
        ("expenditure", "project_expenditure"): 100 * W,
    }


@pytest.mark.parametrize(
    ("with_basic", "project", "rule"),
    [
        pytest.param(True, Decimal("799885.24"), "value.ambiguous_resolved", id="settled-by-the-parts-sum"),
        pytest.param(False, None, "value.ambiguous", id="no-identity-stays-null"),
    ],
)
def test_breakdown_identity_settles_an_ambiguous_part(
    with_basic: bool, project: Decimal | None, rule: str
) -> None:
    """``79.98852.24`` has several readings: 基本 + 项目 = 总额 picks one, and nothing else may."""
    money = ["321.013328", "321.013328", "320.981260", "10", "99.99%", "9.99"]
    parts = [
        "其中：一般公共预算：321.013328",
        *(["其中：基本支出：241.024804"] * with_basic),
        "项目支出：79.98852.24",
    ]
    lines = [*HEAD[:12], *money, *parts, *TAIL]
    result = process_bytes(("\n".join(lines) + "\n").encode("utf-8"), "ambiguous.txt")
    got = {b.line: b.amount_yuan for b in result.fund_breakdown}
    assert got["project_expenditure"] == project
    assert rule in {a.rule for a in result.anomalies}
