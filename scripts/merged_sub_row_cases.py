"""The cases of ``samples/merged_sub_rows/`` (``make_merged_sub_row_samples.py`` lays them out and renders
them): each money block's lines as the template lays them out (``C`` cells with their merges) and the values
the document states, by hand; the fields a shape that loses the merge cannot settle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from template_dsl import C

MONEY_COLS = ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
FIELDS = (
    "budget_initial_yuan",
    "budget_full_year_yuan",
    "executed_yuan",
    "weight",
    "execution_rate_pct",
    "score",
)
M3 = C("", cols=3)  # the blank cell merged over 分值 / 执行率 / 得分 on a sub-line
M2 = C("", cols=2)
LABELS = {
    "total": "年度资金总额",
    "current_year_appropriation": "其中:当年财政拨款",
    "prior_year_carryover": "上年结转资金",
    "other_funds": "其他资金",
    "fiscal_funds": "其中:财政资金",
    "unit_funds": "单位资金",
}


# Shapes that lose where a merged cell stood (its blank is one cell, or none), and those that drop blank
# cells altogether (one cell per paragraph: blank paragraphs are no cells). Markdown, and pipes padded to
# the table's width, fill a short row at its end; Word and HTML keep the merges.
MERGE_LOST = ("paragraphs", "cells", "bar", "pipe_bare", "pipe_gap", "flat", "tab")
BLANKS_LOST = ("paragraphs", "cells", "flat")
# pdftotext -layout places a cell by where its text stands: a short row's figures may be read there, or not
MAY_SETTLE = ("layout",)


@dataclass(frozen=True)
class Case:
    """One money block: each line's cells as the template lays them out and its truth (None: blank)."""

    name: str
    what: str
    unit: str  # 万元 | 元
    lines: list[tuple[str, list[str | C], tuple[Any, ...]]]
    form_type: str = "project"
    # fields the shapes ``unsettled_in`` leave no way to settle, by line (which column each figure stands
    # under is not said by the cells left, nor by the form's arithmetic): any value there would be a guess
    unsettled: dict[str, tuple[str, ...]] = field(default_factory=dict)
    unsettled_in: tuple[str, ...] = ()
    # shapes that may leave those fields unread (null or exact, never another value)
    may_settle_in: tuple[str, ...] = MAY_SETTLE


def money(text: str | None, unit: str) -> str | None:
    if text is None:
        return None
    value = Decimal(text.replace(",", ""))
    return f"{value * 10000 if unit == '万元' else value:.2f}"


def fund_truth(values: tuple[Any, ...], unit: str) -> dict[str, Any]:
    bi, bf, ex, w, rate, score = values
    return dict(zip(FIELDS, (money(bi, unit), money(bf, unit), money(ex, unit), w, rate, score), strict=True))


_ALL = FIELDS
_MONEY = FIELDS[:3]
_BLANK = (None,) * 6

CASES = [
    Case(
        "hebei_one_part",
        "河北 2019: the total scored, 当年财政拨款 three figures and a merged blank, the other lines blank",
        "万元",
        [
            ("total", ["43.2", "43.2", "37.24", "10", "86%", "9"], ("43.2", "43.2", "37.24", 10, 86, 9)),
            (
                "current_year_appropriation",
                ["43.2", "43.2", "37.24", M3],
                ("43.2", "43.2", "37.24", None, None, None),
            ),
            ("prior_year_carryover", ["", "", "", M3], _BLANK),
            ("other_funds", ["", "", "", M3], _BLANK),
        ],
    ),
    Case(
        "two_parts",
        "two sub-lines with figures, each three figures and a merged blank, adding up to the total",
        "万元",
        [
            (
                "total",
                ["120", "125.5", "118.3", "10", "94.26%", "9.43"],
                ("120", "125.5", "118.3", 10, 94.26, 9.43),
            ),
            (
                "current_year_appropriation",
                ["100", "100", "95.1", M3],
                ("100", "100", "95.1", None, None, None),
            ),
            ("prior_year_carryover", ["20", "25.5", "23.2", M3], ("20", "25.5", "23.2", None, None, None)),
            ("other_funds", ["", "", "", M3], _BLANK),
        ],
    ),
    Case(
        "yuan_grouped",
        "a block in 元 with thousands commas, one sub-line with figures",
        "元",
        [
            (
                "total",
                ["432,000.00", "432,000.00", "372,400.00", "10", "86.20%", "8.62"],
                ("432000.00", "432000.00", "372400.00", 10, 86.2, 8.62),
            ),
            (
                "current_year_appropriation",
                ["432,000.00", "432,000.00", "372,400.00", M3],
                ("432000.00", "432000.00", "372400.00", None, None, None),
            ),
            ("prior_year_carryover", ["", "", "", M3], _BLANK),
            ("other_funds", ["", "", "", M3], _BLANK),
        ],
    ),
    Case(
        "yuan_three_parts",
        "a block in 元, three sub-lines with figures (one a 0), each three figures and a merged blank",
        "元",
        [
            (
                "total",
                ["1500000", "1650000", "1580000", "10", "95.76%", "9.58"],
                ("1500000", "1650000", "1580000", 10, 95.76, 9.58),
            ),
            (
                "current_year_appropriation",
                ["1200000", "1300000", "1250000", M3],
                ("1200000", "1300000", "1250000", None, None, None),
            ),
            (
                "prior_year_carryover",
                ["300000", "300000", "290000", M3],
                ("300000", "300000", "290000", None, None, None),
            ),
            ("other_funds", ["0", "50000", "40000", M3], ("0", "50000", "40000", None, None, None)),
        ],
    ),
    Case(
        "dash_in_merge",
        "the merged cell over 分值/执行率/得分 written as a dash on the sub-lines",
        "万元",
        [
            ("total", ["58", "60", "57.13", "10", "95.22%", "9.52"], ("58", "60", "57.13", 10, 95.22, 9.52)),
            (
                "current_year_appropriation",
                ["50", "50", "48.5", C("—", cols=3)],
                ("50", "50", "48.5", None, None, None),
            ),
            (
                "prior_year_carryover",
                ["8", "10", "8.63", C("—", cols=3)],
                ("8", "10", "8.63", None, None, None),
            ),
            ("other_funds", ["", "", "", C("—", cols=3)], _BLANK),
        ],
    ),
    Case(
        "department_parts",
        "部门整体 form: 财政资金 and 单位资金 each three figures and a merged blank",
        "万元",
        [
            (
                "total",
                ["286.4", "301.25", "295.23", "10", "98.00%", "9.8"],
                ("286.4", "301.25", "295.23", 10, 98, 9.8),
            ),
            (
                "fiscal_funds",
                ["266.4", "281.25", "276.03", M3],
                ("266.4", "281.25", "276.03", None, None, None),
            ),
            ("unit_funds", ["20", "20", "19.2", M3], ("20", "20", "19.2", None, None, None)),
        ],
        form_type="department",
    ),
    # ---- cases that must stay unplaced (or be read only where the cells keep their places)
    Case(
        "zeros_anywhere",
        "当年财政拨款 adds up to the total; 其他资金 writes 0 0 0, which add nothing wherever they stand",
        "万元",
        [
            ("total", ["100", "100", "90", "10", "90%", "9"], ("100", "100", "90", 10, 90, 9)),
            ("current_year_appropriation", ["100", "100", "90", M3], ("100", "100", "90", None, None, None)),
            ("prior_year_carryover", ["", "", "", M3], _BLANK),
            ("other_funds", ["0", "0", "0", M3], ("0", "0", "0", None, None, None)),
        ],
        unsettled={"other_funds": _MONEY},
        unsettled_in=MERGE_LOST,
    ),
    Case(
        "sums_do_not_hold",
        "the one sub-line with figures does not add up to the total: no placement is confirmed",
        "万元",
        [
            ("total", ["50", "50", "45", "10", "90%", "9"], ("50", "50", "45", 10, 90, 9)),
            ("current_year_appropriation", ["40", "40", "36", M3], ("40", "40", "36", None, None, None)),
            ("prior_year_carryover", ["", "", "", M3], _BLANK),
            ("other_funds", ["", "", "", M3], _BLANK),
        ],
        unsettled={"current_year_appropriation": _MONEY},
        unsettled_in=MERGE_LOST,
    ),
    Case(
        "total_and_part_short",
        "the total unscored, merged over 分值/执行率/得分 like its sub-line: both rows alike, nothing tells",
        "万元",
        [
            ("total", ["43.2", "43.2", "37.24", M3], ("43.2", "43.2", "37.24", None, None, None)),
            (
                "current_year_appropriation",
                ["43.2", "43.2", "37.24", M3],
                ("43.2", "43.2", "37.24", None, None, None),
            ),
            ("prior_year_carryover", ["", "", "", M3], _BLANK),
            ("other_funds", ["", "", "", M3], _BLANK),
        ],
        unsettled={"total": _MONEY, "current_year_appropriation": _MONEY},
        unsettled_in=MERGE_LOST,
    ),
    Case(
        "total_short_part_full",
        "the total unscored and merged, its sub-line written in full: the total's third figure may be 分值",
        "万元",
        [
            ("total", ["43.2", "43.2", "37.24", M3], ("43.2", "43.2", "37.24", None, None, None)),
            (
                "current_year_appropriation",
                ["43.2", "43.2", "37.24", "—", "86.20%", "—"],
                ("43.2", "43.2", "37.24", None, 86.2, None),
            ),
            ("prior_year_carryover", ["", "", "", "", "", ""], _BLANK),
            ("other_funds", ["", "", "", "", "", ""], _BLANK),
        ],
        unsettled={"total": _MONEY},
        unsettled_in=MERGE_LOST,
    ),
    Case(
        "row_rate_against_sums",
        "年初 blank on the sub-line, 100 written for its 执行率: the sums alone would take 100 as 年初",
        "万元",
        [
            ("total", ["100", "100", "100", "10", "100%", "10"], ("100", "100", "100", 10, 100, 10)),
            (
                "current_year_appropriation",
                ["", "100", "100", "", "100", ""],
                (None, "100", "100", None, 100, None),
            ),
            ("prior_year_carryover", ["", "", "", M3], _BLANK),
            ("other_funds", ["", "", "", M3], _BLANK),
        ],
        unsettled={
            "current_year_appropriation": ("budget_full_year_yuan", "executed_yuan", "execution_rate_pct")
        },
        unsettled_in=BLANKS_LOST,
    ),
    Case(
        "weight_or_score",
        "the total's 年初 blank; the sub-line's third figure may be 分值 or 得分 (the sums hold either way)",
        "万元",
        [
            ("total", ["", "43.2", "37.24", "10", "86%", "9"], (None, "43.2", "37.24", 10, 86, 9)),
            (
                "current_year_appropriation",
                ["", "43.2", "37.24", "10", M2],
                (None, "43.2", "37.24", 10, None, None),
            ),
            ("prior_year_carryover", ["", "", "", M3], _BLANK),
            ("other_funds", ["", "", "", M3], _BLANK),
        ],
        unsettled={"current_year_appropriation": _ALL},
        unsettled_in=MERGE_LOST,
        # the header's blank before 年初预算数 and the total's blank 年初 leave unsaid whether the rows write
        # a blank after their label: a padded row's leading blank is then no column for sure
        may_settle_in=(*MAY_SETTLE, "pipe", "markdown"),
    ),
]
