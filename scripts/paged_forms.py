"""The forms of ``samples/paged/``: template variants long enough that Word and LibreOffice lay them out over
two or three pages, for the PDF and ``.doc`` twins (``tests/test_paged_twins.py``).

Each builder returns ``(blocks, truths)`` in ``template_dsl`` terms (as ``realistic_forms.py`` does), the
truth written here from the values drawn, never by running jixiao. Indicator rows are written once as
:data:`Ind` tuples, a target with how it reads (``("≥95%", ">=", 95, "%")``); the builders merge 一级 and
二级 down their runs, so a merged cell goes on over a page break wherever a break falls. Names and figures
are invented; the figures keep the forms' identities (执行率 = 执行数 / 全年预算数, 得分 = 分值 × 执行率,
the parts' scores adding up to 总分, a breakdown's parts adding up to its total).
"""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from realistic_forms import Built, _form, _merged_groups, _num
from shape_breakdown import draw_breakdown
from template_dsl import Blocks, C, TableSpec, fund, ind

Target = tuple[str, str | None, float | None, str | None]  # as written, operator, value, unit
# (一级 as written, e.g. "产出指标（50分）", 二级, 三级, target, actual, 分值, 得分, 偏差原因)
Ind = tuple[str, str, str, Target, str, str, str, str]
PAGE_BREAK = "<<page break>>"  # a paragraph that render_paged turns into a page break


def _rate(full: str, executed: str) -> tuple[Decimal, Decimal]:
    """执行率 in percent (2 places) and its score out of 10 (2 places)."""
    full, executed = full.replace(",", ""), executed.replace(",", "")
    rate = (Decimal(executed) / Decimal(full) * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return rate, (rate / 10).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _text(value: Decimal) -> str:
    """A score or rate as a clerk writes it: no trailing zeros."""
    return f"{value.normalize():f}"


def _level1(written: str) -> tuple[str, int | float | None]:
    """``产出指标（50分）`` → (产出指标, 50); ``产出指标`` → (产出指标, None)."""
    if "（" not in written:
        return written, None
    name, points = written.split("（", 1)
    return name.strip(), _num(points.rstrip("）").removesuffix("分"))


def _indicator_truths(rows: list[Ind]) -> list[dict[str, Any]]:
    out = []
    for l1, l2, l3, (raw, op, value, unit), actual, w, s, why in rows:
        name, points = _level1(l1)
        out.append(ind(name, points, l2, l3, raw, op, value, unit, actual, _num(w), _num(s), why or None))
    return out


def _total(fund_score: Decimal, rows: list[Ind]) -> tuple[int, str]:
    weight = 10 + sum(Decimal(r[5]) for r in rows)
    assert weight == 100, weight
    return 100, _text(fund_score + sum(Decimal(r[6]) for r in rows))


INDICATOR_HEAD = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]


def mof_project(
    *,
    year: int,
    project: str,
    dept: str,
    unit: str,
    money: tuple[str, str, str],
    goals: tuple[str, str],
    rows: list[Ind],
    attachment: str | None = "附件2",
    apart: bool = False,
    apart_title: str | None = None,
) -> Built:
    """The 财政部 项目支出绩效自评表 (2020 template, 万元): 项目资金 with 年度资金总额 / 其中：当年财政拨款 /
    上年结转资金 / 其他资金, 年度总体目标, indicators with 偏差原因分析及改进措施 and 总分. ``apart``: the
    indicator block is a table of its own whose header row Word repeats at the top of every page, under a
    title row ``apart_title`` if given."""
    bi, bf, ex = money
    rate, score = _rate(bf, ex)
    weight, total = _total(score, rows)
    table: TableSpec = [
        ["项目名称", C(project, cols=8)],
        ["主管部门", C(dept, cols=3), "实施单位", C(unit, cols=4)],
        [
            C("项目资金\n（万元）", rows=5),
            C("", cols=2),
            *("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
        ],
        [C("年度资金总额", cols=2), bi, bf, ex, "10", f"{rate}%", _text(score)],
        [C("其中：当年财政拨款", cols=2), bi, bf, ex, "—", f"{rate}%", "—"],
        [C("上年结转资金", cols=2), "", "", "", "—", "", "—"],
        [C("其他资金", cols=2), "", "", "", "—", "", "—"],
        [C("年度总体目标", rows=2), C("预期目标", cols=4), C("实际完成情况", cols=4)],
        [C(goals[0], cols=4), C(goals[1], cols=4)],
    ]
    body = _merged_groups([(r[0], r[1], [r[2], r[3][0], r[4], r[5], r[6], r[7]]) for r in rows])
    head: list[str | C] = [*INDICATOR_HEAD, "偏差原因分析及改进措施"]
    closing = [C("总分", cols=5), str(weight), total, ""]
    title = "项目支出绩效自评表"
    blocks: Blocks = [attachment] if attachment else []
    blocks += [title, f"（{year}年度）"]
    if apart:
        title_row: TableSpec = [[C(apart_title, cols=len(head))]] if apart_title else []
        blocks += [table, "", [*title_row, head, *body, closing]]  # a paragraph between: Word joins tables
    else:
        table += [[C("绩效指标", rows=1 + len(body)), *head], *body]
        table += [[C("总分", cols=6), str(weight), total, ""]]
        blocks.append(table)
    truth = _form(
        "project",
        attachment=attachment,
        title=title,
        year=year,
        project=project,
        competent_department=dept,
        implementing_unit=unit,
        goal_expected=goals[0],
        goal_actual=goals[1],
        total_weight=weight,
        total_score=_num(total),
    )
    rate_n = _num(str(rate))
    empty = fund(None, None, None)
    truth["funds"] = {
        "total": fund(bi, bf, ex, 10, rate_n, _num(str(score))),
        "current_year_appropriation": fund(bi, bf, ex, None, rate_n, None),
        "prior_year_carryover": empty,
        "other_funds": empty,
    }
    truth["indicators"] = _indicator_truths(rows)
    return blocks, [truth]


def department(
    *,
    year: int,
    name: str,
    money: tuple[str, str, str],
    goals: tuple[str, str],
    rows: list[Ind],
    seed: int,
    style: str = "full",
) -> Built:
    """The 部门整体支出绩效自评表 as 湖南's counties fill it: 年度预算申请 with its 按收入性质分 /
    按支出性质分 breakdown (``shape_breakdown.draw_breakdown``: the parts add up to 全年预算数),
    绩效指标 one character a line down its merged corner, 偏差原因分析及改进措施 over two grid columns."""
    bi, bf, ex = money
    rate, score = _rate(bf, ex)
    weight, total = _total(score, rows)
    parts, breakdown = draw_breakdown(random.Random(seed), style, bf, "万元")
    part_rows: TableSpec = [[C(r[1][1], cols=4), C(r[1][2], cols=5)] for r in parts]
    table: TableSpec = [
        [C("预算部门名称", cols=3), C(name, cols=7)],
        [
            C("年度预算申请\n（万元）", rows=2 + len(part_rows)),
            C("", cols=2),
            *("年初预算数", "全年预算数", "全年执行数"),
            C("分值", cols=2),
            "执行率",
            "得分",
        ],
        [C("年度资金总额", cols=2), bi, bf, ex, C("10", cols=2), f"{rate}%", _text(score)],
        *part_rows,
        [C("年度总体目标", rows=2), C("预期目标", cols=4), C("实际完成情况", cols=5)],
        [C(goals[0], cols=4), C(goals[1], cols=5)],
    ]
    body = _merged_groups([(r[0], r[1], [r[2], r[3][0], r[4], r[5], r[6], C(r[7], cols=2)]) for r in rows])
    head = ["一级指标", "二级指标", "三级指标", "年度\n指标值", "实际\n完成值", "分值", "得分"]
    table += [[C("绩\n效\n指\n标", rows=1 + len(body)), *head, C("偏差原因分析及改进措施", cols=2)], *body]
    table += [[C("总分", cols=6), str(weight), total, C("", cols=2)]]
    title = "部门整体支出绩效自评表"
    blocks: Blocks = ["附件1", title, f"填报单位：（盖章）{name}　　　（{year}年度）", table]
    truth = _form(
        "department",
        attachment="附件1",
        title=title,
        year=year,
        fill_unit=name,
        department=name,
        goal_expected=goals[0],
        goal_actual=goals[1],
        total_weight=weight,
        total_score=_num(total),
    )
    truth["funds"] = {"total": fund(bi, bf, ex, 10, _num(str(rate)), _num(str(score)))}
    truth["breakdown"] = breakdown
    truth["indicators"] = _indicator_truths(rows)
    return blocks, [truth]


CQ_HEAD = [
    "指标名称",
    "计量单位",
    "指标性质",
    "年初指标值",
    "调整指标值",
    "全年完成值",
    "得分系数（%）",
    "指标权重（分）",
    "指标得分（分）",
    "是否核心指标",
]


def chongqing_long(
    *, name: str, money: tuple[str, str, str], goals: tuple[str, str], rows: list[Any]
) -> Built:
    """重庆 部门整体绩效自评表 (2021 layout, as ``realistic_forms_more.chongqing``) with many indicators: one
    unlabelled money line, 执行率权重 / 执行率得分, an indicator table without 一级/二级 under a 绩效指标
    corner merged down all its rows. ``rows``: (指标名称, 计量单位, 指标性质, 年初指标值, 全年完成值,
    得分系数, 权重, 得分, 是否核心指标)."""
    bi, bf, ex = money
    rate, score = _rate(bf, ex)
    total = _text(score + sum(Decimal(r[7]) for r in rows))
    assert 10 + sum(Decimal(r[6]) for r in rows) == 100
    table: TableSpec = [
        [
            "主管部门",
            C(name, cols=3),
            C("财政处室", cols=2),
            C("教科文处", cols=2),
            C("自评总分（分）", cols=2),
            total,
        ],
        ["部门联系人", C("陈某", cols=3), C("联系电话", cols=2), C("023-60000000", cols=5)],
        [
            C("部门预算执行情况（万元）", cols=2, rows=2),
            C("年初预算数", cols=2),
            C("全年（调整）预算数", cols=2),
            "全年执行数",
            "执行率（%）",
            C("执行率权重", cols=2),
            "执行率得分（分）",
        ],
        [C(bi, cols=2), C(bf, cols=2), ex, str(rate), C("10", cols=2), _text(score)],
        [
            C("当年绩效目标", cols=2, rows=2),
            C("年初绩效目标", cols=3),
            C("全年（调整）绩效目标", cols=3),
            C("全年目标实际完成情况", cols=3),
        ],
        [C(goals[0], cols=3), C("无", cols=3), C(goals[1], cols=3)],
    ]
    body = [[n, u, nature, t0, "", got, coef, w, s, core] for n, u, nature, t0, got, coef, w, s, core in rows]
    table += [[C("绩效指标", rows=1 + len(body)), *CQ_HEAD], *body]
    blocks: Blocks = ["部门整体绩效自评表", "（2021年度）", table]
    truth = _form(
        "department", title="部门整体绩效自评表", year=2021, competent_department=name, goal_actual=goals[1]
    )
    truth["total_score"] = _num(total)
    del truth["goal_expected"]  # 年初 vs 全年（调整）绩效目标: as in realistic_forms_more.chongqing
    truth["funds"] = {
        "total": fund(
            bi.replace(",", ""),
            bf.replace(",", ""),
            ex.replace(",", ""),
            10,
            _num(str(rate)),
            _num(str(score)),
        )
    }
    for n, _u, _nature, _t0, got, _coef, w, s, _core in rows:
        row = ind("", None, None, n, None, None, None, None, got, _num(w), _num(s))
        row["level1"] = None
        for key in ("target_raw", "target_op", "target_value", "target_unit"):
            del row[key]  # two target columns (年初, 调整): which one is the target is not judged
        truth["indicators"].append(row)
    return blocks, [truth]


__all__ = ["PAGE_BREAK", "Ind", "chongqing_long", "department", "mof_project"]
