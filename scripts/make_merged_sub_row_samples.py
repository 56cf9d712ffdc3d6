"""Write samples/merged_sub_rows/: money blocks whose sub-lines have fewer cells than the header has columns.

A 河北 template's sub-lines hold three money figures and one blank cell merged over 分值 / 执行率 / 得分
(``其中:当年财政拨款 | 43.2 | 43.2 | 37.24 | ``); copied as text, the merge leaves no trace of which columns
the figures stand under, and the row alone (no 执行率) does not say. Where the block's own sums
(年度资金总额 = the sum of its source lines, column by column) leave one placement, a reader may take it;
where they leave several, or contradict the row's own identity, the figures must stay unplaced. Each case is
laid out once (``template_dsl``, real merges) and rendered in every shape (``realistic_render``). The truth
(``NAME.truth.json``, the format of ``samples/templates/``) is written from the values below, by hand, before
jixiao reads anything: ``may_be_null`` lists fields a reader may leave unread (never give otherwise),
``must_be_null`` fields that no reader of that shape can settle (any value there would be a guess).
``tests/test_merged_sub_rows.py`` judges jixiao against it.

Run: ``.venv/bin/python scripts/make_merged_sub_row_samples.py`` (deterministic: same bytes every run).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realistic_render import (
    render_cells,
    render_cells_bar,
    render_docx,
    render_flat,
    render_markdown,
    render_pdf_layout,
    render_web_pipe,
    web_rows,
)
from template_dsl import Blocks, C, Row, TableSpec, form, ind, render_html, render_txt, render_xlsx

OUT = Path(__file__).resolve().parent.parent / "samples" / "merged_sub_rows"
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


def _money(text: str | None, unit: str) -> str | None:
    if text is None:
        return None
    value = Decimal(text.replace(",", ""))
    return f"{value * 10000 if unit == '万元' else value:.2f}"


def _fund_truth(values: tuple[Any, ...], unit: str) -> dict[str, Any]:
    bi, bf, ex, w, rate, score = values
    return dict(
        zip(FIELDS, (_money(bi, unit), _money(bf, unit), _money(ex, unit), w, rate, score), strict=True)
    )


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

INDICATOR_COLS = [
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
]
INDICATORS = [
    ("产出指标", "数量指标", "改造面积", "≥1200平方米", "1260平方米", "40", "40", ""),
    ("效益指标", "社会效益指标", "供暖达标率", "≥95%", "98%", "30", "30", ""),
    (
        "满意度指标",
        "服务对象满意度指标",
        "师生满意度",
        "≥90%",
        "88%",
        "20",
        "18",
        "个别宿舍温度偏低，将加装保温层",
    ),
]
PARSED = {"≥1200平方米": (">=", 1200, "平方米"), "≥95%": (">=", 95, "%"), "≥90%": (">=", 90, "%")}


def _layout(case: Case) -> tuple[Blocks, dict[str, Any]]:
    dept = case.form_type == "department"
    title = "部门整体支出绩效自评表" if dept else "项目支出绩效自评表"
    name_row: Row = ["部门名称" if dept else "项目名称", C("某县档案馆" if dept else "暖通改造经费", cols=7)]
    table: TableSpec = [name_row]
    if not dept:
        table.append(["主管部门", C("某县发改局", cols=3), "实施单位", C("某县职业学校", cols=3)])
    table.append([C(f"项目资金\n（{case.unit}）", rows=1 + len(case.lines)), "", *MONEY_COLS])
    for line, cells, _ in case.lines:
        table.append([LABELS[line], *cells])
    goal_e, goal_a = "完成改造任务，保障冬季供暖。", "已完成改造任务，冬季供暖正常。"
    table += [
        [C("年度总体目标", rows=2), C("预期目标", cols=3), C("实际完成情况", cols=4)],
        [C(goal_e, cols=3), C(goal_a, cols=4)],
    ]
    table.append(list(INDICATOR_COLS))
    for l1, l2, l3, t, a, w, s, why in INDICATORS:
        table.append([l1, l2, l3, t, a, w, s, why])
    total_score = sum(float(s) for *_, s, _why in INDICATORS) + _money_score(case)
    table.append([C("总分", cols=5), "100", _num(total_score), ""])
    blocks: Blocks = [title, "（2019年度）", table]
    truth = form(
        case.form_type,
        title=title,
        year=2019,
        project=None if dept else "暖通改造经费",
        department="某县档案馆" if dept else None,
        competent_department=None if dept else "某县发改局",
        implementing_unit=None if dept else "某县职业学校",
        goal_expected=goal_e,
        goal_actual=goal_a,
        total_weight=100,
        total_score=float(_num(total_score)),
    )
    truth["funds"] = {line: _fund_truth(values, case.unit) for line, _, values in case.lines}
    for l1, l2, l3, t, a, w, s, why in INDICATORS:
        op, value, unit = PARSED[t]
        truth["indicators"].append(
            ind(l1, None, l2, l3, t, op, value, unit, a, float(w), float(s), why or None)
        )
    return blocks, truth


def _money_score(case: Case) -> float:
    total = next(v for line, _, v in case.lines if line == "total")
    return float(total[5] or 0)


def _num(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def render_paragraphs_kept(blocks: Blocks) -> str:
    """One cell per paragraph as a copied web page gives it: cells merged from above gone, a blank cell a
    paragraph holding one space (the 河北 page)."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            out += [block, ""]
            continue
        for cells in web_rows(block):
            for cell in cells:
                out += [*(cell.split("\n") if cell else [" "]), ""]
    return "\n".join(out) + "\n"


def render_bare_pipe(blocks: Blocks) -> str:
    """Pipe rows as the 河北 page copies them: ``cell | cell |``, a short row not padded to the table."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            out.append(block + " |")
            continue
        out += [" | ".join(c.replace("\n", "") for c in cells) + " |" for cells in web_rows(block)]
    return "\n".join(out) + "\n"


def render_gap_pipe(blocks: Blocks) -> str:
    """Pipe rows as the 廊坊 page copies them: a money line's label followed by an empty cell (the label
    column's second half), ``其中：当年财政拨款 |  | 43.2 | 43.2 | 37.24 |  |``."""
    labels = set(LABELS.values())
    out: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            out.append(block + " |")
            continue
        for cells in web_rows(block):
            if cells[0] in labels:
                cells = [cells[0], "", *cells[1:]]
            out.append(" | ".join(c.replace("\n", "") for c in cells) + " |")
    return "\n".join(out) + "\n"


def _t(text: str) -> bytes:
    return text.encode("utf-8")


SHAPES: dict[str, tuple[str, Callable[[Blocks], bytes]]] = {
    "paragraphs": ("txt", lambda b: _t(render_paragraphs_kept(b))),
    "cells": ("txt", lambda b: _t(render_cells(b))),
    "bar": ("txt", lambda b: _t(render_cells_bar(b))),
    "pipe": ("txt", lambda b: _t(render_web_pipe(b))),
    "pipe_bare": ("txt", lambda b: _t(render_bare_pipe(b))),
    "pipe_gap": ("txt", lambda b: _t(render_gap_pipe(b))),
    "markdown": ("txt", lambda b: _t(render_markdown(b))),
    "flat": ("txt", lambda b: _t(render_flat(b))),
    "tab": ("txt", lambda b: _t(render_txt(b))),
    "layout": ("txt", lambda b: _t(render_pdf_layout(b))),
    "docx": ("docx", render_docx),
    "xlsx": ("xlsx", render_xlsx),
    "html": ("html", lambda b: _t(render_html(b, "项目支出绩效自评表"))),
}


def write_all(out: Path = OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for case in CASES:
        blocks, form_truth = _layout(case)
        for shape, (ext, render) in SHAPES.items():
            name = f"{case.name}_{shape}.{ext}"
            unsettled = case.unsettled if shape in case.unsettled_in else {}
            must = [[f"fund {line}", f] for line, fields in unsettled.items() for f in fields]
            may = (
                must
                if shape not in case.may_settle_in
                else [[f"fund {ln}", f] for ln, fs in case.unsettled.items() for f in fs]
            )
            truth = {
                "sample": name,
                "family": "merged_sub_rows",
                "quirk": f"{case.what}; shape {shape}",
                "made_by": "scripts/make_merged_sub_row_samples.py",
                "forms": [form_truth],
                "may_be_null": may,
                "must_be_null": must,
            }
            sample = out / name
            sample.write_bytes(render(blocks))
            truth_path = out / f"{case.name}_{shape}.truth.json"
            truth_path.write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            written += [sample, truth_path]
    return written


if __name__ == "__main__":
    for p in write_all():
        print(p.relative_to(OUT.parent.parent))
