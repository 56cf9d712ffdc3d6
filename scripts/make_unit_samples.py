"""Write samples/units/: one tiny pipe- or TAB-text form per money-unit trap, with its hand-written truth.

A trap here is an input where a unit decision could claim a wrong number: a project that barely spent
(``35.00`` 元 of ``500000.00`` 元, 执行率 ``0.01%``: the row's own identity holds as written, so magnitude
alone must not re-read it), two different units declared on one form, a unit line standing between two
forms. The truth (``NAME.truth.json``) is written below by hand, before jixiao ran on the sample: the
``values`` rows that matter (value as the ``values`` table writes it: an unread cell's candidates joined by
`` | ``; status), the ``forms`` columns that matter, and the anomaly rules that must (``rules``) or must not
(``not_rules``) be raised. ``tests/test_unit_samples.py`` compares.

Run: ``.venv/bin/python scripts/make_unit_samples.py`` (deterministic: same bytes every run).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "samples" / "units"

MONEY_HEADER = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
INDICATOR_HEADER = (
    *("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"),
    *("分值", "得分", "偏差原因分析及改进措施"),
)
INDICATORS = (
    ("产出指标", "数量指标", "养护里程", "≥40公里", "44公里", "30", "30", ""),
    ("效益指标", "社会效益指标", "服务覆盖率", "≥90%", "93%", "30", "30", ""),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "94%", "30", "28", "资金拨付滞后"),
)
# The money lines in order; each sample gives 年初预算数 … 得分 of the lines it fills (the rest are blank).
LINES = ("年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金")


def form_rows(
    money: dict[str, Sequence[str]], corner: str = "项目资金", total: str = "88"
) -> list[tuple[str, ...]]:
    """A project form's rows (header fields, money block, goals, indicators, 总分) as tuples of cells."""
    rows: list[tuple[str, ...]] = [
        ("项目名称", "乡村道路养护补助"),
        ("主管部门", "某县交通运输局", "实施单位", "县公路养护中心"),
        (corner, *MONEY_HEADER),
    ]
    rows += [(line, *money.get(line, ("",) * 6)) for line in LINES]
    rows += [
        ("年度总体目标", "预期目标", "实际完成情况"),
        ("", "完成乡村道路养护任务。", "已完成乡村道路养护任务。"),
        INDICATOR_HEADER,
        *INDICATORS,
        ("总分", "100", total),
    ]
    return rows


def pipe(rows: Sequence[tuple[str, ...]]) -> str:
    """Rows as a pipe-table export: ``a | b |`` (a trailing bar closes the last cell)."""
    return "".join(" | ".join(cells) + " |\n" for cells in rows)


def tab(rows: Sequence[tuple[str, ...]]) -> str:
    """Rows as the Word text export: each cell after a TAB, a blank line after the row."""
    return "".join("".join(f"\t{c}\n" for c in cells) + "\n" for cells in rows)


TITLE = "项目支出绩效自评表\n（2022年度）\n"

# c04: 35 元 spent of 500000 元; 35 ÷ 500000 = 0.007% → written 0.01% (two places): the rate holds as written.
TINY = {
    "年度资金总额": ("500000.00", "500000.00", "35.00", "10", "0.01%", "0"),
    "其中：当年财政拨款": ("500000.00", "500000.00", "35.00", "—", "0.01%", "—"),
}
# 348.57 / 329.05 / 94.40%: whole cents in 元 and in 万元 alike, so the digits settle no unit.
PLAIN = {
    "年度资金总额": ("348.57", "348.57", "329.05", "10", "94.40%", "9.44"),
    "其中：当年财政拨款": ("313.71", "313.71", "296.21", "—", "94.42%", "—"),
    "上年结转资金": ("34.86", "34.86", "32.84", "—", "94.21%", "—"),
}
PLAIN_YUAN = {
    "年度资金总额": ("3485700.00", "3485700.00", "3290500.00", "10", "94.40%", "9.44"),
    "其中：当年财政拨款": ("3137100.00", "3137100.00", "2962100.00", "—", "94.42%", "—"),
    "上年结转资金": ("348600.00", "348600.00", "328400.00", "—", "94.21%", "—"),
}


def _value(form: int, row_key: str, field: str, value: str | None, status: str) -> dict[str, Any]:
    return {"form": form, "table": "funds", "row_key": row_key, "field": field, "value": value} | {
        "status": status
    }


def _tiny_truth() -> dict[str, Any]:
    values = [
        _value(1, line, field, value, "ok")
        for line in ("total", "current_year_appropriation")
        for field, value in (
            ("budget_initial_yuan", "500000.00"),
            ("budget_full_year_yuan", "500000.00"),
            ("executed_yuan", "35.00"),
        )
    ]
    return {
        "values": values,
        "rules": [],
        "not_rules": [
            *("unit.mislabeled", "unit.uncertain"),
            *("value.ambiguous_resolved", "funds.execution_rate"),
        ],
    }


def tiny_execution_yuan_pipe() -> tuple[str, dict[str, Any]]:
    """A 元 form (corner 项目资金（元）) whose project barely spent: 全年预算数 500000.00, 全年执行数 35.00,
    执行率 0.01% — the row's identity holds as written, so the 35.00 beside 500000.00 is no unit slip and
    nothing else may be re-read to fit a slip (pipe export)."""
    return TITLE + pipe(form_rows(TINY, corner="项目资金（元）", total="88")), _tiny_truth()


def tiny_execution_yuan_tab() -> tuple[str, dict[str, Any]]:
    """The same barely-spent 元 form as a TAB-led Word text export."""
    return TITLE + tab(form_rows(TINY, corner="项目资金（元）", total="88")), _tiny_truth()


def slip_breaking_written_sum() -> tuple[str, dict[str, Any]]:
    """A 元 form without a 执行率: the total's 全年执行数 35.00 sits beside budgets of 500000.00 (a slip by
    magnitude), but 当年财政拨款's 全年执行数 is 35.00 too: 总额 = 各来源之和 holds as written, and re-reading
    the total alone would break it. Both stay 35.00."""
    money = {
        "年度资金总额": ("500000.00", "500000.00", "35.00", "10", "", ""),
        "其中：当年财政拨款": ("", "", "35.00", "—", "", "—"),
    }
    truth = {
        "values": [
            _value(1, "total", "executed_yuan", "35.00", "ok"),
            _value(1, "current_year_appropriation", "executed_yuan", "35.00", "ok"),
        ],
        "rules": [],
        "not_rules": ["unit.mislabeled", "unit.uncertain", "value.ambiguous_resolved"],
    }
    return TITLE + pipe(form_rows(money, corner="项目资金（元）")), truth


def repaired_total_is_no_evidence() -> tuple[str, dict[str, Any]]:
    """A 元 form without a 执行率 whose total's 全年执行数 35.00 may be re-read as 35万 by magnitude; the
    sources say 30.00 and 50000.00, which add up to neither. A re-read total is a judgement, not a figure
    of the form: it may not turn the 30.00 into 300000.00 to make the sum fit."""
    money = {
        "年度资金总额": ("500000.00", "500000.00", "35.00", "10", "", ""),
        "其中：当年财政拨款": ("", "", "30.00", "—", "", "—"),
        "上年结转资金": ("", "", "50000.00", "—", "", "—"),
    }
    truth = {
        "values": [
            _value(1, "current_year_appropriation", "executed_yuan", "30.00", "ok"),
            _value(1, "prior_year_carryover", "executed_yuan", "50000.00", "ok"),
        ],
        "rules": [],
        "not_rules": ["value.ambiguous_resolved"],
    }
    return TITLE + pipe(form_rows(money, corner="项目资金（元）")), truth


def rate_not_settled_by_a_slip() -> tuple[str, dict[str, Any]]:
    """A 万元 form whose total's 全年执行数 ``799200`` beside budgets of 80 is re-read as 元 (79.92万, as its
    当年财政拨款 line says), and whose 执行率 is a bare ``0.999`` (99.9% or 0.999%). The re-read figure is
    a judgement on magnitude, so it settles nothing: the rate stays unread with both readings."""
    money = {
        "年度资金总额": ("80", "80", "799200", "10", "0.999", "9.99"),
        "其中：当年财政拨款": ("80", "80", "79.92", "—", "99.9%", "—"),
    }
    truth = {
        "values": [
            _value(1, "total", "executed_yuan", "799200.00", "repaired"),
            _value(1, "total", "execution_rate_pct", "99.90 | 1.00", "ambiguous"),
            _value(1, "current_year_appropriation", "executed_yuan", "799200.00", "ok"),
        ],
        "rules": ["unit.mislabeled", "value.ambiguous"],
        "not_rules": ["value.ambiguous_resolved"],
    }
    return TITLE + pipe(form_rows(money, corner="项目资金（万元）", total="97.99")), truth


def _conflict_truth(extra_rules: Sequence[str] = ()) -> dict[str, Any]:
    return {
        "values": [
            _value(1, "total", "budget_full_year_yuan", "348.57 | 3485700.00", "ambiguous"),
            _value(1, "total", "executed_yuan", "329.05 | 3290500.00", "ambiguous"),
            _value(1, "current_year_appropriation", "executed_yuan", "296.21 | 2962100.00", "ambiguous"),
        ],
        "rules": ["unit.conflicting", "unit.uncertain", *extra_rules],
        "not_rules": ["unit.inferred"],
    }


def conflicting_units_line_wan_corner_yuan() -> tuple[str, dict[str, Any]]:
    """``单位：万元`` under the year line, ``项目资金（元）`` in the money block's corner: the form
    contradicts itself and 348.57 is whole cents either way, so no unit can be taken and no value either."""
    text = TITLE + "单位：万元\n" + pipe(form_rows(PLAIN, corner="项目资金（元）", total="97.44"))
    return text, _conflict_truth()


def conflicting_units_line_yuan_corner_wan() -> tuple[str, dict[str, Any]]:
    """The reverse: ``金额单位：元`` above the table, ``项目资金（万元）`` in the corner."""
    text = TITLE + "金额单位：元\n" + pipe(form_rows(PLAIN, corner="项目资金（万元）", total="97.44"))
    return text, _conflict_truth()


def conflicting_units_settled_by_digits() -> tuple[str, dict[str, Any]]:
    """Two units declared (``单位：元`` above, ``项目资金（万元）`` in the corner), but the figures have four
    places (348.5712): whole cents only in 万元, so the digits leave one reading (3,485,712.00 元), and the
    contradiction is still reported."""
    money = {
        "年度资金总额": ("348.5712", "348.5712", "329.0533", "10", "94.40%", "9.44"),
        "其中：当年财政拨款": ("348.5712", "348.5712", "329.0533", "—", "94.40%", "—"),
    }
    text = TITLE + "单位：元\n" + pipe(form_rows(money, corner="项目资金（万元）", total="97.44"))
    truth = {
        "values": [
            _value(1, "total", "budget_full_year_yuan", "3485712.00", "repaired"),
            _value(1, "total", "executed_yuan", "3290533.00", "repaired"),
            _value(1, "current_year_appropriation", "executed_yuan", "3290533.00", "repaired"),
        ],
        "rules": ["unit.conflicting", "unit.inferred"],
        "not_rules": ["unit.uncertain"],
    }
    return text, truth


def conflicting_units_title_and_line_label() -> tuple[str, dict[str, Any]]:
    """The title carries ``（单位：万元）`` and the total's label ``年度资金总额（元）``, the corner none: two
    units again, so nothing is read (the title's unit does not silently win)."""
    rows = form_rows(PLAIN, total="97.44")
    rows = [("年度资金总额（元）", *r[1:]) if r[0] == "年度资金总额" else r for r in rows]
    text = "项目支出绩效自评表（单位：万元）\n（2022年度）\n" + pipe(rows)
    return text, _conflict_truth()


def conflicting_units_in_one_corner() -> tuple[str, dict[str, Any]]:
    """The corner writes two units, ``项目资金（万元）（元）`` (the template's crossed out, another written
    beside it): two units again, so nothing is read (neither the first nor the last silently wins)."""
    text = TITLE + pipe(form_rows(PLAIN, corner="项目资金（万元）（元）", total="97.44"))
    return text, _conflict_truth()


def conflicting_units_across_header_cells() -> tuple[str, dict[str, Any]]:
    """Each money column names a unit and they differ: 年初预算数（万元）, 全年预算数（万元）,
    全年执行数（元）. No unit is the block's (the last one, 元, used to be taken for every column)."""
    rows = form_rows(PLAIN, total="97.44")
    header = ("项目资金", "年初预算数（万元）", "全年预算数（万元）", "全年执行数（元）", *MONEY_HEADER[3:])
    rows = [header if r[0] == "项目资金" else r for r in rows]
    return TITLE + pipe(rows), _conflict_truth()


def agreeing_units_line_and_corner() -> tuple[str, dict[str, Any]]:
    """``单位：万元`` above the table and ``项目资金（万元）`` in the corner: the same unit twice is no
    contradiction, and 348.57 reads 3,485,700.00 元."""
    text = TITLE + "单位：万元\n" + pipe(form_rows(PLAIN, corner="项目资金（万元）", total="97.44"))
    truth = {
        "values": [
            _value(1, "total", "budget_full_year_yuan", "3485700.00", "ok"),
            _value(1, "total", "executed_yuan", "3290500.00", "ok"),
            _value(1, "prior_year_carryover", "executed_yuan", "328400.00", "ok"),
        ],
        "rules": [],
        "not_rules": ["unit.conflicting", "unit.uncertain", "unit.inferred", "unit.mislabeled"],
    }
    return text, truth


def _two_forms_truth(first: str, second: str, attachments: Sequence[str | None]) -> dict[str, Any]:
    """Form 1 has no unit: its figure stays unread with both readings (``first``); form 2 reads ``second``."""
    return {
        "values": [
            _value(1, "total", "budget_full_year_yuan", first, "ambiguous"),
            _value(2, "total", "budget_full_year_yuan", second, "ok"),
            _value(2, "total", "executed_yuan", "3290500.00", "ok"),
        ],
        "forms": [{"form": n, "attachment": a} for n, a in enumerate(attachments, start=1)],
        "rules": ["unit.uncertain"],
        "not_rules": [],
    }


def unit_line_of_next_form_yuan() -> tuple[str, dict[str, Any]]:
    """Two forms, neither naming its unit in the money block; ``单位：元`` stands after form 1's 总分 and
    above form 2's title. It is form 2's unit (3485700.00 元); form 1 (348.57 …) has none of its own."""
    text = "附件1\n" + TITLE + pipe(form_rows(PLAIN, total="97.44")) + "单位：元\n"
    text += TITLE + pipe(form_rows(PLAIN_YUAN, total="97.44"))
    return text, _two_forms_truth("348.57 | 3485700.00", "3485700.00", ("附件1", "附件1"))


def unit_line_of_next_form_wan() -> tuple[str, dict[str, Any]]:
    """The reverse: form 1 written in 元 (3485700.00) with no unit, then ``单位：万元`` above form 2's title
    (348.57 = 3,485,700.00 元). Form 1 taking 万元 would claim 34,857,000,000.00 元."""
    text = "附件1\n" + TITLE + pipe(form_rows(PLAIN_YUAN, total="97.44")) + "单位：万元\n"
    text += TITLE + pipe(form_rows(PLAIN, total="97.44"))
    return text, _two_forms_truth("3485700.00 | 34857000000.00", "3485700.00", ("附件1", "附件1"))


def attachment_line_with_unit() -> tuple[str, dict[str, Any]]:
    """``附件2　　　…单位：元`` (the attachment label and the unit on one line, as a Word page puts them)
    between the forms: it opens 附件2 and gives form 2 its unit; form 1 has none."""
    text = "附件1\n" + TITLE + pipe(form_rows(PLAIN, total="97.44"))
    text += "附件2" + "\u3000" * 10 + "单位：元\n"
    text += TITLE + pipe(form_rows(PLAIN_YUAN, total="97.44"))
    return text, _two_forms_truth("348.57 | 3485700.00", "3485700.00", ("附件1", "附件2"))


SAMPLES = {
    "tiny_execution_yuan_pipe": tiny_execution_yuan_pipe,
    "tiny_execution_yuan_tab": tiny_execution_yuan_tab,
    "slip_breaking_written_sum": slip_breaking_written_sum,
    "repaired_total_is_no_evidence": repaired_total_is_no_evidence,
    "rate_not_settled_by_a_slip": rate_not_settled_by_a_slip,
    "conflicting_units_line_wan_corner_yuan": conflicting_units_line_wan_corner_yuan,
    "conflicting_units_line_yuan_corner_wan": conflicting_units_line_yuan_corner_wan,
    "conflicting_units_settled_by_digits": conflicting_units_settled_by_digits,
    "conflicting_units_title_and_line_label": conflicting_units_title_and_line_label,
    "conflicting_units_in_one_corner": conflicting_units_in_one_corner,
    "conflicting_units_across_header_cells": conflicting_units_across_header_cells,
    "agreeing_units_line_and_corner": agreeing_units_line_and_corner,
    "unit_line_of_next_form_yuan": unit_line_of_next_form_yuan,
    "unit_line_of_next_form_wan": unit_line_of_next_form_wan,
    "attachment_line_with_unit": attachment_line_with_unit,
}


def write_all(out: Path = OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in SAMPLES.items():
        text, expected = build()
        sample = out / f"{name}.txt"
        sample.write_text(text, encoding="utf-8")
        quirk = " ".join((build.__doc__ or "").split())
        truth = {"sample": sample.name, "quirk": quirk, "made_by": "scripts/make_unit_samples.py"} | expected
        path = out / f"{name}.truth.json"
        path.write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written += [sample, path]
    return written


if __name__ == "__main__":
    for p in write_all():
        print(p)
