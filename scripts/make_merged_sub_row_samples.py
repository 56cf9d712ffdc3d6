"""Write samples/merged_sub_rows/: money blocks whose sub-lines have fewer cells than the header has columns.

A 河北 template's sub-lines hold three money figures and one blank cell merged over 分值 / 执行率 / 得分
(``其中:当年财政拨款 | 43.2 | 43.2 | 37.24 | ``); copied as text, the merge leaves no trace of which columns
the figures stand under, and the row alone (no 执行率) does not say. Where the block's own sums
(年度资金总额 = the sum of its source lines, column by column) leave one placement, a reader may take it;
where they leave several, or contradict the row's own identity, the figures must stay unplaced. Each case is
laid out once (``template_dsl``, real merges; the cases in ``merged_sub_row_cases.py``) and rendered in
every shape (``realistic_render``). The truth (``NAME.truth.json``, the format of ``samples/templates/``) is
written from the cases' values, by hand, before jixiao reads anything: ``may_be_null`` lists fields a reader
may leave unread (never give otherwise), ``must_be_null`` fields that no reader of that shape can settle
(any value there would be a guess).
``tests/test_merged_sub_rows.py`` judges jixiao against it.

Run: ``.venv/bin/python scripts/make_merged_sub_row_samples.py`` (deterministic: same bytes every run).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from merged_sub_row_cases import CASES, LABELS, MONEY_COLS, Case, fund_truth
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
from shape_forms import STD_IND
from template_dsl import Blocks, C, Row, TableSpec, form, ind, render_html, render_txt, render_xlsx

OUT = Path(__file__).resolve().parent.parent / "samples" / "merged_sub_rows"
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
    table.append(list(STD_IND))
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
    truth["funds"] = {line: fund_truth(values, case.unit) for line, _, values in case.lines}
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
